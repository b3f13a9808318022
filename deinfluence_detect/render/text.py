"""Render reports for people (table) and for machines (json, jsonl, csv)."""
from __future__ import annotations

import csv
import io
import json
from typing import Optional

from ..models import Report, Severity

_SEV_MARK = {"high": "HIGH", "medium": "MED ", "low": "LOW ", "info": "INFO"}


def record(source: str, doc_id: Optional[str], line: Optional[int], report: Report,
           description: Optional[str] = None) -> dict:
    """One output record: where the document came from (and its video description, if paired), and its report."""
    out = {"source": source, "id": doc_id, "line": line, "report": report.model_dump(mode="json")}
    if description is not None:
        out["description_source"] = description
    return out


def where(source: str, doc_id: Optional[str], line: Optional[int]) -> str:
    loc = source + (f":{line}" if line is not None else "")
    return loc + (f" [{doc_id}]" if doc_id not in (None, "") else "")


def table_block(source: str, doc_id: Optional[str], line: Optional[int], report: Report,
                min_severity: Severity = Severity.info, color: bool = False,
                description: Optional[str] = None) -> str:
    """A readable block for one document; empty when it has no finding at or above `min_severity`."""
    shown = [f for f in report.findings if f.severity.rank >= min_severity.rank]
    if not shown:
        return ""
    head = (f"{where(source, doc_id, line)}{f' + {description}' if description else ''}  "
            f"commercial={'yes' if report.commercial else 'no'}  "
            f"disclosure={report.disclosure.value}")
    out = [_bold(head, color)]
    for f in shown:
        out.append(f"  {_sev(f.severity.value, color)} {f.rule_id} {f.category} ({f.confidence:.2f})")
        out.append(f"       {f.message}")
        for e in f.evidence:
            snippet = " ".join(e.text.split())
            at = f"{_mmss(e.start_time)}-{_mmss(e.end_time)}" if e.start_time is not None else f"{e.start}-{e.end}"
            part = f" in the {e.source}" if e.source else ""
            out.append(f"       - {e.kind}: \"{snippet[:80]}\" at {at}{part}")
        out.append(f"       fix: {f.suggestion}")
        out.append(f"       see: {'; '.join(c.text for c in f.citations)}")
    return "\n".join(out)


def _mmss(seconds: Optional[float]) -> str:
    if seconds is None:
        return "?"
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    return (f"{hours}:" if hours else "") + f"{rest // 60:02d}:{rest % 60:02d}"


def _sev(level: str, color: bool) -> str:
    mark = _SEV_MARK[level]
    if not color:
        return mark
    code = {"high": "31", "medium": "33", "low": "36", "info": "37"}[level]
    return f"\033[{code}m{mark}\033[0m"


def _bold(text: str, color: bool) -> str:
    return f"\033[1m{text}\033[0m" if color else text


CSV_FIELDS = ["source", "id", "line", "commercial", "disclosure", "findings", "max_severity", "rule_ids",
              "categories", "first_message"]


def csv_row(source: str, doc_id: Optional[str], line: Optional[int], report: Report) -> dict:
    sev = report.max_severity()
    return {
        "source": source, "id": doc_id or "", "line": line if line is not None else "",
        "commercial": report.commercial, "disclosure": report.disclosure.value,
        "findings": len(report.findings), "max_severity": sev.value if sev else "",
        "rule_ids": " ".join(f.rule_id for f in report.findings),
        "categories": " ".join(dict.fromkeys(f.category for f in report.findings)),
        "first_message": report.findings[0].message if report.findings else "",
    }


def csv_header() -> str:
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=CSV_FIELDS).writeheader()
    return buf.getvalue()


def csv_line(row: dict) -> str:
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=CSV_FIELDS).writerow(row)
    return buf.getvalue()


def json_line(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False)


def summary(counts: dict[str, int], n_docs: int, n_errors: int) -> str:
    parts = [f"{n_docs} document{'s' if n_docs != 1 else ''} scanned"]
    if counts:
        parts.append("findings: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    else:
        parts.append("no findings")
    if n_errors:
        parts.append(f"{n_errors} input error{'s' if n_errors != 1 else ''}")
    return "; ".join(parts)
