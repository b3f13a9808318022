"""The public result model: Report, Signal, Finding (pydantic v2, JSON round-trippable)."""
from __future__ import annotations

import hashlib
from enum import Enum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


class Severity(str, Enum):
    """Ordered severity scale: info < low < medium < high."""

    info = "info"
    low = "low"
    medium = "medium"
    high = "high"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self.value]

    def __ge__(self, other: "Severity") -> bool:  # type: ignore[override]
        return self.rank >= Severity(other).rank

    def __gt__(self, other: "Severity") -> bool:  # type: ignore[override]
        return self.rank > Severity(other).rank

    def __le__(self, other: "Severity") -> bool:  # type: ignore[override]
        return self.rank <= Severity(other).rank

    def __lt__(self, other: "Severity") -> bool:  # type: ignore[override]
        return self.rank < Severity(other).rank


_SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3}


class DisclosureLevel(str, Enum):
    """The strongest disclosure present anywhere in a text."""

    clear = "clear"
    ambiguous = "ambiguous"
    none = "none"


class Reliability(str, Enum):
    """How directly a rule's source was read (legend of disclosure-rules.md)."""

    P = "P"
    P_star = "P*"
    S = "S"
    U = "U"


class Citation(BaseModel):
    """A rule's legal or regulatory source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(description="Short citation, e.g. '16 CFR 255.5(a)'.")
    url: Optional[str] = Field(default=None, description="Where the source can be read.")
    reliability: Reliability = Field(
        default=Reliability.U, description="P primary, P* primary quoted, S secondary, U unverified."
    )


class Signal(BaseModel):
    """One piece of evidence found in the text (a cue, a link, a code, a disclosure)."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(description="disclosure, affiliate_link, unverified_link, discount_code, sponsorship, "
                                  "gifted, brand_partner, giveaway, own_business, negated_sponsorship, ...")
    start: int = Field(ge=0, description="Character offset into the ORIGINAL text (inclusive).")
    end: int = Field(ge=0, description="Character offset into the ORIGINAL text (exclusive).")
    text: str = Field(description="original_text[start:end]")
    rule_id: str
    confidence: float = Field(ge=0.0, le=1.0, default=1.0)
    start_time: Optional[float] = Field(default=None, description="Seconds into the media (transcripts).")
    end_time: Optional[float] = None
    covers: Optional[str] = Field(
        default=None, description="Disclosures only: affiliate | sponsorship | gift | partner | ad."
    )
    grade: Optional[DisclosureLevel] = Field(default=None, description="Disclosures only: clear or ambiguous.")
    label: Optional[str] = Field(default=None, description="Disclosures: the label class the profile graded.")
    value: Optional[str] = Field(default=None, description="Extracted value: the code, the URL, the brand.")
    context: list[str] = Field(default_factory=list, description="Context modifiers applied, e.g. 'negated'.")
    source: Optional[str] = Field(default=None, description="Video parts: 'description' or 'transcript'.")


class Finding(BaseModel):
    """A problem the detector reports, with the evidence it rests on and how to fix it."""

    model_config = ConfigDict(extra="forbid")

    rule_id: str = Field(description="Stable id, e.g. 'DD-DISC-001'.")
    category: str
    severity: Severity
    confidence: float = Field(ge=0.0, le=1.0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    start_time: Optional[float] = None
    end_time: Optional[float] = None
    message: str
    evidence: list[Signal]
    suggestion: str
    citations: list[Citation]
    fingerprint: str = Field(description="Hash of rule id + normalised evidence text; offset-free.")
    source: Optional[str] = None


class Report(BaseModel):
    """Everything the detector concluded about one text."""

    model_config = ConfigDict(extra="forbid")

    commercial: bool = Field(description="A third-party material connection is evident from the text.")
    disclosure: DisclosureLevel = Field(description="Strongest disclosure present anywhere.")
    deinfluencing: bool = False
    signals: list[Signal] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    platform: str = "generic"
    jurisdiction: str = "US"
    packs: dict[str, str] = Field(default_factory=dict, description="Pack name -> version used.")
    text_length: int = 0
    warnings: list[str] = Field(default_factory=list, description="Non-fatal problems (e.g. a regex timed out).")

    def max_severity(self) -> Optional[Severity]:
        """The highest severity among findings, or None."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    def has_problem(self, at_least: Severity | str = Severity.low) -> bool:
        """True when a finding reaches `at_least`."""
        floor = Severity(at_least)
        return any(f.severity.rank >= floor.rank for f in self.findings)


def fingerprint(rule_id: str, evidence_texts: list[str]) -> str:
    """Offset-free fingerprint: rule id + case/space-normalised evidence texts, order-independent."""
    norm = sorted({" ".join(t.lower().split()) for t in evidence_texts})
    digest = hashlib.sha256((rule_id + "\x1f" + "\x1e".join(norm)).encode("utf-8")).hexdigest()
    return digest[:20]


def json_schemas() -> dict[str, dict]:
    """JSON Schema of every public model."""
    return {m.__name__: m.model_json_schema() for m in (Report, Signal, Finding, Citation)}
