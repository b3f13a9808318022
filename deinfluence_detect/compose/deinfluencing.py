"""Deinfluencing checks: a bashed product paired with a commercially tied alternative, and deinfluencing framing around
an undisclosed commercial tie.

Evaluations attach to the nearest product mention in their sentence (a list line counts as a sentence); negated,
reported or asked evaluations attach to nothing (their context says why). A commercial connection pairs with an
alternative when a mention that is not the bashed target, or a recommendation cue, stands near it (same sentence or
within `near` characters), or when the mention's name appears in the link or the code. Sponsorships and gifts also
need a recommendation cue near them, or a product of their brand named with them or after the criticism, so a
sponsor read for an unrelated product beside criticism does not pair. In a text that shows no tie (a disclosure alone
shows none) and no "not sponsored" claim, a pointer to a link it does not show ("link in bio", "linked below") is the tie, for pairing and
for promotion alike, judged as an affiliate link: it needs a recommendation near it and no own business beside it.
The severity follows the disclosure of the paired connection: the packs give one rule per disclosure state. The
distances (`near`, `reach`, `spoken_reach`, `back`, `rec_scope`, `orphan_line`) are pack data: `pairing` in
patterns/deinfluencing/framing.yaml.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from ..context.context import list_numbers
from ..packs.schema import PairingSettings
from .checks import Situation, check
from .lists import EMOJI, EMOJI_JOIN, after_swap, emoji_headline, list_heads, swap_marks, word_after
from .mentions import SENTENCE_BOUNDARY, norm_name
from .signals import Sig

DEFAULT_PAIRING = PairingSettings()  # a Situation built without packs
ASSERTIVE = ("negated", "reported", "hypothetical")  # context prefixes that make an evaluation not the creator's own
NEEDS_RECOMMENDATION = frozenset({"sponsorship", "gifted", "brand_partner", "giveaway"})
MODEL_RULE = "DD-DEI-EVAL-MODEL"  # evaluations of the judgement model (compose/judgement_model.py)
POINTER = "link_pointer"  # a link the text points to but does not show: disclosed (or not) as an affiliate link
# a line break, end punctuation, or an emoji after words and before a capitalised word ("non merci 🙅 Celui de
# Garnier"; not a list mark opening its line: "❌ AG1")
_SENTENCE_END = re.compile(rf"\n|(?<![.!?…])[.!?…]+(?=\s|$)"  # a run of end marks taken once, from its start
                           rf"|(?<=\S[ \t])[{EMOJI}][{EMOJI_JOIN}{EMOJI}]*(?=[ \t]+[A-ZÀ-ÖØ-Þ¿¡])")


@dataclass
class Pairing:
    """One deinfluencing pairing: what was bashed, what is promoted, and the commercial tie."""

    evaluation: Sig
    target: Sig
    alternative: Optional[Sig]
    recommendation: Optional[Sig]
    connection: Sig


@lru_cache(maxsize=16)
def sentence_ids(text: str) -> tuple[int, ...]:
    """Sentence boundaries as sorted end offsets (lines, sentence punctuation, inline list numbers); the checks of one
    text share them."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    items = list_numbers(text)
    return (*(sorted({*ends, *items}) if items else ends), len(text) + 1)


def _sid(bounds: tuple[int, ...], pos: int) -> int:
    return bisect_right(bounds, pos)


def own_view(sig: Sig) -> bool:
    """The creator's own statement: not negated, reported or asked."""
    return not any(c.split(":", 1)[0] in ASSERTIVE for c in sig.context)


def _named(m: Sig) -> bool:
    return bool(m.value) and len(m.value) >= 2


STRONG_MENTIONS = frozenset({"DD-DEI-MENTION-LEXICON", "DD-DEI-MENTION-HANDLE", "DD-DEI-MENTION-ENTITY"})


