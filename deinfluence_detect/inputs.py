"""Read documents for the CLI: .txt, .jsonl, .csv files and stdin. Bad rows become ReadErrors, never vanish."""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

FORMATS = ("txt", "jsonl", "csv", "srt", "vtt", "json")
TRANSCRIPT_FORMATS = ("srt", "vtt", "json")
_SUFFIX = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".srt": "srt", ".vtt": "vtt",
           ".json": "json", ".text": "txt", ".md": "txt"}


@dataclass
class Document:
    source: str
    line: Optional[int]
    id: Optional[str]
    text: str
    platform: str
    transcript: Optional[object] = None  # a Transcript for timed input
    description: Optional[str] = None  # the video's description, judged with the transcript
    description_source: Optional[str] = None  # where it came from (a file, or the JSONL row)
    description_platform: str = "youtube"

    @property
    def item(self):
        """What the Detector analyses: a Video (transcript + description), the Transcript, or (text, platform)."""
        if self.transcript is not None and self.description is not None:
            from .transcripts import Video
            return Video(description=self.description, transcript=self.transcript, platform=self.description_platform)
        return self.transcript if self.transcript is not None else (self.text, self.platform)


@dataclass
class ReadError:
    source: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        return f"{self.source}{f':{self.line}' if self.line is not None else ''}: {self.message}"


Item = Union[Document, ReadError]


def detect_format(path: str, explicit: Optional[str]) -> Optional[str]:
    if explicit:
        return explicit
    if path == "-":
        return "jsonl"
    return _SUFFIX.get(Path(path).suffix.lower())


_SURROGATE = re.compile("[\ud800-\udfff]")


def _decode(raw: bytes) -> str:
    """UTF-8 (a BOM is dropped); surrogateescape keeps undecodable bytes as U+DC80..U+DCFF, so they can be named."""
    return raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8", errors="surrogateescape")


def _problem_line(text: str) -> int:
    """The 1-based line of the first character `bad_text` objects to."""
    return text.count("\n", 0, _SURROGATE.search(text).start()) + 1


def bad_text(text: str) -> Optional[str]:
    """Why `text` cannot be analysed (undecodable bytes, unpaired surrogates), or None."""
    m = _SURROGATE.search(text)
    if m is None:
        return None
    if "\udc80" <= m.group() <= "\udcff":
        return f"not UTF-8 text (undecodable byte at character {m.start()})"
    return f"unpaired surrogate U+{ord(m.group()):04X} at character {m.start()}"


def read_documents(path: str, fmt: Optional[str], *, platform: str, column: str,
                   id_column: Optional[str], description: str = "auto") -> Iterator[Item]:
    """Yield Documents and ReadErrors from one path ('-' = stdin). Bytes are decoded line by line, so one bad
    row is reported with its line and the rest of the file is still read. `description` pairs a transcript file
    with its video's description: 'auto' (a yt-dlp sidecar `NAME.description` when present), 'none', or a path."""
    if path != "-" and Path(path).is_dir():
        yield ReadError(path, None, "is a directory, not a file")
        return
    fmt = detect_format(path, fmt)
    if fmt is None:
        yield ReadError(path, None, "cannot tell the input format from the file name; pass --input-format")
        return
    if fmt in TRANSCRIPT_FORMATS:
        yield from _transcript_file(path, fmt, description, platform)
        return
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        yield ReadError(path, None, f"cannot open: {exc.strerror or exc}")
        return
    source = "<stdin>" if path == "-" else path
    text = _decode(raw)
    if not text.strip():
        yield ReadError(source, None, "empty input: no documents")
        return
    if fmt == "txt":
        problem = bad_text(text)
        if problem:
            yield ReadError(source, _problem_line(text), problem)
        else:
            yield Document(source, None, Path(path).stem if path != "-" else None, text, platform)
    elif fmt == "jsonl":
        yield from _jsonl(text, source, platform)
    elif fmt == "csv":
        yield from _csv(text, source, platform, column, id_column)


