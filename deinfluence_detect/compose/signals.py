"""Turn rule hits into signals: emit self-disclosing pairs, apply context, resolve overlaps."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from ..context.context import ContextScopes, TokenIndex
from ..match.engine import Hit
from ..packs.schema import CONNECTION_KINDS, CueRule, Profile

CONNECTIONS = frozenset(CONNECTION_KINDS)
NEGATABLE = CONNECTIONS | {"disclosure"}
QUESTIONABLE = frozenset({"disclosure", "sponsorship", "gifted", "brand_partner", "negative_evaluation"})
GRADE_RANK = {"clear": 2, "ambiguous": 1, "none": 0}
# What a disclosure implies when no explicit connection cue is present ("#sp" alone is a sponsorship).
IMPLIED_BY_COVERS = {"affiliate": "affiliate_link", "sponsorship": "sponsorship", "gift": "gifted",
                     "partner": "brand_partner", "ad": "sponsorship"}


@dataclass
class Sig:
    """A signal in normalised-text coordinates (mapped to the original when the report is built)."""

    kind: str
    start: int
    end: int
    rule_id: str
    confidence: float
    covers: Optional[str] = None
    grade: Optional[str] = None
    label: Optional[str] = None
    value: Optional[str] = None
    context: list[str] = field(default_factory=list)

    @property
    def is_connection(self) -> bool:
        return self.kind in CONNECTIONS


def signals_from_hits(cue_hits: list[Hit], rules: dict[str, CueRule], profile: Profile) -> list[Sig]:
    """One signal per hit, plus a disclosure signal for self-disclosing cues."""
    out: list[Sig] = []
    for hit in cue_hits:
        rule = rules[hit.rule_id]
        if rule.signal != "disclosure":
            out.append(Sig(rule.signal, hit.start, hit.end, rule.id, rule.confidence, value=hit.value))
        if rule.disclosure is not None:
            label = rule.disclosure.label
            grade = profile.grades[label]  # every label is graded: checked when the Detector is built
            if grade == "none":
                continue
            out.append(Sig("disclosure", hit.start, hit.end, rule.id, rule.confidence,
                           covers=rule.disclosure.covers, grade=grade, label=label, value=hit.value))
    return out


def apply_context(sigs: list[Sig], triggers: list[Hit], index: TokenIndex, scopes: ContextScopes,
                  text: str) -> list[Sig]:
    """Negated cues become `negated_sponsorship`; hypothetical ones are dropped; own-business ones re-kinded."""
    out: list[Sig] = []
    by_sentence = _by_sentence(triggers, index)  # a trigger reaches only its own sentence: linear in long texts
    for sig in sigs:
        target = Hit(sig.rule_id, sig.start, sig.end)
        near = by_sentence.get(index.sentence_of(sig.start, sig.end), ())
        mods = scopes.modifiers(index, near, target, sig.kind, hashtag=text[sig.start] == "#") if near else []
        cats = {c for c, _ in mods}
        if sig.kind in QUESTIONABLE and text[sig.start] != "#" and _in_question(index, sig, scopes.interrogatives):
            cats.add("hypothetical")
            mods.append(("hypothetical", "question"))
        if "hypothetical" in cats:
            continue
        if "negated" in cats and sig.kind in NEGATABLE:
            sig = Sig("negated_sponsorship", sig.start, sig.end, sig.rule_id, sig.confidence, value=sig.value)
        elif "own_business" in cats and sig.kind in CONNECTIONS:
            sig = Sig("own_business", sig.start, sig.end, sig.rule_id, sig.confidence, value=sig.value)
        sig.context = sorted({f"{c}:{rid}" for c, rid in mods})
        out.append(sig)
    return out


def _by_sentence(triggers: list[Hit], index: TokenIndex) -> dict[int, list[Hit]]:
    out: dict[int, list[Hit]] = {}
    for trig in triggers:
        out.setdefault(index.sentence_of(trig.start, trig.end), []).append(trig)
    return out


def _in_question(index: TokenIndex, sig: Sig, interrogatives: frozenset) -> bool:
    return index.asks_about(index.token_range(sig.start, sig.end)[0], interrogatives)


def resolve_overlaps(sigs: list[Sig]) -> list[Sig]:
    """Among overlapping signals of one kind keep the widest, then clearest, then most confident."""
    def strength(s: Sig) -> tuple:
        grade = GRADE_RANK.get(s.grade or "none", 0)
        if s.kind == "disclosure":  # a clear disclosure inside a wider vague one still counts
            return (grade, s.end - s.start, s.confidence, s.rule_id)
        return (s.end - s.start, grade, s.confidence, s.rule_id)

    kept: list[Sig] = []
    by_kind: dict[str, list[Sig]] = {}
    for sig in sigs:
        by_kind.setdefault(sig.kind, []).append(sig)
    for group in by_kind.values():
        group.sort(key=lambda s: (s.start, s.end))
        cluster: list[Sig] = []
        reach = -1
        for sig in group + [None]:  # sweep: clusters of transitively overlapping spans
            if sig is not None and (not cluster or sig.start < reach):
                cluster.append(sig)
                reach = max(reach, sig.end)
                continue
            chosen: list[Sig] = []
            for cand in sorted(cluster, key=strength, reverse=True):
                if not any(c.start < cand.end and cand.start < c.end for c in chosen):
                    chosen.append(cand)
            kept.extend(chosen)
            if sig is not None:
                cluster, reach = [sig], sig.end
    kept.sort(key=lambda s: (s.start, s.end, s.kind))
    return kept


OWN_WINDOW_AFTER = 12  # tokens after an own-business cue whose codes/links it claims
OWN_WINDOW_BEFORE = 6
# a bare "my shop" beside a platform's cart or showcase (rules marked `platform_shop`) is the platform's affiliate
# shop (TikTok Shop), not the creator's own business ("on sale in my shop rn (orange cart!!)")
_GENERIC_SHOP = re.compile(r"(?i)(?:my|our)\s+(?:online\s+)?(?:shop|store)$")


def absorb_own_business(sigs: list[Sig], index: TokenIndex, text: str,
                        platform_shop: frozenset = frozenset()) -> list[Sig]:
    """Codes and links next to own-business wording are the creator's own business: in the same sentence
    within a few tokens, or on the line right after a cue line ending with ':' ("My book:\n amzn.to/x").
    `platform_shop`: ids of rules whose signal is a platform's shop cart, which a bare "my shop" does not claim."""
    own = [s for s in sigs if s.kind == "own_business"]
    if not own or not index.sentence:
        return sigs
    last = len(index.sentence) - 1
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    next_lines: list[tuple[int, int]] = []  # the line after a "My book:" line
    generic: list[tuple[int, int]] = []  # "my shop": on TikTok the orange cart makes it the Shop showcase
    for o in own:
        if _GENERIC_SHOP.match(text, o.start, o.end) and len(own) == 1:  # no other own-business wording
            generic.append(index.token_range(o.start, o.end))
        o0, o1 = index.token_range(o.start, o.end)
        by_sentence.setdefault(index.sentence[min(o0, last)], []).append((o0, o1))
        nl = text.find("\n", o.end)
        if nl >= 0 and text[o.end:nl].rstrip().endswith(":"):
            start = nl + 1
            while start < len(text) and text[start] in " \t\n":
                start += 1
            stop = text.find("\n", start)
            next_lines.append((start, len(text) if stop < 0 else stop))

    def claimed(sig: Sig) -> bool:
        t0, t1 = index.token_range(sig.start, sig.end)
        cart = sig.rule_id in platform_shop
        for o0, o1 in by_sentence.get(index.sentence[min(t0, last)], ()):
            if cart and (o0, o1) in generic:
                continue
            if 0 <= t0 - o1 <= OWN_WINDOW_AFTER or 0 <= o0 - t1 <= OWN_WINDOW_BEFORE:
                return True
        return any(a <= sig.start < b for a, b in next_lines)

    out = []
    for sig in sigs:
        if sig.kind in ("discount_code", "affiliate_link") and claimed(sig):
            sig = Sig("own_business", sig.start, sig.end, sig.rule_id, sig.confidence, value=sig.value,
                      context=sig.context + ["own_business:nearby"])
        out.append(sig)
    return out


