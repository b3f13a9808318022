import pytest

from deinfluence_detect.render.frames import highlight_html, reports_to_frames

TEXT = "Not sponsored <3 use code MAYA15 for 15% off & more"


def test_highlight_html_marks_evidence_and_escapes(det):
    rep = det.analyze(TEXT)
    out = highlight_html(TEXT, rep)
    assert "<mark" in out and "code MAYA15 for 15%" in out and "&lt;3" in out and "&amp;" in out
    assert "DD-DISC-001" in out


def test_frames(det):
    pd = pytest.importorskip("pandas")
    reports = [det.analyze(TEXT), det.analyze("plain text")]
    docs, signals, findings = reports_to_frames(reports, ids=["a", "b"])
    assert isinstance(docs, pd.DataFrame) and list(docs["doc"]) == ["a", "b"]
    assert set(signals["kind"]) >= {"discount_code", "negated_sponsorship"}
    assert set(findings["doc"]) == {"a"}
