"""Keyword prefilter: one Aho-Corasick automaton finds which rule anchors occur in a text.

Texts with no anchor skip the NLP path entirely; regex and token rules run only when one of their own keywords
occurs (gitleaks-style keyword gating). pyahocorasick scans in C (~10x the trie alternation below on real
descriptions); where it is not installed, a trie-compiled alternation (~30x faster than a naive one, measured in
dependencies-and-speed.md) gives the same answers.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from operator import itemgetter
from typing import Iterable, Optional

try:  # C speed; a declared dependency, but the pure-Python path below stays exact where it cannot be installed
    import ahocorasick as _ahocorasick
except ImportError:  # pragma: no cover - exercised by test_prefilter_without_ahocorasick
    _ahocorasick = None

_KEYWORD_FIRST = itemgetter(1, 0)  # (first, keyword) pairs in keyword order; one offset's pairs widest first
# The end of a text ends its last word and line: keywords written with a trailing space or newline ("ad\n", "my ")
# must also be found there ("... #ad" as the last line), so every text is scanned with one space appended.
END = " "
_WS_LONG = re.compile(r"\s{2,}")
_WS_ONE = re.compile(r"[^\S ]")  # any single whitespace character but the space (str.isspace: tab, NBSP, U+2028...)
_ASCII_WS_OTHER = ("\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")  # ASCII whitespace but " ", "\n"


def _as_spaces(lowered: str) -> str:
    """Every whitespace character as a space (offsets unchanged). Newlines by str.replace (~50x faster than the
    regex over a transcript); the regex only where other whitespace may remain."""
    text = lowered.replace("\n", " ")
    if text.isascii() and not any(c in text for c in _ASCII_WS_OTHER):
        return text
    return _WS_ONE.sub(" ", text)


def collapse(lowered: str) -> str:
    """Whitespace runs (newlines, tabs, NBSP, double spaces) as one space: keywords are written with single spaces,
    while the rules' regexes accept any whitespace run."""
    text = _as_spaces(lowered)
    return _WS_LONG.sub(" ", text) if "  " in text else text


def collapse_with_map(lowered: str) -> tuple[str, list[int], list[int]]:
    """`collapse` plus a map back: (collapsed text, collapsed run starts, original run starts). Single whitespace
    characters become a space in place; only longer runs shift offsets and need the map."""
    text = _as_spaces(lowered)
    if "  " not in text:  # no run to collapse
        return text, [0], [0]
    parts, cstarts, ostarts = [], [0], [0]
    pos = clen = 0
    for m in _WS_LONG.finditer(text):
        parts.append(text[pos:m.start()])
        clen += m.start() - pos
        parts.append(" ")
        clen += 1
        pos = m.end()
        cstarts.append(clen)
        ostarts.append(pos)
    parts.append(text[pos:])
    return "".join(parts), cstarts, ostarts


def to_original_offset(cpos: int, cstarts: list[int], ostarts: list[int]) -> int:
    i = bisect_right(cstarts, cpos) - 1
    return ostarts[i] + (cpos - cstarts[i])


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of `words` factored as a character trie."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return emit(trie)


