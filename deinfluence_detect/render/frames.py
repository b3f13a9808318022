"""For notebooks: reports as pandas DataFrames, and evidence highlighted in the original text (HTML)."""
from __future__ import annotations

import html
from typing import Iterable, Optional, Sequence

from ..models import Report

_COLOURS = {"disclosure": "#c8e6c9", "negated_sponsorship": "#ffcdd2", "own_business": "#e1f5fe",
            "unverified_link": "#eeeeee", "platform_programme": "#eeeeee"}
_DEFAULT = "#ffe0b2"  # connections: sponsorship, gift, code, link, partner, giveaway


def reports_to_frames(reports: Iterable[Report], ids: Optional[Sequence] = None):
    """Three DataFrames: one row per document, per signal, per finding (joined on `doc`)."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("reports_to_frames needs pandas: pip install 'deinfluence-detect[pandas]'") from exc
    docs, signals, findings = [], [], []
    for i, rep in enumerate(reports):
        doc = ids[i] if ids is not None else i
        sev = rep.max_severity()
        docs.append({"doc": doc, "platform": rep.platform, "commercial": rep.commercial,
                     "disclosure": rep.disclosure.value, "findings": len(rep.findings),
                     "max_severity": sev.value if sev else None})
        for s in rep.signals:
            signals.append({"doc": doc, **s.model_dump(mode="json", exclude={"context"}),
                            "context": ";".join(s.context)})
        for f in rep.findings:
            findings.append({"doc": doc, "rule_id": f.rule_id, "category": f.category, "severity": f.severity.value,
                             "confidence": f.confidence, "start": f.start, "end": f.end, "message": f.message,
                             "suggestion": f.suggestion, "evidence": " | ".join(e.text for e in f.evidence),
                             "citations": "; ".join(c.text for c in f.citations), "fingerprint": f.fingerprint})
    return pd.DataFrame(docs), pd.DataFrame(signals), pd.DataFrame(findings)


def highlight_html(text: str, report: Report) -> str:
    """The original text with each signal's span highlighted (title = kind and rule id); findings listed below."""
    spans = sorted({(s.start, s.end, s.kind, s.rule_id) for s in report.signals})
    out, pos = [], 0
    for start, end, kind, rule in spans:
        if start < pos:  # overlapping spans: the first one shown wins
            continue
        out.append(html.escape(text[pos:start]))
        colour = _COLOURS.get(kind, _DEFAULT)
        out.append(f'<mark style="background:{colour}" title="{html.escape(kind)} {html.escape(rule)}">'
                   f"{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    items = "".join(f"<li><b>{html.escape(f.severity.value)}</b> {html.escape(f.rule_id)} "
                    f"{html.escape(f.category)}: {html.escape(f.message)}<br><i>fix:</i> "
                    f"{html.escape(f.suggestion)}</li>" for f in report.findings)
    verdict = (f"commercial={'yes' if report.commercial else 'no'}, disclosure={report.disclosure.value}")
    return (f'<div class="deinfluence"><div style="white-space:normal">{body}</div>'
            f"<p><small>{verdict}</small></p><ul>{items}</ul></div>")
