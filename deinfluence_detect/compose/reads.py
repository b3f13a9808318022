"""Sponsor reads in transcripts: the stretch of speech that promotes a third party, as a time span.

Anchors are the cues found by the packs: sponsorship statements (strong) and calls to action (codes, affiliate or
spoken links, "link in the description", "free trial"). Anchors close in time (or in sentences, untimed) form a
cluster; a cluster with a sponsorship cue, or with a code / link and another call to action, is a read. A read
runs from its first anchor to its last, widened by the shape of a read (settings: the video profile's `reads`):
  * before: a little when it opens with a sponsor cue ("this video is sponsored by"), more when its first anchor
    is a call to action (the pitch came before "use code X"), never back across an outro cue;
  * a lone call to action is a read too when a "back to the video" outro follows it shortly (it marks an aside), unless
    an own-business cue beside it claims it ("my merch");
  * after: to an outro cue ("back to the video") that follows shortly; else, when it ends on a sponsor cue, for
    the length of a short read; else a few seconds past the last call to action;
  * then along its brand: the sponsor a cue names ("sponsored by Brewly") or the site a call to action sends to
    ("brewly dot com slash maya") is what the read talks about, so nearby mentions of that name join the read, one
    after another while each is close to the last (`chain_*` settings), never across an outro cue;
  * with the read model (compose/read_model.py, `model_*` settings): the lead-in and tail the shape added are trimmed
    where the model hears no pitch, speech beside the read that it hears as pitch joins it (before the brand is
    followed, the trim; after, the widening), and a lone call to action inside speech it hears as pitch is a read.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Optional

from ..models import Signal
from ..packs.schema import ReadSettings
from .read_model import SegmentScores, Times

STRONG = {"sponsorship", "giveaway"}
CALLS = {"discount_code", "affiliate_link", "call_to_action"}
LINKS = {"discount_code", "affiliate_link"}
NOT_CUES = {"product_mention", "negative_evaluation", "recommendation"}  # what deinfluencing finds says nothing of reads

DEFAULT = ReadSettings()


def sponsor_reads(signals: list[Signal], text: str, starts: list[int], times: Times,
                  settings: Optional[ReadSettings] = None) -> list[tuple[int, int]]:
    """(first segment, last segment) of each read. `starts`: char offset of each segment in `text`;
    `times`: (start_s, end_s) per segment, or None when untimed."""
    settings = settings or DEFAULT
    if not starts:
        return []
    by_segment: dict[int, list[Signal]] = {}
    for s in signals:
        if s.kind not in NOT_CUES:
            by_segment.setdefault(_segment_of(starts, s.start), []).append(s)
    outros = sorted(seg for seg, sigs in by_segment.items() if any(s.kind == "read_outro" for s in sigs))
    asides = [seg for seg in outros if any(s.rule_id in settings.lone_call_outros for s in by_segment[seg])]
    mentions: dict[frozenset, list[int]] = {}  # brand names -> the segments that say them, found once per text
    reads: list[tuple[int, int]] = []
    scores: Optional[SegmentScores] = None  # the read model's, computed for the segments it is asked about
    for cluster in _clusters(_anchors(by_segment), outros, times, settings):
        kinds = [k for _, k in cluster]
        if settings.model_threshold is not None and scores is None:
            scores = SegmentScores(_segment_texts(text, starts), times, settings.model_window_s,
                                   settings.model_window_segments)
        if ("strong" not in kinds and not ("link" in kinds and len(cluster) >= 2) and len(cluster) < settings.min_calls
                and not _aside(cluster, asides, by_segment, times, settings)
                and not _pitched(scores, cluster, by_segment, settings)):
            continue
        last = _end(outros, len(starts) - 1, times, cluster, settings)
        first = _lead_in(times, text, starts, cluster[0][0], kinds[0] == "strong", outros, settings)
        if scores is not None:
            first, last = _trim(scores, first, last, cluster[0][0], cluster[-1][0], outros, settings)
        names = _brand_names(by_segment, text, starts, {seg for seg, _ in cluster}, settings)
        negated = any(s.kind == "negated_sponsorship"
                      for seg in range(first, last + 1) for s in by_segment.get(seg, ()))
        if names and not negated:  # "not sponsored by brewly ... brewly dot com": no read to follow the brand of
            if names not in mentions:
                mentions[names] = _mentions(names, text, starts)
            first, last = _chain(mentions[names], times, first, last, outros, settings)
        if scores is not None:
            first, last = _stretch(scores, first, last, times, outros, settings)
        while reads and (first <= reads[-1][1] or (first == reads[-1][1] + 1 and reads[-1][1] not in outros)):
            # overlapping reads are one, and so are adjacent ones unless an outro ended the first
            prev = reads.pop()
            first, last = min(first, prev[0]), max(last, prev[1])
        reads.append((first, last))
    return reads


def _segment_of(starts: list[int], pos: int) -> int:
    return max(bisect_right(starts, pos) - 1, 0)


def _anchors(by_segment: dict[int, list[Signal]]) -> list[tuple[int, str]]:
    """(segment, "strong" | "link" | "call") of every anchor, in order."""
    anchors = []
    for seg, sigs in by_segment.items():
        for s in sigs:
            strong = s.kind in STRONG or (s.kind == "disclosure" and s.covers in ("sponsorship", "ad"))
            if strong or s.kind in CALLS:
                anchors.append((seg, "strong" if strong else ("link" if s.kind in LINKS else "call")))
    return sorted(anchors)


def _clusters(anchors: list[tuple[int, str]], outros: list[int], times: Times,
              settings: ReadSettings) -> list[list[tuple[int, str]]]:
    """Anchors close in time (or sentences) form one cluster; an outro cue between two anchors ends a cluster."""
    clusters: list[list[tuple[int, str]]] = []
    for anchor in anchors:
        a, b = (clusters[-1][-1][0], anchor[0]) if clusters else (0, 0)
        far = (times[b][0] - times[a][1] > settings.max_gap_s) if times is not None else b - a > settings.max_gap_segments
        if clusters and not far and not any(a <= o < b for o in outros):
            clusters[-1].append(anchor)
        else:
            clusters.append([anchor])
    return clusters


def _lead_in(times: Times, text: str, starts: list[int], first: int, opens_with_sponsor: bool, outros: list[int],
             settings: ReadSettings) -> int:
    """The first segment of a read whose first anchor is in `first`: the pitch before it, never back across an
    outro (which ended what came before)."""
    floor = _after_outro(outros, first)
    if times is None:
        i = max(first - (settings.lead_in_segments if opens_with_sponsor else settings.lead_in_call_segments), floor)
        while not opens_with_sponsor and i < first and starts[first] - starts[i] > settings.lead_in_call_chars:
            i += 1
        return i
    reach = settings.lead_in_s if opens_with_sponsor else settings.lead_in_call_s
    i = first
    while i > floor and times[first][0] - times[i - 1][0] <= reach:
        i -= 1
    return i


def _closing_outro(outros: list[int], last: int, times: Times, settings: ReadSettings) -> Optional[int]:
    """The first outro cue at or after segment `last` that follows it closely enough to end its read."""
    for o in outros:
        if o >= last and (o - last <= settings.max_gap_segments if times is None
                          else times[o][0] - times[last][1] <= settings.outro_within_s):
            return o
    return None


def _aside(cluster: list[tuple[int, str]], asides: list[int], by_segment: dict[int, list[Signal]], times: Times,
           settings: ReadSettings) -> bool:
    """A lone call to action that a 'back to the video' outro closes, and that no own-business cue beside it claims
    ("my merch is in the description ... back to the video" is the creator's own)."""
    return _closing_outro(asides, cluster[-1][0], times, settings) is not None and not _owned(cluster, by_segment)


def _owned(cluster: list[tuple[int, str]], by_segment: dict[int, list[Signal]]) -> bool:
    """An own-business cue stands in or beside a segment of the cluster ("my merch is in the description")."""
    near = {seg + d for seg, _ in cluster for d in (-1, 0, 1)}
    return any(s.kind == "own_business" for seg in near for s in by_segment.get(seg, ()))


def _end(outros: list[int], last_seg: int, times: Times, cluster: list[tuple[int, str]],
         settings: ReadSettings) -> int:
    last = cluster[-1][0]
    closing = _closing_outro(outros, last, times, settings)
    if closing is not None:
        return closing
    intro_only = cluster[-1][1] == "strong" or len(cluster) == 1
    if times is None:
        return min(last + settings.min_read_segments, last_seg) if intro_only else last
    reach = settings.intro_read_s if intro_only else settings.tail_s
    j = last
    while j < last_seg and times[j + 1][0] - times[last][0] <= reach:
        j += 1
    return j


_DOMAIN = re.compile(r"(?:www\.)?([a-z0-9][\w-]+)\.[a-z]{2,3}\b", re.IGNORECASE)
_SPOKEN_DOMAIN = re.compile(r"([a-z0-9][\w-]+)\s+(?:dot\s+)?(?:calm|comm|com)\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([a-z0-9][\w'’-]*)[ \t]+$", re.IGNORECASE)


def _brand_names(by_segment: dict[int, list[Signal]], text: str, starts: list[int], anchor_segments: set[int],
                 settings: ReadSettings) -> frozenset:
    """Names a read's anchors promote, lower-cased and without spaces: the brand a sponsor cue names ("sponsored by
    better help" -> "betterhelp"), the site a call to action names ("go to skill share dot com" -> "skillshare")."""
    names = set()
    for seg in anchor_segments:
        for s in by_segment.get(seg, ()):
            name = ""
            if s.kind in STRONG and s.value:
                name = s.value
            elif s.kind == "call_to_action":
                m = _DOMAIN.search(s.text) or _SPOKEN_DOMAIN.search(s.text)
                if m:
                    at = s.start + m.start(1)
                    before = _WORD_BEFORE.search(text, max(starts[seg], at - 40), at)
                    lead = before.group(1) if before and before.group(1).lower() not in settings.site_leads else ""
                    name = lead + m.group(1)
            name = re.sub(r"[\s'’-]+", "", name.lower())
            if len(name) >= 4 and not name.isdigit() and name not in settings.not_names:
                names.add(name)
    return frozenset(names)


def _mentions(names: frozenset, text: str, starts: list[int]) -> list[int]:
    """Segments that say one of `names` (or its possessive); speech recognition may split a name ("skill share")."""
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(r"\s?".join(map(re.escape, n)) for n in sorted(names))
                         + r")(?:['’]?s)?(?!\w)", re.IGNORECASE)
    ends = starts[1:] + [len(text)]
    return [i for i, (a, b) in enumerate(zip(starts, ends)) if pattern.search(text, a, b)]


