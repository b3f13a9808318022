"""Transcripts: parsing SRT / WebVTT (YouTube rolling auto-captions) / JSON / segments, times on findings."""
from __future__ import annotations

import json

import pytest

import deinfluence_detect as dd

# Written for the test in the shape YouTube serves auto-captions: inline word timings, each line repeated in the
# next cue, 10 ms transition cues.
ROLLING_VTT = """WEBVTT
Kind: captions
Language: en

00:00:01.000 --> 00:00:03.000 align:start position:0%
 
hey<00:00:01.500><c> everyone</c><00:00:02.000><c> welcome</c><00:00:02.500><c> back</c>

00:00:03.000 --> 00:00:03.010 align:start position:0%
hey everyone welcome back
 

00:00:03.010 --> 00:00:06.000 align:start position:0%
hey everyone welcome back
this<00:00:03.500><c> video</c><00:00:04.000><c> is</c><00:00:04.500><c> sponsored</c><00:00:05.000><c> by</c><00:00:05.500><c> brewly</c>

00:00:06.000 --> 00:00:06.010 align:start position:0%
this video is sponsored by brewly
 

00:00:06.010 --> 00:00:09.000 align:start position:0%
this video is sponsored by brewly
use<00:00:06.500><c> code</c><00:00:07.000><c> MAYA15</c><00:00:07.500><c> for</c><00:00:08.000><c> ten</c><00:00:08.500><c> percent</c>
"""


def test_rolling_vtt_is_deduplicated_and_timed(tmp_path, det):
    f = tmp_path / "auto.vtt"
    f.write_text(ROLLING_VTT)
    tr = dd.Transcript.from_vtt(f)
    assert tr.text == "hey everyone welcome back\nthis video is sponsored by brewly\nuse code MAYA15 for ten percent"
    rep = det.analyze(tr)
    assert rep.platform == "transcript" and rep.disclosure.value == "clear" and rep.commercial
    spon = next(s for s in rep.signals if s.kind == "sponsorship")
    assert (spon.start_time, spon.end_time) == (3.01, 6.0)
    assert tr.text[spon.start:spon.end] == spon.text
    code = next(s for s in rep.signals if s.kind == "discount_code")
    assert code.start_time == 6.01


def test_srt_and_untimed_and_segment_objects(tmp_path, det):
    f = tmp_path / "a.srt"
    f.write_text("1\n00:00:00,500 --> 00:00:02,000\nno\n\n2\n00:00:02,000 --> 00:00:03,000\nno\n\n"
                 "3\n00:10:00,000 --> 00:10:04,250\nnot sponsored by the way, use code MAYA15\n")
    tr = dd.Transcript.from_srt(f)
    assert tr.text.splitlines() == ["no", "not sponsored by the way, use code MAYA15"]  # a repeated line is one line
    rep = det.analyze(tr)
    f3 = next(f for f in rep.findings if f.category == "negated_sponsorship_with_connection")
    assert (f3.start_time, f3.end_time) == (600.0, 604.25)
    untimed = det.analyze(dd.Transcript.from_sentences(["not sponsored by the way", "use code MAYA15"]))
    assert untimed.findings and untimed.findings[0].start_time is None
    objs = dd.Transcript.from_segments([{"start": 1, "end": 2, "text": "#ad today"}])
    assert det.analyze(objs).signals[0].start_time == 1.0


def test_json_segments_file(tmp_path, det):
    f = tmp_path / "segs.json"
    f.write_text(json.dumps({"segments": [[0.0, 3.0, "thanks to brewly for sponsoring"]]}))
    rep = det.analyze(dd.Transcript.from_json(f))
    assert rep.disclosure.value == "clear" and rep.signals[0].end_time == 3.0


@pytest.mark.parametrize("body,line", [
    ("WEBVTT\n\n00:00:01.000 --> 00:00:xx.000\nhello\n", 3),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nhello\n", 3),
])
def test_malformed_captions_name_the_line(tmp_path, body, line):
    f = tmp_path / "bad.vtt"
    f.write_text(body)
    with pytest.raises(dd.InputError) as exc:
        dd.Transcript.from_vtt(f)
    assert exc.value.line == line and "bad.vtt" in str(exc.value)