_LANG_SUFFIX = re.compile(r"\.[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def sidecar_description(path: str) -> Optional[Path]:
    """yt-dlp's description file for a caption file: `NAME.description` beside `NAME.en.vtt` (or `NAME.vtt`)."""
    p = Path(path)
    stems = [p.stem]
    bare = _LANG_SUFFIX.sub("", p.stem)
    if bare and bare != p.stem:
        stems.append(bare)
    for stem in stems:
        candidate = p.with_name(stem + ".description")
        if candidate.is_file():
            return candidate
    return None


def _read_description(path: Path) -> Union[str, ReadError]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ReadError(str(path), None, f"cannot open description: {exc.strerror or exc}")
    text = _decode(raw)
    problem = bad_text(text)
    return ReadError(str(path), _problem_line(text), problem) if problem else text


def _transcript_file(path: str, fmt: str, description: str = "none", platform: str = "generic") -> Iterator[Item]:
    from .errors import InputError
    from .transcripts import Transcript
    if path == "-":
        yield ReadError("<stdin>", None, f"{fmt} transcripts are read from files, not stdin; use jsonl 'segments'")
        return
    try:
        tr = {"srt": Transcript.from_srt, "vtt": Transcript.from_vtt, "json": Transcript.from_json}[fmt](path)
    except InputError as exc:
        yield ReadError(exc.source, exc.line, str(exc).split(": ", 1)[-1])
        return
    bad = bad_text(tr.text)
    if bad:
        yield ReadError(path, None, bad)
        return
    doc = Document(path, None, Path(path).stem, tr.text, "transcript", transcript=tr)
    desc_path = (sidecar_description(path) if description == "auto"
                 else None if description == "none" else Path(description))
    if desc_path is not None:
        desc = _read_description(desc_path)
        if isinstance(desc, ReadError):
            yield desc
            return
        doc.description, doc.description_source = desc, str(desc_path)
        doc.description_platform = _written_platform(platform)
    yield doc


def _written_platform(platform: str) -> str:
    """The platform a video description is judged under: the one given, unless it is spoken or generic."""
    return "youtube" if platform in ("generic", "transcript", "podcast") else platform


def _jsonl(text: str, source: str, platform: str) -> Iterator[Item]:
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        problem = bad_text(line)
        if problem and "not UTF-8" in problem:
            yield ReadError(source, n, problem)
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(source, n, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield ReadError(source, n, "each line must be a JSON object")
            continue
        body = _row_text(row)
        if body is None:
            yield ReadError(source, n, "no 'text' string (or 'sentences' / 'segments' list) in this object")
            continue
        problem = bad_text(body)
        if problem:
            yield ReadError(source, n, problem)
            continue
        plat = row.get("platform") or platform
        transcript = None
        if "text" not in row:
            from .errors import InputError
            from .transcripts import Transcript
            try:
                transcript = (Transcript.from_segments(row["segments"], source=source) if "segments" in row
                              else Transcript.from_sentences(row["sentences"], source=source))
            except InputError as exc:
                yield ReadError(source, n, str(exc).split(": ", 1)[-1])
                continue
            body, plat = transcript.text, "transcript"
        rid = row.get("id")
        if transcript is None and "description" in row:
            yield ReadError(source, n, "'description' goes with 'segments' or 'sentences' (a video's transcript); "
                                       "a caption is 'text' alone")
            continue
        doc = Document(source, n, str(rid) if rid is not None else None, body, str(plat), transcript)
        if "description" in row:
            desc = row["description"]
            problem = "'description' must be a string" if not isinstance(desc, str) else bad_text(desc)
            if problem:
                yield ReadError(source, n, problem)
                continue
            doc.description, doc.description_source = desc, f"{source}:{n}"
            doc.description_platform = _written_platform(str(row.get("platform") or platform).lower())
        yield doc


def _row_text(row: dict) -> Optional[str]:
    """The text of a JSONL record: `text`, or untimed transcript text joined from `sentences` / `segments`."""
    text = row.get("text")
    if isinstance(text, str):
        return text
    if text is not None:
        return None
    if isinstance(row.get("sentences"), list) and all(isinstance(s, str) for s in row["sentences"]):
        return "\n".join(row["sentences"])
    segs = row.get("segments")
    if isinstance(segs, list):
        parts = []
        for seg in segs:
            if isinstance(seg, (list, tuple)) and len(seg) == 3 and isinstance(seg[2], str):
                parts.append(seg[2])
            elif isinstance(seg, dict) and isinstance(seg.get("text"), str):
                parts.append(seg["text"])
            else:
                return None
        return "\n".join(parts)
    return None


def _csv(text: str, source: str, platform: str, column: str, id_column: Optional[str]) -> Iterator[Item]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fields = reader.fieldnames
    except csv.Error as exc:
        yield ReadError(source, 1, f"malformed CSV header: {exc}")
        return
    if not fields:
        yield ReadError(source, 1, "empty CSV file (no header row)")
        return
    if column not in fields:
        yield ReadError(source, 1, f"no column {column!r}; columns are {fields} (use --column)")
        return
    if id_column and id_column not in fields:
        yield ReadError(source, 1, f"no id column {id_column!r}; columns are {fields}")
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadError(source, start, f"malformed CSV: {exc}")
            return
        line, start = start, reader.line_num + 1
        body = row.get(column)
        if body is None:
            yield ReadError(source, line, f"row has fewer fields than the header (no {column!r})")
            continue
        problem = bad_text(body)
        if problem:
            yield ReadError(source, line, problem)
            continue
        rid = row.get(id_column) if id_column else None
        yield Document(source, line, rid, body, platform)
