"""Build the public Report: commercial / disclosure verdicts, findings with wording, offsets in the original text."""
from __future__ import annotations

from typing import Optional

from ..models import Citation, DisclosureLevel, Finding, Report, Severity, Signal, fingerprint
from ..normalize import NormalizedText
from ..packs.schema import FindingRule, PairingSettings, PlatformProfile, Profile
from . import deinfluencing as _deinfluencing  # noqa: F401  (registers the deinfluencing checks)
from .checks import CHECKS, Situation
from .signals import GRADE_RANK, Sig

KIND_NAMES = {
    "sponsorship": "a sponsorship", "gifted": "a gifted product", "brand_partner": "a brand partnership",
    "discount_code": "a discount code", "affiliate_link": "an affiliate link", "giveaway": "a sponsored giveaway",
    "disclosure": "a disclosure", "negated_sponsorship": "a 'not sponsored' claim",
    "product_mention": "a product", "negative_evaluation": "a negative evaluation",
    "recommendation": "a recommendation", "deinfluencing": "deinfluencing framing",
    "link_pointer": "a link the text points to",
}
SILENT_KINDS = ("disclosure", "negated_sponsorship", "product_mention", "negative_evaluation", "recommendation",
                "deinfluencing")  # named by the message itself, not listed as connections


def is_commercial(sigs: list[Sig], mentions: bool) -> bool:
    """A third-party connection is evident: a connection cue, or a disclosure (which implies one).

    Platform programme boilerplate (a bare disclosure tag beside a platform's creator-programme tags, no brand
    named, no other connection cue) is a literal disclosure without a third-party brand: not commercial.
    """
    if any(s.is_connection for s in sigs):
        return True
    discs = [s for s in sigs if s.kind == "disclosure"]
    if not discs:
        return False
    if any(s.kind == "platform_programme" for s in sigs) and not mentions:
        return False
    return True


def disclosure_level(sigs: list[Sig]) -> DisclosureLevel:
    best = max((GRADE_RANK[s.grade or "none"] for s in sigs if s.kind == "disclosure"), default=0)
    return [DisclosureLevel.none, DisclosureLevel.ambiguous, DisclosureLevel.clear][best]


def _public(sig: Sig, nt: NormalizedText) -> Signal:
    start, end = nt.to_original(sig.start, sig.end)
    return Signal(kind=sig.kind, start=start, end=end, text=nt.original[start:end], rule_id=sig.rule_id,
                  confidence=sig.confidence, covers=sig.covers,
                  grade=DisclosureLevel(sig.grade) if sig.grade else None, label=sig.label,
                  value=sig.value, context=list(sig.context))


MAX_EVIDENCE = 10  # evidence items kept on a finding; the message counts the rest


def _describe(evidence: list[Signal]) -> str:
    parts = []
    for e in evidence:
        if e.kind in SILENT_KINDS:
            continue
        snippet = " ".join(e.text.split())
        if len(snippet) > 60:
            snippet = snippet[:57] + "..."
        parts.append(f"{KIND_NAMES.get(e.kind, e.kind)} ('{snippet}')")
    parts = list(dict.fromkeys(parts))
    if len(parts) > 3:
        return ", ".join(parts[:3]) + f" and {len(parts) - 3} more"
    return ", ".join(parts) or "a material connection"


def _disclosures_text(evidence: list[Signal]) -> str:
    found = [f"'{' '.join(e.text.split())}'" for e in evidence if e.kind == "disclosure"]
    return ", ".join(dict.fromkeys(found)) or "none"


def _with_role(evidence: list[Signal], role: str) -> str:
    found = [f"'{' '.join(e.text.split())}'" for e in evidence if f"role:{role}" in e.context]
    return ", ".join(dict.fromkeys(found)) or "an alternative"


def _suggestion(rule: FindingRule, evidence: list[Signal], profile: Profile) -> str:
    kinds = [e.kind for e in evidence if e.kind in profile.suggestions]
    fixes = [profile.suggestions[k] for k in dict.fromkeys(kinds)]
    fix = " ".join(fixes) if fixes else profile.suggestions.get("sponsorship", "")
    return rule.suggestion.format(fix=fix).strip()


def build_findings(sigs: list[Sig], rules: list[FindingRule], profile: Profile, commercial: bool,
                   nt: NormalizedText, platform: Optional[PlatformProfile] = None,
                   platform_id: str = "generic", pairing: Optional[PairingSettings] = None) -> list[Finding]:
    situation = Situation(sigs, profile, commercial, nt.text, platform, original=nt.original,
                          to_original=nt.to_original, platform_id=platform_id, pairing=pairing)
    findings: list[Finding] = []
    for rule in rules:
        if rule.check not in CHECKS:
            continue  # video checks need times: compose/video.py runs them on timed transcripts
        for group in CHECKS[rule.check](situation):
            # an implied connection shares its disclosure's span: show the disclosure once
            shown = [g for g in group if not ("implied_by_disclosure" in g.context
                                              and any(d.kind == "disclosure" and (d.start, d.end) == (g.start, g.end)
                                                      for d in group))] or group
            evidence = [_public(s, nt) for s in shown]
            primary = next((e for e in evidence if e.kind not in SILENT_KINDS), evidence[0])
            full = evidence
            evidence = evidence[:MAX_EVIDENCE]
            findings.append(Finding(
                rule_id=rule.id, category=rule.category, severity=rule.severity,
                confidence=round(min(rule.confidence, max(e.confidence for e in evidence)), 3),
                start=primary.start, end=primary.end,
                message=rule.message.format(connections=_describe(full), disclosures=_disclosures_text(full),
                                            bashed=_with_role(full, "bashed"), promoted=_with_role(full, "promoted"),
                                            framing=_with_role(full, "framing")),
                evidence=evidence, suggestion=_suggestion(rule, evidence, profile),
                citations=[Citation.model_validate(c.model_dump()) for c in rule.citations],
                fingerprint=fingerprint(rule.id, [f"{e.kind}:{e.text}" for e in full]),
            ))
    findings.sort(key=lambda f: (-f.severity.rank, f.start, f.rule_id))
    return findings


def build_report(sigs: list[Sig], rules: list[FindingRule], profile: Profile, nt: NormalizedText, *,
                 platform: str, mentions: bool, versions: dict[str, str],
                 warnings: Optional[list[str]] = None, placement: Optional[PlatformProfile] = None,
                 pairing: Optional[PairingSettings] = None) -> Report:
    commercial = is_commercial(sigs, mentions)
    return Report(
        commercial=commercial,
        disclosure=disclosure_level(sigs),
        signals=[_public(s, nt) for s in sigs],
        findings=build_findings(sigs, rules, profile, commercial, nt, placement, platform, pairing),
        deinfluencing=any(s.kind == "deinfluencing" and _deinfluencing.own_view(s) for s in sigs),
        platform=platform, jurisdiction=profile.id, packs=dict(versions),
        text_length=len(nt.original), warnings=list(warnings or []),
    )


def empty_report(text: str, *, platform: str, profile: Profile, versions: dict[str, str],
                 warnings: Optional[list[str]] = None) -> Report:
    return Report(commercial=False, disclosure=DisclosureLevel.none, platform=platform,
                  jurisdiction=profile.id, packs=dict(versions), text_length=len(text),
                  warnings=list(warnings or []))


__all__ = ["build_report", "empty_report", "Severity"]
