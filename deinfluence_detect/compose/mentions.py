"""Product and brand mentions, the targets deinfluencing evaluates and promotes.

Four sources, all cheap and offline: the brand lexicon (packs; Aho-Corasick on word boundaries, squashed after
# or @), @handles, capitalised name runs (minus the packs' stopwords), and the entities of a trained spaCy
pipeline when the caller passed one (ORG / PRODUCT / a custom BRAND label). Each mention is a `product_mention`
signal whose `value` is its normalised name.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Optional

from ..match.prefilter import Prefilter, trie_pattern
from ..match.urls import extract_links
from .signals import Sig

ENTITY_LABELS = frozenset({"ORG", "PRODUCT", "BRAND", "WORK_OF_ART"})
CONNECTORS = ("de", "of", "la", "le", "du", "&", "and", "by")  # may join the words of one name
HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_][A-Za-z0-9_.]{1,29}[A-Za-z0-9_])")
# A run of capitalised (or camel-case) words: "Charlotte Tilbury Flawless Filter", "iPhone"; a dot only inside a word
# ("L.A."), never ending one: "…am Anfang. Die Lumora…" is two sentences
_NAME_CHARS = r"(?:[\w'’&+-]|\.(?=\w))*"
_NAME_WORD = (rf"(?:(?:St|Dr|Mr|Mrs|Ms|Mt)\.(?=[ \t]+[A-Z])"  # "St. Ives", "Dr. Jart"
              rf"|[A-Z]{_NAME_CHARS}|[a-z]{{1,3}}[A-Z]{_NAME_CHARS})")
_JOIN = "(?:" + "|".join(re.escape(c) for c in CONNECTORS) + ")"
_NAME_RUN = re.compile(rf"(?<![\w@#'’]){_NAME_WORD}(?:[ \t]+(?:{_JOIN}[ \t]+)?{_NAME_WORD})*")
_NAME_TAIL = re.compile(rf"(?:[ \t]+{_NAME_WORD})+")
# A sentence starts after a line break, end punctuation, a bullet or a list number. A lone capitalised word right
# after one (spaces only) is not taken for a name; an evaluation word after one (any non-word run) is not a title word.
SENTENCE_BOUNDARY = r"(?:^|[\n.!?:;•·*\-–—>|\"“(]|\d[.)])"
_STARTS_NAME_SENTENCE = re.compile(SENTENCE_BOUNDARY + r"\s*$")
_SQUASHED = "\x00"  # marks a name's squashed form ("glowrecipe"), which counts only after '#' or '@'
_POSSESSIVE = re.compile(r"s(?!\w)")  # the "s" of "cerave's"


def same_length_lower(text: str) -> str:
    """`text` lower-cased character by character, offsets kept: a character whose lower case is longer ("İ" ->
    "i̇") stays as it is."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(lc if len(lc := ch.lower()) == 1 else ch for ch in text)


