"""The scan command: formats, exit codes, and bad input reported with file and line (run in-process)."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from deinfluence_detect.cli import main

UNDISCLOSED = "Obsessed! Use code MAYA15 for 15% off at glowkit.com"
CLEAN = "Sunset at the lake"
DISCLOSED = "#ad Obsessed! Use code MAYA15 for 15% off"


def run(capsys, *args, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_with_finding_exits_1_and_names_ids(tmp_path, capsys):
    f = tmp_path / "posts.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in [("a", UNDISCLOSED), ("b", CLEAN)]))
    code, out, err = run(capsys, "scan", str(f), "--format", "jsonl")
    assert code == 1
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in recs] == ["a", "b"] and [r["line"] for r in recs] == [1, 2]
    assert recs[0]["report"]["findings"][0]["rule_id"] == "DD-DISC-001" and not recs[1]["report"]["findings"]


def test_clean_input_exits_0(tmp_path, capsys):
    f = tmp_path / "one.txt"
    f.write_text(DISCLOSED)
    code, out, err = run(capsys, "scan", str(f))
    assert code == 0 and out == "" and "1 document scanned" in err


def test_fail_on_threshold(tmp_path, capsys):
    f = tmp_path / "one.txt"
    f.write_text("New drop from @trailpeak #collab")  # ambiguous: medium
    assert run(capsys, "scan", str(f), "--fail-on", "high")[0] == 0
    assert run(capsys, "scan", str(f), "--fail-on", "medium")[0] == 1


def test_table_output_is_readable(tmp_path, capsys):
    f = tmp_path / "one.txt"
    f.write_text(UNDISCLOSED)
    code, out, _ = run(capsys, "scan", str(f))
    assert code == 1 and "HIGH DD-DISC-001 undisclosed_material_connection" in out and "fix:" in out


def test_csv_in_and_out_with_columns(tmp_path, capsys):
    f = tmp_path / "posts.csv"
    f.write_text('post_id,caption\np1,"' + UNDISCLOSED + '"\np2,' + CLEAN + "\n")
    code, out, _ = run(capsys, "scan", str(f), "--column", "caption", "--id-column", "post_id", "--format", "csv")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith("source,id,line,commercial") and ",p1,2,True,none,1,high," in lines[1]


def test_csv_missing_column_is_input_error(tmp_path, capsys):
    f = tmp_path / "posts.csv"
    f.write_text("a,b\n1,2\n")
    code, _, err = run(capsys, "scan", str(f))
    assert code == 2 and "posts.csv:1" in err and "no column 'text'" in err


def test_bad_rows_reported_and_skipped_exit_2(tmp_path, capsys):
    f = tmp_path / "posts.jsonl"
    f.write_text(json.dumps({"text": UNDISCLOSED}) + "\n{not json\n" + json.dumps({"txt": 1}) + "\n"
                 + json.dumps({"text": CLEAN, "platform": "myspace"}) + "\n")
    code, out, err = run(capsys, "scan", str(f), "--format", "jsonl")
    assert code == 2
    assert len(out.splitlines()) == 1
    assert "posts.jsonl:2: invalid JSON" in err and "posts.jsonl:3" in err and "posts.jsonl:4: unknown platform" in err


def test_stdin_jsonl(capsys, monkeypatch):
    code, out, _ = run(capsys, "scan", "-", "--format", "json", stdin=json.dumps({"text": UNDISCLOSED}) + "\n",
                       monkeypatch=monkeypatch)
    assert code == 1 and json.loads(out)[0]["source"] == "<stdin>"


def test_missing_file_and_unknown_suffix(tmp_path, capsys):
    code, _, err = run(capsys, "scan", str(tmp_path / "nope.jsonl"))
    assert code == 2 and "nope.jsonl: cannot open" in err
    odd = tmp_path / "posts.xyz"
    odd.write_text("x")
    code, _, err = run(capsys, "scan", str(odd))
    assert code == 2 and "--input-format" in err


def test_srt_scan_shows_times_and_bad_timing_names_the_line(tmp_path, capsys):
    f = tmp_path / "ep.srt"
    f.write_text("1\n00:00:01,000 --> 00:00:04,000\nwelcome back everyone\n\n"
                 "2\n00:01:05,000 --> 00:01:09,500\nuse code MAYA15 for fifteen percent off\n")
    code, out, _ = run(capsys, "scan", str(f))
    assert code == 1 and "at 01:05-01:09" in out
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:01,000 --> 00:00:04,000\nhello\n\n2\n00:00:05 --> later\nworld\n")
    code, _, err = run(capsys, "scan", str(bad))
    assert code == 2 and "bad.srt:6: malformed timing line" in err


def test_jsonl_sentences_are_untimed_transcripts(tmp_path, capsys):
    f = tmp_path / "pod.jsonl"
    f.write_text(json.dumps({"id": "ep1", "sentences": ["welcome back", "this episode is sponsored by Brewly"]}) + "\n"
                 + json.dumps({"id": "v2", "segments": [[0, 2, "hi"], [2, 6, "use code MAYA15 for ten percent off"]]})
                 + "\n" + json.dumps({"id": "v3", "segments": [[5, 2, "backwards"]]}) + "\n")
    code, out, err = run(capsys, "scan", str(f), "--format", "jsonl")
    ep, v2 = [json.loads(x) for x in out.splitlines()]
    assert ep["report"]["platform"] == "transcript" and ep["report"]["disclosure"] == "clear"
    assert ep["report"]["signals"][0]["start_time"] is None  # sentences are untimed
    assert v2["report"]["findings"][0]["start_time"] == 2.0 and v2["report"]["findings"][0]["end_time"] == 6.0
    assert code == 2 and "pod.jsonl:3: segment 1: end 2.0 before start 5.0" in err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["scan", "x.txt", "--format", "yaml"])
    assert exc.value.code == 2


def test_rules_and_schema_commands(capsys):
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert any(r["id"] == "DD-DISC-001" for r in rules)
    assert main(["schema"]) == 0
    assert "Report" in json.loads(capsys.readouterr().out)


def test_console_script_runs_as_a_process(tmp_path):
    f = tmp_path / "one.txt"
    f.write_text(UNDISCLOSED)
    proc = subprocess.run([sys.executable, "-m", "deinfluence_detect.cli", "scan", str(f), "--format", "jsonl"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_sarif_output(tmp_path, capsys):
    f = tmp_path / "posts.jsonl"
    f.write_text(json.dumps({"id": "p1", "text": UNDISCLOSED}) + "\n" + json.dumps({"text": CLEAN}) + "\n")
    code, out, _ = run(capsys, "scan", str(f), "--format", "sarif")
    sarif = json.loads(out)
    assert code == 1 and sarif["version"] == "2.1.0"
    (res,) = sarif["runs"][0]["results"]
    assert res["ruleId"] == "DD-DISC-001" and res["level"] == "error"
    region = res["locations"][0]["physicalLocation"]["region"]
    assert UNDISCLOSED[region["charOffset"]:region["charOffset"] + region["charLength"]] == "code MAYA15 for 15%"
    assert res["partialFingerprints"]["deinfluenceFingerprint/v1"]


def test_one_bad_byte_row_is_skipped_and_named_the_rest_is_read(tmp_path, capsys):
    f = tmp_path / "mixed.jsonl"
    good = (json.dumps({"text": UNDISCLOSED}) + "\n").encode("utf-8")
    f.write_bytes(good * 3 + b'{"text": "caf\xe9 latin-1"}\n' + good * 2)
    code, out, err = run(capsys, "scan", str(f), "--format", "jsonl")
    assert code == 2 and len(out.splitlines()) == 5 and "mixed.jsonl:4: not UTF-8" in err


def test_utf8_bom_is_accepted(tmp_path, capsys):
    f = tmp_path / "excel.csv"
    f.write_bytes(b"\xef\xbb\xbftext\n" + UNDISCLOSED.encode("utf-8") + b"\n")
    assert run(capsys, "scan", str(f), "--format", "csv")[0] == 1
    g = tmp_path / "bom.jsonl"
    g.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": UNDISCLOSED}).encode("utf-8") + b"\n")
    assert run(capsys, "scan", str(g), "--format", "jsonl")[0] == 1


def test_lone_surrogate_row_is_an_input_error(tmp_path, capsys):
    f = tmp_path / "s.jsonl"
    f.write_text('{"text": "#ad \\ud800"}\n' + json.dumps({"text": CLEAN}) + "\n")
    code, out, err = run(capsys, "scan", str(f), "--format", "jsonl")
    assert code == 2 and "s.jsonl:1: unpaired surrogate" in err and len(out.splitlines()) == 1


def test_multiline_csv_record_reported_at_its_first_line(tmp_path, capsys):
    f = tmp_path / "m.csv"
    f.write_text('id,text\na,"line one\nline two"\nb,plain\n')
    code, out, err = run(capsys, "scan", str(f), "--id-column", "id", "--format", "jsonl")
    recs = [json.loads(x) for x in out.splitlines()]
    assert [(r["id"], r["line"]) for r in recs] == [("a", 2), ("b", 4)] and code == 0


def test_directory_and_empty_file(tmp_path, capsys):
    code, _, err = run(capsys, "scan", str(tmp_path))
    assert code == 2 and "is a directory" in err
    e = tmp_path / "empty.jsonl"
    e.write_text("")
    code, _, err = run(capsys, "scan", str(e))
    assert code == 2 and "empty input" in err


SRT_READ = """1
00:00:01,000 --> 00:00:04,000
hey everyone welcome back to my kitchen

