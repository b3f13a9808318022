"""Command line: ``deinfluence-detect scan`` (and ``rules``, ``schema``).

Exit codes: 0 no finding reaches --fail-on; 1 one does; 2 usage or input errors (bad rows are reported on stderr
naming file and line, skipped, and make the exit code 2).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import islice
from typing import Iterator, Optional

from .errors import DeinfluenceError
from .inputs import FORMATS, Document, ReadError, read_documents
from .models import Severity
from .render import text as render

OUTPUT_FORMATS = ("table", "json", "jsonl", "csv", "sarif")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 without a traceback (argparse default, made explicit)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from .detector import PLATFORMS
    ap = _Parser(prog="deinfluence-detect", description="Find hidden paid promotion in captions and descriptions.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    scan = sub.add_parser("scan", help="scan files (or '-' for stdin) and report findings")
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files to scan; '-' reads stdin")
    scan.add_argument("--input-format", choices=FORMATS, help="input format (default: from the file suffix; "
                                                                "stdin: jsonl)")
    scan.add_argument("--platform", choices=PLATFORMS, default="generic", help="platform of documents that "
                                                                               "do not name one")
    scan.add_argument("--column", default="text", help="CSV column holding the text (default: text)")
    scan.add_argument("--id-column", help="CSV column holding a document id")
    scan.add_argument("--description", default="auto", metavar="auto|none|PATH",
                      help="pair a transcript file with its video's description: 'auto' (default) uses a yt-dlp "
                           "sidecar NAME.description beside NAME[.lang].vtt/.srt when present; 'none'; or a "
                           "text file (one transcript file only)")
    scan.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    scan.add_argument("--fail-on", choices=[s.value for s in Severity], default="low",
                      help="exit 1 when a finding reaches this severity (default: low)")
    scan.add_argument("--jurisdiction", default="US", help="jurisdiction profile (default: US)")
    scan.add_argument("--batch-size", type=int, default=256)
    scan.add_argument("--progress", dest="progress", action="store_true", default=None,
                      help="always show a progress bar on stderr (default: only on a terminal)")
    scan.add_argument("--no-progress", dest="progress", action="store_false")
    rules = sub.add_parser("rules", help="list the rules with their citations")
    rules.add_argument("--format", choices=("table", "json"), default="table")
    sub.add_parser("schema", help="print the JSON Schema of the report")
    return ap


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "scan":
            return _scan(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "schema":
            from .models import json_schemas
            print(json.dumps(json_schemas(), indent=2))
            return 0
    except DeinfluenceError as exc:
        print(f"deinfluence-detect: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 2


def _documents(args, errors: list[ReadError]) -> Iterator[Document]:
    for path in args.paths:
        for item in read_documents(path, args.input_format, platform=args.platform, column=args.column,
                                   id_column=args.id_column, description=args.description):
            if isinstance(item, ReadError):
                errors.append(item)
                print(f"deinfluence-detect: skipped {item}", file=sys.stderr)
            else:
                yield item


def _scan(args) -> int:
    from .detector import PLATFORMS, Detector
    if args.batch_size < 1:
        print("deinfluence-detect: error: --batch-size must be at least 1", file=sys.stderr)
        return 2
    if args.description not in ("auto", "none") and len(args.paths) != 1:
        print("deinfluence-detect: error: --description PATH pairs one transcript file with its description; "
              f"{len(args.paths)} paths given", file=sys.stderr)
        return 2
    if sum(p == "-" for p in args.paths) > 1:
        print("deinfluence-detect: error: '-' (stdin) may be given once", file=sys.stderr)
        return 2
    det = Detector(args.jurisdiction)
    errors: list[ReadError] = []
    fail_on = Severity(args.fail_on)
    counts: Counter = Counter()
    n_docs, failed = 0, False
    out = sys.stdout
    color = args.format == "table" and out.isatty()
    first_json = True
    sarif_records: list = []
    if args.format == "csv":
        out.write(render.csv_header())
    elif args.format == "json":
        out.write("[")
    progress = _progress(args)
    docs = _documents(args, errors)
    while True:
        chunk = list(islice(docs, args.batch_size))
        if not chunk:
            break
        valid = []
        for d in chunk:
            d.platform = d.platform.lower() if isinstance(d.platform, str) else str(d.platform)
            bad = next((p for p in (d.platform, d.description_platform) if p not in PLATFORMS), None)
            if bad is not None:
                err = ReadError(d.source, d.line, f"unknown platform {bad!r}; known: {', '.join(PLATFORMS)}")
                errors.append(err)
                print(f"deinfluence-detect: skipped {err}", file=sys.stderr)
            else:
                valid.append(d)
        for doc, rep in zip(valid, det.analyze_many((d.item for d in valid), batch_size=args.batch_size)):
            n_docs += 1
            for f in rep.findings:
                counts[f.severity.value] += 1
            failed = failed or rep.has_problem(fail_on)
            if args.format == "table":
                block = render.table_block(doc.source, doc.id, doc.line, rep, color=color,
                                           description=doc.description_source)
                if block:
                    out.write(block + "\n\n")
            elif args.format == "csv":
                out.write(render.csv_line(render.csv_row(doc.source, doc.id, doc.line, rep)))
            elif args.format == "sarif":
                if rep.findings:
                    sarif_records.append((doc.source, doc.id, doc.line, rep))
            else:
                line = render.json_line(render.record(doc.source, doc.id, doc.line, rep,
                                                      description=doc.description_source))
                if args.format == "jsonl":
                    out.write(line + "\n")
                else:
                    out.write(("" if first_json else ",") + "\n" + line)
                    first_json = False
        if progress is not None:
            progress.update(len(chunk))
    if args.format == "json":
        out.write("\n]\n")
    elif args.format == "sarif":
        from .render.sarif import to_sarif
        out.write(json.dumps(to_sarif(sarif_records, det.packs), indent=2, ensure_ascii=False) + "\n")
    if progress is not None:
        progress.close()
    out.flush()
    if args.format == "table":
        print(render.summary(dict(counts), n_docs, len(errors)), file=sys.stderr)
    if errors:
        return 2
    return 1 if failed else 0


def _progress(args):
    """A tqdm bar on stderr: on a terminal by default, always with --progress, never with --no-progress."""
    if args.progress is False:
        return None
    if args.progress is None and not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return tqdm(unit="doc", file=sys.stderr, mininterval=0.5, desc="scanning")


def _rules(args) -> int:
    from .packs.loader import load_packs
    packs = load_packs()
    rows = []
    for r in packs.cues:
        rows.append({"id": r.id, "kind": "cue", "emits": r.signal + (f"+disclosure({r.disclosure.label})"
                                                                      if r.disclosure else ""),
                     "confidence": r.confidence, "lang": r.lang, "description": r.description,
                     "source": r.source.model_dump(mode="json"), "file": packs.origin[r.id]})
    for c in packs.context:
        rows.append({"id": c.id, "kind": "context", "emits": c.category, "confidence": None, "lang": c.lang,
                     "description": c.description, "source": c.source.model_dump(mode="json"),
                     "file": packs.origin[c.id]})
    for f in packs.findings:
        rows.append({"id": f.id, "kind": "finding", "emits": f"{f.category} ({f.severity.value})",
                     "confidence": f.confidence, "lang": None, "description": f.message,
                     "source": [c.model_dump(mode="json") for c in f.citations], "file": packs.origin[f.id]})
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            src = row["source"][0] if isinstance(row["source"], list) else row["source"]
            print(f"{row['id']:<18} {row['kind']:<8} {row['emits']}\n    {row['description']}\n"
                  f"    source ({src['reliability']}): {src['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
