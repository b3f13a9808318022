"""Load and validate the bundled pattern packs (importlib.resources) or packs from a folder."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional, Union

import regex
import yaml
from pydantic import ValidationError

from ..errors import PackError
from .schema import (ContextRule, CueRule, FindingRule, Lexicon, LinkContext, PackFile, PlatformProfile, Profile,
                     PairingSettings, RedirectRule, SpokenForms)

PACKAGE = "deinfluence_detect.patterns"
REGEX_FLAGS = regex.VERSION1 | regex.MULTILINE
# VERSION1 turns on full case folding with IGNORECASE ("ss" matches "ß"); texts are NFKC-normalised first (no
# ligatures left), and simple folding makes big case-insensitive alternations ~4x faster. A pattern that wants both
# spellings says so ("blo(?:ß|ss)").
SIMPLE_CASE = "(?-f)"


@dataclass
class PackSet:
    """Every rule from every pack, validated, with ids unique across packs."""

    cues: list[CueRule] = field(default_factory=list)
    context: list[ContextRule] = field(default_factory=list)
    terminators: dict[str, list[str]] = field(default_factory=dict)
    interrogatives: set[str] = field(default_factory=set)
    findings: list[FindingRule] = field(default_factory=list)
    redirects: list[RedirectRule] = field(default_factory=list)
    lexicons: list[Lexicon] = field(default_factory=list)
    name_stopwords: set[str] = field(default_factory=set)
    link_context: Optional[LinkContext] = None
    platforms: dict[str, PlatformProfile] = field(default_factory=dict)
    confusables: dict[str, str] = field(default_factory=dict)
    spoken_forms: Optional[SpokenForms] = None
    pairing: PairingSettings = field(default_factory=PairingSettings)
    profiles: dict[str, Profile] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # rule id -> file


def _bundled_files() -> list[tuple[str, str]]:
    """(display name, YAML text) for every bundled pack, in a stable order."""
    root = resources.files(PACKAGE)
    out: list[tuple[str, str]] = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir() and not child.name.startswith(("_", ".")):
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".yaml"):
                out.append((f"patterns/{prefix}{child.name}", child.read_text(encoding="utf-8")))

    walk(root, "")
    return out


def _folder_files(folder: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.yaml"))]


def _parse(name: str, text: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise PackError(f"invalid YAML{f' at line {line + 1}' if line is not None else ''}: {exc}", file=name)
    if not isinstance(data, dict):
        raise PackError("a pack must be a YAML mapping", file=name)
    return data


def _rule_of(data: dict, loc: tuple) -> Optional[str]:
    """The id of the rule a validation error points into, when it can be found."""
    if len(loc) >= 2 and loc[0] in ("rules", "context", "findings") and isinstance(loc[1], int):
        try:
            return str(data[loc[0]][loc[1]].get("id") or f"{loc[0]}[{loc[1]}]")
        except (IndexError, KeyError, AttributeError, TypeError):
            return f"{loc[0]}[{loc[1]}]"
    return None


def _validate(name: str, data: dict, model):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err.get("loc", ()))
        where = ".".join(str(p) for p in loc)
        raise PackError(f"{err['msg']} (at {where})", file=name, rule=_rule_of(data, loc)) from None


def compile_regex(pattern: str, *, case_sensitive: bool, file: str, rule: str) -> regex.Pattern:
    """Compile a pack regex with the project's flags, naming file and rule on failure."""
    flags = REGEX_FLAGS | (0 if case_sensitive else regex.IGNORECASE)
    try:
        return regex.compile(pattern if case_sensitive else SIMPLE_CASE + pattern, flags)
    except regex.error:
        pass
    try:  # again as written, so the error's position is the pattern's own
        regex.compile(pattern, flags)
    except regex.error as exc:
        raise PackError(f"regex does not compile: {exc}", file=file, rule=rule) from None
    raise PackError("regex does not compile with simple case folding", file=file, rule=rule)


