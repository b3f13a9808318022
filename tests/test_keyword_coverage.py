"""Every match of a pack regex holds one of its keywords, within the rule's start limit, on strings generated from
the regex itself rather than only on the rule's own examples.

A keyword gap hides a rule from the prefilter: on a short text the rule never runs, on a long one its keyword
windows miss the match (hits would differ from whole-text matching, which the engine promises never happens).
Hypothesis generates full matches of a relaxed copy of each pattern (Python's `re` dialect: named groups unnamed,
look-behinds dropped, a superset) and keeps those the real pattern matches too. Derandomised, so CI sees the same
strings every run; DD_KEYWORD_EXAMPLES sets how many (more find rarer gaps; 60 by default).
"""
from __future__ import annotations

import os
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from deinfluence_detect.match import engine
from deinfluence_detect.match.prefilter import END, collapse
from deinfluence_detect.packs.loader import load_packs

EXAMPLES = int(os.environ.get("DD_KEYWORD_EXAMPLES", "60"))
REGEX_RULES = [r for r in (lambda p: p.cues + p.context)(load_packs()) if r.matcher.regex is not None]
_NAMED_GROUP = re.compile(r"\(\?P?<\w+>")  # (?P<name> and (?<name>; look-behinds are taken first


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class opening at `i`."""
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _group_end(pattern: str, i: int) -> int:
    """The index after the group opening at `i`."""
    depth, j = 0, i
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(pattern, j)
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        j += 1
        if depth == 0:
            return j
    return j


def relaxed_for_re(pattern: str) -> str:
    """`pattern` in the dialect of Python's `re` (3.10 on), matching a superset: named groups unnamed (packs reuse a
    name in several alternatives), look-behinds dropped (some are variable-width), possessive quantifiers greedy."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif c == "[":
            j = _class_end(pattern, i)
            out.append(pattern[i:j])
            i = j
        elif pattern.startswith(("(?<=", "(?<!"), i):
            i = _group_end(pattern, i)
        elif (m := _NAMED_GROUP.match(pattern, i)) is not None:
            out.append("(?:")
            i = m.end()
        elif c == "+" and out and out[-1] in ("}", "*", "+", "?"):  # possessive: as greedy
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def test_relaxed_patterns_unname_groups_and_drop_look_behinds():
    assert relaxed_for_re(r"(?<![\w(])(?P<code>[A-Z]+)(?<=(?:a|b)c)\)x") == r"(?:[A-Z]+)\)x"
    assert relaxed_for_re(r"[(?<=]a") == r"[(?<=]a"  # inside a class, nothing opens
    assert relaxed_for_re(r"(?<n>a)[\w-]{1,30}+b\++c++") == r"(?:a)[\w-]{1,30}b\++c+"  # "\++": one or more "+"


@pytest.mark.parametrize("rule", REGEX_RULES, ids=lambda r: r.id)
def test_generated_matches_hold_a_keyword_near_their_start(det, rule):
    m = rule.matcher
    real = next(rx for rid, rx, _ in det.matcher._regex if rid == rule.id)
    relaxed = re.compile(relaxed_for_re(m.regex), re.MULTILINE | (0 if m.case_sensitive else re.IGNORECASE))
    back = m.keyword_back if m.keyword_back is not None else engine.MATCH_BACK
    limits = [(collapse(k), m.keyword_backs.get(k, back)) for k in m.keywords]

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.from_regex(relaxed, fullmatch=True))
    def check(generated):
        text = unicodedata.normalize("NFKC", generated)  # what matching sees (Unicode spaces become spaces)
        assume(real.fullmatch(text) is not None)
        low = collapse(text.lower()) + END  # as the prefilter reads it
        assert any(0 <= low.find(k) <= limit for k, limit in limits), (
            f"{rule.id}: no keyword within its limit in the match {text!r}")

    check()
