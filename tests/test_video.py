"""Videos: description and transcript judged together; time-based disclosure findings."""
from __future__ import annotations

import deinfluence_detect as dd

SPOKEN = [(0, 10, "brewly makes great coffee"), (10, 20, "use code maya15 for ten percent off at checkout"),
          (20, 200, "anyway the grinder has steel burrs")]


def test_video_parts_are_tagged_and_description_only_is_its_own_finding(det):
    video = dd.Video(description="This video is sponsored by Brewly.", transcript=dd.Transcript.from_segments(SPOKEN))
    rep = det.analyze(video)
    assert rep.commercial and rep.disclosure.value == "clear" and rep.platform == "youtube"
    assert {s.source for s in rep.signals} == {"description", "transcript"}
    cats = {f.category for f in rep.findings}
    assert "description_only_disclosure" in cats and "undisclosed_material_connection" not in cats
    f = next(f for f in rep.findings if f.category == "description_only_disclosure")
    assert f.source == "transcript" and f.start_time == 10.0
    desc_sig = next(s for s in rep.signals if s.source == "description")
    assert video.description[desc_sig.start:desc_sig.end] == desc_sig.text


def test_video_without_any_disclosure_stays_undisclosed(det):
    rep = det.analyze(dd.Video(description="Grinder review!", transcript=dd.Transcript.from_segments(SPOKEN)))
    assert "undisclosed_material_connection" in {f.category for f in rep.findings}


def test_video_description_only_and_errors(det):
    rep = det.analyze(dd.Video(description="Use code MAYA15 for 15% off"))
    assert rep.findings and all(f.source == "description" for f in rep.findings)
    import pytest
    with pytest.raises(dd.InputError):
        det.analyze(dd.Video())


def test_spoken_disclosure_at_the_very_end_is_buried(det):
    segs = [(0, 10, "this grinder is great"), (10, 20, "use code maya15 for ten percent off"),
            (20, 590, "more talk"), (590, 600, "this video was sponsored by brewly")]
    rep = det.analyze(dd.Transcript.from_segments(segs))
    f = next(f for f in rep.findings if f.rule_id == "DD-VID-001")
    assert f.category == "buried_disclosure" and f.start_time == 10.0


def test_live_interval_comes_from_the_platform_profile(det):
    segs = [(0, 10, "this stream is sponsored by brewly"), (10, 1000, "playing"), (1000, 1010, "use code maya15")]
    assert not det.analyze(dd.Transcript.from_segments(segs)).findings  # not live: no repetition needed
    live = det.analyze(dd.Transcript.from_segments(segs, live=True))
    assert [f.category for f in live.findings] == ["unrepeated_live_disclosure"]
    assert "15 minutes" in live.findings[0].message


def test_video_findings_are_made_once(det):
    segs = [(0, 10, "this grinder is great"), (10, 20, "use code maya15 for ten percent off"),
            (20, 590, "more talk"), (590, 600, "this video was sponsored by brewly")]
    rep = det.analyze(dd.Video(description="Grinder review, sponsored by Brewly",
                               transcript=dd.Transcript.from_segments(segs)))
    ids = [f.rule_id for f in rep.findings]
    assert ids.count("DD-VID-001") == 1 and len(ids) == len(set((f.rule_id, f.fingerprint) for f in rep.findings))


def test_analyze_many_keeps_videos_in_order_and_in_a_pool(det):
    tr = dd.Transcript.from_segments([(0, 5, "welcome back"), (60, 65, "this video is brought to you by brewly"),
                                      (65, 70, "use code maya twenty for twenty percent off")])
    video = dd.Video(description="Sponsored by Brewly. #ad", transcript=tr)
    items = ["#ad code MAYA for 10% off", video, ("just a sunset", "instagram"), tr]
    single = [det.analyze(x) if not isinstance(x, tuple) else det.analyze(*x) for x in items]
    assert list(det.analyze_many(items, batch_size=2)) == single
    assert "description_only_disclosure" in {f.category for f in single[1].findings}
    assert list(det.analyze_many(items, batch_size=2, n_process=2)) == single
