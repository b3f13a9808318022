"""Generate docs/rules.md from the packs, so the rules reference never drifts from the data."""
from __future__ import annotations

from ..packs.loader import PackSet, load_packs


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def rules_markdown(packs: PackSet | None = None) -> str:
    packs = packs or load_packs()
    out = ["# Rules and their citations", "",
           "Generated from `patterns/` by `python -m deinfluence_detect.render.rules_doc > docs/rules.md`; "
           "a test fails when this file is stale. Reliability: P primary text read, P* primary quoted, "
           "S secondary, U unverified (disclosure-rules.md).", ""]
    out += ["## Findings", "", "| id | category | severity | confidence | check | citations |", "|---|---|---|---|---|---|"]
    for f in packs.findings:
        cites = "; ".join(f"[{_cell(c.text)}]({c.url}) ({c.reliability.value})" if c.url else _cell(c.text)
                          for c in f.citations)
        out.append(f"| {f.id} | {f.category} | {f.severity.value} | {f.confidence} | `{f.check}` | {cites} |")
    for profile in packs.profiles.values():
        out += ["", f"## Profile {profile.id}: {profile.name}", "", _cell(profile.description), "",
                "| label class | grade |", "|---|---|"]
        out += [f"| `{label}` | {grade} |" for label, grade in profile.grades.items()]
        out += ["", "| disclosure covers | connections it discloses |", "|---|---|"]
        out += [f"| `{k}` | {', '.join(v)} |" for k, v in profile.covers.items()]
    out += ["", "## Cue rules", "",
            "| id | emits | lang | confidence | description | source |", "|---|---|---|---|---|---|"]
    for r in packs.cues:
        emits = r.signal + (f" + disclosure (`{r.disclosure.label}`, covers {r.disclosure.covers})"
                            if r.disclosure else "")
        src = f"[{_cell(r.source.text)}]({r.source.url})" if r.source.url else _cell(r.source.text)
        out.append(f"| {r.id} | {emits} | {', '.join(r.lang)} | {r.confidence} | {_cell(r.description)} | "
                   f"{src} ({r.source.reliability.value}) |")
    out += ["", "## Context rules (ConText-style)", "",
            "| id | category | direction | scope | applies to | description |", "|---|---|---|---|---|---|"]
    for c in packs.context:
        out.append(f"| {c.id} | {c.category} | {c.direction} | {c.max_scope} | {', '.join(c.applies_to)} | "
                   f"{_cell(c.description)} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
