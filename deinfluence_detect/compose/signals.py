"""Turn rule hits into signals: emit self-disclosing pairs, apply context, resolve overlaps."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..context.context import ContextScopes, TokenIndex
from ..match.engine import Hit
from ..packs.schema import CONNECTION_KINDS, CueRule, Profile

CONNECTIONS = frozenset(CONNECTION_KINDS)
NEGATABLE = CONNECTIONS | {"disclosure"}
QUESTIONABLE = frozenset({"disclosure", "sponsorship", "gifted", "brand_partner"})
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
    for sig in sigs:
        target = Hit(sig.rule_id, sig.start, sig.end)
        mods = scopes.modifiers(index, triggers, target, sig.kind, hashtag=text[sig.start] == "#") if triggers else []
        cats = {c for c, _ in mods}
        if sig.kind in QUESTIONABLE and text[sig.start] != "#" and _in_question(index, sig):
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


def _in_question(index: TokenIndex, sig: Sig) -> bool:
    return index.asks_about(index.token_range(sig.start, sig.end)[0])


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


def absorb_own_business(sigs: list[Sig], index: TokenIndex, text: str) -> list[Sig]:
    """Codes and links next to own-business wording are the creator's own business: in the same sentence
    within a few tokens, or on the line right after a cue line ending with ':' ("My book:\n amzn.to/x")."""
    own = [s for s in sigs if s.kind == "own_business"]
    if not own or not index.sentence:
        return sigs
    last = len(index.sentence) - 1
    spans = [index.token_range(s.start, s.end) for s in own]
    line_end = {}  # own cue -> (end of its line, line ends with ':')
    for s in own:
        nl = text.find("\n", s.end)
        head = text[s.end:nl if nl >= 0 else len(text)].rstrip()
        line_end[id(s)] = (nl, head.endswith(":") or head == "")

    def claimed(sig: Sig) -> bool:
        t0, t1 = index.token_range(sig.start, sig.end)
        for o, (o0, o1) in zip(own, spans):
            same = index.sentence[min(t0, last)] == index.sentence[min(o0, last)]
            if same and (0 <= t0 - o1 <= OWN_WINDOW_AFTER or 0 <= o0 - t1 <= OWN_WINDOW_BEFORE):
                return True
            nl, colon = line_end[id(o)]
            if colon and nl >= 0 and sig.start > nl and "\n" not in text[nl + 1:sig.start].strip(" \t"):
                return True
        return False

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


_LABEL = __import__("regex").compile(r"^[^\w\n]{0,6}(?P<label>[^\n:]{1,60}?)\s*[:\-–—>→►]+\s*$")


def promote_unverified(sigs: list[Sig], text: str, link_context) -> list[Sig]:
    """Shortened links become affiliate links only by context: the text calls its links affiliate links (a
    disclosure covering `affiliate`), or they stand in a product list ("Tripod: bit.ly/x", several lines)."""
    unverified = [s for s in sigs if s.kind == "unverified_link"]
    if not unverified or link_context is None:
        return sigs
    called_affiliate = any(s.kind == "disclosure" and s.covers == "affiliate" for s in sigs)
    excluded = [w.lower() for w in link_context.non_product_labels]
    product = set()
    for sig in unverified:
        line_start = text.rfind("\n", 0, sig.start) + 1
        m = _LABEL.match(text[line_start:sig.start])
        if m and not any(w in m.group("label").lower() for w in excluded):
            product.add(id(sig))
    buying = [w.lower() for w in link_context.purchase_words]
    headers = [w.lower() for w in link_context.product_headers]
    bought = {i for i in product if any(w in _label_of(text, unverified, i).lower() for w in buying)}
    first = min((s.start for s in unverified if id(s) in product), default=0)
    above = text[max(0, text.rfind("\n", 0, max(0, first - 300))):first].lower()
    headed = any(h in above for h in headers)
    is_list = len(product) >= link_context.min_product_lines and (headed or len(bought) >= link_context.min_product_lines)
    out = []
    for sig in sigs:
        if sig.kind == "unverified_link" and (called_affiliate or (is_list and id(sig) in product)):
            why = "affiliate_context:called_affiliate" if called_affiliate else "affiliate_context:product_list"
            conf = link_context.disclosed_confidence if called_affiliate else link_context.product_confidence
            sig = Sig("affiliate_link", sig.start, sig.end, sig.rule_id, min(sig.confidence, conf),
                      value=sig.value, context=sig.context + [why])
        out.append(sig)
    return out


def _label_of(text: str, sigs: list[Sig], key: int) -> str:
    sig = next(s for s in sigs if id(s) == key)
    return text[text.rfind("\n", 0, sig.start) + 1:sig.start]
