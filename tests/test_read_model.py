"""The read model (compose/read_model.py): where a sponsor read's pitch runs around the anchors the rules found; every
transcript here is our own."""
import subprocess
import sys
from pathlib import Path

import pytest

from deinfluence_detect import Detector, Transcript
from deinfluence_detect.compose.read_model import ReadModel, SegmentScores, bundled_model, features, words

ROOT = Path(__file__).resolve().parent.parent
STEP = 3.0  # seconds per caption line in these transcripts

# The pitch runs from "let me tell you about" (12 s); the only anchors are the code and the site (33 s).
PITCH_BEFORE_CODE = [
    "okay so that was the first coat of paint on the shelf", "it dried way faster than i expected honestly",
    "now i want to sand the edges a little bit", "because the corners got kind of lumpy last time",
    "and while that dries let me tell you about something", "you know how every password is your dog's name",
    "a lot of people reuse the same three passwords everywhere", "keeplock stores all of them in one encrypted vault",
    "it fills them in for you on your phone and laptop", "and it warns you when a site you use gets breached",
    "plans start at two dollars a month and you can cancel anytime", "use code shelf at keeplock dot com slash shelf",
    "for your first three months free", "alright back to the shelf", "so the second coat goes on much thinner",
    "you want long strokes with the grain of the wood"]
# A single call to action: a read inside a pitch, the creator's own pointer inside ordinary talk.
LONE_CALL_IN_PITCH = [
    "so that's the whole route we hiked on day two", "the last climb nearly killed me not gonna lie",
    "speaking of staying comfortable out here", "trailnest makes these inflatable sleeping pads",
    "they pack down to the size of a water bottle", "and they're rated for nights below freezing",
    "you get a lifetime warranty and free returns", "check out the link in the description to get yours",
    "okay so day three started with rain obviously", "we packed up the tent in a total downpour"]
LONE_CALL_IN_TALK = [
    "so that's the whole route we hiked on day two", "the last climb nearly killed me not gonna lie",
    "if you missed the first part of this trip", "we filmed the approach and the river crossing",
    "i'll put the link in the description for that one", "okay so day three started with rain obviously",
    "we packed up the tent in a total downpour", "and my boots were soaked by lunch again"]


# An intro read whose pitch runs past the 15 s an intro-only read is given.
INTRO_PITCH = [
    "this video is sponsored by keeplock", "keeplock stores every password in one encrypted vault",
    "it fills them in for you on your phone and laptop", "and it warns you when a site you use gets breached",
    "plans start at two dollars a month and you can cancel anytime", "you get a thirty day money back guarantee",
    "and it works on android and iphone", "okay so the first coat of paint went on",
    "it dried way faster than i expected honestly", "now i want to sand the edges a little bit",
    "because the corners got kind of lumpy last time"]


def reads(det, lines):
    tr = Transcript.from_segments([(i * STEP, (i + 1) * STEP, t) for i, t in enumerate(lines)])
    return [(s.start_time, s.end_time) for s in det.analyze(tr).signals if s.kind == "sponsor_read"]


@pytest.fixture(scope="module")
def det():
    return Detector()


@pytest.fixture(scope="module")
def without_model():
    off = Detector()
    off.packs.platforms["video"].reads.model_threshold = None  # null switches the model off
    return off


def test_model_trims_the_lead_in_that_is_no_pitch(det, without_model):
    assert reads(without_model, PITCH_BEFORE_CODE) == [(0.0, 42.0)]  # a fixed reach back from the code
    [(start, end)] = reads(det, PITCH_BEFORE_CODE)
    assert 12.0 <= start <= 15.0 and end == 42.0  # from about the segue (12 s), through "back to the shelf"


def test_model_widens_a_read_over_its_pitch_but_never_across_an_outro(det, without_model):
    assert reads(without_model, INTRO_PITCH) == [(0.0, 18.0)]  # intro_read_s only
    assert reads(det, INTRO_PITCH) == [(0.0, 21.0)]  # "and it works on android and iphone" is pitch too
    outro = INTRO_PITCH[:4] + ["anyway back to the video"] + INTRO_PITCH[4:]
    assert reads(det, outro) == [(0.0, 15.0)]  # the pitch after "back to the video" stays out