def _chain(mentions: list[int], times: Times, first: int, last: int, outros: list[int],
           settings: ReadSettings) -> tuple[int, int]:
    """Widen (first, last) over the brand mentions chained to it, backwards then forwards."""
    def joins(near: int, far: int, edge: int) -> bool:  # `far` is the mention, `near` the read's current edge
        if any((far <= o <= near) if far < near else (near <= o < far) for o in outros):
            return False  # an outro cue ends a read: nothing after it joins, nor anything before it
        if times is None:
            return abs(far - near) <= settings.chain_gap_segments and abs(far - edge) <= settings.chain_reach_segments
        gap = times[near][0] - times[far][1] if far < near else times[far][0] - times[near][1]
        reach = times[edge][0] - times[far][0] if far < edge else times[far][1] - times[edge][1]
        return gap <= settings.chain_gap_s and reach <= (settings.chain_back_s if far < edge
                                                         else settings.chain_forward_s)
    i = first
    for m in reversed([m for m in mentions if m < first]):
        if not joins(i, m, first):
            break
        i = m
    j = last
    for m in [m for m in mentions if m > last]:
        if not joins(j, m, last):
            break
        j = m
    return i, j


def _after_outro(outros: list[int], first: int) -> int:
    """The first segment after the last outro cue before `first`: nothing reaches back across an outro."""
    return max((o + 1 for o in outros if o < first), default=0)


