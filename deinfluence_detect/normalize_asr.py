"""Spoken forms in written form, for transcripts and podcasts (what speech recognition writes, as a caption would).

"twenty five percent off" -> "25% off", "brewly dot com slash maya" -> "brewly.com/maya", "hashtag ad" -> "#ad",
"code maya twenty" -> "code maya20". Runs after `normalize`; the words come from the `spoken_forms` pack
(patterns/normalise_spoken.yaml). Every rewritten character maps back to the original words it replaces, so
signals keep their offsets (and a transcript's times).
"""
from __future__ import annotations

import re
from array import array
from typing import Iterable, Optional

from .match.prefilter import trie_pattern, windows_around
from .normalize import NormalizedText, offset_run
from .packs.schema import SpokenForms

Edit = tuple[int, int, str]  # replace normalised text[start:end] with the string
# How far from its guard word a rewrite's match may reach (whole lines beyond that are searched too): the rewrites
# run only there, so their cost follows the spoken links and codes, not the length of the transcript.
REACH = 80


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first; spaces inside a word match any whitespace."""
    parts = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts)


def _first_words(words: Iterable[str]) -> list[str]:
    """Cheap guards: the first word of each spoken form, lower case."""
    return sorted({w.split()[0].lower() for w in words})


def rewrite(nt: NormalizedText, edits: list[Edit]) -> NormalizedText:
    """Apply non-overlapping edits; each inserted character maps to the original span of what it replaces. The
    offset maps are arrays, copied in slices (a transcript is rewritten several times)."""
    if not edits:
        return nt
    text = nt.text
    starts = nt.starts if nt.starts is not None else offset_run(0, len(text))
    ends = nt.ends if nt.ends is not None else offset_run(1, len(text) + 1)
    out: list[str] = []
    new_starts, new_ends = array("q"), array("q")
    pos = 0
    for start, end, replacement in sorted(edits):
        out.append(text[pos:start])
        new_starts += starts[pos:start]
        new_ends += ends[pos:start]
        if replacement:
            first = starts[start] if start < len(text) else len(nt.original)
            last = ends[end - 1] if end > start else first
            out.append(replacement)
            new_starts += array("q", (first,)) * len(replacement)
            new_ends += array("q", (last,)) * len(replacement)
        pos = end
    out.append(text[pos:])
    new_starts += starts[pos:]
    new_ends += ends[pos:]
    return NormalizedText(nt.original, "".join(out), new_starts, new_ends)


class SpokenNormalizer:
    """Rewrites spoken numbers, percentages, links, hashtags and split codes (see the module docstring)."""

    def __init__(self, forms: SpokenForms):
        self.numbers = {k.lower(): v for k, v in forms.numbers.items()}
        self.scales = {k.lower(): v for k, v in forms.scales.items()}
        self.kept = {w.lower() for w in forms.lone_words_kept}
        words = trie_pattern(w.lower() for w in [*self.numbers, *self.scales])  # one-word forms; a trie is ~4x faster
        flags = re.IGNORECASE
        percent, slash = _alternation(forms.percent), _alternation(forms.slash)
        number_run = rf"(?<!\w)(?:{words})(?:[\s-]+(?:and\s+)?(?:{words}))*(?!\w)"
        self._number_run = re.compile(number_run)  # over lower-cased text: ~1.6x faster than IGNORECASE
        self._number_run_any_case = re.compile(number_run, flags)  # where lower() changes the length ("İ")
        self._word = re.compile(r"[a-z]+", flags)
        self._percent = re.compile(rf"\d(?P<word>[ \t]*(?:{percent}))(?!\w)", flags)
        self._percent_after = re.compile(rf"[ \t]*(?:{percent})(?!\w)", flags)
        tlds = _alternation(forms.tlds)
        dot = _alternation(forms.dot)
        # "<name> dot <tld>" and "www dot <name>": the separator becomes "."
        self._dot = re.compile(rf"\s+(?:{dot})\s+(?=(?:{tlds})(?!\w))", flags)
        self._www_dot = re.compile(rf"(?<![\w.])www(?P<sep>\s+(?:{dot})\s+)(?=[a-z0-9])", flags)
        self._name_before = re.compile(r"(?:^|[^\w@.])([a-z0-9][\w-]{0,40})\Z", flags)
        self.not_link_names = {w.lower() for w in forms.not_link_names}
        self._url_then_slash = re.compile(
            rf"(?<![\w@])[a-z0-9][\w.-]{{0,60}}\.(?:{tlds})(?!\w)(?:/[\w-]+)*"
            rf"(?P<rest>(?:\s+(?:{slash})\s+[\w-]{{1,40}})+)", flags)
        self._slash = re.compile(rf"\s+(?:{slash})\s+", flags)
        self._hashtag = re.compile(rf"(?<!\w)(?:{_alternation(forms.hashtag)})[ \t]+(?=\w)", flags)
        not_codes = _alternation(forms.not_code_names) if forms.not_code_names else "(?!)"
        units = "|".join(re.escape(u) if not u[0].isalpha() else rf"{re.escape(u)}(?!\w)"
                         for u in forms.units_after_code) or "(?!)"
        self._code = re.compile(
            rf"(?<!\w)(?:{_alternation(forms.code_words)})[ \t:]+(?!(?:{not_codes})\s)[a-z]{{2,20}}"
            rf"(?P<sp>[ \t]+)\d{{1,4}}(?!\w)(?![ \t]*(?:{units}))", flags)
        self._guards = {"percent": _first_words(forms.percent), "dot": [f" {w.split()[0].lower()} " for w in forms.dot],
                        "slash": _first_words(forms.slash), "hashtag": _first_words(forms.hashtag),
                        "code": _first_words(forms.code_words)}
        self._keywords = set(self.numbers) | set(self.scales) | {w for ws in self._guards.values() for w in ws}

    def __call__(self, nt: NormalizedText) -> NormalizedText:
        low = _lowered(nt.text)
        if not any(k in low for k in self._keywords):
            return nt
        nt, low = self._apply(nt, list(self._number_edits(nt.text, low)), low)
        nt, low = self._apply(nt, [(m.start("word"), m.end(), "%")
                                   for m in self._near(nt.text, low, "percent", self._percent)], low)
        nt, low = self._apply(nt, list(self._dot_edits(nt.text, self._near(nt.text, low, "dot", self._www_dot,
                                                                             self._dot))), low)
        nt, low = self._apply(nt, [(s.start() + m.start("rest"), s.end() + m.start("rest"), "/")
                                   for m in self._near(nt.text, low, "slash", self._url_then_slash)
                                   for s in self._slash.finditer(m.group("rest"))], low)
        nt, low = self._apply(nt, [(m.start(), m.end(), "#")
                                   for m in self._near(nt.text, low, "hashtag", self._hashtag)], low)
        return rewrite(nt, [(m.start("sp"), m.end("sp"), "") for m in self._near(nt.text, low, "code", self._code)])

    @staticmethod
    def _apply(nt: NormalizedText, edits: list[Edit], low: str) -> tuple[NormalizedText, str]:
        """The rewritten text and its `_lowered` form (computed again only when an edit changed the text)."""
        if not edits:
            return nt, low
        nt = rewrite(nt, edits)
        return nt, _lowered(nt.text)

    def _near(self, text: str, low: str, guard: str, *patterns: re.Pattern) -> list[re.Match]:
        """Each pattern's matches (in turn) within REACH characters, widened to whole lines, of the step's guard
        words in `low` (`_lowered(text)`); none when no guard word occurs."""
        found = [(i, i + len(w)) for w in self._guards[guard] for i in _occurrences(low, w)]
        if not found:
            return []
        # lower() changed the length ("İ"): offsets differ, so search all of it
        spans = windows_around(text, found, REACH, to_lines=True) if len(low) == len(text) else [(0, len(text))]
        return [m for rx in patterns for a, b in spans for m in rx.finditer(text, a, b)]

    def _dot_edits(self, text: str, matches: list[re.Match]) -> Iterable[Edit]:
        for m in matches:
            if m.re is self._www_dot:
                yield m.start("sep"), m.end("sep"), "."
                continue
            # the word before " dot ", whole (a word cut by the window start has no boundary before it)
            name = self._name_before.search(text, max(0, m.start() - 42), m.start())
            if name and name.group(1).lower() not in self.not_link_names:
                yield m.start(), m.end(), "."

    # -- numbers ------------------------------------------------------------------------------------------------
    def _number_edits(self, text: str, low: str) -> Iterable[Edit]:
        """Number words as digits; `low` is `_lowered(text)`."""
        runs = (self._number_run.finditer(low) if len(low) == len(text)
                else self._number_run_any_case.finditer(text))
        for run in runs:
            tokens = [(m.start() + run.start(), m.end() + run.start(), m.group().lower())
                      for m in self._word.finditer(run.group())]
            for group in self._groups(tokens):
                start, end = group[0][0], group[-1][1]
                if (len(group) == 1 and group[0][2] in self.kept
                        and not self._percent_after.match(text, end)):
                    continue
                yield start, end, str(self._value([t[2] for t in group]))

    def _groups(self, tokens: list[tuple[int, int, str]]) -> Iterable[list[tuple[int, int, str]]]:
        """Split a run of number words into well-formed numbers ("twenty twenty three" -> [20], [23])."""
        group: list[tuple[int, int, str]] = []
        for tok in tokens:
            if tok[2] == "and":
                if group and not self._after_scale(group):
                    yield group
                    group = []
                continue
            if group and self._continues(group, tok[2]):
                group.append(tok)
                continue
            if group:
                yield group
            group = [tok]
        if group:
            yield group

    def _after_scale(self, group: list[tuple[int, int, str]]) -> bool:
        return group[-1][2] in self.scales

    def _continues(self, group: list[tuple[int, int, str]], word: str) -> bool:
        last = group[-1][2]
        words = [t[2] for t in group]
        if word in self.scales:
            scale = self.scales[word]
            if scale == 100:  # "fifteen hundred", not a second hundred in the same thousand
                since_big = words[max((i for i, w in enumerate(words) if self.scales.get(w, 0) > 100), default=-1) + 1:]
                return (last in self.numbers and 0 < self.numbers[last] < 20
                        and not any(self.scales.get(w) == 100 for w in since_big))
            bigger = [self.scales[w] for w in words if w in self.scales and self.scales[w] > 100]
            return last != word and all(scale < b for b in bigger)
        value = self.numbers[word]
        if value == 0:
            return False
        if last in self.scales:
            return True
        last_value = self.numbers[last]
        return last_value >= 20 and last_value % 10 == 0 and value < 10

    def _value(self, words: list[str]) -> int:
        total, current = 0, 0
        for word in words:
            if word in self.scales:
                scale = self.scales[word]
                if scale == 100:
                    current = (current or 1) * 100
                else:
                    total += (current or 1) * scale
                    current = 0
            else:
                current += self.numbers[word]
        return total + current


def _lowered(text: str) -> str:
    """Lower case with line breaks as spaces (offsets kept): guard words are found across a caption's line break
    ("brewly dot\ncom"), and the number and rewrite patterns treat both as whitespace alike."""
    return text.lower().replace("\n", " ")


def _occurrences(text: str, word: str) -> Iterable[int]:
    """Start offsets of `word` in `text` with no letter before it and no letter or digit after it ("per" in "per
    cent" and "20per cent", not in "super"); str.find runs at C speed."""
    open_left, open_right = not word[:1].isalnum(), not word[-1:].isalnum()  # " dot " brings its own bounds
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if ((open_left or i == 0 or not text[i - 1].isalpha())
                and (open_right or end == len(text) or not text[end].isalnum())):
            yield i
        i = text.find(word, i + 1)


def spoken_normalizer(forms: Optional[SpokenForms]) -> Optional[SpokenNormalizer]:
    return SpokenNormalizer(forms) if forms is not None else None
