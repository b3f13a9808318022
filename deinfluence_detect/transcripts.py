"""Transcripts: timed segments from SRT, WebVTT (incl. YouTube auto-captions), JSON, or plain sentences.

A `Transcript`'s `text` is its de-duplicated caption text, segments joined by single newlines (contract); every
character maps back to its segment, so signals and findings get `start_time` / `end_time` in seconds.
YouTube auto-captions repeat each line in the next cue (rolling captions) and add 10 ms transition cues; a line
already emitted is not emitted again.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple, Optional, Sequence, Union

from .errors import InputError
from .models import Report

if TYPE_CHECKING:
    from .packs.schema import ReadSettings

_INF = float("inf")
_TIMING = re.compile(r"^\s*(?P<s>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<e>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})")


class Segment(NamedTuple):
    """One caption line or sentence: seconds from the start of the video (0, 0 when untimed) and its text."""

    start: float
    end: float
    text: str


def parse_timestamp(value: str) -> float:
    """'01:02:03.450', '02:03,450' or '2:03.45' -> seconds."""
    parts = value.replace(",", ".").split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2]) if len(parts) >= 2 else 0
    hours = int(parts[-3]) if len(parts) >= 3 else 0
    return hours * 3600 + minutes * 60 + seconds


@dataclass
class Transcript:
    """Segments of speech with times (or without, for pasted text); analyse it with `Detector.analyze`."""

    segments: list[Segment]
    live: bool = False
    timed: bool = True
    source: Optional[str] = None
    text: str = field(init=False)
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        texts = [s.text for s in self.segments]
        self.text = "\n".join(texts)
        self._starts = [0, *accumulate(len(t) + 1 for t in texts[:-1])] if texts else []

    @property
    def segment_offsets(self) -> list[int]:
        """The character offset in `text` where each segment starts (segments are joined with one newline)."""
        return list(self._starts)

    # -- constructors -------------------------------------------------------------------------------------------
    @classmethod
    def from_segments(cls, segments: Iterable[Sequence], *, live: bool = False, source: Optional[str] = None
                      ) -> "Transcript":
        """From (start_s, end_s, text) triples or {start, end, text} objects."""
        out: list[Segment] = []
        append = out.append  # the loop runs once per caption line: ~100,000 times for 300 videos
        for seg in segments:
            try:
                if isinstance(seg, dict):
                    start, end, text = seg["start"], seg["end"], seg["text"]
                else:
                    start, end, text = seg
                start, end = float(start), float(end)
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(f"segment {len(out) + 1} is not (start, end, text): {exc}",
                                 source=source or "<segments>") from None
            if not 0 <= start <= end < _INF or not isinstance(text, str):
                raise _segment_error(len(out) + 1, start, end, text, source)
            append(Segment(start, end, " ".join(text.split())))
        return cls(out, live=live, source=source)

    @classmethod
    def from_sentences(cls, sentences: Iterable[str], *, source: Optional[str] = None) -> "Transcript":
        """Untimed transcript text (podcast sentences, a pasted transcript): no times on findings."""
        segs = [Segment(0.0, 0.0, " ".join(str(s).split())) for s in sentences]
        return cls(segs, timed=False, source=source)

    @classmethod
    def from_json(cls, path_or_data: Union[str, Path, dict, list], *, live: bool = False) -> "Transcript":
        """`{"segments": [[start, end, text], ...]}` or a list of `{start, end, text}` objects."""
        source = None
        data = path_or_data
        if isinstance(path_or_data, (str, Path)):
            source = str(path_or_data)
            try:
                data = json.loads(Path(path_or_data).read_text(encoding="utf-8-sig"))
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON: {exc.msg}", source=source, line=exc.lineno) from None
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"cannot read: {exc}", source=source) from None
        segs = data.get("segments") if isinstance(data, dict) else data
        if not isinstance(segs, list):
            raise InputError("expected {'segments': [...]} or a list of segments", source=source or "<json>")
        return cls.from_segments(segs, live=live, source=source)

    @classmethod
    def from_srt(cls, path: Union[str, Path], *, live: bool = False) -> "Transcript":
        return cls._from_captions(path, "srt", live)

    @classmethod
    def from_vtt(cls, path: Union[str, Path], *, live: bool = False) -> "Transcript":
        return cls._from_captions(path, "vtt", live)

    @classmethod
    def _from_captions(cls, path: Union[str, Path], kind: str, live: bool) -> "Transcript":
        import webvtt  # MIT; reads VTT and SRT

        source = str(path)
        try:
            raw = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read: {exc}", source=source) from None
        _validate_timings(raw, source)
        try:
            captions = (webvtt.from_srt(source) if kind == "srt" else webvtt.read(source))
        except Exception as exc:  # webvtt raises its own Malformed* errors without line numbers
            raise InputError(f"malformed {kind.upper()}: {exc}", source=source) from None
        segments: list[Segment] = []
        recent: list[str] = []
        for cap in captions:
            start, end = parse_timestamp(cap.start), parse_timestamp(cap.end)
            lines = [" ".join(x.split()) for x in cap.text.splitlines()]
            rolling = len(lines) > 1  # a rolling cue shows the previous line above the new one
            for line in lines:
                if not line or (recent and line == recent[-1]) or (rolling and line in recent):
                    continue
                segments.append(Segment(start, end, line))
                recent = (recent + [line])[-2:]
        return cls(segments, live=live, source=source)

    # -- times ----------------------------------------------------------------------------------------------------
    def time_at(self, start: int, end: int) -> tuple[Optional[float], Optional[float]]:
        """Seconds covered by the characters [start, end) of `text` (None for untimed transcripts)."""
        if not self.timed or not self.segments:
            return None, None
        first = max(bisect_right(self._starts, start) - 1, 0)
        last = max(bisect_right(self._starts, max(end - 1, start)) - 1, first)
        return self.segments[first].start, self.segments[last].end

    @classmethod
    def from_text(cls, text: str) -> "Transcript":
        """An untimed transcript whose segments are the lines of `text`, kept exactly (offsets unchanged)."""
        tr = cls([Segment(0.0, 0.0, line) for line in text.split("\n")], timed=False)
        return tr

    def add_reads(self, report: Report, rule_id: str = "DD-READ-001",
                  settings: Optional["ReadSettings"] = None) -> Report:
        """The report with one `sponsor_read` signal per detected read (times filled when timed); `settings`: a
        `ReadSettings` (the video profile's `reads`), defaults when None."""
        from .compose.reads import sponsor_reads
        from .models import Signal

        times = [(s.start, s.end) for s in self.segments] if self.timed else None
        reads = sponsor_reads(report.signals, self.text, self._starts, times, settings)
        if not reads:
            return report
        extra = []
        for first, last in reads:
            start = self._starts[first]
            end = self._starts[last] + len(self.segments[last].text)
            extra.append(Signal(kind="sponsor_read", start=start, end=end, text=self.text[start:end],
                                rule_id=rule_id, confidence=0.7,
                                start_time=self.segments[first].start if self.timed else None,
                                end_time=self.segments[last].end if self.timed else None))
        signals = sorted(report.signals + extra, key=lambda s: (s.start, s.end, s.kind))
        return report.model_copy(update={"signals": signals})

    def with_times(self, report: Report, read_settings: Optional["ReadSettings"] = None) -> Report:
        """The report with start_time / end_time on every signal, finding and evidence item, and its reads."""
        if not self.timed:
            return self.add_reads(report, settings=read_settings)

        def timed(item):
            s, e = self.time_at(item.start, item.end)
            return item.model_copy(update={"start_time": s, "end_time": e})

        findings = [timed(f).model_copy(update={"evidence": [timed(e) for e in f.evidence]})
                    for f in report.findings]
        report = report.model_copy(update={"signals": [timed(s) for s in report.signals], "findings": findings})
        return self.add_reads(report, settings=read_settings)


def _segment_error(n: int, start: float, end: float, text: object, source: Optional[str]) -> InputError:
    """The error for segment n, whose times or text are wrong."""
    if not isinstance(text, str):
        return InputError(f"segment {n}: text must be a string", source=source or "<segments>")
    if not (math.isfinite(start) and math.isfinite(end)):  # NaN or infinite
        return InputError(f"segment {n}: times must be finite numbers, got {start}, {end}",
                          source=source or "<segments>")
    if start < 0:
        return InputError(f"segment {n}: start {start} is negative", source=source or "<segments>")
    return InputError(f"segment {n}: end {end} before start {start}", source=source or "<segments>")


def _validate_timings(raw: str, source: str) -> None:
    """Name the line of a broken timing line ("-->" present but unparsable, or end before start)."""
    for n, line in enumerate(raw.splitlines(), start=1):
        if "-->" not in line:
            continue
        m = _TIMING.match(line)
        if m is None:
            raise InputError(f"malformed timing line {line.strip()[:60]!r}", source=source, line=n)
        if parse_timestamp(m.group("e")) < parse_timestamp(m.group("s")):
            raise InputError("cue ends before it starts", source=source, line=n)


@dataclass
class Video:
    """A video's description and its transcript, judged together (`Detector.analyze(Video(...))`)."""

    description: str = ""
    transcript: Optional[Transcript] = None
    platform: str = "youtube"