def _segment_texts(text: str, starts: list[int]) -> list[str]:
    """Each segment's text (a transcript joins its segments with one newline: transcripts.py)."""
    return [text[a:b - 1] for a, b in zip(starts, starts[1:])] + [text[starts[-1]:]]


def _stretch(scores: SegmentScores, first: int, last: int, times: Times, outros: list[int],
             settings: ReadSettings) -> tuple[int, int]:
    """Widen (first, last) over the neighbouring speech the read model hears as the read's pitch: backwards and
    forwards while the smoothed score stays above the threshold and the segment's own is positive (the window's mean
    alone would carry a read's strong words a window's width past its end), within the reach, never across an outro
    cue (one that ends the read joins it and stops it)."""
    threshold = settings.model_threshold
    floor = _after_outro(outros, first)
    ceiling = min((o for o in outros if o >= last), default=len(scores.texts) - 1)

    def within(i: int, edge: int) -> bool:
        if times is None:
            return abs(i - edge) <= settings.model_reach_segments
        return (times[edge][0] - times[i][0] if i < edge else times[i][1] - times[edge][1]) <= settings.model_reach_s

    def pitch(i: int) -> bool:  # its neighbourhood above the threshold, and the segment itself more pitch than not
        return scores.smoothed(i) > threshold and scores.raw(i) > 0

    i = first
    while i > floor and within(i - 1, first) and pitch(i - 1):
        i -= 1
    j = last
    while j < ceiling and within(j + 1, last) and pitch(j + 1):
        j += 1
    return i, j


def _trim(scores: SegmentScores, first: int, last: int, lo: int, hi: int, outros: list[int],
          settings: ReadSettings) -> tuple[int, int]:
    """Narrow the speech a read's shape added before its first anchor (`lo`) and after its last (`hi`) where the
    read model hears no pitch in it or around it; a closing outro cue stays."""
    if settings.model_trim_threshold is None:
        return first, last
    alone = settings.model_trim_segment_threshold

    def no_pitch(i: int) -> bool:  # its neighbourhood, or the segment alone (a strong read carries the mean)
        return scores.smoothed(i) < settings.model_trim_threshold or (alone is not None and scores.raw(i) < alone)

    while first < lo and no_pitch(first):
        first += 1
    while last > hi and last not in outros and no_pitch(last):
        last -= 1
    return first, last


def _pitched(scores: Optional[SegmentScores], cluster: list[tuple[int, str]], by_segment: dict[int, list[Signal]],
             settings: ReadSettings) -> bool:
    """A lone call to action amid speech the read model hears as a pitch (the speech around it, segments with cues of
    their own left out: a call or an outro is no evidence of itself), that no own-business cue beside it claims."""
    if scores is None or settings.model_lone_call_threshold is None or scores.times is None:
        return False  # untimed sentences vary too much in length for a window (measured: no gain on podcasts)
    if _owned(cluster, by_segment):
        return False
    mean = scores.around(cluster[0][0], settings.model_lone_call_window_s, skip=by_segment)
    return mean is not None and mean > settings.model_lone_call_threshold  # no speech around it: no evidence
