"""The evaluation command's arithmetic and regression gate, on corpora written by the test."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from deinfluence_detect import evaluate as ev

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


def test_prf():
    assert ev.prf(8, 2, 2) == {"precision": 0.8, "recall": 0.8, "f1": 0.8}
    assert ev.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_mathur_mapping_and_regression_gate(tmp_path, det):
    labels = lambda d: {"affiliate_link": True, "any_disclosure": d}  # noqa: E731
    _write(tmp_path / "mathur_youtube_affiliate.jsonl", [
        {"id": "1", "platform": "youtube", "split": "test", "text": "Affiliate links, I earn a commission: amzn.to/3ab",
         "labels": labels(True)},
        {"id": "2", "platform": "youtube", "split": "test", "text": "My camera: amzn.to/3cd", "labels": labels(False)},
        {"id": "3", "platform": "youtube", "split": "test", "text": "Great video about cats", "labels": labels(True)},
        {"id": "4", "platform": "youtube", "split": "dev", "text": "ignored", "labels": labels(True)},
    ])
    res = ev.run(tmp_path, "test", det)
    yt = res["mathur_youtube"]
    assert yt["n"] == 3 and yt["any_disclosure_precision"] == 1.0 and yt["any_disclosure_recall"] == 0.5
    assert yt["affiliate_or_commercial_recall"] == round(2 / 3, 4)
    committed = ev.to_metrics_file(res, "test")
    assert ev.check(res, committed) == []
    committed["metrics"]["mathur_youtube.any_disclosure_f1"]["value"] = 0.99
    assert ev.check(res, committed) and "any_disclosure_f1" in ev.check(res, committed)[0]


def test_main_skips_cleanly_without_corpora(tmp_path, capsys):
    assert ev.main(["--corpora", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().err


@pytest.mark.corpora
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpora not present")
def test_committed_metrics_hold_on_the_real_corpora(det):
    committed = json.loads(Path(__file__).resolve().parents[1].joinpath("metrics", "evaluation.json").read_text())
    res = ev.run(SHARED, committed["split"], det)
    assert ev.check(res, committed) == []