class Prefilter:
    """Maps lower-case keywords to the rules they anchor and scans text for them."""

    def __init__(self, anchors: dict[str, set[str]], use_automaton: bool = True,
                 backs: Optional[dict[str, int]] = None, default_back: int = 0,
                 keyword_backs: Optional[dict[tuple[str, str], int]] = None):
        """`anchors`: keyword -> rule ids. How far before a keyword a rule's match may start: `keyword_backs` for a
        (rule id, keyword), else `backs` for the rule, else `default_back`."""
        merged: dict[str, set[str]] = defaultdict(set)
        self._anchors = anchors
        self._backs, self._default_back, self._keyword_backs = backs or {}, default_back, keyword_backs or {}
        limits: dict[tuple[str, str], int] = {}  # (rule, collapsed keyword) -> how far back its matches may start
        for k, v in anchors.items():  # text is scanned with whitespace runs collapsed: so are the keywords ("ad\n")
            if k:
                merged[collapse(k)].update(v)
                for rid in v:  # spellings equal once collapsed: the widest limit holds
                    limit = self._keyword_backs.get((rid, k), self._backs.get(rid, default_back))
                    limits[rid, collapse(k)] = max(limit, limits.get((rid, collapse(k)), limit))
        self._rules_by_keyword = {k: frozenset(v) for k, v in merged.items()}
        # per keyword: its rules grouped by how far before the keyword their matches may start
        self._rules_by_back: dict[str, dict[int, list[str]]] = {}
        for k, rids in self._rules_by_keyword.items():
            groups: dict[int, list[str]] = defaultdict(list)
            for rid in sorted(rids):
                groups[limits[rid, k]].append(rid)
            self._rules_by_back[k] = dict(groups)
        words = sorted(self._rules_by_keyword, key=len, reverse=True)
        self._automaton = None
        if use_automaton and _ahocorasick is not None and words:
            self._automaton = _ahocorasick.Automaton()
            for w in words:
                self._automaton.add_word(w, (w, len(w) - 1))
            self._automaton.make_automaton()
        # Fallback. Overlapping keywords ("ad" inside "#ad") must all be seen: a lookahead finds every start.
        self._any = (re.compile("(?=(" + trie_pattern(words) + "))")
                     if words and self._automaton is None else None)
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for w in (words if self._any is not None else ()):
            self._by_prefix[w[0]].append(w)

    def keyword_positions(self, lowered: str) -> dict[str, list[int]]:
        """Start offsets of every keyword occurrence, by keyword."""
        out: dict[str, list[int]] = defaultdict(list)
        if self._automaton is not None:
            for end, (word, back) in self._automaton.iter(lowered):  # per word, in increasing order
                out[word].append(end - back)
            return out
        if self._any is None:
            return out
        for m in self._any.finditer(lowered):
            pos = m.start()
            for word in self._by_prefix.get(lowered[pos], ()):
                if lowered.startswith(word, pos):
                    out[word].append(pos)
        return out

    def rule_positions(self, lowered: str) -> dict[str, list[tuple[int, int]]]:
        """Rule id -> (first, keyword) offsets in `lowered`, sorted: each occurrence of one of the rule's keywords, and
        the first position a match holding it can start at (the rule's `keyword_back`, whitespace runs counting as
        one character). The windows a long text's regexes need."""
        collapsed, cstarts, ostarts = collapse_with_map(lowered)
        collapsed += END
        shifted = len(cstarts) > 1  # some whitespace run was collapsed: offsets shift after it
        by_rule: dict[str, list[tuple[int, int]]] = {}
        merged: set[str] = set()  # rules with pairs from more than one keyword: their list is their own, sorted below
        for word, positions in self.keyword_positions(collapsed).items():
            original = [to_original_offset(p, cstarts, ostarts) for p in positions] if shifted else positions
            for back, rids in self._rules_by_back[word].items():
                if shifted:
                    firsts = [to_original_offset(max(0, p - back), cstarts, ostarts) for p in positions]
                else:
                    firsts = [max(0, p - back) for p in positions] if back else positions
                pairs = list(zip(firsts, original))  # one keyword's occurrences: already in keyword order
                for rid in rids:
                    held = by_rule.get(rid)
                    if held is None:
                        by_rule[rid] = pairs  # shared by the keyword's rules until one of them gets a second keyword
                    else:
                        if rid not in merged:
                            merged.add(rid)
                            held = by_rule[rid] = list(held)
                        held.extend(pairs)
        for rid in merged:
            by_rule[rid].sort(key=_KEYWORD_FIRST)
        return by_rule

    def active_rules(self, lowered: str) -> set[str]:
        """Ids of the rules one of whose keywords occurs in the lower-cased text (whitespace runs collapsed)."""
        lowered = collapse(lowered) + END
        seen: set[str] = set()
        if self._automaton is not None:
            seen = {word for _, (word, _) in self._automaton.iter(lowered)}
        elif self._any is not None:
            for m in self._any.finditer(lowered):
                pos = m.start()
                for word in self._by_prefix.get(lowered[pos], ()):
                    if word not in seen and lowered.startswith(word, pos):
                        seen.add(word)
        rules: set[str] = set()
        for word in seen:
            rules |= self._rules_by_keyword[word]
        return rules


def spans_around(text: str, positions, width: int, to_lines: bool = False) -> list[tuple[int, int]]:
    """Merged [start, end) spans of `width` characters around each position (optionally widened to whole lines)."""
    return windows_around(text, ((pos, pos) for pos in positions), width, to_lines)


def windows_around(text: str, spans, width: int, to_lines: bool = False) -> list[tuple[int, int]]:
    """Merged [start, end) windows from `width` characters before each (start, end) span to `width` after it
    (optionally widened to whole lines: width 0 gives the lines a span stands on)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        a, b = max(0, start - width), min(len(text), end + width)
        if to_lines:
            a = text.rfind("\n", 0, a) + 1
            b = text.find("\n", b)
            b = len(text) if b < 0 else b
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
