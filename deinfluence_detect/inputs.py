"""Read documents for the CLI: .txt, .jsonl, .csv files and stdin. Bad rows become ReadErrors, never vanish."""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, TextIO, Union

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


def read_documents(path: str, fmt: Optional[str], *, platform: str, column: str,
                   id_column: Optional[str]) -> Iterator[Item]:
    """Yield Documents and ReadErrors from one path ('-' = stdin)."""
    fmt = detect_format(path, fmt)
    if fmt is None:
        yield ReadError(path, None, "cannot tell the input format from the file name; pass --input-format")
        return
    if fmt in TRANSCRIPT_FORMATS:
        yield ReadError(path, None, f"timed transcript input ({fmt}) is not supported in this version; "
                                    "pass the transcript text as .txt or as jsonl 'sentences' / 'segments'")
        return
    try:
        stream: TextIO = (io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict")
                          if path == "-" else open(path, encoding="utf-8", newline=""))
    except OSError as exc:
        yield ReadError(path, None, f"cannot open: {exc.strerror or exc}")
        return
    source = "<stdin>" if path == "-" else path
    try:
        if fmt == "txt":
            yield Document(source, None, Path(path).stem if path != "-" else None, stream.read(), platform)
        elif fmt == "jsonl":
            yield from _jsonl(stream, source, platform)
        elif fmt == "csv":
            yield from _csv(stream, source, platform, column, id_column)
    except UnicodeDecodeError as exc:
        yield ReadError(source, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    finally:
        if path != "-":
            stream.close()


def _jsonl(stream: TextIO, source: str, platform: str) -> Iterator[Item]:
    for n, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(source, n, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield ReadError(source, n, "each line must be a JSON object")
            continue
        text = _row_text(row)
        if text is None:
            yield ReadError(source, n, "no 'text' string (or 'sentences' / 'segments' list) in this object")
            continue
        plat = row.get("platform") or platform
        if "text" not in row and plat not in ("podcast", "transcript"):
            plat = "transcript"
        rid = row.get("id")
        yield Document(source, n, str(rid) if rid is not None else None, text, str(plat))


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


def _csv(stream: TextIO, source: str, platform: str, column: str, id_column: Optional[str]) -> Iterator[Item]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(stream)
    if reader.fieldnames is None:
        yield ReadError(source, 1, "empty CSV file (no header row)")
        return
    if column not in reader.fieldnames:
        yield ReadError(source, 1, f"no column {column!r}; columns are {reader.fieldnames} (use --column)")
        return
    if id_column and id_column not in reader.fieldnames:
        yield ReadError(source, 1, f"no id column {id_column!r}; columns are {reader.fieldnames}")
        return
    try:
        for row in reader:
            line = reader.line_num
            text = row.get(column)
            if text is None:
                yield ReadError(source, line, f"row has fewer fields than the header (no {column!r})")
                continue
            rid = row.get(id_column) if id_column else None
            plat = row.get("platform") or platform
            yield Document(source, line, rid, text, plat)
    except csv.Error as exc:
        yield ReadError(source, reader.line_num, f"malformed CSV: {exc}")
