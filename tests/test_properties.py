"""Hypothesis properties: never raises, spans in bounds and pointing at their evidence, deterministic,
analyze_many == analyze, JSON round-trip."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import deinfluence_detect as dd

FRAGMENTS = ["#ad", "#аd", "＃ａｄ", "# ad", "#a\u200bd", "sponsored by Brewly", "not sponsored", "use code MAYA15",
             "for 15% off", "amzn.to/3abc", "bit.ly/x", "#gifted", "affiliate links", "I earn a commission",
             "#AcmePartner", "#partner", "Werbung", "keine Werbung", "publicité", "no es publicidad", "my merch",
             "?", "\n", " ", "😍", "👩\u200d💻", "🇺🇸", "@lumora", "https://www.amazon.com/dp/B0?tag=x-20", "é", "\u0301",
             "ﬁ", "İ", "ß", "\u00ad", "If", "inquiries", "but", "(", ")", "*", "#", "in partnership\nwith @lumora",
             "my\tebook: amzn.to/3e", "Ad  : new", "sent\u00a0me this for free", "paid  partnership with @x"]
social_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=25).map("".join)
any_text = st.one_of(st.text(max_size=300), social_text)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check_spans(text: str, rep: dd.Report) -> None:
    for s in rep.signals + [e for f in rep.findings for e in f.evidence]:
        assert 0 <= s.start <= s.end <= len(text)
        assert text[s.start:s.end] == s.text
    for f in rep.findings:
        assert 0 <= f.start <= f.end <= len(text)


@SETTINGS
@given(any_text)
def test_never_raises_and_spans_point_at_evidence(det, text):
    rep = det.analyze(text)
    _check_spans(text, rep)
    assert rep.text_length == len(text)


@SETTINGS
@given(any_text)
def test_deterministic_and_json_round_trip(det, text):
    a, b = det.analyze(text), det.analyze(text)
    assert a == b
    assert dd.Report.model_validate_json(a.model_dump_json()) == a


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(any_text, max_size=12), st.integers(min_value=1, max_value=5))
def test_analyze_many_equals_analyze(det, texts, batch_size):
    many = list(det.analyze_many(texts, batch_size=batch_size))
    assert many == [det.analyze(t) for t in texts]


def test_multiprocess_equals_single(det):
    texts = ["Use code MAYA15 for 15% off", "#ad hello", "plain text", "not sponsored! amzn.to/3abc"] * 5
    assert list(det.analyze_many(texts, batch_size=3, n_process=2)) == [det.analyze(t) for t in texts]


def test_long_and_pathological_inputs_finish(det):
    for text in ["#" * 100_000, "a" * 200_000, "use code " * 20_000, "(" * 50_000 + "#ad",
                 "sponsored by " * 10_000, "\u0301" * 10_000, "😍" * 30_000,
                 "#deinfluencing the Dyson is overhyped" + "!" * 50_000 + " get the Shark, code MAYA10",
                 "My Stanley got stolen, never again. " + "use code SIP10 " * 2_000]:
        rep = det.analyze(text)
        _check_spans(text, rep)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="abc xyz\n.,", max_size=40)), min_size=40,
                max_size=120).map("".join))
def test_windowed_matching_equals_whole_text_matching(det, text):
    """Long texts match their regex rules in windows around keywords: the hits must be the same as whole-text."""
    from deinfluence_detect.match import engine
    active = det.matcher.prefilter.active_rules(text.lower())
    saved = engine.WINDOWED_MIN
    try:
        engine.WINDOWED_MIN = 0
        windowed, _ = det.matcher.match_text(text, active)
        engine.WINDOWED_MIN = 10**9
        whole, _ = det.matcher.match_text(text, active)
    finally:
        engine.WINDOWED_MIN = saved
    assert sorted(windowed, key=lambda h: (h.rule_id, h.start)) == sorted(whole, key=lambda h: (h.rule_id, h.start))


@SETTINGS
@given(any_text)
def test_prefilter_automaton_equals_pure_python_fallback(det, text):
    """The Aho-Corasick prefilter and the pure-Python trie fallback find the same rules and keyword offsets."""
    from deinfluence_detect.match.prefilter import Prefilter
    fast = det.matcher.prefilter
    assert fast._automaton is not None, "pyahocorasick is a declared dependency"
    slow = Prefilter(fast._anchors, use_automaton=False, backs=fast._backs, default_back=fast._default_back,
                     keyword_backs=fast._keyword_backs)
    lowered = text.lower()
    assert fast.active_rules(lowered) == slow.active_rules(lowered)
    assert fast.rule_positions(lowered) == slow.rule_positions(lowered)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="abc xyz\n.,", max_size=40)), min_size=20,
                max_size=120).map("".join))
def test_active_rules_of_long_texts_equal_the_prefilter_answer(det, text):
    """Long texts take their active rules from the keyword offsets kept for windows: the same set."""
    active, positions = det.matcher.scan(text)
    assert active == det.matcher.prefilter.active_rules(text.lower())
    assert positions is None or set(positions) == active


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS + ["dot com slash", "link in the description", ".com/x"]),
                          st.text(alphabet="abc xyz\n.,", max_size=40)), min_size=1, max_size=120).map("".join),
       st.sampled_from(["written", "spoken"]))
def test_a_medium_scan_is_the_full_scan_kept_to_that_medium(det, text, medium):
    """The detector scans with the automaton of the text's medium: the same rules and keyword offsets as the
    all-rules scan, less the rules of the other medium only."""
    other = det._spoken_only if medium == "written" else det._written_only
    active, positions = det.matcher.scan(text, medium)
    all_active, all_positions = det.matcher.scan(text)
    assert active == all_active - other
    assert (positions is None) == (all_positions is None)
    if positions is not None:
        assert positions == {rid: p for rid, p in all_positions.items() if rid not in other}


DEINFLUENCING = ["don't buy the Dyson Airwrap, it's overhyped", "get this dupe instead", "link in bio",
                 "#deinfluencing", "waste of money", "I switched to Lumora", "they said it's overrated",
                 "not overhyped at all", "if you want to", "our shop"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS + DEINFLUENCING), st.text(alphabet="abc xyz\n.,", max_size=60)),
                min_size=60, max_size=160).map("".join), st.sampled_from(["generic", "transcript"]))
def test_long_text_windows_equal_whole_text(det, text, platform):
    """Long texts are tokenised, context-matched and later-pass matched only in windows around their cues (spoken
    text: on the lines of its cues); the report must be the one the whole text gives."""
    from deinfluence_detect import detector
    from deinfluence_detect.match import engine
    windowed = det.analyze(text, platform=platform)
    saved = detector.MASK_MIN, detector.LONG_TEXT, engine.WINDOWED_MIN
    try:
        detector.MASK_MIN = detector.LONG_TEXT = engine.WINDOWED_MIN = 10**9
        whole = det.analyze(text, platform=platform)
    finally:
        detector.MASK_MIN, detector.LONG_TEXT, engine.WINDOWED_MIN = saved
    assert windowed == whole


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab #\n.😍", max_size=400), st.lists(st.integers(0, 400), max_size=8))
def test_doc_built_in_windows_keeps_offsets_and_tokens(text, cuts):
    """make_doc_windows: the Doc's text is the text blanked outside the windows (same length, newlines marking
    gaps that held one) and the tokens inside each window are the tokenizer's own."""
    import spacy
    from deinfluence_detect.match.tokenizer import adapt_tokenizer, blank_outside, make_doc_windows
    nlp = adapt_tokenizer(spacy.blank("en"))
    bounds = sorted({min(c, len(text)) for c in cuts})
    windows = [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if b > a]
    doc = make_doc_windows(nlp, text, windows)
    assert len(doc.text) == len(text)
    assert doc.text == blank_outside(text, windows)  # what TokenIndex reads instead of joining every token
    for a, b in windows:
        assert doc.text[a:b] == text[a:b]
        inside = [(t.idx - a, t.text) for t in doc if a <= t.idx < b and not t.is_space]
        alone = [(t.idx, t.text) for t in nlp.tokenizer(text[a:b]) if not t.is_space]
        assert inside == alone
    covered = set().union(*(range(a, b) for a, b in windows)) if windows else set()
    assert all(doc.text[i] in " \n" for i in range(len(text)) if i not in covered)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([" ", "  ", "\n", "\t", "\r\n", "\x1c", "\x0b", "\u00a0", "\u2028", "ad",
                                           "é", "x"]), st.text(max_size=5)), max_size=30).map("".join))
def test_collapse_fast_paths_equal_the_regex_definition(text):
    """`collapse` / `collapse_with_map` skip the regexes where str methods suffice (ASCII text, no run): the same
    results as the plain definition (every whitespace character a space, then every run one space)."""
    import re

    from deinfluence_detect.match.prefilter import collapse, collapse_with_map, to_original_offset
    expected = re.sub(r"\s{2,}", " ", re.sub(r"[^\S ]", " ", text))
    assert collapse(text) == expected
    collapsed, cstarts, ostarts = collapse_with_map(text)
    assert collapsed == expected
    spaced = re.sub(r"[^\S ]", " ", text)
    for cpos, ch in enumerate(collapsed):  # every collapsed character maps back to the same character
        assert spaced[to_original_offset(cpos, cstarts, ostarts)] == ch