def test_bad_segments_are_typed_errors():
    with pytest.raises(dd.InputError, match="segment 2"):
        dd.Transcript.from_segments([(0, 1, "ok"), (1, "x", "bad")])
    with pytest.raises(dd.InputError, match="expected"):
        dd.Transcript.from_json({"segments": "nope"})
    for bad, message in [((float("nan"), 1, "x"), "finite"), ((0, float("inf"), "x"), "finite"),
                         ((-1, 1, "x"), "negative"), ((2, 1, "x"), "before start"), ((0, 1, 7), "string"),
                         ({"start": 0, "text": "x"}, "not \\(start, end, text\\)")]:
        with pytest.raises(dd.InputError, match=f"segment 2.*{message}|segment 2 {message}"):
            dd.Transcript.from_segments([(0, 1, "ok"), bad])
    assert dd.Transcript.from_segments([dd.Segment(0, 1, "a  b")]).segments == [dd.Segment(0.0, 1.0, "a b")]


def test_transcripts_in_analyze_many_and_process_pool(det):
    items = [dd.Transcript.from_segments([(0, 1, "use code MAYA15 now")]), "#ad plain caption",
             dd.Transcript.from_segments([(3, 4, "sponsored by brewly")])]
    single = [det.analyze(x) for x in items]
    assert list(det.analyze_many(items, batch_size=2)) == single
    assert list(det.analyze_many(items, n_process=2)) == single
    assert single[0].findings[0].start_time == 0.0 and single[1].signals[0].start_time is None


READ = [(0, 4, "welcome back to the channel"), (4, 8, "today's video is sponsored by brewly"),
        (8, 16, "brewly makes compostable coffee pods"), (16, 24, "go to brewly dot com slash maya"),
        (24, 30, "and get twenty percent off your first box"), (30, 34, "now back to the video"),
        (34, 60, "so this grinder has a conical burr"), (60, 120, "and the grind is very even")]


def test_sponsor_read_spans_the_read_and_stops_at_the_outro(det):
    rep = det.analyze(dd.Transcript.from_segments(READ))
    reads = [s for s in rep.signals if s.kind == "sponsor_read"]
    assert len(reads) == 1
    assert (reads[0].start_time, reads[0].end_time) == (4.0, 34.0)  # sponsor intro .. outro segment
    assert "compostable" in reads[0].text and "grinder" not in reads[0].text and "welcome" not in reads[0].text


PITCH_THEN_CODE = [(0, 30, "so that is the whole build for today"), (30, 40, "my hands get so dry in winter"),
                   (40, 50, "this cream from lumora fixed it in a week"), (50, 58, "use code maya for twenty percent off"),
                   (58, 62, "at lumora dot com"), (62, 70, "ok moving on"), (70, 120, "the next step is the wiring")]


def test_read_that_opens_with_a_call_to_action_reaches_back_over_the_pitch(rules_only):
    """A read whose first anchor is a code or link began earlier (the pitch comes first): lead_in_call_s."""
    rep = rules_only.analyze(dd.Transcript.from_segments(PITCH_THEN_CODE))
    reads = [s for s in rep.signals if s.kind == "sponsor_read"]
    # up to 45 s back from the code; 3 s past "dot com"
    assert [(r.start_time, r.end_time) for r in reads] == [(30.0, 62.0)]
    assert "dry in winter" in reads[0].text and "wiring" not in reads[0].text


BRAND_PITCH = [(0, 20, "today we hike the ridge"), (20, 35, "trailpeak makes packs that weigh almost nothing"),
               (35, 55, "i carry mine every day and trail peak's warranty is for life"), (55, 70, "the straps stay soft"),
               (70, 75, "go to trailpeak dot com slash maya for twenty percent off"), (75, 80, "anyway"),
               (80, 200, "the path gets steep here")]


