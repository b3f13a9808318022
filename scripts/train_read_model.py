"""Train the read model (deinfluence_detect/compose/read_model.py) on the project's own written transcripts.

Every caption segment of `corpora/transcripts_reads/*.jsonl` whose middle lies inside a labelled sponsor read is a
positive example, every other segment (the video's own speech, its self-promotion included) a negative. Naive Bayes
with add-one smoothing over the features of `read_model.features`, keeping those said in at least MIN_DOCS
transcripts (a sponsor's name or a video's topic is no evidence elsewhere), each weight within +-MAX_WEIGHT (no one
word decides); weights rounded to three decimals. Deterministic: the same files
give the same model (a test checks the shipped one). Nothing from ../shared is read.

    python scripts/train_read_model.py            # rewrite patterns/profiles/read_model.json
    python scripts/train_read_model.py --check    # exit 1 if the shipped file differs from a fresh training
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

from deinfluence_detect.compose.read_model import features

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "corpora" / "transcripts_reads"
OUT = ROOT / "patterns" / "profiles" / "read_model.json"
MIN_DOCS = 3
MAX_WEIGHT = 2.0


def transcripts(path: Path) -> list[list[tuple[int, str]]]:
    """Per transcript in `path`: (1 inside a sponsor read / 0 outside, segment text) for each of its segments."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        spans = item["sponsor_spans"]
        out.append([(int(any(a <= (start + end) / 2 < b for a, b in spans)), text)
                    for start, end, text in item["segments"]])
    return out


def train(paths: list[Path]) -> dict:
    counts, n, docs = (Counter(), Counter()), [0, 0], Counter()
    digests = {}
    for path in paths:
        digests[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for segments in transcripts(path):
            said = set()
            for label, text in segments:
                feats = features(text)
                n[label] += 1
                counts[label].update(feats)
                said |= feats
            docs.update(said)
    weights = {}
    for feat in sorted(set(counts[0]) | set(counts[1])):
        if docs[feat] < MIN_DOCS:
            continue
        p1 = (counts[1][feat] + 1) / (n[1] + 2)
        p0 = (counts[0][feat] + 1) / (n[0] + 2)
        weights[feat] = round(max(-MAX_WEIGHT, min(MAX_WEIGHT, math.log(p1 / p0))), 3)
    return {"about": "Naive Bayes log-odds that a caption segment is part of a sponsor read: "
                     "deinfluence_detect/compose/read_model.py; trained by scripts/train_read_model.py on the "
                     "project's own written transcripts only.",
            "trained_on": digests, "examples": {"read": n[1], "other": n[0]}, "min_docs": MIN_DOCS,
            "max_weight": MAX_WEIGHT, "bias": round(math.log(n[1] / n[0]), 3), "weights": weights}


def dump(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    args = ap.parse_args(argv)
    text = dump(train(sorted(SETS.glob("*.jsonl"))))
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("read model is up to date" if same else f"{OUT} differs from a fresh training", file=sys.stderr)
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(json.loads(text)['weights'])} features)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