def drop_negated_overlaps(sigs: list[Sig]) -> list[Sig]:
    """A 'not sponsored' claim overrides cues inside it ('keine Werbung' is not a 'Werbung' label)."""
    negs = [s for s in sigs if s.kind == "negated_sponsorship"]
    if not negs:
        return sigs
    return [s for s in sigs if s.kind == "negated_sponsorship"
            or not any(n.start < s.end and s.start < n.end for n in negs)]


_LABEL = regex.compile(r"^[^\w\n]{0,6}(?P<label>[^\n:]{1,60}?)\s*[:\-–—>→►]+\s*$")
HEADER_SPAN = 300  # characters before a product list searched for its header ("My gear:")


@lru_cache(maxsize=8)
def _words_rx(words: tuple[str, ...]) -> "regex.Pattern":
    """Whole-word (or whole-phrase) matcher for a word list from the packs."""
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<!\w)(?:{alts})(?!\w)", regex.IGNORECASE)


def promote_unverified(sigs: list[Sig], text: str, link_context) -> list[Sig]:
    """Shortened links become affiliate links only by context: the text calls its links affiliate links (a
    disclosure covering `affiliate`), or they stand in a product list ("Tripod: bit.ly/x", several lines, under a
    product header or with purchase words). Lines labelled social / merch / video never count."""
    unverified = [s for s in sigs if s.kind == "unverified_link"]
    if not unverified or link_context is None:
        return sigs
    called_affiliate = any(s.kind == "disclosure" and s.covers == "affiliate" for s in sigs)
    excluded = _words_rx(tuple(link_context.non_product_labels))
    buying = _words_rx(tuple(link_context.purchase_words))
    headers = _words_rx(tuple(link_context.product_headers))
    labels: dict[int, str] = {}
    for sig in unverified:
        m = _LABEL.match(text[text.rfind("\n", 0, sig.start) + 1:sig.start])
        if m:
            labels[id(sig)] = m.group("label")
    product = {k for k, label in labels.items() if not excluded.search(label)}
    bought = {k for k in product if buying.search(labels[k])}
    first = min((s.start for s in unverified if id(s) in product), default=0)
    headed = bool(headers.search(text[max(0, first - HEADER_SPAN):first]))
    enough = len(product) >= link_context.min_product_lines
    is_list = enough and (headed or len(bought) >= link_context.min_product_lines)
    out = []
    for sig in sigs:
        if sig.kind == "unverified_link" and (is_list and id(sig) in product
                                              or called_affiliate and id(sig) not in labels.keys() - product):
            why = "affiliate_context:product_list" if is_list and id(sig) in product else "affiliate_context:called_affiliate"
            conf = link_context.product_confidence if why.endswith("product_list") else link_context.disclosed_confidence
            sig = Sig("affiliate_link", sig.start, sig.end, sig.rule_id, min(sig.confidence, conf),
                      value=sig.value, context=sig.context + [why])
        out.append(sig)
    return out
