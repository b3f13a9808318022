"""Deinfluencing evaluation: per-finding precision/recall on the project's own labelled sets, and how often the
findings fire on real corpora (per 10,000 documents, with precision against committed labels of every finding).

The sets live in the repository (`corpora/deinfluencing/`), so this part runs without ../shared: `dev` to `dev12`
are development sets (dev2 to dev12 written later by a third to a thirteenth writer, each first measured untouched),
`heldback` was written blind before any deinfluencing code and is only reported, never tuned on.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional

from .detector import Detector
from .models import Report
from .transcripts import Transcript

SETS = Path(__file__).resolve().parent.parent / "corpora" / "deinfluencing"
REAL_LABELS = SETS / "real_findings_labels.jsonl"
FINDINGS = ("competitor_bashing_affiliate", "deinfluencing_promotion")
# the labelled sets, in the order reported
SET_NAMES = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12",
             "heldback")
REAL_CORPORA = ("youtube_trending", "tiktok_captions", "instagram_beauty_2026")


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _item(row: dict):
    if row.get("segments"):
        return Transcript.from_segments([tuple(s) for s in row["segments"]])
    return (row["text"], row.get("platform", "generic"))


def raised(rep: Report, category: str, min_rank: int = 0) -> bool:
    return any(f.category == category and f.severity.rank >= min_rank for f in rep.findings)


def eval_set(det: Detector, path: Path) -> dict:
    """P/R/F1 per finding (any severity), `deinfluencing` flag accuracy, and the share of honest items flagged
    (either finding at severity >= low), on one labelled set."""
    rows = _rows(path)
    reports = list(det.analyze_many(_item(r) for r in rows))
    out: dict = {"n": len(rows)}
    for name in FINDINGS:
        tp = fp = fn = 0
        for row, rep in zip(rows, reports):
            pred, gold = raised(rep, name), bool(row["labels"][name])
            tp += pred and gold
            fp += pred and not gold
            fn += gold and not pred
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out.update({f"{name}_precision": round(p, 4), f"{name}_recall": round(r, 4),
                    f"{name}_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0})
    out["deinfluencing_accuracy"] = round(
        sum(rep.deinfluencing == bool(row["labels"]["deinfluencing"]) for row, rep in zip(rows, reports)) / len(rows), 4)
    honest = [rep for row, rep in zip(rows, reports) if row["category"] == "honest"]
    flagged = sum(any(raised(rep, n, min_rank=1) for n in FINDINGS) for rep in honest)
    out["honest_flagged_share"] = round(flagged / len(honest), 4) if honest else 0.0
    return out


def real_rates(det: Detector, corpora: Path, names: Iterable[str] = REAL_CORPORA,
               labels_path: Path = REAL_LABELS) -> dict:
    """Per real corpus: documents, findings per 10,000 documents, and precision of the raised findings against
    `labels_path` ({id, category, correct}) where every raised finding is labelled."""
    labels = {(r["id"], r["category"]): bool(r["correct"]) for r in _rows(labels_path)} if labels_path.exists() else {}
    out: dict = {}
    for name in names:
        path = corpora / f"{name}.jsonl"
        if not path.exists():
            continue
        rows = [r for r in _rows(path) if isinstance(r.get("text"), str)]
        reports = det.analyze_many((r["text"], r.get("platform", "generic")) for r in rows)
        found = [(row["id"], cat) for row, rep in zip(rows, reports)
                 for cat in FINDINGS if raised(rep, cat)]
        entry = {"n": len(rows), "per_10k": round(len(found) * 10_000 / len(rows), 2) if rows else 0.0,
                 "raised": len(found), "unlabelled": sum(k not in labels for k in found)}
        judged = [labels[k] for k in found if k in labels]
        entry["precision"] = round(sum(judged) / len(judged), 4) if judged else None
        out[name] = entry
    return out


def run(det: Optional[Detector] = None, corpora: Optional[Path] = None) -> dict:
    det = det or Detector()
    results = {f"deinfluencing_{name}": eval_set(det, SETS / f"{name}.jsonl")
               for name in SET_NAMES if (SETS / f"{name}.jsonl").exists()}
    if corpora is not None and corpora.is_dir():
        results["deinfluencing_real"] = real_rates(det, corpora)
    return results
