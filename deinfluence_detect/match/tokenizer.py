"""Adapt spaCy's tokenizer to social text: hashtags, @mentions, URLs and emoji sequences stay whole tokens.

spaCy's default rules split ``#ad`` into ``#`` + ``ad`` (``#`` is a prefix) and emoji ZWJ / skin-tone sequences
into pieces. We keep the language's rules and add: a ``token_match`` for hashtags and mentions, a ``url_match``
for scheme-less links (``amzn.to/x``), ``#`` removed from the prefixes (a lone ``#`` still splits), and emoji
sequences as prefixes/suffixes so ``love😍😍`` splits into ``love`` + emoji.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# Hashtags and mentions: a letter/digit after the sigil; dots inside mentions (@brand.co) but not at the end.
HASHTAG_OR_MENTION = r"[#@](?:\w|[\u0300-\u036f])+(?:[._'](?:\w|[\u0300-\u036f])+)*"
# Scheme-less or schemed URLs; the tokenizer already strips trailing punctuation through suffixes.
URL = (r"(?:(?:https?|ftp)://|www\.)\S+"
       r"|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24})/\S*")
# One emoji sequence: pictograph (+ variation selector / skin tone) joined by ZWJ; flags are regional-indicator pairs.
_PICT = "\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\U0001f000-\U0001faff"
EMOJI_SEQ = (rf"(?:[\U0001f1e6-\U0001f1ff]{{2}}"
             rf"|[{_PICT}][\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d[{_PICT}][\ufe0f\U0001f3fb-\U0001f3ff]*)*)")

_TOKEN_MATCH = re.compile(rf"^(?:{HASHTAG_OR_MENTION})$")
_URL_MATCH = re.compile(rf"^(?:{URL})$", re.IGNORECASE)


def adapt_tokenizer(nlp: Language) -> Language:
    """Modify `nlp.tokenizer` in place for social text; returns `nlp`."""
    tok = nlp.tokenizer
    prefixes = [p for p in (nlp.Defaults.prefixes or []) if p not in ("#", r"\#")]
    prefixes = [EMOJI_SEQ, r"#(?![\w])", *prefixes]
    suffixes = [EMOJI_SEQ, *(nlp.Defaults.suffixes or [])]
    tok.prefix_search = compile_prefix_regex(prefixes).search
    tok.suffix_search = compile_suffix_regex(suffixes).search
    infixes = [r"(?<=\w)[/|,;+](?=[#@])", *(nlp.Defaults.infixes or [])]
    tok.infix_finditer = compile_infix_regex(infixes).finditer
    tok.token_match = _TOKEN_MATCH.match
    tok.url_match = _URL_MATCH.match
    return nlp


# spaCy's tokenizer is quadratic in the length of a whitespace-free run with many affixes ("((((...": 8k chars
# take ~10 s even in spacy.blank("en")). Runs longer than LONG_RUN are tokenised in CHUNK-sized pieces and the
# pieces joined with Doc.from_docs, which keeps the text exactly.
LONG_RUN = 1000
CHUNK = 200
_LONG_RUN_RX = re.compile(rf"\S{{{LONG_RUN + 1}}}")
_PIECES_RX = re.compile(rf"\s+|\S{{1,{CHUNK}}}")


def has_long_run(text: str) -> bool:
    return _LONG_RUN_RX.search(text) is not None


def make_doc_bounded(nlp: Language, text: str):
    """Tokenise `text` with no whitespace-free piece longer than CHUNK, then run the pipeline's components."""
    return _run_components(nlp, _tokenize_bounded(nlp, text))


def make_doc_windows(nlp: Language, text: str, windows: list[tuple[int, int]]):
    """A Doc over `text` in which only the sorted, disjoint `windows` are tokenised; every gap between them is
    blank (spaces, ending in a newline when the gap held one) in a few whitespace tokens, so character offsets
    are those of `text` and the cost follows the windows, not the length (spaCy's tokenizer is linear even in
    whitespace). Then the pipeline's components run."""
    from spacy.attrs import ORTH, SPACY
    from spacy.tokens import Doc

    strings = nlp.vocab.strings
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for a, b in windows + [(len(text), len(text))]:
        if a > pos:
            blanks = _blanks(a - pos, "\n" in text[pos:a])
            words += blanks
            spaces += [False] * len(blanks)
        if b > a:
            arr = _tokenize_bounded(nlp, text[a:b]).to_array([ORTH, SPACY]).tolist()
            words += [strings[orth] for orth, _ in arr]
            spaces += [bool(space) for _, space in arr]
        pos = max(pos, b)
    return _run_components(nlp, Doc(nlp.vocab, words=words, spaces=spaces))


def blank_outside(text: str, windows: list[tuple[int, int]]) -> str:
    """The text of `make_doc_windows(nlp, text, windows)`, without building it: each gap blank, ending in a newline
    when it held one."""
    out: list[str] = []
    pos = 0
    for a, b in windows + [(len(text), len(text))]:
        if a > pos:
            out.append(" " * (a - pos - 1) + ("\n" if "\n" in text[pos:a] else " "))
        if b > a:
            out.append(text[a:b])
        pos = max(pos, b)
    return "".join(out)


def _blanks(length: int, newline: bool) -> list[str]:
    """`length` characters of blanks as whitespace tokens whose lengths are powers of two (at most ~17 tokens per
    gap, and few distinct strings enter the vocabulary however many gaps are built)."""
    words = [" " * (1 << k) for k in range(length.bit_length() - 1, -1, -1) if length >> k & 1]
    if newline:
        words[-1] = words[-1][:-1] + "\n"
    return words


def _tokenize_bounded(nlp: Language, text: str):
    """The tokenizer's Doc of `text`, in bounded pieces when it has a very long whitespace-free run."""
    from spacy.tokens import Doc

    if not has_long_run(text):
        return nlp.tokenizer(text)
    pieces, buf = [], []
    for m in _PIECES_RX.finditer(text):
        buf.append(m.group())
        if sum(len(b) for b in buf) >= 4 * CHUNK:
            pieces.append("".join(buf))
            buf = []
    if buf:
        pieces.append("".join(buf))
    docs = [nlp.tokenizer(p) for p in pieces] or [nlp.tokenizer("")]
    return Doc.from_docs(docs, ensure_whitespace=False)


def _run_components(nlp: Language, doc):
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
