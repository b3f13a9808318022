"""The deinfluencing example sets: the held-back set stays byte-for-byte as written blind; both sets are well formed
and meet the issue's quotas."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent / "corpora" / "deinfluencing"
HELDBACK_SHA256 = "4444f151562c356ce2a56e77189522e4f7d5dec8bf4ba2252f74df9bc1c132f4"
CATEGORIES = {"honest", "bashing_undisclosed", "bashing_disclosed", "disguised_promotion", "trap"}


def _rows(name: str) -> list[dict]:
    with (HERE / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_heldback_set_is_untouched():
    digest = hashlib.sha256((HERE / "heldback.jsonl").read_bytes()).hexdigest()
    assert digest == HELDBACK_SHA256, "corpora/deinfluencing/heldback.jsonl changed: it is a blind held-back set"


@pytest.mark.parametrize("name,minimum", [("heldback.jsonl", 120), ("dev.jsonl", 126), ("dev2.jsonl", 130),
                                          ("dev3.jsonl", 120), ("dev4.jsonl", 120),
                                          ("dev5.jsonl", 120), ("dev6.jsonl", 140), ("dev7.jsonl", 140),
                                          ("dev8.jsonl", 140), ("dev9.jsonl", 140),
                                          ("dev10.jsonl", 140), ("dev11.jsonl", 140),
                                          ("dev12.jsonl", 140)])
def test_sets_are_well_formed_and_meet_quotas(name, minimum):
    rows = _rows(name)
    assert len(rows) >= minimum
    assert len({r["id"] for r in rows}) == len(rows)
    cats = Counter(r["category"] for r in rows)
    assert set(cats) == CATEGORIES
    assert cats["honest"] > len(rows) / 3 and cats["trap"] >= 20 and cats["bashing_disclosed"] >= 10
    assert sum(r["spoken"] for r in rows) >= 15
    assert sum(r["language"] != "en" for r in rows) >= 20
    for r in rows:
        lab = r["labels"]
        assert ("segments" in r) == r["spoken"] and ("text" in r) != r["spoken"]
        assert lab["disclosure"] in ("clear", "ambiguous", "none")
        if lab["deinfluencing_promotion"]:
            assert lab["deinfluencing"] and lab["disclosure"] != "clear", r["id"]
        if r["category"] in ("honest", "trap"):
            assert not (lab["competitor_bashing_affiliate"] or lab["deinfluencing_promotion"]), r["id"]