@pytest.fixture(scope="module")
def rules_only():
    """The rules' read shapes alone, the read model (tests/test_read_model.py) off: these tests pin the shapes."""
    off = dd.Detector()
    reads = off.packs.platforms["video"].reads
    reads.model_threshold = reads.model_trim_threshold = reads.model_lone_call_threshold = None
    return off


def _read_times(det, segments) -> list[tuple[float, float]]:
    rep = det.analyze(dd.Transcript.from_segments(segments))
    return [(s.start_time, s.end_time) for s in rep.signals if s.kind == "sponsor_read"]


def _read_segments_with(det, segments, settings) -> list[tuple[int, int]]:
    """The reads `compose/reads.py` finds in `segments` under other `ReadSettings`: (first, last) segment."""
    from deinfluence_detect.compose.reads import sponsor_reads
    tr = dd.Transcript.from_segments(segments)
    signals = [s for s in det.analyze(tr).signals if s.kind != "sponsor_read"]
    return sponsor_reads(signals, tr.text, tr.segment_offsets, [(s.start, s.end) for s in tr.segments], settings)


def test_a_read_reaches_back_along_its_brand_mentions(rules_only):
    """The site a call to action names is what the read talks about: mentions of it (speech recognition may split
    the name) chain the read back past the blind lead-in, while each is near the last and within chain_back_s."""
    assert _read_times(rules_only, BRAND_PITCH) == [(20.0, 75.0)]
    unchained = rules_only.packs.platforms["video"].reads.model_copy(update={"chain_back_s": 0})
    assert _read_segments_with(rules_only, BRAND_PITCH, unchained) == [(2, 4)]  # lead_in_call_s (45 s) only


def test_the_chain_follows_whole_names_only_and_not_a_denied_sponsor(rules_only):
    """'skill share dot com' names "skillshare", not "share"; a possessive counts, a longer word does not; a read
    beside "not sponsored by" does not follow its brand."""
    split = [(0, 5, "this video is sponsored by skillshare"), (5, 10, "go to skill share dot com slash maya"),
             (10, 40, "please share this video"), (40, 70, "and share your drawings"), (70, 200, "bye for now")]
    assert _read_times(rules_only, split) == [(0.0, 10.0)]
    denied = [(0, 5, "this video is not sponsored by brewly"), (5, 30, "i just like brewly's beans"),
              (30, 35, "go to brewly dot com and check the link in the description"), (35, 60, "brewlyfan is my cat"),
              (60, 80, "brewly is also great iced"), (80, 200, "okay the grinder")]
    assert _read_times(rules_only, denied) == [(0.0, 35.0)]  # two calls are a read; it does not grow


def test_brand_mentions_join_forward_but_never_across_an_outro(rules_only):
    on = [(0, 5, "this video is sponsored by brewly"), (5, 40, "they roast small batches in ohio"),
          (40, 60, "and brewly ships every bag within a day"), (60, 70, "so my drive was long"),
          (70, 200, "and then we reached the hut")]
    assert _read_times(rules_only, on) == [(0.0, 60.0)]  # intro_read_s alone would stop at 40
    cut = on[:2] + [(40, 45, "now back to the video"), (45, 60, "brewly was a good name for a dog"), on[4]]
    assert _read_times(rules_only, cut) == [(0.0, 40.0)]  # the mention after the outro stays out


def test_untimed_reads_chain_over_sentences_naming_the_sponsor(det):
    sentences = ["So that was the news this week.", "Let me tell you about something I use every day.",
                 "Trailpeak makes the lightest packs I own.", "I carried my Trailpeak up three peaks this summer.",
                 "It has a lifetime warranty.", "Go to trailpeak dot com slash news for twenty percent off.",
                 "Okay, back to the news.", "The council met on Tuesday."]
    from deinfluence_detect.compose.reads import sponsor_reads
    tr = dd.Transcript.from_sentences(sentences)
    signals = [s for s in det.analyze(tr).signals if s.kind != "sponsor_read"]
    reads = det.packs.platforms["video"].reads
    short_lead_in = reads.model_copy(update={"lead_in_call_segments": 1})
    assert sponsor_reads(signals, tr.text, tr.segment_offsets, None, short_lead_in) == [(2, 6)]  # the brand, not the lead-in
    assert sponsor_reads(signals, tr.text, tr.segment_offsets, None, reads) == [(0, 6)]  # a pitch comes before its call


