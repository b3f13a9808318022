"""The Detector: normalise -> prefilter -> tokenise -> match -> context -> compose -> Report."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .compose.checks import CHECKS, SPOKEN_PLATFORMS
from .compose.video import VIDEO_CHECKS, VideoContext, video_findings
from .compose.judgement_model import may_judge, with_model_evaluations
from .compose.mentions import ENTITY_LABELS, HANDLE, lexicon_from_packs, with_product_mentions
from .compose.report import build_report, empty_report
from .compose.signals import (QUESTIONABLE, absorb_own_business, apply_context, drop_negated_overlaps,
                              promote_unverified, resolve_overlaps, signals_from_hits)
from .context.context import ContextScopes, TokenIndex
from .errors import ConfigError, InputError, PackError
from .match.engine import RuleMatcher, spans_around, windows_around
from .match.tokenizer import adapt_tokenizer, blank_outside, has_long_run, make_doc_bounded, make_doc_windows
from .models import Report
from .normalize import NormalizedText, normalize
from .normalize_asr import spoken_normalizer
from .transcripts import Transcript, Video
from .packs.loader import PackSet, load_packs

PLATFORMS = ("tiktok", "instagram", "youtube", "pinterest", "generic", "transcript", "podcast")
DEINFLUENCING_KINDS = frozenset({"deinfluencing", "negative_evaluation"})  # texts that need product mentions
PRECHECK_MARGIN = 1.5  # the look before mentions are found scores a lexicon span, not the mention: a little laxer
Item = Union[str, tuple]
_MENTION = regex.compile(r"(?<![\w@])@[\w.]{2,}")
_SURROGATE = regex.compile("[\ud800-\udfff]")
LONG_TEXT = 1500     # texts longer than this run context and later-pass rules only near the cues they need
MASK_MIN = 1000      # texts longer than this are tokenised only around their cues
MASK_WINDOW = 400    # characters kept on each side of a cue
MAX_LENGTH = 50_000_000


def blank_pipeline() -> Language:
    """The default pipeline: ``spacy.blank("en")`` with the social-text tokenizer. No model, no network."""
    nlp = adapt_tokenizer(spacy.blank("en"))
    nlp.max_length = MAX_LENGTH
    return nlp


class Detector:
    """Reusable, thread-safe detector. Build once; call `analyze` / `analyze_many` many times."""

    def __init__(self, jurisdiction: str = "US", *, nlp: Optional[Language] = None,
                 pack_folders: Sequence[Union[str, Path]] = (), bundled_packs: bool = True, resolver=None):
        """`resolver`: an optional `LinkResolver` that follows shortened links over HTTP (off by default: without
        it the library makes no network request)."""
        self.packs: PackSet = load_packs(pack_folders, bundled=bundled_packs)
        if jurisdiction not in self.packs.profiles:
            raise ConfigError(f"unknown jurisdiction {jurisdiction!r}; known: {sorted(self.packs.profiles)}")
        self.jurisdiction = jurisdiction
        self.profile = self.packs.profiles[jurisdiction]
        self._config = {"jurisdiction": jurisdiction, "pack_folders": [str(p) for p in pack_folders],
                        "bundled_packs": bundled_packs}
        self.nlp = nlp if nlp is not None else blank_pipeline()
        self.nlp.max_length = max(self.nlp.max_length, MAX_LENGTH)
        for rule in self.packs.cues:
            if rule.disclosure and rule.disclosure.label not in self.profile.grades:
                raise PackError(f"disclosure label {rule.disclosure.label!r} is not graded by profile "
                                f"{self.profile.id}", file=self.packs.origin[rule.id], rule=rule.id)
        for rule in self.packs.findings:
            if rule.check not in CHECKS and rule.check not in VIDEO_CHECKS:
                raise PackError(f"unknown check {rule.check!r}; known: {sorted(CHECKS) + sorted(VIDEO_CHECKS)}",
                                file=self.packs.origin[rule.id], rule=rule.id)
        self._video_rules = [r for r in self.packs.findings if r.check in VIDEO_CHECKS]
        self.cue_rules = {r.id: r for r in self.packs.cues}
        self._platform_shop = frozenset(r.id for r in self.packs.cues if r.platform_shop)
        self._cue_ids = frozenset(self.cue_rules)
        self._context_ids = frozenset(r.id for r in self.packs.context)
        video = self.packs.platforms.get("video")
        self._read_settings = video.reads if video is not None else None
        self._second_pass = {r.id: frozenset(r.needs) for r in self.packs.cues if r.needs}
        self._lexicon = lexicon_from_packs(self.packs)
        self._name_stopwords = frozenset(self.packs.name_stopwords)
        self._spoken_only = frozenset(r.id for r in self.packs.cues if "written" not in r.media)
        self._written_only = frozenset(r.id for r in self.packs.cues if "spoken" not in r.media)
        self._spoken_forms = spoken_normalizer(self.packs.spoken_forms)
        # later-pass rules look this far from a hit they need (pairing reaches no further)
        pairing = self.packs.pairing
        self._needs_reach = max(pairing.reach, pairing.spoken_reach) + pairing.near
        # Signal kinds whose meaning depends on tokens (context scopes, questions, own-business windows): a text
        # whose hits emit none of them, and that no phrase/token rule could match, needs no spaCy Doc. A regex or
        # token context rule (an impersonation warning) runs only where one of its keywords occurs, so its kinds
        # need tokens in those texts only; phrase rules run on every Doc.
        keyed = [r for r in self.packs.context if r.matcher.kind in ("regex", "tokens")]
        token_kinds = ({k for r in self.packs.context if r.matcher.kind == "phrases" for k in r.applies_to}
                       | set(QUESTIONABLE) | {"own_business"})
        self._needs_tokens = self._cues_of_kinds(token_kinds)
        self._needs_tokens_when = {r.id: self._cues_of_kinds(set(r.applies_to)) - self._needs_tokens for r in keyed}
        self.matcher = RuleMatcher(self.nlp, [*self.packs.cues, *self.packs.context], self.packs.origin,
                                   self.packs.redirects, resolver)
        self.scopes = ContextScopes(self.packs.context, self.packs.terminators, self.packs.interrogatives)
        self._lock = threading.Lock()

    def _cues_of_kinds(self, kinds: set[str]) -> frozenset[str]:
        """Ids of the cue rules that emit a signal of one of `kinds` (or a disclosure, when "disclosure" is one)."""
        return frozenset(rid for rid, r in self.cue_rules.items()
                         if r.signal in kinds or (r.disclosure and "disclosure" in kinds))

    # -- public API -------------------------------------------------------------------------------------------
    def analyze(self, text: Union[str, Transcript, "Video"], platform: str = "generic") -> Report:
        """Analyse one caption / description, a `Transcript` (signals and findings get times) or a `Video`."""
        if isinstance(text, Video):
            return self._analyze_video(text)
        item = text if isinstance(text, Transcript) else (text, platform)
        return next(self.analyze_many([item], batch_size=1))

    def _analyze_video(self, video: "Video") -> Report:
        """Description and transcript judged together; every signal and finding says which part it is from."""
        desc = self.analyze(video.description, video.platform) if video.description else None
        if video.transcript is None:
            if desc is None:
                raise InputError("a Video needs a description or a transcript")
            return _tag(desc, "description")
        tr = video.transcript
        spoken = next(self._timed(self._run_batch([self._coerce(tr)], 1), [tr], [tr.text], video_findings=False))
        if tr.timed:  # the video findings, once, with the description in view
            spoken = self._with_video_findings(spoken, tr, desc, "transcript")
        if any(f.category == "description_only_disclosure" for f in spoken.findings):
            # disclosed only in the description: that finding replaces the spoken "undisclosed" ones
            spoken = spoken.model_copy(update={"findings": [
                f for f in spoken.findings if f.category not in ("undisclosed_material_connection",
                                                                 "ambiguous_disclosure")]})
        parts = [_tag(spoken, "transcript")] + ([_tag(desc, "description")] if desc is not None else [])
        level = max((p.disclosure for p in parts), key=lambda d: ("none", "ambiguous", "clear").index(d.value))
        findings = sorted((f for p in parts for f in p.findings), key=lambda f: (-f.severity.rank, f.source or ""))
        return parts[0].model_copy(update={
            "commercial": any(p.commercial for p in parts), "disclosure": level, "platform": video.platform,
            "signals": [s for p in parts for s in p.signals], "findings": findings,
            "text_length": sum(p.text_length for p in parts),
            "warnings": [w for p in parts for w in p.warnings]})

    def analyze_many(self, items: Iterable[Item], batch_size: int = 256, n_process: int = 1) -> Iterator[Report]:
        """Analyse many items (str, (str, platform), Transcript or Video); yields reports in input order."""
        if n_process > 1:
            from .parallel import analyze_in_pool
            yield from analyze_in_pool(self._config, items, batch_size=batch_size, n_process=n_process)
            return
        batch: list[tuple[str, str]] = []
        transcripts: list[Optional[Transcript]] = []
        for item in items:
            if isinstance(item, Video):  # judged on its own, in its place in the order
                if batch:
                    yield from self._timed(self._run_batch(batch, batch_size), transcripts, [b[0] for b in batch])
                    batch, transcripts = [], []
                yield self._analyze_video(item)
                continue
            transcripts.append(item if isinstance(item, Transcript) else None)
            batch.append(self._coerce(item))
            if len(batch) >= batch_size:
                yield from self._timed(self._run_batch(batch, batch_size), transcripts, [b[0] for b in batch])
                batch, transcripts = [], []
        if batch:
            yield from self._timed(self._run_batch(batch, batch_size), transcripts, [b[0] for b in batch])

    def _timed(self, reports: Iterator[Report], transcripts: list, texts: list,
               video_findings: bool = True) -> Iterator[Report]:
        """Transcripts get times, sponsor reads and video findings; plain text analysed as a transcript gets
        reads by line."""
        for rep, tr, text in zip(reports, transcripts, texts):
            if tr is None and rep.platform in SPOKEN_PLATFORMS:
                tr = Transcript.from_text(text)
            if tr is None:
                yield rep
                continue
            rep = tr.with_times(rep, self._read_settings)
            if tr.timed and video_findings:
                rep = self._with_video_findings(rep, tr)
            yield rep

    def _with_video_findings(self, rep: Report, tr: Transcript, description: Optional[Report] = None,
                             source: Optional[str] = None) -> Report:
        duration = tr.segments[-1].end if tr.segments else 0.0
        ctx = VideoContext(duration, tr.live, self.packs.platforms.get("video"), description)
        extra = video_findings(rep, ctx, self._video_rules, source)
        if not extra:
            return rep
        findings = sorted(rep.findings + extra, key=lambda f: (-f.severity.rank, f.start, f.rule_id))
        return rep.model_copy(update={"findings": findings})

    # -- internals --------------------------------------------------------------------------------------------
    @staticmethod
    def _coerce(item: Item) -> tuple[str, str]:
        if isinstance(item, Transcript):
            return item.text, "transcript"
        platform = "generic"
        if isinstance(item, tuple):
            if len(item) != 2:
                raise InputError(f"expected (text, platform), got a tuple of {len(item)}")
            item, platform = item
        if not isinstance(item, str):
            raise InputError(f"expected text as str, got {type(item).__name__}")
        if not isinstance(platform, str):
            raise ConfigError(f"platform must be a str, got {type(platform).__name__}")
        platform = platform.lower()
        bad = _SURROGATE.search(item)
        if bad:
            raise InputError(f"text contains an unpaired surrogate U+{ord(bad.group()):04X} at character "
                             f"{bad.start()} (not valid Unicode text)")
        if platform not in PLATFORMS:
            raise ConfigError(f"unknown platform {platform!r}; known: {', '.join(PLATFORMS)}")
        return item, platform

    def _normalize(self, text: str, platform: str) -> NormalizedText:
        """Unicode normalisation; on spoken platforms also spoken forms ("dot com", "twenty percent")."""
        nt = normalize(text, self.packs.confusables)
        return self._spoken_forms(nt) if platform in SPOKEN_PLATFORMS and self._spoken_forms else nt

    def _run_batch(self, batch: list[tuple[str, str]], batch_size: int) -> Iterator[Report]:
        """Cheap first: regex cue rules on the text; only texts with a hit or a phrase/token anchor get a Doc."""
        prepared = []
        for text, platform in batch:
            nt = self._normalize(text, platform)
            active, positions = self.matcher.scan(nt.text, "spoken" if platform in SPOKEN_PLATFORMS else "written")
            cue_active = (active & self._cue_ids).difference(self._second_pass)
            hits, warnings = (self.matcher.match_text(nt.text, cue_active, positions=positions) if cue_active
                              else ([], []))
            hits += self.matcher.match_links(nt.text)
            done: set[str] = set()
            while True:  # later passes: rules whose `needs` the hits so far satisfy (evaluations, then recommendations)
                later = self._second_pass_rules(active, hits) - done
                if not later:
                    break
                done |= later
                more, more_warnings = self.matcher.match_text(nt.text, later, self._near_needs(nt.text, later, hits),
                                                              positions)
                hits += more
                warnings += more_warnings
            needing = self._needs_tokens.union(*(self._needs_tokens_when[r]
                                                 for r in active & self._needs_tokens_when.keys()))
            needs_doc = bool(cue_active & self.matcher.doc_rules) or any(h.rule_id in needing for h in hits)
            prepared.append(_Prepared(nt, platform, active, positions, hits, warnings, needs_doc))
        for p in prepared:
            p.windows = self._windows(p) if p.needs_doc else None
        to_tokenise = [(p.nt.text, p.windows) for p in prepared if p.needs_doc]
        with self._lock:  # spaCy's tokenizer cache is not guaranteed thread-safe
            docs = iter(self._make_docs(to_tokenise, batch_size))
        for p in prepared:
            if not p.needs_doc and not p.hits:
                yield empty_report(p.nt.original, platform=p.platform, profile=self.profile,
                                   versions=self.packs.versions, warnings=p.warnings)
                continue
            yield self._report(p, next(docs) if p.needs_doc else None)

    def _second_pass_rules(self, active: set[str], hits: list) -> set[str]:
        """Later-pass rules (deinfluencing evaluations, recommendations) whose `needs` a hit so far satisfies."""
        wanted = active.intersection(self._second_pass)
        if not wanted or not hits:
            return set()
        kinds = set().union(*(self._kinds_of(h) for h in hits))
        return {rid for rid in wanted if self._second_pass[rid] & kinds}

    def _near_needs(self, text: str, rules: set[str], hits: list) -> Optional[list[tuple[int, int]]]:
        """On long texts, later-pass rules run only within the pairing's reach + near characters (whole lines) of a
        hit of a kind they need: an evaluation further from every commercial tie or framing cue cannot pair with one."""
        if len(text) <= LONG_TEXT:
            return None
        wanted = set().union(*(self._second_pass[rid] for rid in rules))
        positions = [pos for h in hits if self._kinds_of(h) & wanted for pos in (h.start, h.end)]
        return spans_around(text, positions, self._needs_reach, to_lines=True)

    def _kinds_of(self, hit) -> set[str]:
        rule = self.cue_rules.get(hit.rule_id)
        if rule is None:
            return set()
        return {rule.signal, "disclosure"} if rule.disclosure is not None else {rule.signal}

    def _windows(self, p: "_Prepared") -> Optional[list[tuple[int, int]]]:
        """Long texts are tokenised only in windows of MASK_WINDOW around the hits and the anchors of phrase/token
        cue rules (None: tokenise all of it). Context triggers ("not", "no") matter only within a cue's window.
        Spoken text is tokenised on the whole lines its hits and anchors stand on instead: everything the Doc
        serves (context scopes, questions, own business, phrase matches) stays within a sentence, and a sentence
        ends with its line (a transcript's lines are short). A trained pipeline's entities need the wider windows."""
        text = p.nt.text
        if len(text) <= MASK_MIN:
            return None
        spans = [(h.start, h.end) for h in p.hits]
        doc_rules = (p.active & self.matcher.doc_rules).intersection(self.cue_rules)
        if doc_rules:
            if p.positions is None:  # lower() changed the length ("İ"): no keyword offsets in this text's terms
                return None
            for rid, pairs in p.positions.items():
                if rid in doc_rules:
                    spans.extend((keyword, keyword) for _, keyword in pairs)
        if self._by_lines(p.platform):
            return windows_around(text, spans, 0, to_lines=True)  # the whole lines of each hit
        return spans_around(text, [x for span in spans for x in span], MASK_WINDOW)

    def _by_lines(self, platform: str) -> bool:
        """Spoken text with the default pipeline: windows are whole lines, and context triggers are looked for in
        them only (a trigger on another line is in another sentence; mapped onto a blank gap it would seem not)."""
        return platform in SPOKEN_PLATFORMS and not self.nlp.pipeline

    def _make_docs(self, items: list[tuple[str, Optional[list[tuple[int, int]]]]], batch_size: int) -> list[Doc]:
        """nlp.pipe over whole texts; windowed texts and texts with very long unbroken runs are built in pieces
        (blank outside the windows, offsets unchanged)."""
        piecewise = [windows is not None or has_long_run(t) for t, windows in items]
        normal = iter(self.nlp.pipe([t for (t, _), pw in zip(items, piecewise) if not pw], batch_size=batch_size))
        return [(make_doc_windows(self.nlp, t, windows) if windows is not None else make_doc_bounded(self.nlp, t))
                if pw else next(normal) for (t, windows), pw in zip(items, piecewise)]

    def _report(self, p: "_Prepared", doc: Optional[Doc]) -> Report:
        nt, platform, active, cue_hits, warnings = p.nt, p.platform, p.active, p.hits, p.warnings
        doc_hits = self.matcher.match_doc(doc, active) if doc is not None else []
        if doc_hits:  # phrase rules run in one pass for every text: drop those of the other medium
            other = self._written_only if platform in SPOKEN_PLATFORMS else self._spoken_only
            doc_hits = [h for h in doc_hits if h.rule_id not in other]
        cue_hits = cue_hits + [h for h in doc_hits if h.rule_id in self.cue_rules]
        if not cue_hits:
            return empty_report(nt.original, platform=platform, profile=self.profile, versions=self.packs.versions,
                                warnings=warnings)
        # context triggers act within a sentence of their target: on long texts look only around the cues
        if p.windows is not None and self._by_lines(platform):
            near_cues = p.windows
        elif len(nt.text) > LONG_TEXT:
            near_cues = spans_around(nt.text, [x for h in cue_hits for x in (h.start, h.end)], MASK_WINDOW,
                                     to_lines=True)
        else:
            near_cues = None
        ctx_hits, ctx_warnings = self.matcher.match_text(nt.text, active & self._context_ids, near_cues, p.positions)
        triggers = ctx_hits + [h for h in doc_hits if h.rule_id not in self.cue_rules]
        cue_hits.sort(key=lambda h: (h.start, -h.end, h.rule_id))
        sigs = signals_from_hits(cue_hits, self.cue_rules, self.profile)
        if doc is None:
            index = TokenIndex([], [], [], [])
        else:  # a windowed doc is blank between its windows
            index = TokenIndex.build(doc, nt.text if p.windows is None else blank_outside(nt.text, p.windows))
        sigs = apply_context(sigs, triggers, index, self.scopes, nt.text)
        sigs = resolve_overlaps(drop_negated_overlaps(absorb_own_business(sigs, index, nt.text, self._platform_shop)))
        sigs = promote_unverified(sigs, nt.text, self.packs.link_context)
        if any(s.kind in DEINFLUENCING_KINDS for s in sigs) or self._judged_unframed(sigs, nt.text, doc):
            sigs = with_product_mentions(sigs, nt.text, self._lexicon, self._name_stopwords, self._entities(doc))
            sigs = with_model_evaluations(sigs, nt.text, self.packs.pairing,
                                          lambda new: apply_context(new, triggers, index, self.scopes, nt.text))
        return build_report(sigs, self.packs.findings, self.profile, nt, platform=platform,
                            mentions=bool(_MENTION.search(nt.text)), versions=self.packs.versions,
                            warnings=warnings + ctx_warnings, placement=self.packs.platforms.get(platform),
                            pairing=self.packs.pairing)


    def _judged_unframed(self, sigs: list, text: str, doc) -> bool:
        """Whether the judgement model may speak in a text without framing: a commercial tie and a product it judges
        there (a known brand, a handle, or a trained pipeline's entity) are present."""
        threshold = self.packs.pairing.judgement_unframed_threshold
        if threshold is None or not any(s.is_connection for s in sigs):
            return False
        spans = self._lexicon.find(text) + [(a, b) for a, b, _ in self._lexicon.find_misspelt(text)]
        spans += [m.span() for m in HANDLE.finditer(text)] + [(e.start_char, e.end_char) for e in self._entities(doc)]
        return may_judge([(a, b) for a, b in spans if "#" not in text[max(0, a - 1):b]],  # a tag is never judged
                         text, threshold - PRECHECK_MARGIN)

    def _entities(self, doc) -> tuple:
        """A trained pipeline's entities that can name a product; a bare tokenizer sets none (and has_annotation
        walks every token in Python)."""
        if doc is None or not self.nlp.pipeline or not doc.has_annotation("ENT_IOB"):
            return ()
        return tuple(e for e in doc.ents if e.label_ in ENTITY_LABELS)


@dataclass
class _Prepared:
    """One text after the cheap pass: what the NLP pass and the report need."""

    nt: NormalizedText
    platform: str
    active: set[str]
    positions: Optional[dict[str, list[tuple[int, int]]]]  # keyword offsets by rule (long texts), RuleMatcher.scan
    hits: list
    warnings: list[str]
    needs_doc: bool
    windows: Optional[list[tuple[int, int]]] = None  # the spans tokenised, when not the whole text (_windows)


def _tag(rep: Report, source: str) -> Report:
    """Mark every signal, finding and evidence item of a video part with its `source` (unless already marked:
    a finding on the transcript may cite the description)."""
    sig = lambda s: s if s.source else s.model_copy(update={"source": source})  # noqa: E731
    return rep.model_copy(update={
        "signals": [sig(s) for s in rep.signals],
        "findings": [f.model_copy(update={"source": source, "evidence": [sig(e) for e in f.evidence]})
                     for f in rep.findings]})


_DEFAULT: Optional[Detector] = None
_DEFAULT_LOCK = threading.Lock()


def default_detector() -> Detector:
    """A process-wide Detector with the bundled packs (built on first use)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Detector()
        return _DEFAULT


def analyze(text: str, platform: str = "generic") -> Report:
    """Analyse one text with the default Detector."""
    return default_detector().analyze(text, platform)


def analyze_many(items: Iterable[Item], batch_size: int = 256, n_process: int = 1) -> Iterator[Report]:
    """Analyse many texts with the default Detector."""
    return default_detector().analyze_many(items, batch_size=batch_size, n_process=n_process)
