"""Sponsor reads in transcripts: the stretch of speech that promotes a third party, as a time span.

Anchors are the cues found by the packs: sponsorship statements (strong) and calls to action (codes, affiliate or
spoken links, "link in the description", "free trial"). Anchors close in time (or in sentences, untimed) form a
cluster; a cluster with a sponsorship cue, or with a code / link and another call to action, is a read. The read
runs from the segment of its first anchor to the segment of its last one, extended to an outro cue ("back to the
video") that follows shortly, or by a minimum length when the read is only an intro.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

from ..models import Signal

STRONG = {"sponsorship", "giveaway"}
CALLS = {"discount_code", "affiliate_link", "call_to_action"}
LINKS = {"discount_code", "affiliate_link"}


@dataclass(frozen=True)
class ReadSettings:
    """Tuned on the dev split of the SponsorBlock transcripts (see docs/evaluation.md)."""

    max_gap_s: float = 40.0        # anchors further apart start a new cluster
    max_gap_segments: int = 6      # the same for untimed transcripts (sentences)
    min_read_s: float = 35.0       # an intro-only read lasts at least this long
    min_read_segments: int = 3
    outro_within_s: float = 25.0   # an outro cue this soon after the last anchor ends the read there
    lead_in_segments: int = 1      # segments before the first anchor ("but first, ...")
    min_calls: int = 2             # a cluster of this many calls to action is a read even without a sponsor cue


SETTINGS = ReadSettings()


def sponsor_reads(signals: list[Signal], text: str, starts: list[int], times: Optional[list[tuple[float, float]]],
                  settings: Optional[ReadSettings] = None) -> list[tuple[int, int]]:
    """(first segment, last segment) of each read. `starts`: char offset of each segment in `text`;
    `times`: (start_s, end_s) per segment, or None when untimed."""
    settings = settings or SETTINGS
    if not starts:
        return []

    def seg(pos: int) -> int:
        return max(bisect_right(starts, pos) - 1, 0)

    anchors = []
    for s in signals:
        strong = s.kind in STRONG or (s.kind == "disclosure" and s.covers in ("sponsorship", "ad"))
        if strong or s.kind in CALLS:
            anchors.append((seg(s.start), "strong" if strong else ("link" if s.kind in LINKS else "call")))
    outros = sorted({seg(s.start) for s in signals if s.kind == "read_outro"})
    anchors.sort()
    last_seg = len(starts) - 1

    def gap(a: int, b: int) -> bool:
        if times is not None:
            return times[b][0] - times[a][1] > settings.max_gap_s
        return b - a > settings.max_gap_segments

    clusters: list[list[tuple[int, str]]] = []
    for anchor in anchors:
        if clusters and not gap(clusters[-1][-1][0], anchor[0]):
            clusters[-1].append(anchor)
        else:
            clusters.append([anchor])

    reads: list[tuple[int, int]] = []
    for cluster in clusters:
        kinds = [k for _, k in cluster]
        enough_calls = settings.min_calls and len(cluster) >= settings.min_calls
        if "strong" not in kinds and not ("link" in kinds and len(cluster) >= 2) and not enough_calls:
            continue
        first = max(cluster[0][0] - settings.lead_in_segments, 0)
        last = cluster[-1][0]
        outro = next((o for o in outros if o >= last and _within(times, last, o, settings)), None)
        if outro is not None:
            last = outro
        elif kinds[-1] == "strong" or len(cluster) == 1:
            last = _extend(times, last, last_seg, settings)
        if reads and first <= reads[-1][1] + 1:
            reads[-1] = (reads[-1][0], max(last, reads[-1][1]))
        else:
            reads.append((first, last))
    return reads


def _within(times, a: int, b: int, settings: ReadSettings) -> bool:
    if times is None:
        return b - a <= settings.max_gap_segments
    return times[b][0] - times[a][1] <= settings.outro_within_s


def _extend(times, last: int, last_seg: int, settings: ReadSettings) -> int:
    """Extend an intro-only read to its minimum length."""
    if times is None:
        return min(last + settings.min_read_segments, last_seg)
    end = last
    while end < last_seg and times[end][1] - times[last][0] < settings.min_read_s:
        end += 1
    return end
