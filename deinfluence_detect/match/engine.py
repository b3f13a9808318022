"""One rule type, three matchers (medspaCy style): phrases -> PhraseMatcher, tokens -> Matcher, regex -> ``regex``."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional, Sequence, Union

import regex
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from ..errors import PackError
from ..packs.loader import compile_regex
from ..packs.schema import ContextRule, CueRule
from .prefilter import END, Prefilter, collapse, spans_around, windows_around  # noqa: F401 (re-exported)
from .urls import LinkClassifier, extract_links

log = logging.getLogger(__name__)

# Regex rules run only in windows around their keywords (every match contains one, schema-enforced by examples):
WINDOWED_MIN = 600   # texts longer than this (in characters) are matched in windows; shorter ones whole
MATCH_BACK = 120     # a match starts at most this far before the first keyword it contains (rules may say less)
MEDIA = ("written", "spoken")
REGEX_TIMEOUT_S = 1.0  # per rule per text: bounds pathological input; pack regexes are written to be linear
Rule = Union[CueRule, ContextRule]


@dataclass(frozen=True)
class Hit:
    """A rule match in the normalised text: character span and optional extracted value."""

    rule_id: str
    start: int
    end: int
    value: Optional[str] = None


class RuleMatcher:
    """Compiles every rule once; `match(doc)` returns hits from all three matcher kinds."""

    def __init__(self, nlp: Language, rules: Sequence[Rule], origin: dict[str, str], redirects: Sequence = (),
                 resolver=None):
        self.rules = {r.id: r for r in rules}
        self.resolver = resolver
        self.links = LinkClassifier([r for r in rules if r.matcher.url is not None], redirects, origin)
        self._phrase = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._case_phrase = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._tokens = Matcher(nlp.vocab, validate=True)
        self._regex: list[tuple[str, regex.Pattern, Optional[str]]] = []
        anchors: dict[str, set[str]] = {}
        for rule in rules:
            m = rule.matcher
            file = origin.get(rule.id, "?")
            if m.phrases is not None:
                docs = list(nlp.tokenizer.pipe(m.phrases))
                (self._case_phrase if m.case_sensitive else self._phrase).add(rule.id, docs)
                for d in docs:
                    if len(d) == 0:
                        raise PackError("empty phrase", file=file, rule=rule.id)
                    if isinstance(rule, CueRule):  # a context phrase ("not") matters only beside a cue's hit
                        anchors.setdefault(max((t.lower_ for t in d), key=len), set()).add(rule.id)
            elif m.tokens is not None:
                try:
                    self._tokens.add(rule.id, m.tokens)
                except Exception as exc:  # spaCy raises ValueError/MatchPatternError with details
                    raise PackError(f"invalid token pattern: {exc}", file=file, rule=rule.id) from None
            elif m.regex is not None:
                rx = compile_regex(m.regex, case_sensitive=m.case_sensitive, file=file, rule=rule.id)
                self._regex.append((rule.id, rx, m.value_group))
            for kw in m.keywords or ():
                anchors.setdefault(kw, set()).add(rule.id)
        backs = {r.id: r.matcher.keyword_back for r in rules if r.matcher.keyword_back is not None}
        keyword_backs = {(r.id, k): v for r in rules for k, v in r.matcher.keyword_backs.items()}
        self.prefilter = Prefilter(anchors, backs=backs, default_back=MATCH_BACK,
                                   keyword_backs=keyword_backs)  # every rule
        # one automaton per medium: written text never wakes spoken-only rules (".com" in "dot com"-style reads)
        media = {r.id: getattr(r, "media", MEDIA) for r in rules}  # context rules run in both
        self._by_medium = {}
        for medium in MEDIA:
            kept = {k: {rid for rid in rids if medium in media[rid]} for k, rids in anchors.items()}
            self._by_medium[medium] = Prefilter({k: rids for k, rids in kept.items() if rids}, backs=backs,
                                                default_back=MATCH_BACK, keyword_backs=keyword_backs)
        self.doc_rules = {rid for rid, r in self.rules.items() if r.matcher.kind in ("phrases", "tokens")}
        self._gated = {rid for rid, r in self.rules.items() if r.matcher.kind == "tokens"}
        self._requires = {rid: r.matcher.requires for rid, r in self.rules.items() if r.matcher.requires}

    def scan(self, text: str, medium: Optional[str] = None
             ) -> tuple[set[str], Optional[dict[str, list[tuple[int, int]]]]]:
        """The rules one of whose keywords occurs in `text`, and (for texts long enough for keyword windows) the
        offsets of those keywords by rule, to pass to `match_text`: one automaton pass for both. With a `medium`
        ("written" / "spoken"), only the rules that run in it."""
        prefilter = self.prefilter if medium is None else self._by_medium[medium]
        lowered = text.lower()
        if len(text) > WINDOWED_MIN and len(lowered) == len(text):  # lower() kept offsets (not always: "İ")
            positions = prefilter.rule_positions(lowered)
            return set(positions), positions
        return prefilter.active_rules(lowered), None

    def match_links(self, text: str) -> list[Hit]:
        """url rules over every link in the text (redirectors unwrapped); value = the URL that matched.
        With a resolver (opt-in, network), links it accepts are followed and every hop is classified too."""
        if not self.links:
            return []
        hits = []
        links = extract_links(text)
        chains: dict[str, list[str]] = {}
        if self.resolver is not None:
            wanted = self.resolver.should_resolve or self._is_unverified
            chains = self.resolver.chains([link.url for link in links if wanted(link.url)])
        for link in links:
            found = [Hit(rid, link.start, link.end, url) for rid, url in self.links.matches(link.url)]
            if link.url in chains:
                resolved = [Hit(rid, link.start, link.end, url) for hop in chains[link.url]
                            for rid, url in self.links.matches(hop)]
                if any(self.rules[h.rule_id].signal == "affiliate_link" for h in resolved):
                    found = [h for h in found if self.rules[h.rule_id].signal != "unverified_link"] + resolved
            hits.extend(found)
        return hits

    def _is_unverified(self, url: str) -> bool:
        return any(self.rules[rid].signal == "unverified_link" for rid, _ in self.links.matches(url))

    def match_text(self, text: str, active: set[str], within: Optional[list[tuple[int, int]]] = None,
                   positions: Optional[dict[str, list[tuple[int, int]]]] = None) -> tuple[list[Hit], list[str]]:
        """Regex rules in `active`, over the normalised text (no Doc needed). Returns hits and warnings.

        On texts longer than WINDOWED_MIN each rule runs only in windows around its own keywords (see
        `keyword_windows`), so the cost follows the cues, not the length of the text; the hits are the ones the
        whole text gives. `within` (sorted, disjoint spans) limits every rule further, e.g. later-pass rules to the
        neighbourhood of what enabled them. `positions`: keyword offsets from `scan` (found again when not given)."""
        hits: list[Hit] = []
        warnings: list[str] = []
        if positions is None and len(text) > WINDOWED_MIN:
            positions = self.scan(text)[1]
        positions = positions or {}
        spans = within if within is not None else [(0, len(text))]
        lowered_full = None
        for rid, rx, group in self._regex:
            if rid not in active:
                continue
            requires = self._requires.get(rid)
            if requires:
                lowered_full = lowered_full if lowered_full is not None else collapse(text.lower()) + END
                if not all(any(k in lowered_full for k in g) for g in requires):
                    continue
            try:
                if rid in positions:
                    found = _search_windows(rx, text, keyword_windows(positions[rid], spans))
                else:
                    found = [m for a, b in spans for m in rx.finditer(text, a, b, timeout=REGEX_TIMEOUT_S)]
                hits.extend(Hit(rid, m.start(), m.end(), m.group(group) if group else None)
                            for m in found if m.end() > m.start())
            except TimeoutError:
                warnings.append(f"rule {rid}: regex timed out after {REGEX_TIMEOUT_S}s; its matches were skipped")
                log.warning("rule %s timed out", rid)
        return hits, warnings

    def match_doc(self, doc: Doc, active: set[str]) -> list[Hit]:
        """Phrase rules (always; the PhraseMatcher is one pass) and token rules in `active`, over a Doc."""
        hits: list[Hit] = []
        vocab = doc.vocab
        for matcher in (self._phrase, self._case_phrase):
            if len(matcher):
                for key, s, e in matcher(doc):
                    span = doc[s:e]
                    hits.append(Hit(vocab.strings[key], span.start_char, span.end_char))
        if len(self._tokens) and active & self._gated:
            for key, s, e in self._tokens(doc):
                rid = vocab.strings[key]
                if rid in active:
                    span = doc[s:e]
                    hits.append(Hit(rid, span.start_char, span.end_char))
        return hits

    def match(self, doc: Doc, active: Optional[set[str]] = None) -> tuple[list[Hit], list[str]]:
        """All hits of all rule kinds in `doc` (normalised text), sorted; for tests and the spaCy component."""
        if active is None:
            active = self.scan(doc.text)[0]
        hits, warnings = self.match_text(doc.text, active)
        hits += self.match_links(doc.text) + self.match_doc(doc, active)
        hits.sort(key=lambda h: (h.start, -h.end, h.rule_id))
        return hits, warnings


def keyword_windows(positions: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Where a rule's matches can start: for its (first, keyword) offsets from `Prefilter.rule_positions`, windows
    (first, last, span_end) inside the sorted, disjoint `spans`: a match starts in [first, last] (no earlier than its
    keyword allows, no later than the keyword) and may run on to the end of its span."""
    raw: list[tuple[int, int, int]] = []
    i = 0
    for first, pos in positions:
        while i < len(spans) and spans[i][1] <= pos:
            i += 1
        if i == len(spans):
            break
        lo, hi = spans[i]
        if pos >= lo:
            raw.append((max(lo, first), pos, hi))
    # keywords with limits of their own can reach back past earlier windows: order by start, merge what touches
    out: list[tuple[int, int, int]] = []
    for first, last, hi in sorted(raw):
        if out and out[-1][2] == hi and out[-1][1] + 1 >= first:  # same span, touching: one window
            out[-1] = (out[-1][0], max(out[-1][1], last), hi)
        else:
            out.append((first, last, hi))
    return out


def _search_windows(rx: "regex.Pattern", text: str, windows: list[tuple[int, int, int]]) -> list["regex.Match"]:
    """The matches `rx.finditer` gives over the whole spans, trying only the windows' start positions.

    A search cut at `last + 1` with partial matching stops wherever the text beyond the cut could matter, so it
    finds every start position a whole-text search could match at (and some more); each candidate is then matched,
    anchored, against the whole span, which gives exactly the whole-text match there (or none)."""
    found = []
    cursor = 0
    for first, last, span_end in windows:
        pos = max(first, cursor)
        if pos == last:  # one start position (a keyword whose matches open with it): one anchored match
            m = rx.match(text, pos, span_end, timeout=REGEX_TIMEOUT_S)
            if m is not None and m.end() > pos:
                found.append(m)
                cursor = m.end()
            continue
        while pos <= last:
            cand = rx.search(text, pos, last + 1, partial=True, timeout=REGEX_TIMEOUT_S)
            if cand is None or cand.start() > last:
                break
            start = cand.start()
            m = rx.match(text, start, span_end, timeout=REGEX_TIMEOUT_S)
            if m is None or m.end() == start:
                pos = start + 1
                continue
            found.append(m)
            cursor = pos = m.end()
    return found