def test_a_tail_segment_with_no_pitch_is_trimmed_though_its_window_has_some(det):
    """Beside a strong read the window's mean stays high: the segment's own score (below -4) decides."""
    tail = INTRO_PITCH[:3] + ["plans start at two dollars a month and you can cancel anytime",
                              "use code shelf at keeplock dot com slash shelf",
                              "because the corners got kind of lumpy last time", "now i want to sand the edges"]
    assert reads(det, tail) == [(0.0, 15.0)]
    mean_only = Detector()
    mean_only.packs.platforms["video"].reads.model_trim_segment_threshold = None
    assert reads(mean_only, tail) == [(0.0, 18.0)]


def test_lone_call_beside_the_creator_s_own_shop_is_no_read(det):
    own = LONE_CALL_IN_PITCH[:8] + ["and we sell our own pads in our shop too"] + LONE_CALL_IN_PITCH[8:]
    assert reads(det, own) == []


def test_lone_call_in_a_pitch_is_a_read(det, without_model):
    assert reads(without_model, LONE_CALL_IN_PITCH) == []
    [(start, end)] = reads(det, LONE_CALL_IN_PITCH)
    assert start == 6.0 and end >= 24.0  # "speaking of staying comfortable" to the call


def test_what_deinfluencing_finds_is_no_cue_of_a_read(det):
    """Product mentions (found in any text with a tie) leave the read model's window as it is: only cue segments are
    left out of the speech around a lone call."""
    from deinfluence_detect.compose.reads import sponsor_reads
    tr = Transcript.from_segments([(i * STEP, (i + 1) * STEP, t) for i, t in enumerate(LONE_CALL_IN_PITCH)])
    signals = [s for s in det.analyze(tr).signals if s.kind != "sponsor_read"]
    times = [(s.start, s.end) for s in tr.segments]
    settings = det.packs.platforms["video"].reads
    found = sponsor_reads(signals, tr.text, tr.segment_offsets, times, settings)
    assert found
    mentions = [signals[0].model_copy(update={"kind": "product_mention", "start": at, "end": at + 4})
                for at in tr.segment_offsets[2:7]]  # one in every pitch segment
    assert sponsor_reads(signals + mentions, tr.text, tr.segment_offsets, times, settings) == found


def test_lone_call_rule_needs_times(det):
    """Untimed sentences vary too much in length for the window: a lone call stays no read there."""
    rep = det.analyze(Transcript.from_sentences(LONE_CALL_IN_PITCH))
    assert not any(s.kind == "sponsor_read" for s in rep.signals)


def test_lone_pointer_in_ordinary_talk_is_no_read(det):
    assert reads(det, LONE_CALL_IN_TALK) == []


def test_speech_with_no_cue_is_never_a_read(det):
    talk = ["you get a lifetime warranty and free returns", "plans start at two dollars a month"] * 5
    assert bundled_model().score(talk[0]) > 2 and reads(det, talk) == []  # pitch, but no anchor


def test_words_and_features_ignore_case_and_punctuation():
    assert words("Plans start at $2/month, cancel ANYTIME!") == ["plans", "start", "at", "0", "month", "cancel",
                                                                  "anytime"]
    assert {"cancel anytime", "at 0", "plans"} <= features("Plans start at $2/month, cancel ANYTIME!")


def test_smoothed_score_is_the_mean_over_the_window():
    model = ReadModel({"code": 4.0, "shelf": -2.0}, bias=0.0)
    scores = SegmentScores(["the shelf", "use code", "the shelf"], [(0, 3), (3, 6), (6, 9)], 4.0, 1, model)
    assert scores.raw(1) == 4.0
    assert scores.smoothed(1) == pytest.approx(0.0)  # (-2 + 4 - 2) / 3
    assert scores.around(0, 1.0) == -2.0  # only itself within a second of its middle
    untimed = SegmentScores(["the shelf", "use code", "the shelf"], None, 4.0, 1, model)
    assert untimed.smoothed(0) == pytest.approx(1.0)  # itself and the next sentence


def test_shipped_model_is_a_fresh_training_on_our_own_transcripts():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_read_model.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    model = bundled_model()
    assert len(model.weights) > 1000 and max(abs(w) for w in model.weights.values()) <= 2.0
