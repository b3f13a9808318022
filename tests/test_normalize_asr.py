"""Spoken forms in written form on transcripts: pack examples, offsets back to the original, end-to-end effects."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import deinfluence_detect as dd
from deinfluence_detect.normalize import normalize
from deinfluence_detect.normalize_asr import SpokenNormalizer, rewrite
from deinfluence_detect.packs.loader import load_packs

PACKS = load_packs()
FORMS = PACKS.spoken_forms
SPOKEN = SpokenNormalizer(FORMS)


@pytest.mark.parametrize("example", FORMS.examples, ids=lambda e: e.said)
def test_pack_example(example):
    assert SPOKEN(normalize(example.said, PACKS.confusables)).text == example.written


def test_rewritten_characters_map_to_the_words_they_replace():
    original = "so go to Brewly dot com slash maya for twenty five percent off"
    nt = SPOKEN(normalize(original, PACKS.confusables))
    assert nt.text == "so go to Brewly.com/maya for 25% off"
    start = nt.text.index("Brewly.com/maya")
    s, e = nt.to_original(start, start + len("Brewly.com/maya"))
    assert original[s:e] == "Brewly dot com slash maya"
    start = nt.text.index("25%")
    s, e = nt.to_original(start, start + 3)
    assert original[s:e] == "twenty five percent"


def test_rewrite_composes_with_unicode_normalisation():
    original = "\u200bget ｔｗｅｎｔｙ percent off"  # zero-width space, full-width letters
    nt = SPOKEN(normalize(original, PACKS.confusables))
    assert nt.text == "get 20% off"
    s, e = nt.to_original(4, 7)
    assert original[s:e] == "ｔｗｅｎｔｙ percent"


def test_rewrite_deletion_and_identity():
    base = normalize("code maya 20", PACKS.confusables)
    assert base.identity
    out = rewrite(base, [(9, 10, "")])
    assert out.text == "code maya20"
    assert out.to_original(0, len(out.text)) == (0, len("code maya 20"))
    assert rewrite(base, []) is base


def test_written_platforms_are_not_rewritten(det):
    rep = det.analyze("Use code MAYA twenty, it's at brewly dot com slash maya", "instagram")
    assert not any(s.kind == "call_to_action" for s in rep.signals)


def test_spoken_storefront_link_is_an_affiliate_link(det):
    rep = det.analyze("my whole kit is on amazon dot com slash shop slash maya beauty", platform="transcript")
    links = [s for s in rep.signals if s.kind == "affiliate_link" and s.value]
    assert links and links[0].value.startswith("amazon.com/shop/maya")
    text = "my whole kit is on amazon dot com slash shop slash maya beauty"
    assert text[links[0].start:links[0].end] == links[0].text == "amazon dot com slash shop slash maya"


def test_spoken_code_with_a_number_is_one_code(det):
    rep = det.analyze("use code maya twenty for twenty five percent off", platform="transcript")
    codes = [s for s in rep.signals if s.kind == "discount_code"]
    assert codes and codes[0].value.lower() == "maya20"


def test_timed_transcript_keeps_times_through_rewrites(det):
    tr = dd.Transcript.from_segments([(0, 4, "welcome back everyone"), (60, 64, "go to brewly dot com"),
                                      (64, 68, "slash maya for twenty percent off")])
    rep = det.analyze(tr)
    calls = [s for s in rep.signals if s.kind == "call_to_action"]
    assert calls and all(s.start_time is not None and s.start_time >= 60 for s in calls)
    assert any(tr.text[s.start:s.end] == s.text for s in calls)


_WORDS = st.sampled_from(["twenty", "five", "one", "hundred", "and", "thousand", "percent", "per cent", "dot", "com",
                          "slash", "hashtag", "ad", "code", "maya", "the", "is", "off", "brewly", "www", "co", "uk",
                          "-", "\n", "ten", "zero", "million", "20", "%", "é", "\u200b"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=30), st.sampled_from([" ", "", "  "]))
def test_offsets_stay_inside_the_original(words, sep):
    original = sep.join(words)
    nt = SPOKEN(normalize(original, PACKS.confusables))
    if nt.starts is None:
        assert nt.text == original
        return
    assert len(nt.starts) == len(nt.text) == len(nt.ends)
    assert all(0 <= s < e <= len(original) for s, e in zip(nt.starts, nt.ends))
    assert list(nt.starts) == sorted(nt.starts)
    s, e = nt.to_original(0, len(nt.text))
    assert 0 <= s <= e <= len(original)


def test_number_words_must_be_single_words():
    """Number words are matched as letter runs through a trie: a multi-word form is refused at load time."""
    from pydantic import ValidationError
    from deinfluence_detect.packs.schema import SpokenForms
    data = FORMS.model_dump()
    data["numbers"] = {**data["numbers"], "twenty one": 21}
    with pytest.raises(ValidationError, match="single words"):
        SpokenForms.model_validate(data)


def test_spoken_link_split_across_caption_lines():
    tr = dd.Transcript.from_segments([(0, 3, "make sure to go to brewly dot"), (3, 6, "com slash maya for a trial")])
    nt = SPOKEN(normalize(tr.text, PACKS.confusables))
    assert "brewly.com/maya" in nt.text


def test_rewrites_far_from_their_guard_words_match_whole_text_rewrites():
    """Each rewrite runs only near its guard words (REACH, whole lines): a long transcript with its spoken links and
    codes far apart gives the rewrites each short piece gives on its own."""
    pieces = ["go to brewly dot com slash maya today", "use code maya twenty at checkout",
              "hashtag ad by the way", "that is forty per cent off", "super person persona dot product"]
    filler = "\n".join("we keep talking about the weather and nothing else" for _ in range(30))
    long_text = filler + "\n" + f"\n{filler}\n".join(pieces) + "\n" + filler
    rewritten = SPOKEN(normalize(long_text, PACKS.confusables)).text
    for piece in pieces:
        assert SPOKEN(normalize(piece, PACKS.confusables)).text in rewritten
    assert "brewly.com/maya" in rewritten and "maya20" in rewritten and "#ad" in rewritten and "40%" in rewritten
    assert "persona dot product" in rewritten  # "dot" before a word that is no domain ending stays a word


def test_a_spoken_link_split_by_a_line_break_is_found_with_no_other_spoken_form():
    tr = dd.Transcript.from_segments([(0, 3, "go to brewly dot"), (3, 6, "com for the deal")])
    assert SPOKEN(normalize(tr.text, PACKS.confusables)).text == "go to brewly.com for the deal"
