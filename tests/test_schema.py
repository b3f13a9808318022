import json
from pathlib import Path

import deinfluence_detect as dd

COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "schema" / "report.schema.json"


def test_json_schema_exported_and_committed_copy_is_current():
    schemas = dd.json_schemas()
    assert set(schemas) == {"Report", "Signal", "Finding", "Citation"}
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == schemas, (
        "docs/schema/report.schema.json is stale: regenerate with `deinfluence-detect schema > "
        "docs/schema/report.schema.json`")


def test_report_round_trips_through_json(det):
    rep = det.analyze("#gifted by @lumora! Shop the rest: amzn.to/3kXyZ1q (not sponsored)", "instagram")
    again = dd.Report.model_validate_json(rep.model_dump_json())
    assert again == rep and again.findings[0].citations == rep.findings[0].citations


def test_rules_reference_is_current():
    from deinfluence_detect.render.rules_doc import rules_markdown
    committed = Path(__file__).resolve().parents[1].joinpath("docs", "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "docs/rules.md is stale: python -m deinfluence_detect.render.rules_doc > docs/rules.md"
