"""A statistical second opinion on whether a sentence speaks badly of the product it names.

The rules find complaints by their wording, and new texts keep finding new wording ("the latch snapped in month two",
"creased SO bad", "vond ik echt niks"). This model is a naive Bayes classifier over the words and word pairs of the
sentence around a product mention (the mention itself masked as `PROD`, other products as `OTHER`). It was trained by
`scripts/train_judgement_model.py` on the project's own writing: sentences of the development sets in
`corpora/deinfluencing/` that name a product their writers labelled *bashed* against ones naming a product labelled
*promoted* (never the held-back set, nor dev11 and dev12, which stay blind), and the sentences of
`corpora/judgement_sentences/` labelled `complaint` against `other` (praise, neutral lines, product lists, specs). It
ships as `patterns/deinfluencing/judgement_model.json`; nothing from the shared corpora is in it.

It is consulted last and narrowly (compose/deinfluencing.py): only in a text with a commercial tie, only when the
rules' own evaluations pair nothing, and a sponsorship or gift still needs a recommendation beside it. Beside the
creator's own deinfluencing framing it judges any product that can be a target, above `pairing.judgement_threshold`
(log-odds, pack data); without framing (a review that pans one product and links another) only a known brand, a
handle or a trained pipeline's entity, above the higher `pairing.judgement_unframed_threshold`. A hashtag is never
judged. `null` switches either off (a framed text is then judged as an unframed one). Its evaluations go through the
same ConText scopes as the rules' (a question, someone else's view, "/s"), judged at the product it is about.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Iterable, Optional

from ..packs.schema import PairingSettings
from .deinfluencing import MODEL_RULE, STRONG_MENTIONS, _named, _sid, _strong, own_view, sentence_ids
from .log_odds import LogOddsModel
from .mentions import norm_name
from .signals import Sig

MASK = "PROD"
OTHER = "OTHER"  # another product in the sentence
RESOURCE = ("deinfluencing", "judgement_model.json")  # inside the packs' package
_TOKEN = re.compile(r"\w+|[^\w\s]")
_BULLETS = frozenset("•·▪◦‣-–—*")
_ASKS = re.compile(r"\?[\s)\]\"'”’]*$")
WINDOW_CHARS = 300  # at most this much of a long sentence on each side of the mention is read


def words(text: str) -> list[str]:
    """Lower-cased word and punctuation tokens, list bullets left out (lists of favourites have them as much as lists
    of regrets); every number is '0'."""
    return ["0" if t.isdigit() else t.lower() for t in _TOKEN.findall(text) if t not in _BULLETS]


def features(before: str, after: str) -> set[str]:
    """Words and adjacent word pairs of a sentence whose product mention (between `before` and `after`) is masked."""
    toks = words(before) + [MASK.lower()] + words(after)
    return set(toks) | {f"{a} {b}" for a, b in zip(toks, toks[1:])}


class JudgementModel(LogOddsModel):
    """Log-odds weights per feature plus a prior; `score` > threshold means "speaks badly of the product"."""

    def score(self, before: str, after: str) -> float:
        return self.total(features(before, after))

    def reasons(self, before: str, after: str, n: int = 3) -> list[str]:
        """The `n` features that spoke most against the product (what a reader should look at)."""
        ranked = sorted(((self.weights.get(f, 0.0), f) for f in features(before, after)), reverse=True)
        return [f for w, f in ranked[:n] if w > 0]


@lru_cache(maxsize=1)
def bundled_model() -> JudgementModel:
    """The model shipped with the packs."""
    return JudgementModel.bundled(*RESOURCE)


def with_model_evaluations(sigs: list[Sig], text: str, cfg: PairingSettings,
                           in_context: Callable[[list[Sig]], list[Sig]],
                           model: Optional[JudgementModel] = None) -> list[Sig]:
    """`sigs` plus the model's evaluations, when the text has a commercial tie and a product that can be a target (a
    known brand or a handle when the creator's own framing is missing); `in_context` applies the ConText scopes to
    new signals."""
    framed = any(s.kind == "deinfluencing" and own_view(s) for s in sigs) and cfg.judgement_threshold is not None
    threshold = cfg.judgement_threshold if framed else cfg.judgement_unframed_threshold  # framing never takes away
    if threshold is None or not any(s.is_connection for s in sigs):
        return sigs
    bounds = sentence_ids(text)
    rec_ends: dict[int, list[int]] = {}
    for r in sigs:
        if r.kind == "recommendation" and own_view(r):
            rec_ends.setdefault(_sid(bounds, r.start), []).append(r.end)
    mentions = [m for m in sigs if m.kind == "product_mention" and _named(m) and _strong(m, text, cfg)
                and (framed or m.rule_id in STRONG_MENTIONS) and "#" not in text[max(0, m.start - 1):m.end]  # a tag
                and not any(0 <= m.start - e <= cfg.rec_scope for e in rec_ends.get(_sid(bounds, m.start), ()))]
    model = model or bundled_model()
    others = [(m.start, m.end) for m in sigs if m.kind == "product_mention"]
    judged = judged_mentions(mentions, text, bounds, model, threshold, others)
    if not judged:
        return sigs
    return sigs + [_widen(ev, text, bounds, model, others) for ev in in_context(judged)]


def may_judge(spans: Iterable[tuple[int, int]], text: str, threshold: float,
              model: Optional[JudgementModel] = None) -> bool:
    """Whether the sentence of any of `spans` (candidate products) scores above `threshold`: a cheap look before
    the product mentions of a text without framing are found."""
    bounds = sentence_ids(text)
    model = model or bundled_model()
    spans = list(spans)
    for start, end in spans:
        _, _, before, after = _around(Sig("product_mention", start, end, MODEL_RULE, 0.0), text, bounds, spans)
        if model.score(before, after) > threshold:
            return True
    return False


def judged_mentions(mentions: Iterable[Sig], text: str, bounds: tuple[int, ...], model: JudgementModel,
                    threshold: float, others: Iterable[tuple[int, int]] = ()) -> list[Sig]:
    """One negative evaluation (rule `MODEL_RULE`, at the mention, valued as the mention) per mention whose sentence
    the model scores above `threshold`; of several products in one sentence only the one it scores highest (the
    words are the sentence's: "my OTHER lost its seal, the PROD keeps it hot" is about the other one)."""
    scored: dict[int, list[tuple[float, Sig]]] = {}
    for m in mentions:
        start, end, before, after = _around(m, text, bounds, others)
        if _ASKS.search(text, m.end, end):
            continue  # a sentence that asks judges nothing (the scopes miss questions outside tokenised windows)
        score = model.score(before, after)
        if score > threshold:
            scored.setdefault(_sid(bounds, m.start), []).append((score, m))
    out = []
    for found in scored.values():
        best = max(found, key=lambda f: f[0])[1].value
        out += [Sig("negative_evaluation", m.start, m.end, MODEL_RULE, round(min(0.9, 0.5 + score / 20), 2),
                    value=m.value) for score, m in found if m.value == best]
    return sorted(out, key=lambda s: s.start)


def _around(m: Sig, text: str, bounds: tuple[int, ...], others: Iterable[tuple[int, int]] = ()
            ) -> tuple[int, int, str, str]:
    """The sentence of span `m` (start, end) and what the model reads of it before and after `m`, the `others`
    products in it masked (`masked_window`)."""
    sid = _sid(bounds, m.start)
    start, end = (bounds[sid - 1] if sid else 0), min(bounds[sid], len(text))
    before, after = masked_window(text, (m.start, m.end), max(start, m.start - WINDOW_CHARS),
                                  min(end, m.end + WINDOW_CHARS), others)
    return start, end, before, after


def masked_window(text: str, span: tuple[int, int], start: int, end: int, others: Iterable[tuple[int, int]] = ()
                  ) -> tuple[str, str]:
    """`text[start:span[0]]` and `text[span[1]:end]` with every other product span in them masked: as the product
    (`PROD`) where it names it again, else as `OTHER` (a brand's own words, "Drunk Elephant", "Bad Habit", weigh
    nothing either way)."""
    name = norm_name(text[span[0]:span[1]].lstrip("@#"))

    def masked(a: int, b: int) -> str:
        parts, pos = [], a
        for s, e in sorted(others, key=lambda o: (o[0], -o[1])):  # the longest of those starting together
            if a <= s and e <= b and s >= pos and (s, e) != span:
                parts += [text[pos:s], MASK if norm_name(text[s:e].lstrip("@#")) == name else OTHER]
                pos = e
        return "".join(parts) + text[pos:b]

    return masked(start, span[0]), masked(span[1], end)


def _widen(ev: Sig, text: str, bounds: tuple[int, ...], model: JudgementModel,
           others: Iterable[tuple[int, int]] = ()) -> Sig:
    """The evidence of a model evaluation is its sentence (trimmed); its context is what the scopes judged at the
    product, plus `judged_by:` the words that weighed most ("judged_by:nothing|snapped|latch")."""
    start, end, before, after = _around(ev, text, bounds, others)
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    why = "judged_by:" + "|".join(model.reasons(before, after))
    return replace(ev, start=min(start, ev.start), end=max(end, ev.end), context=sorted({*ev.context, why}))
