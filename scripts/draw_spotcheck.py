#!/usr/bin/env python3
"""Draw the spot-check sample once: the documents with the smallest sha256("deinfluence-spotcheck-v1|" + id).

    python scripts/draw_spotcheck.py [--corpora ../shared/corpora] > corpora/spotcheck/sample_ids.txt

Writes ids only (never corpus text). The sample is excluded from all tuning.
"""
import argparse
import hashlib
import json
from pathlib import Path

QUOTA = {"youtube_trending": 100, "tiktok_captions": 100, "instagram_beauty_2026": 40}
SALT = "deinfluence-spotcheck-v1|"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    args = ap.parse_args()
    for name, n in QUOTA.items():
        ids = [json.loads(line)["id"] for line in (args.corpora / f"{name}.jsonl").open(encoding="utf-8")]
        for doc_id in sorted(ids, key=lambda i: hashlib.sha256((SALT + i).encode()).hexdigest())[:n]:
            print(doc_id)


if __name__ == "__main__":
    main()
