"""Composite finding checks. Each check is a small pure function over the signals, registered by name.

A pack's finding rule names its check; the check returns groups of evidence signals, one finding per group.
Connections are explicit connection cues plus those a disclosure implies ("#sp" alone implies a sponsorship).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..packs.schema import Profile
from .signals import GRADE_RANK, IMPLIED_BY_COVERS, Sig


@dataclass
class Situation:
    """What the checks look at: the report-level view of one text's signals."""

    signals: list[Sig]
    profile: Profile
    commercial: bool

    @property
    def disclosures(self) -> list[Sig]:
        return [s for s in self.signals if s.kind == "disclosure"]

    @property
    def negations(self) -> list[Sig]:
        return [s for s in self.signals if s.kind == "negated_sponsorship"]

    def connections(self) -> list[Sig]:
        """Explicit connection signals, plus one implied connection per disclosure nature not otherwise evident."""
        explicit = [s for s in self.signals if s.is_connection]
        kinds = {s.kind for s in explicit}
        implied: dict[str, Sig] = {}
        for d in self.disclosures:
            kind = IMPLIED_BY_COVERS[d.covers or "ad"]
            if kind not in kinds and kind not in implied and not self._covered_by_explicit(d):
                implied[kind] = Sig(kind, d.start, d.end, d.rule_id, d.confidence, value=d.value,
                                    context=["implied_by_disclosure"])
        return explicit + list(implied.values())

    def _covered_by_explicit(self, d: Sig) -> bool:
        return any(s.is_connection and s.start == d.start and s.end == d.end for s in self.signals)

    def __post_init__(self) -> None:
        best: dict[str, str] = {}
        for d in self.disclosures:
            grade = d.grade or "none"
            for kind in self.profile.covers.get(d.covers or "ad", ()):
                if GRADE_RANK[grade] > GRADE_RANK[best.get(kind, "none")]:
                    best[kind] = grade
        self._best = best

    def coverage(self, conn: Sig) -> str:
        """'clear', 'ambiguous' or 'none': the best disclosure that conveys this connection's nature."""
        return self._best.get(conn.kind, "none")


Check = Callable[[Situation], list[list[Sig]]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn
    return register


def _group(conns: list[Sig], extra: list[Sig] = ()) -> list[list[Sig]]:
    """One evidence group per connection kind (so one new link does not reword an unrelated finding);
    `extra` (the ambiguous disclosures, the negation) joins each group."""
    by_kind: dict[str, list[Sig]] = {}
    for c in conns:
        by_kind.setdefault(c.kind, []).append(c)
    return [_unique(list(extra) + group) for group in by_kind.values()]


@check("connection_without_any_disclosure")
def connection_without_any_disclosure(s: Situation) -> list[list[Sig]]:
    """Connections and no disclosure at all ('not sponsored' claims are not disclosures)."""
    if not s.commercial or s.disclosures:
        return []
    return _group(s.connections())


@check("connection_not_covered")
def connection_not_covered(s: Situation) -> list[list[Sig]]:
    """Some disclosure exists, but none conveys the nature of these connections (16 CFR 255.5(a))."""
    if not s.commercial or not s.disclosures:
        return []
    return _group([c for c in s.connections() if s.coverage(c) == "none"])


@check("connection_only_ambiguously_disclosed")
def connection_only_ambiguously_disclosed(s: Situation) -> list[list[Sig]]:
    """Connections whose best covering disclosure is ambiguous; evidence includes those disclosures."""
    if not s.commercial:
        return []
    conns = [c for c in s.connections() if s.coverage(c) == "ambiguous"]
    groups = []
    for group in _group(conns):
        kind = group[0].kind
        amb = [d for d in s.disclosures if d.grade == "ambiguous" and kind in s.profile.covers.get(d.covers or "ad", ())]
        groups.append(_unique(group + amb))
    return groups


@check("negation_beside_connection")
def negation_beside_connection(s: Situation) -> list[list[Sig]]:
    """A 'not sponsored' claim next to a connection that is not clearly disclosed."""
    if not s.negations or not s.commercial:
        return []
    conns = [c for c in s.connections() if s.coverage(c) != "clear"]
    return _group(conns, s.negations)


def _unique(sigs: list[Sig]) -> list[Sig]:
    seen, out = set(), []
    for sig in sigs:
        key = (sig.kind, sig.start, sig.end, sig.rule_id)
        if key not in seen:
            seen.add(key)
            out.append(sig)
    return out
