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

import json
import sys
from collections import Counter
from pathlib import Path

from deinfluence_detect.compose.read_model import features
from model_file import digest, log_odds, prior, write_or_check

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
        digests[path.name] = digest(path)
        for segments in transcripts(path):
            said = set()
            for label, text in segments:
                feats = features(text)
                n[label] += 1
                counts[label].update(feats)
                said |= feats
            docs.update(said)
    weights = log_odds(counts, n, lambda f: docs[f] >= MIN_DOCS, -MAX_WEIGHT, MAX_WEIGHT)
    return {"about": "Naive Bayes log-odds that a caption segment is part of a sponsor read: "
                     "deinfluence_detect/compose/read_model.py; trained by scripts/train_read_model.py on the "
                     "project's own written transcripts only.",
            "trained_on": digests, "examples": {"read": n[1], "other": n[0]}, "min_docs": MIN_DOCS,
            "max_weight": MAX_WEIGHT, "bias": prior(n), "weights": weights}


def main(argv: list[str] | None = None) -> int:
    return write_or_check(argv, __doc__.split("\n")[0], "read model", OUT, lambda: train(sorted(SETS.glob("*.jsonl"))))


if __name__ == "__main__":
    sys.exit(main())
