"""ConText-style modifiers (after medspaCy's ConText): triggers with a direction and a token scope.

A trigger (negation "not", hypothetical "if you want to", own-business "my merch") modifies the signals whose
kind it applies to when they stand within `max_scope` tokens in its direction, in the same sentence or line,
with no terminator ("but", "however", "aber") between them.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from spacy.tokens import Doc

from ..match.engine import Hit
from ..packs.schema import ContextRule

SENTENCE_END = frozenset(".!?…;|•·")
PUNCT_TERMINATORS = frozenset(",;:|/()[]")
_SENTENCE_END_CHARS = "".join(SENTENCE_END)  # a token of only these ends a sentence; so does one holding a line break


_LIST_NUMBER = re.compile(r"(?<=[ \t])[1-9]\d?\)(?=[ \t])")


def list_numbers(text: str) -> list[int]:
    """Where inline list numbers start ("1) loud 2) a nightmare"): one or two digits after a space, then ')' and a
    space, not inside parentheses ("(I own 2) or" holds none). Each item is a sentence of its own, so "Why I quit it:
    1) … 3) $500??" asks only about its last item."""
    if ")" not in text:  # most texts, and nearly every transcript: a scan far faster than the regex's
        return []
    return [m.start() for m in _LIST_NUMBER.finditer(text) if not _in_parentheses(text, m.start())]


def _in_parentheses(text: str, pos: int) -> bool:
    """An unclosed "(" stands before `pos` on its line."""
    line = text.rfind("\n", 0, pos) + 1
    return text.rfind("(", line, pos) > text.rfind(")", line, pos)


@dataclass
class TokenIndex:
    """Token boundaries and sentence/line ids for a doc, for char -> token lookups."""

    starts: list[int]
    ends: list[int]
    sentence: list[int]
    lower: list[str]
    question: dict[int, bool] = field(default_factory=dict)
    first_token: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, text: Optional[str] = None) -> "TokenIndex":
        """One pass over the token arrays; sentence/line ids come from token text (newline or end punctuation).
        `text`: the doc's text when the caller has it (`doc.text` joins every token in Python)."""
        from spacy.attrs import IDX, LENGTH
        starts = doc.to_array(IDX).tolist() if len(doc) else []
        ends = [a + n for a, n in zip(starts, doc.to_array(LENGTH).tolist())] if len(doc) else []
        text = doc.text if text is None else text
        lower, sent, question, first = [], [], {}, {}
        items = frozenset(list_numbers(text))
        sid = 0
        for i, (a, b) in enumerate(zip(starts, ends)):
            tok = text[a:b]
            low = tok.lower()
            if items and a in items and sid in first:  # an inline list number opens a sentence
                sid += 1
            lower.append(low)
            sent.append(sid)
            if sid not in first and low.strip():
                first[sid] = i
            if not tok.strip(_SENTENCE_END_CHARS) or "\n" in tok or "\r" in tok or "\u2028" in tok or "\u2029" in tok:
                if "?" in tok and tok.strip("?") == "":
                    question[sid] = True
                sid += 1
        return cls(starts, ends, sent, lower, question, first)

    def asks_about(self, t0: int, interrogatives: frozenset) -> bool:
        """True when token t0 sits in a question ("wait, is this sponsored??"): its sentence ends with '?' and an
        interrogative word (context pack) or an opening '¿' comes before it in that sentence."""
        if not self.sentence:
            return False
        sid = self.sentence[min(t0, len(self.sentence) - 1)]
        if not self.question.get(sid):
            return False
        return any(self.lower[i] in interrogatives or self.lower[i][:1] == "¿"
                   for i in range(self.first_token.get(sid, t0), t0))

    def sentence_of(self, start: int, end: int) -> int:
        """The sentence (or line) id of the char span's first token; -1 when the index has no tokens."""
        return self.sentence[min(self.token_range(start, end)[0], len(self.sentence) - 1)] if self.sentence else -1

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """First and last+1 token index overlapping the char span [start, end)."""
        if not self.starts:
            return 0, 0
        first = max(bisect_right(self.starts, start) - 1, 0)
        while first < len(self.ends) - 1 and self.ends[first] <= start:
            first += 1
        last = max(bisect_right(self.starts, max(end - 1, start)) - 1, first)
        return first, last + 1


class ContextScopes:
    """Applies context rules to targets."""

    def __init__(self, rules: Sequence[ContextRule], terminators: dict[str, list[str]],
                 interrogatives: Iterable[str] = ()):
        self.rules = {r.id: r for r in rules}
        self.terminators = frozenset(w for words in terminators.values() for w in words)
        self.interrogatives = frozenset(interrogatives)

    def modifiers(self, index: TokenIndex, triggers: Iterable[Hit], target: Hit, kind: str,
                  hashtag: bool = False) -> list[tuple[str, str]]:
        """(category, trigger rule id) of every trigger whose scope covers `target` of signal `kind`.
        Negation never reaches a hashtag: "no filter needed #ad" is a disclosure."""
        t0, t1 = index.token_range(target.start, target.end)
        out: list[tuple[str, str]] = []
        for trig in triggers:
            rule = self.rules.get(trig.rule_id)
            if rule is None or kind not in rule.applies_to or (hashtag and rule.category == "negated"):
                continue
            if rule.direction != "sentence" and trig.start < target.end and target.start < trig.end:
                continue  # the cue itself contains the trigger word ("no extra cost to you")
            g0, g1 = index.token_range(trig.start, trig.end)
            if self._covers(index, rule, g0, g1, t0, t1):
                out.append((rule.category, rule.id))
        return out

    def _covers(self, index: TokenIndex, rule: ContextRule, g0: int, g1: int, t0: int, t1: int) -> bool:
        sent = index.sentence
        if not sent or sent[min(g0, len(sent) - 1)] != sent[min(t0, len(sent) - 1)]:
            return False
        if rule.direction == "sentence":
            return True
        forward = rule.direction in ("forward", "bidirectional") and g1 <= t0 and t0 - g1 <= rule.max_scope
        backward = rule.direction in ("backward", "bidirectional") and t1 <= g0 and g0 - t1 <= rule.max_scope
        if forward:
            return not self._terminated(index, g1, t0)
        if backward:
            return not self._terminated(index, t1, g0)
        return False

    def _terminated(self, index: TokenIndex, a: int, b: int) -> bool:
        return any(index.lower[i] in self.terminators or index.lower[i] in PUNCT_TERMINATORS for i in range(a, b))
