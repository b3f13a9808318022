"""Every embedded pack example is a test; packs validate strictly and name file and rule on error."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import deinfluence_detect as dd
from deinfluence_detect.errors import PackError
from deinfluence_detect.packs.loader import load_packs

PACKS = load_packs()
CUES = {r.id: r for r in PACKS.cues}
CONTEXT = {r.id: r for r in PACKS.context}


def _raw_rule_hits(det: dd.Detector, text: str, platform: str = "generic") -> set[str]:
    """Rule ids that match `text` (before context), through the same normalise -> tokenise -> match path."""
    nt = det._normalize(text, platform)
    doc = det.nlp(nt.text)
    hits, _ = det.matcher.match(doc)
    return {h.rule_id for h in hits}


CUE_MATCH = [(r.id, ex) for r in PACKS.cues for ex in r.examples.match]
CUE_NO_MATCH = [(r.id, ex) for r in PACKS.cues for ex in r.examples.no_match]


def _rule_platform(rule) -> str:
    """Spoken-only rules are matched as on a transcript (after spoken-form normalisation); context rules as written."""
    return "transcript" if "written" not in getattr(rule, "media", ["written"]) else "generic"


def _platform(rule_id: str) -> str:
    return _rule_platform(CUES[rule_id])


@pytest.mark.parametrize("rule_id,text", CUE_MATCH)
def test_cue_example_matches(det, rule_id, text):
    assert rule_id in _raw_rule_hits(det, text, _platform(rule_id)), f"{rule_id} should match {text!r}"


CUE_VALUES = [(r.id, ex, value) for r in PACKS.cues for ex, value in r.examples.values.items()]


@pytest.mark.parametrize("rule_id,text,value", CUE_VALUES)
def test_cue_example_captures_its_value(det, rule_id, text, value):
    """The value a rule captures (a sponsor's name) is what reads follow and findings name: "today's sponsor is
    brewly." names "brewly", and "today's sponsor makes boots" names nothing."""
    nt = det._normalize(text, _platform(rule_id))
    hits, _ = det.matcher.match(det.nlp(nt.text))
    assert [h.value or "" for h in hits if h.rule_id == rule_id] == [value], (rule_id, text)


@pytest.mark.parametrize("rule_id,text", CUE_NO_MATCH)
def test_cue_example_does_not_match(det, rule_id, text):
    assert rule_id not in _raw_rule_hits(det, text, _platform(rule_id)), f"{rule_id} should not match {text!r}"


def _modified_by(det: dd.Detector, text: str, rule_id: str) -> bool:
    rep = det.analyze(text)
    if any(rule_id in c for s in rep.signals for c in s.context):
        return True
    # hypothetical modifiers drop the signal: compare with the raw hits
    cat = CONTEXT[rule_id].category
    if cat == "hypothetical":
        raw = {h for h in _raw_rule_hits(det, text) if h in CUES}
        kept = {s.rule_id for s in rep.signals}
        return bool(raw - kept) and rule_id in _raw_rule_hits(det, text)
    return False


@pytest.mark.parametrize("rule_id,text", [(r.id, ex) for r in PACKS.context for ex in r.examples.match])
def test_context_example_modifies(det, rule_id, text):
    assert _modified_by(det, text, rule_id), f"{rule_id} should modify a signal in {text!r}"


@pytest.mark.parametrize("rule_id,text", [(r.id, ex) for r in PACKS.context for ex in r.examples.no_match])
def test_context_example_does_not_modify(det, rule_id, text):
    assert not _modified_by(det, text, rule_id), f"{rule_id} should not modify anything in {text!r}"


@pytest.mark.parametrize("rule_id,case", [(r.id, c) for r in PACKS.findings for c in r.cases])
def test_finding_case(det, rule_id, case):
    if case.segments is not None:
        tr = dd.Transcript.from_segments(case.segments, live=case.live)
        rep = det.analyze(dd.Video(description=case.description, transcript=tr) if case.description else tr)
    else:
        rep = det.analyze(case.text, case.platform)
    assert {f.category for f in rep.findings} == set(case.expect), [f.rule_id for f in rep.findings]


@pytest.mark.parametrize("rule", [r for r in PACKS.cues + PACKS.context if r.matcher.keywords],
                         ids=lambda r: r.id)
def test_keywords_anchor_every_match_example(det, rule):
    """The prefilter must never hide a match: every positive example contains one of the rule's keywords."""
    from deinfluence_detect.match.prefilter import END, collapse
    platform = _rule_platform(rule)
    for ex in rule.examples.match:
        low = collapse(det._normalize(ex, platform).text.lower()) + END  # as the prefilter reads it
        assert any(collapse(k) in low for k in rule.matcher.keywords), (rule.id, ex)


REGEX_RULES = [r for r in PACKS.cues + PACKS.context if r.matcher.regex is not None]
FILLER = "Filming day at the lake with the kids, then dinner and a long walk home. " * 12  # > WINDOWED_MIN


@pytest.mark.parametrize("rule", REGEX_RULES, ids=lambda r: r.id)
def test_every_regex_match_holds_a_keyword_near_its_start(det, rule):
    """What keyword windows rely on (match/engine.py): a keyword occurrence starts inside every match of the rule's
    regex on its examples, at most `keyword_back` (default MATCH_BACK; `keyword_backs` for a keyword of its own)
    characters after the match's start, whitespace runs counting as one."""
    from deinfluence_detect.match import engine
    from deinfluence_detect.match.prefilter import END, collapse
    back = rule.matcher.keyword_back if rule.matcher.keyword_back is not None else engine.MATCH_BACK
    platform = _rule_platform(rule)
    rx = next(rx for rid, rx, _ in det.matcher._regex if rid == rule.id)
    for ex in rule.examples.match + rule.examples.no_match:
        text = det._normalize(ex, platform).text
        lows = (text.lower() + END, text.lower() + "\n")  # the prefilter reads the end of a text as whitespace
        low = lows[0]
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            starts = [(k, i) for k in rule.matcher.keywords for x in lows if 0 <= (i := x.find(k, m.start())) < m.end()]
            assert starts, f"{rule.id}: no keyword starts in the match {m.group()!r} of {ex!r}"
            assert any(len(collapse(low[m.start():i])) <= rule.matcher.keyword_backs.get(k, back) for k, i in starts), (
                rule.id, m.group(), back, rule.matcher.keyword_backs)


@pytest.mark.parametrize("rule", REGEX_RULES, ids=lambda r: r.id)
def test_a_match_example_ending_a_long_text_is_found(det, rule):
    """The end of a text ends a word and a line: a match there ("...\n#ad") must pass the prefilter and the keyword
    windows just as the same words followed by a newline do."""
    platform = _rule_platform(rule)
    medium = "spoken" if platform == "transcript" else "written"
    rx = next(rx for rid, rx, _ in det.matcher._regex if rid == rule.id)
    for ex in rule.examples.match:
        text = det._normalize(FILLER + "\n" + ex, platform).text
        active, positions = det.matcher.scan(text, medium)
        hits, _ = det.matcher.match_text(text, active & {rule.id}, positions=positions)
        assert [(h.start, h.end) for h in hits] == [m.span() for m in rx.finditer(text) if m.end() > m.start()], ex


def test_pack_regexes_fold_case_simply(det):
    """Case-insensitive pack regexes use simple case folding (full folding makes big alternations ~4x slower):
    "ss" no longer stands for "ß", so patterns spell both where both occur."""
    import regex
    compiled = [rx for _, rx, _ in det.matcher._regex] + list(det.matcher.links._paths.values())
    assert compiled and all(not rx.flags & regex.FULLCASE for rx in compiled if rx.flags & regex.IGNORECASE)


@pytest.mark.parametrize("rule", REGEX_RULES, ids=lambda r: r.id)
def test_keyword_windows_find_what_the_whole_text_gives(det, rule):
    """Each example inside a long text (matched in keyword windows) gives the hits the whole text gives."""
    from deinfluence_detect.match import engine
    platform = _rule_platform(rule)
    examples = rule.examples.match + rule.examples.no_match
    text = det._normalize(FILLER + "".join(f"{FILLER[:k * 37]}\n{ex}\n" for k, ex in enumerate(examples)) + FILLER,
                          platform).text
    saved = engine.WINDOWED_MIN
    try:
        engine.WINDOWED_MIN = 0
        windowed, _ = det.matcher.match_text(text, {rule.id})
        engine.WINDOWED_MIN = 10**9
        whole, _ = det.matcher.match_text(text, {rule.id})
    finally:
        engine.WINDOWED_MIN = saved
    assert windowed == whole
    assert whole or not rule.examples.match


def test_every_label_is_graded_by_every_profile():
    labels = {r.disclosure.label for r in PACKS.cues if r.disclosure}
    for profile in PACKS.profiles.values():
        assert labels <= set(profile.grades), (profile.id, labels - set(profile.grades))


def test_every_rule_cites_a_source_with_reliability():
    for r in PACKS.cues + PACKS.context:
        assert r.source.text and r.source.reliability.value in ("P", "P*", "S", "U")
    for f in PACKS.findings:
        assert f.citations and all(c.text for c in f.citations)


def test_rule_ids_are_unique_and_stable_format():
    ids = [r.id for r in PACKS.cues + PACKS.context + PACKS.findings]
    assert len(ids) == len(set(ids))
    assert {"DD-DISC-001", "DD-DISC-002", "DD-DISC-003", "DD-DISC-004"} <= set(ids)


def test_languages_covered():
    langs = {lang for r in PACKS.cues if r.signal == "disclosure" or r.disclosure for lang in r.lang}
    assert {"en", "fr", "es", "de"} <= langs


# -- validation errors name the file and the rule ----------------------------------------------------------
GOOD_RULE = """
pack: extra
version: "1"
description: test pack
rules:
  - id: DD-CUE-TEST-001
    description: test
    signal: sponsorship
    confidence: 0.5
    matcher:
      phrases: ["acme deal"]
    source: {text: test, reliability: U}
    examples:
      match: ["acme deal"]
"""


def _write(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    (folder / "extra.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def test_extra_pack_folder_is_loaded(tmp_path):
    det = dd.Detector(pack_folders=[_write(tmp_path, GOOD_RULE)])
    rep = det.analyze("got an acme deal today")
    assert any(s.rule_id == "DD-CUE-TEST-001" for s in rep.signals)


def test_unknown_key_names_file_and_rule(tmp_path):
    folder = _write(tmp_path, GOOD_RULE.replace("    confidence: 0.5", "    confidence: 0.5\n    colour: red"))
    with pytest.raises(PackError) as exc:
        load_packs([folder])
    assert exc.value.rule == "DD-CUE-TEST-001" and "extra.yaml" in exc.value.file
    assert "colour" in str(exc.value)


def test_bad_regex_names_file_and_rule(tmp_path):
    body = GOOD_RULE.replace('phrases: ["acme deal"]', 'regex: "acme(deal"\n      keywords: ["acme"]')
    at = r"regex does not compile: missing \) at position 9"  # the pattern's own position
    with pytest.raises(PackError, match=r"extra\.yaml, rule DD-CUE-TEST-001: " + at):
        load_packs([_write(tmp_path, body)])


def test_raw_string_regex_is_rejected(tmp_path):
    body = GOOD_RULE.replace('phrases: ["acme deal"]', "regex: 'r\"acme\"'\n      keywords: [\"acme\"]")
    with pytest.raises(PackError, match="raw string"):
        load_packs([_write(tmp_path, body)])


def test_regex_without_keywords_is_rejected(tmp_path):
    body = GOOD_RULE.replace('phrases: ["acme deal"]', 'regex: "acme"')
    with pytest.raises(PackError, match="keywords"):
        load_packs([_write(tmp_path, body)])


def test_duplicate_rule_id_is_rejected(tmp_path):
    body = GOOD_RULE.replace("DD-CUE-TEST-001", "DD-DISC-001")
    with pytest.raises(PackError, match="duplicate rule id"):
        load_packs([_write(tmp_path, body)])


def test_pairing_target_rules_must_name_loaded_rules(tmp_path):
    body = "pack: pairing-override\nversion: '1'\ndescription: x\npairing:\n  target_rules: [DD-DEI-NO-SUCH]\nrules: []\n"
    with pytest.raises(PackError, match=r"extra\.yaml.*target_rules names no loaded product_mention rule: "
                                         r"\['DD-DEI-NO-SUCH'\]"):
        load_packs([_write(tmp_path, body)])
    assert load_packs().pairing.target_rules == ["DD-DEI-TARGET-003"]  # patterns/deinfluencing/framing.yaml


def test_lone_call_outros_must_name_loaded_outro_rules(tmp_path):
    body = ("pack: reads-override\nversion: '1'\ndescription: x\nplatforms:\n  - id: myvideo\n"
            "    visible_chars: 100\n    visible_lines: 2\n    far_below_chars: 300\n    hashtag_pile: 3\n"
            "    source: {text: house rule, reliability: U}\n"
            "    reads: {lone_call_outros: [DD-SPK-NO-SUCH]}\nrules: []\n")
    with pytest.raises(PackError, match=r"extra\.yaml.*'myvideo': reads\.lone_call_outros names no loaded read_outro "
                                         r"rule: \['DD-SPK-NO-SUCH'\]"):
        load_packs([_write(tmp_path, body)])
    assert load_packs().platforms["video"].reads.lone_call_outros == ["DD-SPK-END-001"]


def test_a_user_pairing_override_keeps_the_settings_it_does_not_name(tmp_path):
    body = "pack: pairing-override\nversion: '1'\ndescription: x\npairing:\n  near: 300\nrules: []\n"
    pairing = load_packs([_write(tmp_path, body)]).pairing
    assert pairing.near == 300 and pairing.reach == 1500 and pairing.target_rules == ["DD-DEI-TARGET-003"]


def test_invalid_yaml_names_line(tmp_path):
    with pytest.raises(PackError, match=r"invalid YAML at line \d+"):
        load_packs([_write(tmp_path, "pack: x\n  bad: [unclosed\n")])


def test_missing_example_is_rejected(tmp_path):
    body = GOOD_RULE.replace('      match: ["acme deal"]', "      match: []")
    with pytest.raises(PackError, match="DD-CUE-TEST-001"):
        load_packs([_write(tmp_path, body)])


def test_unknown_jurisdiction_is_a_config_error():
    with pytest.raises(dd.ConfigError, match="unknown jurisdiction"):
        dd.Detector("XX")


@pytest.mark.parametrize("rule,case", [(r, c) for r in PACKS.redirects for c in r.cases],
                         ids=lambda x: getattr(x, "id", ""))
def test_redirect_case_unwraps(det, rule, case):
    assert det.matcher.links.unwrap(case.url) == case.destination


@pytest.mark.parametrize("case", PACKS.link_context.cases if PACKS.link_context else [])
def test_link_context_case(det, case):
    rep = det.analyze(case.text, case.platform)
    assert {f.category for f in rep.findings} == set(case.expect), [(s.kind, s.text) for s in rep.signals]


@pytest.mark.parametrize("rule", [r for r in PACKS.cues + PACKS.context if r.matcher.requires], ids=lambda r: r.id)
def test_requires_groups_hold_for_every_match_example(det, rule):
    """A `requires` gate must never hide a match: each positive example has a literal of every group."""
    platform = _rule_platform(rule)
    for ex in rule.examples.match:
        low = det._normalize(ex, platform).text.lower()
        assert all(any(k in low for k in group) for group in rule.matcher.requires), (rule.id, ex)


LEXICON_EXAMPLES = [(lex.id, ex, True) for lex in PACKS.lexicons for ex in lex.examples.match] + \
                   [(lex.id, ex, False) for lex in PACKS.lexicons for ex in lex.examples.no_match]


@pytest.mark.parametrize("lexicon_id,text,should_match", LEXICON_EXAMPLES)
def test_lexicon_example(lexicon_id, text, should_match):
    """A lexicon's embedded examples: its own entries found (or not) on word boundaries, as the detector finds them."""
    from deinfluence_detect.compose.mentions import BrandLexicon
    lex = next(x for x in PACKS.lexicons if x.id == lexicon_id)
    found = BrandLexicon(lex.entries).find(text)
    assert bool(found) == should_match, f"{lexicon_id} {'should' if should_match else 'should not'} match {text!r}"


def test_keyword_backs_name_listed_keywords_only():
    """A limit for a keyword the rule does not list is a pack error, not silently ignored."""
    from pydantic import ValidationError
    from deinfluence_detect.packs.schema import Matcher
    Matcher(regex=r"\bmy\s+shop\b", keywords=["my "], keyword_backs={"my ": 0})
    with pytest.raises(ValidationError, match="keyword_backs names keywords"):
        Matcher(regex=r"\bmy\s+shop\b", keywords=["my "], keyword_backs={"shop": 0})


def test_a_keyword_of_its_own_limit_narrows_only_its_windows():
    """`keyword_backs` sets how far before that keyword a match may start; the rule's other keywords keep its
    `keyword_back`, and the default holds for rules without one."""
    from deinfluence_detect.match.prefilter import Prefilter
    pf = Prefilter({"my ": {"R1", "R2"}, "patreon": {"R1"}}, backs={"R1": 30}, default_back=120,
                   keyword_backs={("R1", "my "): 0})
    text = "please join my patreon"
    positions = pf.rule_positions(text)
    assert positions["R1"] == [(12, 12), (0, 15)]  # "my " at 12, back 0; "patreon" at 15, back 30
    assert positions["R2"] == [(0, 12)]  # no limit of its own: the default reaches the start


def test_windows_reaching_back_past_earlier_ones_still_find_the_whole_text_match(det):
    """A keyword with a limit of its own ("first": 0) gives a one-position window; a later keyword with a wider limit
    ("percent off": 60) reaches back before it. Windows are ordered by start and merged, so the match that opens
    before both is found as on the whole text."""
    text = "Filming day at the lake with the kids, then dinner and a long walk home. " * 9 + "a firstclick percent off"
    active, positions = det.matcher.scan(text, "spoken")
    hits, _ = det.matcher.match_text(text, active & {"DD-SPK-CTA-002"}, positions=positions)
    rx = next(rx for rid, rx, _ in det.matcher._regex if rid == "DD-SPK-CTA-002")
    assert [(h.start, h.end) for h in hits] == [m.span() for m in rx.finditer(text)] != []


def test_spellings_equal_once_collapsed_keep_the_widest_limit():
    """"ad\\n" (limit 4) and "ad " (the rule's 20) are one keyword once whitespace is collapsed: 20 holds."""
    from deinfluence_detect.match.prefilter import Prefilter
    pf = Prefilter({"ad\n": {"R"}, "ad ": {"R"}}, backs={"R": 20}, keyword_backs={("R", "ad\n"): 4})
    assert pf.rule_positions("x" * 26 + " ad here") == {"R": [(7, 27)]}
