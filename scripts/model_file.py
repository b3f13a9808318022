"""What the training scripts of the statistical models share (train_judgement_model.py, train_read_model.py): naive
Bayes weights from two classes' feature counts, the file digest, and writing or checking the shipped JSON file."""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable


def log_odds(counts: tuple[Counter, Counter], n: list[int], keep: Callable[[str], bool], low: float,
             high: float) -> dict[str, float]:
    """Per kept feature, the add-one-smoothed log-odds of class 1 against class 0, within [low, high], rounded to
    three decimals; `counts[c][f]`: examples of class c holding f, `n[c]`: examples of class c."""
    weights = {}
    for feat in sorted(set(counts[0]) | set(counts[1])):
        if not keep(feat):
            continue
        p1 = (counts[1][feat] + 1) / (n[1] + 2)
        p0 = (counts[0][feat] + 1) / (n[0] + 2)
        weights[feat] = round(max(low, min(high, math.log(p1 / p0))), 3)
    return weights


def prior(n: list[int]) -> float:
    return round(math.log(n[1] / n[0]), 3)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def dump(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write_or_check(argv: Iterable[str] | None, description: str, name: str, out: Path,
                   train: Callable[[], dict]) -> int:
    """The scripts' command line: write `out` from a fresh training, or with --check exit 1 if it differs."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    args = ap.parse_args(argv)
    text = dump(train())
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print(f"{name} is up to date" if same else f"{out} differs from a fresh training", file=sys.stderr)
        return 0 if same else 1
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(json.loads(text)['weights'])} features)", file=sys.stderr)
    return 0
