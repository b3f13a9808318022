"""Normalise text before matching, keeping a map from every normalised character back to the original.

Steps, in one pass over the original: drop zero-width and invisible format characters; NFKC each base character
with its combining marks (full-width and mathematical letters become ASCII); map confusable homoglyphs to Latin
inside words that also contain Latin letters (Cyrillic ``а`` in ``#аd``); join ``# ad`` into ``#ad``.
"""
from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Optional

import numpy
import regex

# Invisible characters removed outright (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks).
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2061"
                       "\u2062\u2063\u2064\u180e")
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_]+")
_LATIN = regex.compile(r"\p{Script=Latin}")
_HASH_SPACE = regex.compile(r"(?<![\w#])#[ \t]+(?=\p{L})")


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus, for each normalised char i, the original span ``[starts[i], ends[i])``."""

    original: str
    text: str
    starts: Optional[array]  # array('q'), one entry per normalised char; None: identity (text == original)
    ends: Optional[array]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the smallest original span that produced it."""
        if not self.text:
            return 0, 0
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        if self.starts is None or self.ends is None:
            return start, end
        if start == end:
            pos = self.starts[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    @property
    def identity(self) -> bool:
        return self.starts is None


def offset_run(first: int, stop: int) -> array:
    """array('q') of first, first + 1, ..., stop - 1 (built in C: transcripts map tens of thousands of chars)."""
    return array("q", numpy.arange(first, stop, dtype=numpy.int64).tobytes())


def _clusters(text: str, i: int = 0, n: Optional[int] = None):
    """Yield (start, end) of each base character with its following combining marks, in text[i:n]."""
    n = len(text) if n is None else n
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        yield i, j
        i = j


_HASH_SPACE_FAST = regex.compile(r"#[ \t]")
_NON_ASCII = regex.compile(r"[^\x00-\x7f]+")
_INVISIBLE_RX = regex.compile("[" + "".join(sorted(_INVISIBLE)) + "]")


def _unchanged(text: str, confusables: Mapping[str, str]) -> bool:
    """True when normalisation would return `text` as is (checked in C: most captions take this path)."""
    if _HASH_SPACE_FAST.search(text):
        return False
    if text.isascii():
        return True
    if not unicodedata.is_normalized("NFKC", text) or _INVISIBLE_RX.search(text):
        return False
    return not any(ch in confusables for ch in set(text))


@lru_cache(maxsize=4096)
def _nfkc(cluster: str) -> str:
    return unicodedata.normalize("NFKC", cluster)


def normalize(original: str, confusables: Mapping[str, str]) -> NormalizedText:
    """Normalise `original`; `confusables` maps single lookalike characters to Latin replacements."""
    if _unchanged(original, confusables):
        return NormalizedText(original, original, None, None)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    plain = 0  # ASCII is NFKC-stable: runs of it are copied whole, offsets one to one
    for m in _NON_ASCII.finditer(original):
        first = max(plain, m.start() - 1)  # the ASCII character before may carry combining marks
        out.append(original[plain:first])
        starts.extend(range(plain, first))
        ends.extend(range(plain + 1, first + 1))
        for s, e in _clusters(original, first, m.end()):
            piece = original[s:e]
            if piece[0] in _INVISIBLE:
                continue
            norm = piece if piece.isascii() else _nfkc(piece)
            for ch in norm:
                if ch in _INVISIBLE:
                    continue
                out.append(ch)
                starts.append(s)
                ends.append(e)
        plain = m.end()
    out.append(original[plain:])
    starts.extend(range(plain, len(original)))
    ends.extend(range(plain + 1, len(original) + 1))
    text = "".join(out)
    text = _fold_confusables(text, confusables)
    nt = NormalizedText(original, text, array("q", starts), array("q", ends))
    return _join_hash_space(nt)


def _fold_confusables(text: str, confusables: Mapping[str, str]) -> str:
    """Replace lookalikes (1:1 chars) inside mixed-script words; all-Cyrillic words are left alone."""
    if text.isascii() or not confusables:
        return text
    chars = list(text)
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii() or not _LATIN.search(word):
            continue
        for k, ch in enumerate(word):
            rep = confusables.get(ch)
            if rep is not None:
                chars[m.start() + k] = rep
    return "".join(chars)


def _join_hash_space(nt: NormalizedText) -> NormalizedText:
    """Turn a detached ``# ad`` into ``#ad`` (the spaces vanish from the normalised text)."""
    if "#" not in nt.text or nt.starts is None or nt.ends is None:
        return nt
    drops: set[int] = set()
    for m in _HASH_SPACE.finditer(nt.text):
        drops.update(range(m.start() + 1, m.end()))
    if not drops:
        return nt
    keep = [i for i in range(len(nt.text)) if i not in drops]
    return NormalizedText(
        nt.original,
        "".join(nt.text[i] for i in keep),
        array("q", (nt.starts[i] for i in keep)),
        array("q", (nt.ends[i] for i in keep)),
    )
