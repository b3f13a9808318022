#!/usr/bin/env python3
"""Does a social-media sentiment lexicon (VADER) help find the negative evaluations of deinfluencing? (issue 5)

    pip install vaderSentiment   # MIT; not a dependency of the library
    python scripts/measure_sentiment.py [--sets dev,dev2,dev3,dev4,dev5,dev6,dev7,dev8,dev9,heldback]
                                        [--thresholds 0.05,0.3,0.5]

An ablation on the labelled sets in corpora/deinfluencing/: each sentence (line or end punctuation) whose VADER
compound score is at most -t becomes a negative evaluation at its most negative lexicon word, added to the rules'
own ("add") or replacing them ("replace"), after the report's signals are built and before product mentions are
looked for, so the pairing logic is unchanged. Prints bashing P/R/F1, promotion F1 and the honest items flagged per
set, and per sentence which share of the sentences naming a labelled bashed product (and a promoted one) VADER and
the rules mark negative. Decide on sets no rule was tuned on (dev5 and the held-back set were measured untouched);
the results and the decision are in docs/evaluation.md. Exits 0 with a note when vaderSentiment is not installed.
"""
from __future__ import annotations

import argparse
import json
import re
import sys

try:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
except ImportError:  # pragma: no cover - the measurement is optional
    SentimentIntensityAnalyzer = None

import deinfluence_detect.detector as detector_module
from deinfluence_detect.compose.deinfluencing import sentence_ids
from deinfluence_detect.compose.signals import Sig
from deinfluence_detect.evaluate_deinfluencing import SET_NAMES, SETS, eval_set

BASH, PROMO = "competitor_bashing_affiliate", "deinfluencing_promotion"
_WORD = re.compile(r"[A-Za-z']+")


class VaderEvaluations:
    """Negative evaluations from VADER, one per sentence scoring at most -threshold."""

    def __init__(self, analyzer):
        self.analyzer = analyzer
        self.threshold: float | None = None  # None: off
        self.replace = False

    def __call__(self, text: str) -> list[Sig]:
        out, start = [], 0
        for end in sentence_ids(text):
            first, sentence, start = start, text[start:min(end, len(text))], end
            if not sentence.strip() or self.analyzer.polarity_scores(sentence)["compound"] > -self.threshold:
                continue
            words = [(self.analyzer.lexicon.get(m.group().lower(), 0.0), m) for m in _WORD.finditer(sentence)]
            valence, word = min(words, key=lambda w: w[0], default=(0.0, None))
            if word is not None and valence < 0:
                out.append(Sig("negative_evaluation", first + word.start(), first + word.end(), "VADER", 0.6))
        return out


def install(vader: VaderEvaluations) -> None:
    """Add VADER's evaluations where the detector has its final signals, before mentions are looked for."""
    original = detector_module.promote_unverified

    def promote_then_add(sigs, text, link_context):
        sigs = original(sigs, text, link_context)
        if vader.threshold is None:
            return sigs
        if vader.replace:
            sigs = [s for s in sigs if s.kind != "negative_evaluation"]
        return sigs + vader(text)

    detector_module.promote_unverified = promote_then_add


def sentence_shares(det, analyzer, name: str) -> str:
    """Per labelled bashed / promoted product (English items): is its sentence negative to VADER, to the rules?"""
    counts = {key: [0, 0, 0, 0] for key in ("bashed", "promoted")}  # n, VADER, rules, VADER only
    with (SETS / f"{name}.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    for row in rows:
        if row["language"] != "en":
            continue
        spoken = bool(row.get("segments"))
        text = "\n".join(s[2] for s in row["segments"]) if spoken else row["text"]
        rep = det.analyze(text, platform="transcript" if spoken else row.get("platform", "generic"))
        evaluations = [s.start for s in rep.signals if s.kind == "negative_evaluation"]
        bounds = sentence_ids(text)
        for key, tally in counts.items():
            for product in row["labels"].get(key) or []:
                pos = text.lower().find(product.lower())
                if pos < 0:
                    continue
                start = max([0] + [b for b in bounds if b <= pos])
                end = min(b for b in bounds if b > pos)
                by_vader = analyzer.polarity_scores(text[start:end])["compound"] <= -0.05
                by_rules = any(start <= a < end for a in evaluations)
                tally[0] += 1
                tally[1] += by_vader
                tally[2] += by_rules
                tally[3] += by_vader and not by_rules
    return "  ".join(f"{key}: n={n} VADER {v / n:.2f} rules {r / n:.2f} VADER-only {o / n:.2f}"
                     for key, (n, v, r, o) in counts.items() if n)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=",".join(SET_NAMES))
    ap.add_argument("--thresholds", default="0.05,0.3,0.5")
    args = ap.parse_args(argv)
    if SentimentIntensityAnalyzer is None:
        print("vaderSentiment is not installed (pip install vaderSentiment): nothing measured")
        return 0
    analyzer = SentimentIntensityAnalyzer()
    vader = VaderEvaluations(analyzer)
    install(vader)
    det = detector_module.Detector()
    sets = [s for s in args.sets.split(",") if (SETS / f"{s}.jsonl").exists()]
    configs = [(None, False)] + [(float(t), False) for t in args.thresholds.split(",")] + [(0.05, True)]
    for name in sets:
        vader.threshold = None
        print(f"{name}: sentences naming a product, negative to  {sentence_shares(det, analyzer, name)}")
        for threshold, replace in configs:
            vader.threshold, vader.replace = threshold, replace
            res = eval_set(det, SETS / f"{name}.jsonl")
            label = "rules only" if threshold is None else f"VADER <= -{threshold} {'replace' if replace else 'add'}"
            print(f"  {label:24s} bashing P/R/F1 {res[f'{BASH}_precision']:.2f} / {res[f'{BASH}_recall']:.2f} / "
                  f"{res[f'{BASH}_f1']:.3f}  promotion F1 {res[f'{PROMO}_f1']:.3f}  "
                  f"honest flagged {res['honest_flagged_share']:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