def load_packs(folders: Optional[Iterable[Union[str, Path]]] = None, *, bundled: bool = True) -> PackSet:
    """Load the bundled packs (and any extra folders), validating every file and every regex."""
    files = _bundled_files() if bundled else []
    for folder in folders or ():
        path = Path(folder)
        if not path.is_dir():
            raise PackError("not a folder of packs", file=str(path))
        files.extend(_folder_files(path))
    packs = PackSet()
    pairing_file = ""
    platform_files: dict[str, str] = {}
    for name, text in files:
        data = _parse(name, text)
        if "profile" in data:
            profile = _validate(name, data["profile"] if isinstance(data["profile"], dict) else {}, Profile)
            if profile.id in packs.profiles:
                raise PackError(f"duplicate profile id {profile.id}", file=name)
            packs.profiles[profile.id] = profile
            continue
        pack = _validate(name, data, PackFile)
        packs.versions[pack.pack] = pack.version
        for rule in [*pack.rules, *pack.context, *pack.findings, *pack.redirects, *pack.lexicons]:
            if rule.id in packs.origin:
                raise PackError(f"duplicate rule id (also in {packs.origin[rule.id]})", file=name, rule=rule.id)
            packs.origin[rule.id] = name
            matcher = getattr(rule, "matcher", None)
            if matcher is not None and matcher.regex is not None:
                rx = compile_regex(matcher.regex, case_sensitive=matcher.case_sensitive, file=name, rule=rule.id)
                if matcher.value_group and matcher.value_group not in rx.groupindex:
                    raise PackError(f"value_group {matcher.value_group!r} is not a group of the regex",
                                    file=name, rule=rule.id)
            path = getattr(getattr(matcher, "url", None), "path", None) or getattr(rule, "path", None)
            if isinstance(path, str):
                compile_regex(path, case_sensitive=False, file=name, rule=rule.id)
        packs.cues.extend(r for r in pack.rules if r.enabled)
        packs.context.extend(r for r in pack.context if r.enabled)
        packs.findings.extend(r for r in pack.findings if r.enabled)
        packs.redirects.extend(pack.redirects)
        packs.lexicons.extend(pack.lexicons)
        for words in pack.stopwords:
            packs.name_stopwords.update(w.lower() for w in words.words)
        for plat in pack.platforms:
            if plat.id in packs.platforms:
                raise PackError(f"platform {plat.id!r} is defined twice", file=name)
            packs.platforms[plat.id] = plat
            platform_files[plat.id] = name
        if pack.link_context is not None:
            if packs.link_context is not None:
                raise PackError("link_context is defined twice", file=name)
            packs.link_context = pack.link_context
        for words in pack.interrogatives:
            packs.interrogatives.update(w.lower() for w in words.words)
        for term in pack.terminators:
            for lang in term.lang:
                packs.terminators.setdefault(lang, []).extend(w.lower() for w in term.words)
        if pack.confusables:
            bad = [k for k, v in pack.confusables.items() if len(k) != 1 or len(v) != 1]
            if bad:
                raise PackError(f"confusables must map one character to one character: {bad[:5]}", file=name)
            packs.confusables.update(pack.confusables)
        if pack.pairing is not None:  # a later pack (a user's folder) overrides the settings it names, keeps the rest
            packs.pairing = PairingSettings.model_validate({**packs.pairing.model_dump(),
                                                            **pack.pairing.model_dump(exclude_unset=True)})
            pairing_file = name
        if pack.spoken_forms is not None:
            if packs.spoken_forms is not None:
                raise PackError("spoken_forms is defined twice", file=name)
            packs.spoken_forms = pack.spoken_forms
    if not packs.profiles:
        raise PackError("no jurisdiction profile found", file="patterns/profiles")
    _check_rule_ids(packs, packs.pairing.target_rules, "product_mention", "pairing.target_rules", pairing_file)
    for plat in packs.platforms.values():
        if plat.reads:
            _check_rule_ids(packs, plat.reads.lone_call_outros, "read_outro",
                            f"platform {plat.id!r}: reads.lone_call_outros", platform_files[plat.id])
    return packs


def _check_rule_ids(packs: PackSet, ids: Iterable[str], signal: str, setting: str, file: str) -> None:
    """Settings that name rules name loaded cue rules of the signal they need (a typed error naming the file)."""
    unknown = set(ids) - {r.id for r in packs.cues if r.signal == signal}
    if unknown:
        raise PackError(f"{setting} names no loaded {signal} rule: {sorted(unknown)}", file=file)