def _strong(m: Sig, text: str, cfg: PairingSettings) -> bool:
    """A product that can be a bashed target: a known brand, a handle, an entity, a mention of the pairing's
    `target_rules`, a multi-word name that is not shouted, or one capitalised word owned by a lower-case determiner
    (`owners`: "my Fossil wallet", "this Gaiam mat"); a lone capitalised word elsewhere is too often a title word."""
    if m.rule_id in STRONG_MENTIONS or m.rule_id in cfg.target_rules:
        return True
    words = text[m.start:m.end].split()
    if len(words) == 1:
        before = max(0, m.start - 12)
        return (m.rule_id == "DD-DEI-MENTION-NAME" and not words[0].isupper()
                and (bool(_owned_by(tuple(cfg.owners), False).search(text, before, m.start))
                     or ("-" in words[0] and bool(_owned_by(tuple(cfg.compound_owners), True).search(
                         text, before, m.start)))))
    return sum(w.isupper() for w in words) * 2 < len(words)


@lru_cache(maxsize=8)
def _owned_by(words: tuple[str, ...], any_case: bool) -> re.Pattern:
    """One of `words` (lower case, or `any_case`) ending the text before a name, as a whole word."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)"
    return re.compile(rf"(?<![\w'’])(?:{alternatives})[ \t]+$", re.I if any_case else 0)


def _title_word(ev: Sig, text: str) -> bool:
    """A one-word evaluation written as a title word mid-sentence ("Fixing a Leak", "Flip Flop") is part of a name;
    so is a Title Case one that a capitalised word other than a function word follows ("Music by Really Slow Motion",
    "Liquitex Gloss Super Heavy Gel"; not "Why It Is A Waste Of Money" or "Overhyped And Overpriced")."""
    word = text[ev.start:ev.end].strip()
    if not word[:1].isupper():
        return False
    if " " in word:
        return all(w[:1].isupper() and not w.isupper() for w in word.split()) \
            and bool(_NAME_GOES_ON.match(text, ev.end))
    before = text[max(0, ev.start - 12):ev.start]
    return not _STARTS_SENTENCE.search(before)


_STARTS_SENTENCE = re.compile(SENTENCE_BOUNDARY + r"[^\w]*$")
_NAME_GOES_ON = re.compile(r"[ \t]+(?!(?:And|Or|But|For|The|A|An|Of|To|In|On|With|Is|Are|Was|Were|At|By|From|So|If|Vs|"
                           r"I|It|This|That|Than|Then|Not|No)\b)[A-Z][a-z]")


def _sold_on_its_line(m: Sig, ties: list[Sig], text: str, cfg: PairingSettings) -> bool:
    """A product a mark before it judges that carries its own tie on its line, before any swap mark, is an item on
    sale with a decorative bullet ("✘ Music Maker: amzn.to/…", ">> Click to Buy << Prom Dress … #Affiliate"), not a
    target."""
    end = text.find("\n", m.end)
    end = len(text) if end < 0 else end
    swap = swap_marks(tuple(cfg.swap_marks)).search(text, m.end, end)
    return any(m.end <= t.start < (swap.start() if swap else end) for t in ties)


# an evaluation ending on a verb whose object is the thing evaluated: "stop buying", "deinfluencing my"
_OBJECT_VERB = re.compile(r"\b(?:buy|buying|purchase|purchasing|skip|deinfluenc\w*|(?:spend|waste)\w*(?:\s+\S+)?\s+on)"
                          r"(?:\s+(?:my|the|this|that|these|those|your))?$", re.IGNORECASE)
_OWN_OBJECT = re.compile(r"\W*(?:it|them|this|that)\b[ \t]*(?:[.!?,;…]|$)", re.IGNORECASE)  # "Don't buy it."
_PRONOUN = re.compile(r"\W*(?:it|them|this|that|these|those|one|ones|him|her)\b", re.IGNORECASE)


def _states_object(ev: Sig, text: str, sentence_end: int) -> bool:
    """An evaluation that names its own object in its sentence ("stop buying 9 things", "deinfluencing my routine"):
    with no product there, it is about that object, not about a product named in an earlier sentence (a pronoun,
    "I'd skip them", still points back)."""
    rest = text[ev.end:sentence_end]
    return (bool(_OBJECT_VERB.search(text, ev.start, ev.end)) and any(ch.isalpha() for ch in rest)
            and not _PRONOUN.match(rest))


def settings(sit: Situation) -> PairingSettings:
    """The pairing distances of the packs that built the Situation."""
    return sit.pairing or DEFAULT_PAIRING


def bashed_targets(sit: Situation) -> list[tuple[Sig, Sig]]:
    """(evaluation, target mention) for each own negative evaluation with a named product in its sentence."""
    if not any(s.kind == "negative_evaluation" for s in sit.signals) or not any(
            s.kind == "product_mention" for s in sit.signals):
        return []  # before the sentence bounds of a long transcript are found
    cfg = settings(sit)
    bounds = sentence_ids(sit.text)
    recs: dict[int, list[Sig]] = {}
    for r in sit.signals:
        if r.kind == "recommendation" and own_view(r):
            recs.setdefault(_sid(bounds, r.start), []).append(r)
    compared = word_after(r"[ \t]+", tuple(cfg.comparatives))  # "miles ahead of X": X is what it beats
    by_sid: dict[int, list[Sig]] = {}  # the strong mentions by sentence, not named just after a recommendation
    for m in sit.signals:
        if m.kind == "product_mention" and _named(m) and _strong(m, sit.text, cfg):
            sid = _sid(bounds, m.start)
            if not any(0 <= m.start - r.end <= cfg.rec_scope and not compared.match(sit.text, r.end)
                       for r in recs.get(sid, ())):
                by_sid.setdefault(sid, []).append(m)
    by_end = sorted((m for ms in by_sid.values() for m in ms), key=lambda m: m.end)
    ties = sit.connections()
    ends = [m.end for m in by_end]
    spoken = sit.spoken
    out = []
    for ev in sit.signals:
        if ev.kind != "negative_evaluation" or ev.rule_id == MODEL_RULE or not own_view(ev) \
                or _title_word(ev, sit.text):
            continue
        sid = _sid(bounds, ev.start)
        here = by_sid.get(sid, [])
        if not any(ch.isalpha() for ch in sit.text[ev.start:ev.end]):
            # "❌ AG1": a mark names what follows it; "Dyson Airwrap 👎 Shark 👍": what it closes (unless marks lead
            # their names: "👍 Shark 👎 Dyson")
            same = ([m for m in here if 0 <= ev.start - m.end <= 3 and not _MARK_BEFORE.search(sit.text, 0, m.start)]
                    or [m for m in here if 0 <= m.start - ev.end <= 40])
            target = (same[-1] if same[-1].end <= ev.start else same[0]) if same else None
            if target is not None and not (ev.end <= target.start and _sold_on_its_line(target, ties, sit.text, cfg)):
                out.append((ev, target))
            continue
        same = [m for m in here if not (m.start < ev.end and ev.start < m.end)] or [
            m for m in here if ev.start < m.start and m.end < ev.end]  # "Hört auf, euch den Oral-B iO zu kaufen"
        if not same and not _OWN_OBJECT.match(sit.text, ev.end, bounds[sid]):
            heads = list_heads(sit.text, bounds, sid, by_sid, recs, ties, cfg)
            if heads:  # "things i'm deinfluencing 🧵 1) the Rare Beauty blush 2) …": the header judges every item
                out.extend((ev, m) for m in heads)
                sit.memo.setdefault("listed", set()).update((ev.start, m.start) for m in heads)
                continue
        if not same and emoji_headline(sit.text, bounds, sid):
            # "Not worth the hype 🙄 Drunk Elephant Protini.": the emoji stands for a colon
            same = [m for m in by_sid.get(sid + 1, ()) if m.start - bounds[sid] <= 16]
        if not same and not _states_object(ev, sit.text, bounds[sid]):
            # "the Stanley lost. It leaked" (spoken sentences also run across caption lines)
            lo = bisect_left(ends, ev.start - (cfg.near if spoken else cfg.back))
            same = by_end[lo:bisect_right(ends, ev.start)]
        if same:
            target = min(same, key=lambda m: (m.start > ev.start, abs(m.start - ev.start)))
            out.append((ev, target))
    return out


_MARK_BEFORE = re.compile(r"[❌🚫👎✗✘✅✔✓☑👍][\ufe0f]?[ \t]{0,2}$")


def _names_brand(name: str, brand: str, suffixes: frozenset) -> bool:
    """A mention's name names a connection's brand: inside it ("airwrap" in "dysonairwrap"), or a handle that is the
    brand (four letters or more) plus a pack `handle_suffixes` word ("owalalife" for "#OwalaPartner")."""
    return len(name) >= 3 and (name in brand or (len(brand) >= 4 and name.startswith(brand)
                                                 and name[len(brand):] in suffixes))


def _name_in_connection(m: Sig, conn: Sig, text: str, suffixes: frozenset) -> bool:
    return _names_brand(m.value or "", norm_name(conn.value or text[conn.start:conn.end]), suffixes)


def pairings(sit: Situation) -> list[Pairing]:
    """Every bashed target whose alternative carries a commercial connection. When the rules' evaluations pair
    nothing, the judgement model's are tried (compose/judgement_model.py); a sponsorship or gift paired through one
    needs a recommendation beside it."""
    bashed = bashed_targets(sit)
    found = _pair(sit, bashed)
    judged = _judged_targets(sit)
    if found or not judged:
        return found
    return [p for p in _pair(sit, bashed + judged)
            if p.connection.kind not in NEEDS_RECOMMENDATION or p.recommendation is not None]


def _judged_targets(sit: Situation) -> list[tuple[Sig, Sig]]:
    """(model evaluation, the mention it judged): the first mention of its value inside its sentence."""
    out = []
    for ev in sit.signals:
        if ev.rule_id == MODEL_RULE and own_view(ev):
            m = next((m for m in sit.signals if m.kind == "product_mention" and m.value == ev.value
                      and ev.start <= m.start < ev.end), None)
            if m is not None:
                out.append((ev, m))
    return out


def _pair(sit: Situation, bashed: list[tuple[Sig, Sig]]) -> list[Pairing]:
    if not bashed:
        return []
    cfg = settings(sit)
    suffixes = frozenset(cfg.handle_suffixes)
    bounds = sentence_ids(sit.text)
    bashed_names = {t.value for _, t in bashed}
    mentions = [s for s in sit.signals if s.kind == "product_mention" and _named(s)]
    others = [m for m in mentions if m.value not in bashed_names and not _shares_brand(m, bashed_names)]
    recs = [s for s in sit.signals if s.kind == "recommendation" and own_view(s)]
    out: list[Pairing] = []
    ties = sit.connections()
    reach = _reach(sit)
    listed = sit.memo.get("listed", set())
    for conn in ties + _promoting_pointers(sit):
        own_brand = _tie_brand(conn) if conn.kind in NEEDS_RECOMMENDATION else None
        # the sponsor (or giver) itself is no competitor: "sponsored by google play ... google play, my disappointment"
        near = [ev_t for ev_t in bashed if abs(ev_t[0].start - conn.start) <= reach
                and not (own_brand is not None and own_brand in (ev_t[1].value, _first_word(ev_t[1], sit.text)))]
        if not near:
            continue
        csid = _sid(bounds, conn.start)
        if own_brand is not None and any(_first_word(t, sit.text) == own_brand for _, t in bashed):
            own_brand = None
        close = lambda s: _beside(s, conn, bounds, cfg.near)  # noqa: E731
        # the alternative: a product near the tie, or named by it; a sponsor's or giver's own product may stand
        # anywhere ("sponsored by owala" ... "the Owala FreeSip"), unless a bashed product is the brand's too
        alts = [m for m in others if close(m) or _name_in_connection(m, conn, sit.text, suffixes)
                or (own_brand is not None and _first_word(m, sit.text) == own_brand)]
        by_gap = sorted(recs, key=lambda r: _gap(r, conn))
        rec = next((r for r in by_gap if close(r)), None)
        target_sids = {_sid(bounds, t.start) for _, t in near}
        first_bashing = min(ev.start for ev, _ in near)
        if conn.kind in NEEDS_RECOMMENDATION and rec is None and not any(
                _same_brand(m, conn, sit.text, suffixes) and _sid(bounds, m.start) not in target_sids
                and (_sid(bounds, m.start) == csid or m.start > first_bashing) for m in alts):
            # a sponsor read for something else beside criticism is not a pairing: the brand's product must be named
            # with the tie ("Dyson sent me the Airwrap") or after the criticism, not in a read before it; nor is
            # criticising the sponsor's (or giver's) own product, named in the same sentence as the brand
            continue
        if (not alts and rec is None and conn.kind not in NEEDS_RECOMMENDATION
                and _orphan(conn, sit.text, mentions, cfg.orphan_line)):
            # a tie on a line of its own ("GLOWMAYA = 20%" under the hashtags): it promotes what the text recommends
            rec = next((r for r in by_gap if _gap(r, conn) <= reach), None)
            if rec is not None:
                rsid = _sid(bounds, rec.start)
                alts = [m for m in others if 0 <= m.start - rec.end <= cfg.rec_scope and _sid(bounds, m.start) == rsid]
        if not alts and rec is None:
            continue
        if (rec is None and all((ev.start, t.start) in listed for ev, t in near)
                and not after_swap(conn, sit.text, tuple(cfg.swap_marks))):
            continue  # a list's products, judged by its header, and a tie nothing recommends ("best purchase: X, link")
        alt = min(alts, key=lambda m: _gap(m, conn)) if alts else None
        ev, target = min(near, key=lambda et: abs(et[0].start - conn.start))
        out.append(Pairing(ev, target, alt, rec, conn))
    return out


def _reach(sit: Situation) -> int:
    """How far a bashing or framing pairs with a tie: `spoken_reach` in transcripts and podcasts, else `reach`."""
    cfg = settings(sit)
    return cfg.spoken_reach if sit.spoken else cfg.reach


def _promoting_pointers(sit: Situation) -> list[Sig]:
    """Link pointers that stand in for a link the text does not show ("link in my bio"), for pairing and promotion:
    only where no tie is shown (else the link is likely that tie's; a disclosure alone, "Anzeige", shows none) and the
    post is not called unpaid, with a recommendation beside them (what they promote) and no own business beside
    either."""
    pointers = [s for s in sit.signals if s.kind == POINTER and own_view(s)]
    if not pointers or any("implied_by_disclosure" not in t.context for t in sit.connections()) \
            or any(s.kind == "negated_sponsorship" for s in sit.signals):
        return []
    near, bounds = settings(sit).near, sentence_ids(sit.text)
    recs = [s for s in sit.signals if s.kind == "recommendation" and own_view(s)]
    own = [s for s in sit.signals if s.kind == "own_business"]
    close = lambda a, b: _beside(a, b, bounds, near)  # noqa: E731
    # what is recommended beside the pointer, not the creator's own business (beside either)
    return [p for p in pointers if not any(close(o, p) for o in own)
            and any(close(r, p) and not any(close(o, r) for o in own) for r in recs)]


def _tie_coverage(sit: Situation, tie: Sig) -> str:
    """The disclosure state of a tie; a link pointer's is an affiliate link's."""
    return sit.coverage(replace(tie, kind="affiliate_link") if tie.kind == POINTER else tie)


def _orphan(conn: Sig, text: str, mentions: list[Sig], longest: int) -> bool:
    """A tie on a line of its own, at most `longest` characters, that names no product."""
    start = text.rfind("\n", 0, conn.start) + 1
    end = text.find("\n", conn.end)
    end = len(text) if end < 0 else end
    return end - start <= longest and not any(start <= m.start < end for m in mentions)


def _same_brand(m: Sig, conn: Sig, text: str, suffixes: frozenset) -> bool:
    """The mention's first word names the connection's brand ("Shark FlexStyle" / "paid partnership with @sharkbeauty")."""
    return _names_brand(_first_word(m, text), norm_name(conn.value or text[conn.start:conn.end]), suffixes)


def _tie_brand(conn: Sig) -> Optional[str]:
    """The brand a sponsorship or gift names ("@chipolo" -> "chipolo"), in the comparable form; None if it names none."""
    brand = norm_name(conn.value or "")
    return brand if len(brand) >= 3 else None


def _first_word(m: Sig, text: str) -> str:
    """The mention's first word in the comparable form ("@Owala FreeSip" -> "owala")."""
    words = text[m.start:m.end].split()
    return norm_name(words[0]) if words else ""


def _beside(a: Sig, b: Sig, bounds: tuple[int, ...], near: int) -> bool:
    """In one sentence, or at most `near` characters apart."""
    return _sid(bounds, a.start) == _sid(bounds, b.start) or _gap(a, b) <= near


def _gap(a: Sig, b: Sig) -> int:
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def _shares_brand(m: Sig, names: set) -> bool:
    """The mention names a bashed product again, in part ("#airwrap" after "the Dyson Airwrap", "Dyson" before it)."""
    return any(n and (m.value.startswith(n) or n.startswith(m.value) or (len(m.value) >= 4 and m.value in n))
               for n in names)


def _role(sig: Sig, role: str) -> Sig:
    return replace(sig, context=sorted(set(sig.context) | {f"role:{role}"}))


def _bashing_groups(sit: Situation, state: str) -> list[list[Sig]]:
    """One evidence group per bashed product whose pairing's connection is disclosed at `state`."""
    if "pairings" not in sit.memo:  # the three bashing checks share one pairing pass
        sit.memo["pairings"] = pairings(sit)
    groups: dict[str, list[Sig]] = {}
    for p in sit.memo["pairings"]:
        if _tie_coverage(sit, p.connection) != state:
            continue
        group = groups.setdefault(p.target.value, [_role(p.target, "bashed"), _role(p.evaluation, "evaluation")])
        extra = ([_role(p.alternative, "promoted")] if p.alternative else []) + \
                ([_role(p.recommendation, "recommendation")] if p.recommendation else []) + [p.connection]
        for sig in extra:  # one finding per bashed product: its alternatives and ties gather as evidence
            if not any(g.start == sig.start and g.kind == sig.kind for g in group):
                group.append(sig)
    for group in groups.values():
        group.extend(d for d in sit.disclosures if d not in group)
    return list(groups.values())


def _promotion_groups(sit: Situation, state: str) -> list[list[Sig]]:
    """Deinfluencing framing beside the connections disclosed at `state` (one group)."""
    framing = [s for s in sit.signals if s.kind == "deinfluencing" and own_view(s)]
    if not framing:
        return []
    reach = _reach(sit)
    conns = [c for c in [*(s for s in sit.signals if s.is_connection), *_promoting_pointers(sit)]
             if _tie_coverage(sit, c) == state and any(abs(f.start - c.start) <= reach for f in framing)]
    if not conns:
        return []
    first = min(framing, key=lambda f: min(abs(f.start - c.start) for c in conns))
    discs = list(sit.disclosures) if state == "ambiguous" else []
    return [[_role(first, "framing")] + conns + discs]


# The packs give one finding rule per disclosure state (severity high / medium / info); each names one of these.
for _name, _groups, _state in (
        ("bashing_paired_undisclosed", _bashing_groups, "none"),
        ("bashing_paired_ambiguous", _bashing_groups, "ambiguous"),
        ("bashing_paired_disclosed", _bashing_groups, "clear"),
        ("deinfluencing_promotion_undisclosed", _promotion_groups, "none"),
        ("deinfluencing_promotion_ambiguous", _promotion_groups, "ambiguous")):
    check(_name)(lambda sit, _g=_groups, _s=_state: _g(sit, _s))
