#!/usr/bin/env python3
"""Speed of the detector against spaCy's bare tokenizer on the same real texts, in the same run.

    python scripts/benchmark.py [--corpora ../shared/corpora] [--reps 3] [--json out.json]

For each caption corpus (and all of them pooled): texts/s and MB/s of
  * baseline: ``spacy.blank("en").pipe(texts, batch_size=1000)`` (tokenizer only), and
  * detector: a fresh ``Detector()`` per repetition, ``analyze_many(texts, batch_size=256)``, the same
    configuration as the evaluation, single process, no cache across calls (construction timed separately);
the ratio detector / baseline (median of reps), and the peak RSS of each measurement (each runs in its own
subprocess, so peaks do not mix). Transcripts (issue 4) are timed end to end from segments to reports:
``Transcript.from_segments`` + ``analyze`` per SponsorBlock video, in MB of UTF-8 segment text per second, beside
the bare tokenizer over the same segment texts joined per video. Speed is reported, never gated.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CAPTION_CORPORA = ["tiktok_captions", "youtube_trending", "instasynth_instagram", "mathur_youtube_affiliate",
                   "mathur_pinterest_affiliate", "instagram_beauty_2026"]


def load_texts(corpora: Path, names: list[str]) -> list[tuple[str, str]]:
    out = []
    for name in names:
        with (corpora / f"{name}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if isinstance(row.get("text"), str):
                    out.append((row["text"], row.get("platform", "generic")))
    return out


TRANSCRIPTS = "sponsorblock_transcripts"


def load_segments(corpora: Path) -> list[list]:
    with (corpora / f"{TRANSCRIPTS}.jsonl").open(encoding="utf-8") as fh:
        return [row["segments"] for row in map(json.loads, fh) if row.get("segments")]


def measure(mode: str, corpora: Path, names: list[str], reps: int) -> dict:
    """Runs inside a subprocess: time `mode` over the texts `reps` times."""
    if names == [TRANSCRIPTS]:
        videos = load_segments(corpora)
        texts = ["\n".join(t for _, _, t in segs) for segs in videos]
        items = None
    else:
        items = load_texts(corpora, names)
        texts = [t for t, _ in items]
    mb = (sum(len(t.encode("utf-8")) for segs in videos for _, _, t in segs) if items is None
          else sum(len(t.encode("utf-8")) for t in texts)) / 1e6
    times, build = [], []
    for _ in range(reps):
        if mode == "baseline":
            import spacy
            t0 = time.perf_counter()
            nlp = spacy.blank("en")
            t1 = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=1000):
                pass
        else:
            from deinfluence_detect import Detector
            t0 = time.perf_counter()
            det = Detector()
            t1 = time.perf_counter()
            if items is None:
                from deinfluence_detect import Transcript
                for segs in videos:
                    det.analyze(Transcript.from_segments(segs))
            else:
                for _rep in det.analyze_many(items, batch_size=256):
                    pass
        t2 = time.perf_counter()
        build.append(t1 - t0)
        times.append(t2 - t1)
    secs = statistics.median(times)
    return {"texts": len(texts), "mb": round(mb, 3), "seconds": round(secs, 3),
            "texts_per_s": round(len(texts) / secs, 1), "mb_per_s": round(mb / secs, 3),
            "build_s": round(statistics.median(build), 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_sub(mode: str, corpora: Path, names: list[str], reps: int) -> dict:
    code = ("import json,sys; sys.path.insert(0, %r); from benchmark import measure; from pathlib import Path; "
            "print(json.dumps(measure(%r, Path(%r), %r, %d)))" % (str(Path(__file__).parent), mode, str(corpora),
                                                                names, reps))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--only", nargs="*", help="measure only these rows (e.g. pooled, transcripts)")
    args = ap.parse_args()
    names = [n for n in CAPTION_CORPORA if (args.corpora / f"{n}.jsonl").exists()]
    if not names:
        print(f"no corpora under {args.corpora}: nothing to measure", file=sys.stderr)
        return 0
    groups = [(n, [n]) for n in names] + [("pooled", names)]
    if (args.corpora / f"{TRANSCRIPTS}.jsonl").exists():
        groups.append(("transcripts (segments)", [TRANSCRIPTS]))
    if args.only:
        groups = [(label, group) for label, group in groups if any(label.startswith(o) for o in args.only)]
    rows = {}
    print(f"{'corpus':<28}{'texts':>7}{'MB':>7}{'base t/s':>10}{'det t/s':>10}{'det MB/s':>10}{'ratio':>7}"
          f"{'RSS base':>9}{'RSS det':>9}")
    for label, group in groups:
        base = run_sub("baseline", args.corpora, group, args.reps)
        det = run_sub("detector", args.corpora, group, args.reps)
        ratio = det["texts_per_s"] / base["texts_per_s"]
        rows[label] = {"baseline": base, "detector": det, "ratio": round(ratio, 3)}
        print(f"{label:<28}{det['texts']:>7}{det['mb']:>7.2f}{base['texts_per_s']:>10.0f}{det['texts_per_s']:>10.0f}"
              f"{det['mb_per_s']:>10.2f}{ratio:>7.2f}{base['peak_rss_mb']:>9.0f}{det['peak_rss_mb']:>9.0f}")
    print(f"detector construction: {next(iter(rows.values()))['detector']['build_s']} s (not in the timings above)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
