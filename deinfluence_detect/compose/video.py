"""Findings about disclosure in videos, which need times: spoken late or only at the end, only in the description,
or not repeated in a live stream. Their wording, severity and citations are finding rules in the packs."""
from __future__ import annotations

from typing import Callable, Optional

from ..models import Citation, Finding, Report, Signal, fingerprint
from ..packs.schema import FindingRule, PlatformProfile

VideoCheck = Callable[[Report, "VideoContext"], list[list[Signal]]]
VIDEO_CHECKS: dict[str, VideoCheck] = {}


class VideoContext:
    """What the video checks see besides the transcript's report."""

    def __init__(self, duration: float, live: bool, profile: Optional[PlatformProfile],
                 description: Optional[Report] = None):
        self.duration = duration
        self.live = live
        self.profile = profile
        self.description = description


def video_check(name: str):
    def register(fn: VideoCheck) -> VideoCheck:
        VIDEO_CHECKS[name] = fn
        return fn
    return register


def _clear_spoken(rep: Report) -> list[Signal]:
    return sorted((s for s in rep.signals if s.kind == "disclosure" and s.grade and s.grade.value == "clear"
                   and s.start_time is not None), key=lambda s: s.start_time)


def _promotions(rep: Report) -> list[Signal]:
    """Connection cues in time order; the sponsor-read spans when there is none (a read's span includes lead-in)."""
    kinds = {"sponsorship", "discount_code", "affiliate_link", "gifted", "brand_partner", "giveaway"}
    timed = [s for s in rep.signals if s.start_time is not None]
    found = [s for s in timed if s.kind in kinds] or [s for s in timed if s.kind == "sponsor_read"]
    return sorted(found, key=lambda s: s.start_time)


@video_check("spoken_disclosure_late")
def spoken_disclosure_late(rep: Report, ctx: VideoContext) -> list[list[Signal]]:
    """Every spoken clear disclosure comes after the promotion began, or only in the last part of the video."""
    discs, promos = _clear_spoken(rep), _promotions(rep)
    if not discs or not promos or ctx.profile is None or not rep.commercial:
        return []
    first = discs[0]
    late = first.start_time - promos[0].start_time > (ctx.profile.late_after_s or 0)
    at_end = ctx.duration > 0 and first.start_time >= ctx.duration * (1 - (ctx.profile.end_share or 0))
    return [[promos[0], first]] if late or at_end else []


@video_check("disclosure_only_in_description")
def disclosure_only_in_description(rep: Report, ctx: VideoContext) -> list[list[Signal]]:
    """The video promotes (spoken) but never says so; only the description discloses it."""
    if ctx.description is None or not rep.commercial or rep.disclosure.value == "clear":
        return []
    desc_discs = [s for s in ctx.description.signals if s.kind == "disclosure" and s.grade
                  and s.grade.value == "clear"]
    promos = _promotions(rep)
    desc_discs = [s.model_copy(update={"source": "description"}) for s in desc_discs[:1]]
    return [[promos[0], *desc_discs]] if desc_discs and promos else []


@video_check("live_disclosure_not_repeated")
def live_disclosure_not_repeated(rep: Report, ctx: VideoContext) -> list[list[Signal]]:
    """In a live stream, the disclosure is not repeated within the profile's interval."""
    if not ctx.live or ctx.profile is None or not ctx.profile.live_repeat_s or not rep.commercial:
        return []
    discs = _clear_spoken(rep)
    if not discs:
        return []
    times = [0.0] + [d.start_time for d in discs] + [ctx.duration]
    worst = max(range(len(times) - 1), key=lambda i: times[i + 1] - times[i])
    if times[worst + 1] - times[worst] <= ctx.profile.live_repeat_s:
        return []
    anchor = discs[min(max(worst - 1, 0), len(discs) - 1)]
    return [[anchor]]


def video_findings(rep: Report, ctx: VideoContext, rules: list[FindingRule], source: Optional[str] = None
                   ) -> list[Finding]:
    out = []
    for rule in rules:
        check = VIDEO_CHECKS.get(rule.check)
        if check is None:
            continue
        for group in check(rep, ctx):
            primary = group[0]
            out.append(Finding(
                rule_id=rule.id, category=rule.category, severity=rule.severity,
                confidence=round(min(rule.confidence, max(e.confidence for e in group)), 3),
                start=primary.start, end=primary.end, start_time=primary.start_time, end_time=primary.end_time,
                message=rule.message.format(interval=int((ctx.profile.live_repeat_s or 0) // 60) if ctx.profile
                                            else 0),
                evidence=group, suggestion=rule.suggestion,
                citations=[Citation.model_validate(c.model_dump()) for c in rule.citations],
                fingerprint=fingerprint(rule.id, [f"{e.kind}:{e.text}" for e in group]), source=source))
    return out
