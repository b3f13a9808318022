"""Composite finding checks. Each check is a small pure function over the signals, registered by name.

A pack's finding rule names its check; the check returns groups of evidence signals, one finding per group.
Connections are explicit connection cues plus those a disclosure implies ("#sp" alone implies a sponsorship).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..packs.schema import PairingSettings, PlatformProfile, Profile
from .signals import GRADE_RANK, IMPLIED_BY_COVERS, Sig


SPOKEN_PLATFORMS = frozenset({"transcript", "podcast"})  # spoken text: rules with `media: [spoken]` run here


@dataclass
class Situation:
    """What the checks look at: the report-level view of one text's signals."""

    signals: list[Sig]
    profile: Profile
    commercial: bool
    text: str = ""
    platform: Optional[PlatformProfile] = None
    original: str = ""  # the text as the audience sees it: placement is measured here
    platform_id: str = "generic"  # the platform the text was analysed as (transcripts: "transcript")
    memo: dict = field(default_factory=dict, repr=False)  # work several checks share, done once per text
    to_original: Optional[Callable[[int, int], tuple[int, int]]] = None
    pairing: Optional[PairingSettings] = None  # deinfluencing distances (packs); None: the schema's defaults

    @property
    def spoken(self) -> bool:
        """Transcript or podcast text (pairing reaches differ)."""
        return self.platform_id in SPOKEN_PLATFORMS

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


# -- placement: a clear disclosure the audience is unlikely to see ----------------------------------------------
_HASHTAG = re.compile(r"#\w+")
_GAP_OK = re.compile(r"[^\w]*")  # only spaces, punctuation, emoji between hashtags of a pile


def visible_end(text: str, platform: PlatformProfile) -> int:
    """Offset where the platform's "more" cut falls: the first of the character and the line limits."""
    pos, lines = 0, 0
    while lines < platform.visible_lines:
        nl = text.find("\n", pos)
        if nl < 0:
            pos = len(text)
            break
        pos, lines = nl + 1, lines + 1
    return min(platform.visible_chars, pos, len(text))


def hashtag_pile_start(text: str, minimum: int) -> Optional[int]:
    """Start of the trailing run of >= `minimum` hashtags (nothing but punctuation/emoji between and after)."""
    tags = list(_HASHTAG.finditer(text))
    if len(tags) < minimum or not _GAP_OK.fullmatch(text[tags[-1].end():]):
        return None
    start, count = tags[-1].start(), 1
    for prev, nxt in zip(reversed(tags[:-1]), reversed(tags[1:])):
        if not _GAP_OK.fullmatch(text[prev.end():nxt.start()]):
            break
        start, count = prev.start(), count + 1
    return start if count >= minimum else None


def burial(s: Situation) -> Optional[tuple[str, Sig, Sig]]:
    """(reason, disclosure, first promotion) when every clear disclosure is buried; None when one is placed well."""
    if not s.commercial or s.platform is None or not s.text:
        return None
    clear = sorted((d for d in s.disclosures if d.grade == "clear"), key=lambda d: d.start)
    conns = sorted((c for c in s.signals if c.is_connection), key=lambda c: c.start)
    if not clear:
        return None
    first = conns[0] if conns else clear[0]
    text = s.original or s.text  # offsets below are in the original text, as displayed
    where = (lambda sig: s.to_original(sig.start, sig.end)[0]) if s.to_original else (lambda sig: sig.start)
    cut = visible_end(text, s.platform)
    pile = hashtag_pile_start(text, s.platform.hashtag_pile)
    first_at = where(first)
    reasons = []
    for d in clear:
        at = where(d)
        if at >= cut:
            reasons.append("after_cut")
        elif pile is not None and at > pile:  # leading the run of hashtags is not "mixed into" it
            reasons.append("hashtag_pile")
        elif at - first_at > s.platform.far_below_chars:
            reasons.append("far_below")
        else:
            return None  # one well-placed clear disclosure is enough
    return reasons[0], clear[0], first


def _buried(reason: str) -> Check:
    def run(s: Situation) -> list[list[Sig]]:
        found = burial(s)
        if found is None or found[0] != reason:
            return []
        _, disc, first = found
        return [[first, disc] if first is not disc else [disc]]
    run.__name__ = f"disclosure_{reason}"
    return run


CHECKS["disclosure_after_cut"] = _buried("after_cut")
CHECKS["disclosure_in_hashtag_pile"] = _buried("hashtag_pile")
CHECKS["disclosure_far_below_promotion"] = _buried("far_below")