2
00:01:00,000 --> 00:01:05,000
this part of the video is brought to you by brewly

3
00:01:05,000 --> 00:01:10,000
go to brewly dot com slash maya and use code maya twenty for twenty percent off
"""
DESCRIPTION = "My kitchen tour\n\nThis video is sponsored by Brewly. Code MAYA20 for 20% off\n"


def _video_files(tmp_path, description: bool = True):
    srt = tmp_path / "Kitchen tour [abc123].en.srt"
    srt.write_text(SRT_READ)
    if description:
        (tmp_path / "Kitchen tour [abc123].description").write_text(DESCRIPTION)
    return srt


def test_yt_dlp_description_sidecar_is_paired_with_the_transcript(tmp_path, capsys):
    srt = _video_files(tmp_path)
    code, out, err = run(capsys, "scan", str(srt), "--format", "jsonl")
    rec = json.loads(out)
    assert code == 1 and rec["description_source"].endswith("Kitchen tour [abc123].description")
    cats = {f["category"] for f in rec["report"]["findings"]}
    assert "description_only_disclosure" in cats and "ambiguous_disclosure" not in cats
    sources = {s["source"] for s in rec["report"]["signals"]}
    assert sources == {"transcript", "description"}
    code, out, err = run(capsys, "scan", str(srt))
    assert "+ " in out and "in the description" in out and "in the transcript" in out


def test_description_none_and_explicit_path(tmp_path, capsys):
    srt = _video_files(tmp_path)
    code, out, err = run(capsys, "scan", str(srt), "--format", "jsonl", "--description", "none")
    rec = json.loads(out)
    assert "description_source" not in rec
    assert {f["category"] for f in rec["report"]["findings"]} == {"ambiguous_disclosure"}
    other = tmp_path / "notes.txt"
    other.write_text(DESCRIPTION)
    code, out, err = run(capsys, "scan", str(srt), "--format", "jsonl", "--description", str(other))
    assert json.loads(out)["description_source"] == str(other)
    code, out, err = run(capsys, "scan", str(srt), str(srt), "--description", str(other))
    assert code == 2 and "one transcript file" in err
    code, out, err = run(capsys, "scan", str(srt), "--description", str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt" in err and "cannot open description" in err


def test_jsonl_segments_with_description_are_a_video(tmp_path, capsys):
    f = tmp_path / "videos.jsonl"
    segs = [[1, 4, "welcome back"], [60, 65, "this video is brought to you by brewly"],
            [65, 70, "use code maya twenty for twenty percent off"]]
    f.write_text(json.dumps({"id": "v1", "segments": segs, "description": DESCRIPTION}) + "\n"
                 + json.dumps({"id": "c1", "text": "caption", "description": "x"}) + "\n"
                 + json.dumps({"id": "v2", "segments": segs, "description": 5}) + "\n")
    code, out, err = run(capsys, "scan", str(f), "--format", "jsonl")
    recs = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and [r["id"] for r in recs] == ["v1"]
    assert recs[0]["description_source"] == f"{f}:1"
    assert "description_only_disclosure" in {x["category"] for x in recs[0]["report"]["findings"]}
    assert f"{f}:2" in err and "'description' goes with" in err
    assert f"{f}:3" in err and "must be a string" in err
