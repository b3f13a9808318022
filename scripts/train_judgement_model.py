"""Train the judgement model (deinfluence_detect/compose/judgement_model.py) on the project's own deinfluencing sets.

Every sentence of a training item that names a product its writer labelled *bashed* (and none labelled *promoted*)
is a positive example, every sentence naming only a *promoted* one a negative; the product is masked as PROD
wherever the sentence names it, every other product (the item's other labelled names, and what the detector's
mention finder sees) as OTHER, as at run time, so no brand's own words ("Drunk Elephant", "Bad Habit") weigh. The
sentences of `corpora/judgement_sentences/` (written for the model: one product each, labelled `complaint` or
`other`) add positives and negatives of the same shape, among them the neutral lines (product lists, chapters, specs,
narration) that no deinfluencing set holds. Naive Bayes with add-one smoothing over the features of `judgement_model.features`, keeping those seen at least twice; a
feature's weight for "bashed" is capped at MAX_WEIGHT; weights rounded to three decimals. Deterministic: the same
sets give the same file (a test checks the shipped one).

The held-back set, dev11 and dev12 are never trained on (they measure unseen text); nothing from ../shared is read.

    python scripts/train_judgement_model.py            # rewrite patterns/deinfluencing/judgement_model.json
    python scripts/train_judgement_model.py --check    # exit 1 if the shipped file differs from a fresh training
"""
from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from deinfluence_detect.compose.deinfluencing import sentence_ids
from deinfluence_detect.compose.judgement_model import WINDOW_CHARS, features, masked_window
from deinfluence_detect.compose.mentions import find_mentions, lexicon_from_packs
from deinfluence_detect.packs.loader import load_packs
from model_file import digest, log_odds, prior, write_or_check

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "corpora" / "deinfluencing"
SENTENCES = ROOT / "corpora" / "judgement_sentences"
OUT = ROOT / "patterns" / "deinfluencing" / "judgement_model.json"
TRAIN = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10")
NEVER = ("heldback", "dev11", "dev12")
MIN_COUNT = 2
# No one word speaks for more than this: crossing the threshold takes several (a review's praise sentences crossed it
# on one spurious word: "after 8 months still perfect", "number one", "worth it"). Praise keeps its full weight.
MAX_WEIGHT = 1.0


def examples(path: Path) -> list[tuple[int, str, str]]:
    """(1 bashed / 0 promoted, text before the product, text after it) per sentence naming exactly one side."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = item.get("text") or "\n".join(seg[2] for seg in item["segments"])
        bashed = [n.lower() for n in item["labels"].get("bashed") or [] if len(n) >= 3]
        promoted = [n.lower() for n in item["labels"].get("promoted") or [] if len(n) >= 3]
        found = mention_spans(text)
        start = 0
        for end in sentence_ids(text):
            end = min(end, len(text))
            low = text[start:end].lower()
            hit_b = [n for n in bashed if n in low]
            hit_p = [n for n in promoted if n in low]
            if bool(hit_b) != bool(hit_p):
                name = (hit_b or hit_p)[0]
                at = start + low.find(name)
                labelled = [(start + m.start(), start + m.end()) for n in bashed + promoted
                            for m in re.finditer(re.escape(n), low)]
                out.append((1 if hit_b else 0, *_window(text, (at, at + len(name)), start, end, found + labelled)))
            start = end
    return out


def sentence_examples(path: Path) -> list[tuple[int, str, str]]:
    """(1 complaint / 0 other, text before the product, text after it) per line of a sentence file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text, name = item["text"], item["product"]
        at = text.index(name)
        again = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        out.append((1 if item["label"] == "complaint" else 0,
                    *_window(text, (at, at + len(name)), 0, len(text), mention_spans(text) + again)))
    return out


def _window(text: str, span: tuple[int, int], start: int, end: int, others: list) -> tuple[str, str]:
    """What the model reads around `span` in the sentence `start`-`end`, other products masked as at run time."""
    others = [o for o in others if o == span or not (o[0] < span[1] and span[0] < o[1])]
    return masked_window(text, span, max(start, span[0] - WINDOW_CHARS), min(end, span[1] + WINDOW_CHARS), others)


@lru_cache(maxsize=1)
def _finder():
    packs = load_packs()
    return lexicon_from_packs(packs), frozenset(packs.name_stopwords)


def mention_spans(text: str) -> list[tuple[int, int]]:
    """The product mentions the detector's mention finder sees in `text` (the model masks them at run time)."""
    lexicon, stopwords = _finder()
    return [(m.start, m.end) for m in find_mentions(text, lexicon, stopwords)]


def sentence_files() -> list[Path]:
    return sorted(SENTENCES.glob("*.jsonl"))


def train(sets: tuple[str, ...] = TRAIN, sentences: tuple[Path, ...] | None = None) -> dict:
    assert not set(sets) & set(NEVER), "the held-back set, dev11 and dev12 are never trained on"
    counts, n = (Counter(), Counter()), [0, 0]
    digests = {}
    sources = [(name, SETS / f"{name}.jsonl", examples) for name in sets] + [
        (path.stem, path, sentence_examples) for path in (sentence_files() if sentences is None else sentences)]
    for name, path, read in sources:
        digests[name] = digest(path)
        for label, before, after in read(path):
            n[label] += 1
            counts[label].update(features(before, after))
    weights = log_odds(counts, n, lambda f: counts[0][f] + counts[1][f] >= MIN_COUNT, -math.inf, MAX_WEIGHT)
    return {"about": "Naive Bayes log-odds that a sentence speaks badly of the product it names (masked as PROD): "
                     "deinfluence_detect/compose/judgement_model.py; trained by scripts/train_judgement_model.py on "
                     "the project's own sets and sentences only.",
            "trained_on": digests, "examples": {"bashed": n[1], "promoted or other": n[0]}, "min_count": MIN_COUNT,
            "max_weight": MAX_WEIGHT,
            "bias": prior(n), "weights": weights}


def main(argv: list[str] | None = None) -> int:
    return write_or_check(argv, __doc__.split("\n")[0], "judgement model", OUT, lambda: train())


if __name__ == "__main__":
    sys.exit(main())
