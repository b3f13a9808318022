"""Lists and headlines in deinfluencing posts: a negative header that judges the products opening the list items
after it ("Products I won't repurchase:" / "1. Olaplex No. 4 → …"), swap marks ("→", "instead"), and an emoji that
ends a headline ("Not worth the hype 🙄 Drunk Elephant Protini."). Used by compose/deinfluencing.py."""
from __future__ import annotations

import re
from functools import lru_cache

from ..packs.schema import PairingSettings
from .signals import Sig

EMOJI = "\u2600-\u27bf\U0001F300-\U0001FAFF"
EMOJI_JOIN = "\u200d\ufe0f\u2640\u2642\U0001F3FB-\U0001F3FF"  # joiner, variation selector, gender and skin tone


def list_heads(text: str, bounds: tuple[int, ...], sid: int, by_sid: dict[int, list[Sig]],
               recs: dict[int, list[Sig]], ties: list[Sig], cfg: PairingSettings) -> list[Sig]:
    """The products that open the list items right after header sentence `sid` ("Products I won't repurchase:" /
    "1. Olaplex No. 4 → …"): the first product of each item, unless the item recommends it or sells it (a link or
    code of its own, with no swap mark between: "1. Kindle (from Amazon) amzn.to/…"). A header that asks ("is it
    just me or are these overhyped:", pack `question_openers`) heads no list; one that also recommends ("stop buying
    cheap gifts, get these instead:") lists swaps only ("1. Olaplex → K18"). The list ends at the first line that is
    no item, or at a recommendation between items ("what I reach for instead …")."""
    start = bounds[sid - 1] if sid else 0
    if word_after(r"\W*", tuple(cfg.question_openers)).match(text, start, bounds[sid]):
        return []
    items: list[list[int]] = []  # [first sentence of the item's words, last sentence of the item]
    s, last = sid + 1, len(bounds) - 1
    while s < last and s <= sid + _LIST_SENTENCES:
        piece = text[bounds[s - 1]:bounds[s]]
        marker = _LIST_ITEM.match(piece)
        if not piece.strip():
            pass  # a blank line
        elif marker is not None:
            if not piece[marker.end():].strip():
                s += 1  # "1." alone: the item's words are the next sentence
            items.append([s, s])
        elif not items or "\n" in text[bounds[items[-1][0] - 1]:bounds[s - 1] + len(piece) - len(piece.lstrip())] \
                or recs.get(s):
            break  # not a list, a new line that is no item, or a recommendation after the items
        else:
            items[-1][1] = s
        s += 1
    heads = []
    for first, end in items:
        named = sorted((m for i in range(first, end + 1) for m in by_sid.get(i, ())), key=lambda m: m.start)
        if not named or recs.get(first):
            continue
        head, stop = named[0], bounds[end]
        swap = swap_marks(tuple(cfg.swap_marks)).search(text, head.end, stop)
        sold = any(head.end <= t.start < stop and (swap is None or swap.start() > t.start) for t in ties)
        if not sold and (swap is not None or not recs.get(sid)):
            heads.append(head)
    return heads


def after_swap(conn: Sig, text: str, marks: tuple[str, ...]) -> bool:
    """A swap mark stands before the tie on its line: "1. Olaplex No. 4 → Pureology Hydrate: amzn.to/…"."""
    return bool(swap_marks(marks).search(text, text.rfind("\n", 0, conn.start) + 1, conn.start))


@lru_cache(maxsize=8)
def swap_marks(marks: tuple[str, ...]) -> re.Pattern:
    """Any of `marks`: a word as a whole word, a symbol anywhere."""
    alts = [re.escape(m) if not m[:1].isalnum() else rf"(?<!\w){re.escape(m)}(?!\w)"
            for m in sorted(marks, key=len, reverse=True)]
    return re.compile("|".join(alts) or "(?!)", re.IGNORECASE)


@lru_cache(maxsize=16)
def word_after(lead: str, words: tuple[str, ...]) -> re.Pattern:
    """One of `words` (pack data: any case, a whole word) right after what regex `lead` matches."""
    alts = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"{lead}(?:{alts})\b" if alts else "(?!)", re.IGNORECASE)


_LIST_SENTENCES = 40  # how many sentences after a header its list may run
_LIST_ITEM = re.compile(rf"\s*(?:[1-9]\d?[.)](?!\d)|[-–•*·▪](?=\s)|(?<=\n)[{EMOJI}][{EMOJI_JOIN}]*)")


def emoji_headline(text: str, bounds: tuple[int, ...], sid: int) -> bool:
    """Sentence `sid` ends on an emoji, and the next one opens on a name rather than a sentence of its own."""
    end = bounds[sid]
    if sid + 1 >= len(bounds) or end <= 0 or not _EMOJI_CHAR.match(text, end - 1):
        return False
    return bool(_HEADLINE_NEXT.match(text, end))


_EMOJI_CHAR = re.compile(rf"[{EMOJI}{EMOJI_JOIN}]")
_HEADLINE_NEXT = re.compile(r"[ \t]+(?:(?:The|Le|La|Les|El|Il|Lo|Der|Die|Das|O|A)[ \t]+)?(?:\w+[ \t]+){0,2}?[A-Z]\w*"
                            r"(?:[ \t]+[A-Z0-9][\w'’-]*)*[ \t]*(?:[.!…]|$)")