def test_untimed_read_opening_on_a_call_keeps_the_pitch_before_it(rules_only):
    """Untimed, a read whose first anchor is a call to action keeps `lead_in_call_segments` sentences before it."""
    pitch = [f"Pitch sentence number {i} about how good this is." for i in range(10)]
    call = ["Go to trailpeak dot com slash news for twenty percent off.", "Okay, back to the news."]
    sentences = ["The council met on Tuesday."] * 5 + pitch + call
    reads = [s for s in rules_only.analyze(dd.Transcript.from_sentences(sentences)).signals if s.kind == "sponsor_read"]
    lead_in = rules_only.packs.platforms["video"].reads.lead_in_call_segments
    assert len(reads) == 1 and reads[0].text.startswith(pitch[10 - lead_in]) and "council" not in reads[0].text


def test_intro_only_read_runs_for_a_short_read_and_settings_are_pack_data(det):
    from deinfluence_detect.packs.schema import ReadSettings
    segs = [(0, 5, "this video is sponsored by brewly"), (5, 15, "they roast small batches"), (15, 28, "every week"),
            (28, 40, "anyway the trail was muddy"), (40, 90, "and we turned back")]
    assert _read_times(det, segs) == [(0.0, 28.0)]
    assert det.packs.platforms["video"].reads.intro_read_s == 15  # from patterns/profiles/platforms.yaml
    assert _read_segments_with(det, segs, ReadSettings(intro_read_s=35)) == [(0, 3)]


def test_honest_review_has_no_read(det):
    honest = [(0, 5, "i bought this grinder myself last month"), (5, 12, "it is not sponsored by anyone"),
              (12, 20, "the burrs are steel and the motor is quiet"), (20, 30, "i would skip the cheaper model")]
    rep = det.analyze(dd.Transcript.from_segments(honest))
    assert not [s for s in rep.signals if s.kind == "sponsor_read"] and not rep.commercial


def test_untimed_reads_and_plain_transcript_text(det):
    tr = dd.Transcript.from_sentences([t for _, _, t in READ])
    reads = [s for s in det.analyze(tr).signals if s.kind == "sponsor_read"]
    assert len(reads) == 1 and reads[0].start_time is None
    text = "\n".join(t for _, _, t in READ)
    plain = [s for s in det.analyze(text, "transcript").signals if s.kind == "sponsor_read"]
    assert [(s.start, s.end) for s in plain] == [(s.start, s.end) for s in reads]
    assert text[plain[0].start:plain[0].end] == plain[0].text


def test_spoken_only_rules_run_on_transcripts_not_captions(det):
    """`media: [spoken]` rules (calls to action of sponsor reads) run on transcripts only; captions skip them."""
    spoken_only = {r.id for r in det.packs.cues if r.media == ["spoken"]}
    assert spoken_only, "the spoken pack marks its call-to-action rules spoken-only"
    line = "head over to brewly dot com slash maya, the link is in the description"
    caption = det.analyze(line, platform="youtube")
    transcript = det.analyze(dd.Transcript.from_segments([(0.0, 5.0, line)]))
    assert not {s.rule_id for s in caption.signals} & spoken_only
    assert {s.rule_id for s in transcript.signals} & spoken_only


def test_spoken_windows_are_the_lines_of_each_hit():
    from deinfluence_detect.match.engine import windows_around

    def lines_around(text, spans):
        return windows_around(text, spans, 0, to_lines=True)
    text = "first line here\nsponsored by acme today\nthird line\n" + "x" * 50
    assert lines_around(text, [(20, 30)]) == [(16, 39)]  # the whole second line, no more
    assert lines_around(text, [(20, 30), (42, 42)]) == [(16, 39), (40, 50)]  # each its own line
    assert lines_around(text, [(5, 20)]) == [(0, 39)]  # a hit across a line break: both lines
    assert lines_around("a" * 900, [(450, 451)]) == [(0, 900)]  # a long line is kept whole