def norm_name(text: str) -> str:
    """A comparable form of a name: lower case, letters and digits only ("L'Oréal" -> "loreal")."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


class BrandLexicon:
    """Case-insensitive whole-word lookup of the packs' brand names (the prefilter's Aho-Corasick scan)."""

    def __init__(self, names: Iterable[str], misspelt: Iterable[str] = (), ordinary: Iterable[str] = (),
                 lookalikes: Iterable[str] = ()):
        anchors: dict[str, set[str]] = {}
        names = list(names)
        for name in names:
            low = name.lower()
            anchors.setdefault(low, set()).add(low)
            if "-" in low:  # speech recognition and casual typing drop the hyphen: "oral b", "la roche posay"
                spaced = " ".join(low.replace("-", " ").split())
                anchors.setdefault(spaced, set()).add(spaced)
            squashed = norm_name(name)
            if squashed and squashed != low:
                anchors.setdefault(squashed, set()).add(_SQUASHED)
        self._scan = Prefilter(anchors)
        self._plain = {k for k, v in anchors.items() if v - {_SQUASHED}}
        self._size = len(anchors)
        never = {n.lower() for n in names} | {w.lower() for w in ordinary}
        self._misspelt = {v: name.lower() for name in misspelt if name.isalpha() and len(name) >= MISSPELT_MIN
                          for v in misspelt_forms(name.lower()) if v not in never}
        # a lower-case word hyphenated to a name ("-hype", "-geurstokjes"), but not one that makes it a look-alike
        looks = "|".join(map(re.escape, sorted(lookalikes, key=len, reverse=True)))
        self.lower_compound = re.compile(rf"-(?!(?:{looks})$)[a-zà-öø-ÿ]+" if looks else r"-[a-zà-öø-ÿ]+")

    def __len__(self) -> int:
        return self._size

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of lexicon names in `text`, longest first where they overlap."""
        low = same_length_lower(text)
        hits = []
        for word, starts in self._scan.keyword_positions(low).items():
            for start in starts:
                end = start + len(word)
                before = low[start - 1] if start else " "
                after = low[end] if end < len(low) else " "
                if word in self._plain:  # a whole word ("owalas", "k180" are not), possessive allowed ("cerave's")
                    ok = not before.isalnum() and not after.isalnum() and not (
                        after in "'’" and low[end + 1:end + 2].isalnum() and not _POSSESSIVE.match(low, end + 1))
                else:  # squashed form: only as a tag or handle
                    ok = before in "#@" and not after.isalnum()
                if ok:
                    hits.append((start, end))
        hits.sort(key=lambda h: (h[0], -h[1]))
        out: list[tuple[int, int]] = []
        for h in hits:
            if not out or h[0] >= out[-1][1]:
                out.append(h)
        return out

    def find_misspelt(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of words that are a lexicon name misspelt ("olapex" -> "olaplex")."""
        if not self._misspelt:
            return []
        return [(m.start(), m.end(), name) for m in _WORD.finditer(text)
                if (name := self._misspelt.get(m.group().lower())) is not None]


def lexicon_from_packs(packs) -> BrandLexicon:
    """The brand lexicon of loaded packs (their `lexicons:` entries, misspellings where asked, look-alike suffixes)."""
    lexicons = packs.lexicons
    return BrandLexicon((name for lex in lexicons for name in lex.entries),
                        misspelt=[name for lex in lexicons if lex.misspellings for name in lex.entries],
                        ordinary=[word for lex in lexicons for word in lex.ordinary_words],
                        lookalikes=packs.pairing.lookalike_suffixes)


MISSPELT_MIN = 7  # shorter names have too many ordinary words one letter away
_WORD = re.compile(rf"(?<![\w@#'’.-])[^\W\d_]{{{MISSPELT_MIN - 1},}}(?![\w'’-])")  # a misspelling is one letter short


def misspelt_forms(name: str) -> set[str]:
    """The name with one letter missing, or with two adjacent (different) letters swapped."""
    out = {name[:i] + name[i + 1:] for i in range(len(name))}
    out |= {name[:i] + name[i + 1] + name[i] + name[i + 2:] for i in range(len(name) - 1) if name[i] != name[i + 1]}
    out.discard(name)
    return out


def find_mentions(text: str, lexicon: BrandLexicon, stopwords: frozenset, entities: Iterable = ()) -> list[Sig]:
    """Product mentions in the normalised text, non-overlapping, in order."""
    found: list[tuple[int, int, str, float]] = []
    known: dict[int, int] = {}  # lexicon names by start
    for start, end in lexicon.find(text):
        end = _extend_right(text, end, stopwords)
        found.append((start, end, "DD-DEI-MENTION-LEXICON", 0.85))
        known[start] = end
    misspelt: dict[tuple[int, int], str] = {}
    for start, end, name in lexicon.find_misspelt(text):
        if start not in known:
            found.append((start, end, "DD-DEI-MENTION-LEXICON", 0.7))
            misspelt[(start, end)] = norm_name(name)  # the name it misspells: "olapex" names olaplex
    for m in HANDLE.finditer(text):
        found.append((m.start(), m.end(), "DD-DEI-MENTION-HANDLE", 0.8))
    for m in _NAME_RUN.finditer(text):
        span = _trim_name(text, m.start(), m.end(), stopwords)
        if span is not None and not (span[0] in known
                                     and lexicon.lower_compound.fullmatch(text, known[span[0]], span[1])):
            # "the Olaplex-hype", "Rituals-geurstokjes": the known brand, not a compound word, is the name
            found.append((span[0], span[1], "DD-DEI-MENTION-NAME", 0.6))
    for ent in entities:
        if ent.label_ in ENTITY_LABELS:
            found.append((ent.start_char, ent.end_char, "DD-DEI-MENTION-ENTITY", 0.75))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), -f[3]))
    out: list[Sig] = []
    for start, end, rule, conf in found:
        if (out and start < out[-1].end) or not any(ch.isalpha() for ch in text[start:end]):
            continue
        value = misspelt.get((start, end)) or norm_name(text[start:end].lstrip("@#"))
        out.append(Sig("product_mention", start, end, rule, conf, value=value))
    return out


def sponsor_mentions(text: str, connections: Iterable[Sig], taken: list[tuple[int, int]]) -> list[Sig]:
    """Other mentions of a brand that a connection names ("collaboration commerciale avec rowenta ... le rowenta
    ultimate experience"): the product a sponsor, giver or partner is promoting, even when no lexicon knows it. One
    scan for all the names, however many connections repeat them (a code pasted a thousand times)."""
    named: dict[str, list[tuple[int, int]]] = {}  # a name's connection spans
    for conn in connections:
        name = _brand_word(conn.value or "")
        if len(name) >= 3:
            named.setdefault(name.lower(), []).append((conn.start, conn.end))
    if not named:
        return []
    covered = bytearray(len(text) + 1)  # 1 where a span is taken: an overlap test costs the span, not the spans
    for a, b in taken:
        b = min(b, len(text))
        if a < b:
            covered[a:b] = b"\x01" * (b - a)
    found: list[Sig] = []
    for m in re.finditer(rf"(?<![\w@#])(?:{trie_pattern(named)})(?!\w)", text, re.IGNORECASE):
        span = (m.start(), _extend_right(text, m.end(), frozenset()))
        # the connection's own wording is no mention of it; another connection's naming of the same brand is
        own = named.get(m.group().lower(), ())
        if covered.find(1, *span) != -1 or all(a < span[1] and span[0] < b for a, b in own):
            continue
        found.append(Sig("product_mention", span[0], span[1], "DD-DEI-MENTION-SPONSOR", 0.7,
                         value=norm_name(text[span[0]:span[1]])))
        covered[span[0]:span[1]] = b"\x01" * (span[1] - span[0])
    return found


def _brand_word(value: str) -> str:
    """The name a connection's brand is written with: '@tefal_nl' -> 'tefal', "Burt's" -> "Burt's"."""
    value = value.strip().lstrip("@")
    return re.split(r"[_.]", value, maxsplit=1)[0] if value else ""


def _extend_right(text: str, end: int, stopwords: frozenset) -> int:
    """Extend a lexicon brand over the product words that follow it ("Dyson" -> "Dyson Airwrap")."""
    m = _NAME_TAIL.match(text, end)
    if not m:
        return end
    words = text[end:m.end()].split()
    kept = 0
    for w in words:
        if w.strip(".,").lower() in stopwords:
            break
        kept += 1
    if not kept:
        return end
    return end + len(text[end:m.end()]) - len(" ".join(words[kept:])) - (1 if kept < len(words) else 0)


def _trim_name(text: str, start: int, end: int, stopwords: frozenset) -> Optional[tuple[int, int]]:
    """Drop stopwords at either end of a capitalised run; a lone word at a sentence start is not a name."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while words and (_is_stop(text[words[0][0]:words[0][1]], stopwords) or _lone_letter(text, words)):
        words.pop(0)
    while words and _is_stop(text[words[-1][0]:words[-1][1]], stopwords):
        words.pop()
    if not words:
        return None
    a, b = words[0][0], words[-1][1]
    while b > a and text[b - 1] in ".-'’":
        b -= 1
    token = text[a:b]
    if len(words) == 1:
        if len(token) < 2 or (token.isupper() and len(token) > 4):
            return None  # emphasis ("NEVER"), not a brand
        if _STARTS_NAME_SENTENCE.search(text[max(0, a - 12):a]):
            return None
    return (a, b) if b > a else None


def _lone_letter(text: str, words: list[tuple[int, int]]) -> bool:
    """A single letter before a connector opens no name ("vitamine C de Drunk Elephant")."""
    return (len(words) > 1 and words[0][1] - words[0][0] == 1
            and text[words[1][0]:words[1][1]].lower() in CONNECTORS)


def _is_stop(word: str, stopwords: frozenset) -> bool:
    w = word.strip(".,!?:;'’\"")
    return not w or w.lower() in stopwords or w.lower() in CONNECTORS


def with_product_mentions(sigs: list[Sig], text: str, lexicon: BrandLexicon, stopwords: frozenset,
                          entities: Iterable = ()) -> list[Sig]:
    """The signals with the text's product mentions: the mention finder's (handles, lexicon brands, names, a trained
    pipeline's entities) and the sponsors connections name; pack rules' mentions give way to them where they meet."""
    # a code, a link or a disclosure's wording is not a product ("As an Amazon Associate"); a handle is a brand
    taken = [(s.start, s.end) for s in sigs if s.kind in ("discount_code", "affiliate_link", "unverified_link",
                                                          "disclosure")]
    taken += [(link.start, link.end) for link in extract_links(text)]
    mentions = [m for m in find_mentions(text, lexicon, stopwords, entities)
                if m.rule_id == "DD-DEI-MENTION-HANDLE" or not any(a < m.end and m.start < b for a, b in taken)]
    sigs = [_normalised_mention(s, text) if s.kind == "product_mention" else s for s in sigs]
    # a lone capitalised word inside a product a pack rule found by sentence shape is part of that product
    # ("the factory Tesla all-weather mats are flimsy"), unless that product gives way to another mention
    # ("skip the airwrap grab Lumora": the lexicon's "airwrap" wins, and "Lumora" stays a name)
    def lone_in(m: Sig, s: Sig) -> bool:
        return (m.rule_id == "DD-DEI-MENTION-NAME" and " " not in text[m.start:m.end]
                and s.start <= m.start and m.end <= s.end)
    shaped = [s for s in sigs if s.kind == "product_mention" and not any(
        m.start < s.end and s.start < m.end and not lone_in(m, s) for m in mentions)]
    mentions = [m for m in mentions if not any(lone_in(m, s) for s in shaped)]
    mentions += sponsor_mentions(text, [s for s in sigs if s.is_connection and s.value],
                                 taken + [(m.start, m.end) for m in mentions])
    sigs = [s for s in sigs  # pack rules' mentions give way to the mention finder's
            if s.kind != "product_mention" or not any(m.start < s.end and s.start < m.end for m in mentions)]
    return sorted(sigs + mentions, key=lambda s: (s.start, s.end, s.kind))


def _normalised_mention(sig: Sig, text: str) -> Sig:
    """A product mention from a pack rule: its span narrowed to the product it names ("don't buy the purple mattress"
    -> "purple mattress"), its value in the comparable form the mention finder gives."""
    value = sig.value or ""
    at = text.rfind(value, sig.start, sig.end) if value else -1
    if at >= 0:
        sig = replace(sig, start=at, end=at + len(value))
    return replace(sig, value=norm_name(value))
