"""SARIF 2.1.0 export: one run, rules as reportingDescriptors, findings as results with offset-free fingerprints."""
from __future__ import annotations

from typing import Iterable, Optional

from .. import __version__
from ..packs.loader import PackSet

_LEVEL = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_sarif(records: Iterable[tuple[str, Optional[str], Optional[int], object]], packs: PackSet) -> dict:
    """`records`: (source, id, line, Report). Regions are character offsets into each document."""
    rules = [{"id": f.id, "name": f.category, "shortDescription": {"text": f.category.replace("_", " ")},
              "fullDescription": {"text": f.message},
              "helpUri": f.citations[0].url, "help": {"text": f.suggestion},
              "properties": {"severity": f.severity.value, "confidence": f.confidence,
                             "citations": [c.text for c in f.citations]}} for f in packs.findings]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for source, doc_id, line, rep in records:
        for f in rep.findings:
            results.append({
                "ruleId": f.rule_id, "ruleIndex": index.get(f.rule_id, -1), "level": _LEVEL[f.severity.value],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": source},
                    "region": {"charOffset": f.start, "charLength": f.end - f.start,
                               **({"startLine": line} if line is not None else {})}},
                    "logicalLocations": [{"name": str(doc_id)}] if doc_id is not None else []}],
                "partialFingerprints": {"deinfluenceFingerprint/v1": f.fingerprint},
                "properties": {"category": f.category, "confidence": f.confidence, "suggestion": f.suggestion,
                               "evidence": [{"kind": e.kind, "text": e.text, "start": e.start, "end": e.end}
                                            for e in f.evidence]},
            })
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "deinfluence-detect", "version": __version__,
                            "informationUri": "https://www.ftc.gov/business-guidance/resources/"
                                              "disclosures-101-social-media-influencers", "rules": rules}},
        "results": results}]}
