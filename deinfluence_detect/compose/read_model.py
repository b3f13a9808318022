"""A statistical reading of where a sponsor read's speech runs, around the anchors the rules found.

The rules find a read by its cues ("sponsored by", "use code", "back to the video"), but a read's pitch runs on
between them ("they have thousands of classes", "plans start at four dollars a month", "what about your brain")
and the cues say little about where it starts and ends. This model is a naive Bayes classifier over the words and
word pairs of one caption segment: segments inside the sponsor reads of the project's own written transcripts
(`corpora/transcripts_reads/`) against segments of the speech around them. It was trained by
`scripts/train_read_model.py` and ships as `patterns/profiles/read_model.json`; nothing from the shared corpora is in
it.

compose/reads.py consults it only around a read the rules found (anchored on their cues), with the `model_*`
settings of the video profile's `reads`: the lead-in and tail a read's shape adds are trimmed where the smoothed score
(the mean over the segments within `model_window_s`) is below `model_trim_threshold` or the segment's own below
`model_trim_segment_threshold`; speech next to the read whose smoothed score is above `model_threshold` and whose own
is above 0 joins it, up to `model_reach_s` on each side and never across an outro cue; and, in timed transcripts, a
lone call to action amid speech averaging above `model_lone_call_threshold` is a read. Speech with no cue never
becomes a read. Scores are sums of per-feature log-odds weights plus a prior, not calibrated probabilities: a long
segment scores more extreme than a short one.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Collection, Optional

from .log_odds import LogOddsModel

RESOURCE = ("profiles", "read_model.json")  # inside the packs' package
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

Times = Optional[list[tuple[float, float]]]


def words(text: str) -> list[str]:
    """Lower-cased words without punctuation (auto captions have none, manual ones do); every number is '0'."""
    return ["0" if w.isdigit() else w.lower().replace("’", "'") for w in _WORD.findall(text)]


def features(text: str) -> set[str]:
    """Words and adjacent word pairs of one segment."""
    toks = words(text)
    return set(toks) | {f"{a} {b}" for a, b in zip(toks, toks[1:])}


class ReadModel(LogOddsModel):
    """Log-odds weights per feature plus a prior; a segment's score is their sum over its features."""

    def score(self, text: str) -> float:
        return self.total(features(text))


@lru_cache(maxsize=1)
def bundled_model() -> ReadModel:
    """The model shipped with the packs."""
    return ReadModel.bundled(*RESOURCE)


class SegmentScores:
    """Smoothed scores of a transcript's segments, computed only for the segments asked about."""

    def __init__(self, texts: list[str], times: Times, window_s: float, window_segments: int,
                 model: Optional[ReadModel] = None):
        self.texts, self.times = texts, times
        self.window_s, self.window_segments = window_s, window_segments
        self.model = model or bundled_model()
        self._raw: dict[int, float] = {}

    def raw(self, i: int) -> float:
        if i not in self._raw:
            self._raw[i] = self.model.score(self.texts[i])
        return self._raw[i]

    def smoothed(self, i: int) -> float:
        """The mean raw score of the segments around segment `i` (within the window), itself included."""
        mean = self.around(i, self.window_s, self.window_segments)
        return self.raw(i) if mean is None else mean

    def around(self, i: int, window_s: float, window_segments: int = 1, skip: Collection[int] = ()
               ) -> Optional[float]:
        """The mean raw score of the segments within `window_s` of segment `i`'s middle (untimed: within
        `window_segments` of it), leaving out those in `skip`; None when none is left. Segments are in time order."""
        lo = hi = i
        if self.times is None:
            lo, hi = max(0, i - window_segments), min(len(self.texts) - 1, i + window_segments)
        else:
            mid = (self.times[i][0] + self.times[i][1]) / 2
            while lo > 0 and mid - self.times[lo - 1][1] <= window_s:
                lo -= 1
            while hi < len(self.texts) - 1 and self.times[hi + 1][0] - mid <= window_s:
                hi += 1
        around = [j for j in range(lo, hi + 1) if j not in skip]
        return sum(self.raw(j) for j in around) / len(around) if around else None