def test_a_context_trigger_on_another_line_does_not_reach_a_spoken_cue(det):
    """Long transcripts are tokenised only on the lines of their cues; a trigger on a line between them (here a
    call for sponsors, which would make the read hypothetical in its own sentence) belongs to another sentence."""
    filler = [(10.0 + 3 * i, 12.0 + 3 * i, f"and then we talked about the weather for a while {i}") for i in range(30)]
    segments = [(0.0, 3.0, "this video is sponsored by acme"), (3.0, 6.0, "the best budgeting app out there"),
                (6.0, 9.0, "we are open to partnerships for business by the way")] + filler + [
                (100.0, 103.0, "use code brightside for twenty percent off at acme dot com")]
    rep = det.analyze(dd.Transcript.from_segments(segments))
    assert any(s.kind == "sponsorship" and "acme" in s.text for s in rep.signals)
    assert any(s.kind == "sponsor_read" for s in rep.signals)


def test_a_lone_call_to_action_is_a_read_when_an_outro_closes_it(det):
    """One call to action is no read on its own; "back to the video" right after it marks it as an aside."""
    before = [(0, 5, "so that is the setup for today"), (5, 10, "i tried the new trail shoes"),
              (10, 16, "check out brewly dot com slash maya")]
    after = [(20, 30, "the trail was muddy"), (30, 40, "we turned back early")]
    assert _read_times(det, before + [(16, 20, "and now back to the video")] + after) == [(0.0, 20.0)]
    assert _read_times(det, before + [(16, 20, "and the weather turned")] + after) == []


def test_a_lone_call_is_no_read_when_the_creator_s_own_business_claims_it_or_a_video_opens(det):
    own = [(0, 5, "so this is the hoodie i designed myself"), (5, 10, "it's on my merch store link in the description"),
           (10, 14, "anyway back to the video"), (14, 30, "the trail was muddy"), (30, 40, "we turned back early")]
    assert _read_times(det, own) == []
    opening = [(0, 5, "hey guys welcome back to my channel"), (5, 10, "check out brewly dot com slash maya"),
               (10, 14, "okay let's get into it"), (14, 30, "the trail was muddy"), (30, 40, "we turned back early")]
    assert _read_times(det, opening) == []  # "let's get into it" also opens ordinary videos


def test_the_untimed_lead_in_stops_at_an_earlier_outro_and_at_a_paragraph_s_length(rules_only):
    first = ["This episode is sponsored by Brewly.", "Brewly makes great coffee.",
             "Use code PODCAST for twenty percent off.", "Okay, back to the show."]
    talk = ["So we were talking about the election.", "The turnout was very high.", "Young voters came out."]
    second = ["Go to trailpeak dot com slash pod.", "Use code POD for ten percent off.", "Now back to the show."]
    tr = dd.Transcript.from_sentences(first + talk + second + ["The council met on Tuesday."])
    reads = [s for s in rules_only.analyze(tr).signals if s.kind == "sponsor_read"]
    assert len(reads) == 2 and reads[0].text.endswith("back to the show.")  # not merged across the outro
    assert reads[1].text.startswith("So we were")  # its blind lead-in stops at the outro that ended the first
    paragraph = "We talked about the river and the town and the long summer we spent there as kids. " * 3
    pasted = "\n".join([paragraph] * 10 + ["Go to brewly.com and use code VALLEY for twenty percent off."])
    read = next(s for s in rules_only.analyze(pasted, platform="podcast").signals if s.kind == "sponsor_read")
    call_line = pasted.rindex("\n") + 1  # eight lines of lead-in would be 2,000 characters
    assert 0 < call_line - read.start <= rules_only.packs.platforms["video"].reads.lead_in_call_chars


def test_segment_offsets_point_into_the_joined_text():
    tr = dd.Transcript.from_segments([(0, 1, "use code  MAYA"), (1, 2, "for ten percent off")])
    assert tr.segment_offsets == [0, 14] and tr.text[14:] == "for ten percent off"
