"""Pydantic models of the YAML pattern packs. Unknown keys are errors."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field, field_validator, model_validator

from ..models import Citation, Severity
from .settings import (PairingSettings, PlatformProfile, ReadSettings, SpokenExample,  # noqa: F401 (re-exported)
                       SpokenForms, Strict)

RULE_ID = r"^DD-[A-Z]+(?:-[A-Z0-9]+)*-\d{3}$"

CONNECTION_KINDS = ("sponsorship", "gifted", "brand_partner", "discount_code", "affiliate_link", "giveaway")
SIGNAL_KINDS = CONNECTION_KINDS + (
    "disclosure", "unverified_link", "own_business", "negated_sponsorship", "platform_programme",
    "sponsor_read", "deinfluencing", "product_mention", "call_to_action", "read_outro",
    "negative_evaluation", "recommendation", "link_pointer",
)
COVERS = ("affiliate", "sponsorship", "gift", "partner", "ad")
CONTEXT_CATEGORIES = ("negated", "hypothetical", "own_business", "reported")


_Strict = Strict


class Examples(_Strict):
    """Strings the rule must match, and strings it must not."""

    match: list[str] = Field(min_length=1)
    no_match: list[str] = Field(default_factory=list)
    values: dict[str, str] = Field(default_factory=dict, description=(
        "Texts and the value (`value_group`) the rule must capture in them: the brand a sponsor cue names; \"\" "
        "for none."))


class Case(_Strict):
    """A whole-text example for rules that fire on something absent: the finding categories expected.
    Video cases give timed `segments` (and optionally `live`, and a `description` analysed with them)."""

    text: str = ""
    platform: str = "generic"
    segments: Optional[list[tuple[float, float, str]]] = None
    live: bool = False
    description: Optional[str] = None
    expect: list[str]


class DisclosureSpec(_Strict):
    """What a self-disclosing cue discloses: the nature covered and the label class the profile grades."""

    covers: Literal["affiliate", "sponsorship", "gift", "partner", "ad"]
    label: str


class UrlMatcher(_Strict):
    """Conditions on a link found in the text (after redirect unwrapping).

    The host must match: equal to or a subdomain of one of `domains`, or its registrable domain (public-suffix
    aware, offline) starts with one of `domain_labels` ("amazon" matches amazon.com, amazon.co.uk), or
    `any_host` (for a network's parameter or path format used on any merchant's domain). Then, when
    `params` or `path` are given, the link must carry one of the query parameters (case-insensitive names) or its
    path must match the regex; with neither, every link on the host matches."""

    domains: list[str] = Field(default_factory=list)
    domain_labels: list[str] = Field(default_factory=list)
    any_host: bool = Field(default=False, description="Any host (for network-wide parameter or path formats).")
    params: list[str] = Field(default_factory=list)
    path: Optional[str] = None

    @model_validator(mode="after")
    def _has_host(self) -> "UrlMatcher":
        if self.any_host:
            if self.domains or self.domain_labels or not (self.params or self.path):
                raise ValueError("an any_host url matcher needs params or path, and no domains")
        elif not self.domains and not self.domain_labels:
            raise ValueError("url matcher needs `domains`, `domain_labels` or `any_host: true`")
        for d in self.domains + self.domain_labels:
            if d != d.lower() or "/" in d or " " in d or not d:
                raise ValueError(f"domain {d!r} must be a lower-case host name without a path")
        return self


class Matcher(_Strict):
    """Exactly one of: phrases (PhraseMatcher on lower case), tokens (spaCy Matcher), regex (``regex`` module),
    url (conditions on the links in the text)."""

    phrases: Optional[list[str]] = None
    tokens: Optional[list[list[dict[str, Any]]]] = None
    regex: Optional[str] = None
    url: Optional[UrlMatcher] = None
    case_sensitive: bool = False
    value_group: Optional[str] = Field(default=None, description="Regex group holding the extracted value.")
    keywords: Optional[list[str]] = Field(
        default=None, description="Lower-case literals, one of which every match contains (prefilter anchors)."
    )
    requires: list[list[str]] = Field(
        default_factory=list,
        description="Further groups of lower-case literals: the rule runs only when each group has one in the text.")
    keyword_back: Optional[int] = Field(
        default=None, ge=0, le=1000,
        description="At most how many characters (a whitespace run counting as one) a match starts before the first "
                    "keyword it contains; long texts try start positions only that far before each keyword "
                    "(default: match/engine.py MATCH_BACK). Every example match is checked against it.")
    keyword_backs: dict[str, int] = Field(
        default_factory=dict,
        description="`keyword_back` for single keywords (keyword -> characters): e.g. 0 for a frequent keyword every "
                    "alternative holding it opens with, while other alternatives need the rule's wider limit.")

    @field_validator("regex")
    @classmethod
    def _join_lines(cls, v: Optional[str]) -> Optional[str]:
        """Multi-line regexes are joined line by line, surrounding whitespace removed (write \\s for spaces)."""
        if v is None or "\n" not in v:
            return v
        return "".join(part.strip() for part in v.splitlines())

    @model_validator(mode="after")
    def _one_kind(self) -> "Matcher":
        given = [k for k in ("phrases", "tokens", "regex", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"matcher needs exactly one of phrases / tokens / regex / url, got {given or 'none'}")
        if self.regex is not None:
            if self.regex.startswith(("r\"", "r'")):
                raise ValueError("regex is written as a Python raw string (r\"...\"); write the bare pattern")
        if given[0] in ("tokens", "regex") and not self.keywords:
            raise ValueError("token and regex matchers need `keywords` (prefilter anchors)")
        if self.keywords and any(k != k.lower() or not k for k in self.keywords):
            raise ValueError("keywords must be non-empty and lower case")
        if any(not group or any(k != k.lower() or not k for k in group) for group in self.requires):
            raise ValueError("requires: each group needs non-empty lower-case literals")
        unknown = set(self.keyword_backs) - set(self.keywords or ())
        if unknown:
            raise ValueError(f"keyword_backs names keywords the rule does not list: {sorted(unknown)}")
        if any(not 0 <= v <= 1000 for v in self.keyword_backs.values()):
            raise ValueError("keyword_backs: each value is 0..1000 characters")
        if self.value_group and self.regex is None:
            raise ValueError("value_group only applies to regex matchers")
        return self

    @property
    def kind(self) -> str:
        for k in ("phrases", "tokens", "regex", "url"):
            if getattr(self, k) is not None:
                return k
        return "regex"


class CueRule(_Strict):
    """A rule that emits a signal wherever its matcher matches."""

    id: str = Field(pattern=RULE_ID)
    description: str
    signal: Literal[SIGNAL_KINDS]  # type: ignore[valid-type]
    disclosure: Optional[DisclosureSpec] = None
    confidence: float = Field(ge=0.0, le=1.0)
    lang: list[str] = Field(default_factory=lambda: ["en"])
    media: list[Literal["written", "spoken"]] = Field(
        default_factory=lambda: ["written", "spoken"], min_length=1,
        description="Where the rule runs: written text (captions, descriptions) and/or spoken text (transcripts).")
    needs: list[Literal[SIGNAL_KINDS]] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Second pass: run only on texts where a first-pass signal of one of these kinds was found.")
    matcher: Matcher
    source: Citation
    examples: Examples
    enabled: bool = True
    platform_shop: bool = Field(
        default=False,
        description="The signal is a platform's own shop feature (TikTok Shop's cart or showcase): a bare 'my shop' "
                    "beside it is that affiliate shop, not the creator's own business.")

    @model_validator(mode="after")
    def _disclosure_consistent(self) -> "CueRule":
        if self.signal == "disclosure" and self.disclosure is None:
            raise ValueError("a `disclosure` signal needs a `disclosure:` block (covers, label)")
        if self.needs and self.matcher.regex is None:
            raise ValueError("`needs` (second-pass rules) applies to regex matchers only")
        return self


class Lexicon(_Strict):
    """A list of names (brands, product lines) matched case-insensitively on word boundaries, with its source."""

    id: str = Field(pattern=RULE_ID)
    description: str
    kind: Literal["brand"] = "brand"
    entries: list[str] = Field(min_length=1)
    # also find one-word names of MISSPELT_MIN letters or more written with one letter missing or two adjacent letters
    # swapped ("olapex", "stanely"), except where that form is an ordinary word (`ordinary_words`: "garner", "ritual")
    misspellings: bool = False
    ordinary_words: list[str] = Field(default_factory=list)
    source: Citation
    examples: Examples

    @field_validator("entries")
    @classmethod
    def _clean(cls, v: list[str]) -> list[str]:
        bad = [e for e in v if not e.strip() or e != e.strip() or len(e) < 2]
        if bad:
            raise ValueError(f"entries must be trimmed names of 2+ characters: {bad[:5]}")
        return v


class RedirectCase(_Strict):
    url: str
    destination: str


class RedirectRule(_Strict):
    """A redirector whose destination sits in a query parameter (ClearURLs `redirections`): unwrapped offline."""

    id: str = Field(pattern=RULE_ID)
    description: str
    domains: list[str] = Field(min_length=1)
    params: list[str] = Field(min_length=1, description="Query parameters that may hold the destination URL.")

    @field_validator("domains", "params")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        bad = [x for x in v if not x or x != x.lower() or " " in x]
        if bad:
            raise ValueError(f"must be non-empty lower-case names without spaces: {bad}")
        return v
    path: Optional[str] = Field(default=None, description="Regex the path must match (optional).")
    source: Citation
    cases: list[RedirectCase] = Field(min_length=1)


class LinkContext(_Strict):
    """When shortened (unverified) links count as affiliate links: the text calls its links affiliate links, or
    they stand in a product list ("Tripod: bit.ly/x" on at least `min_product_lines` lines)."""

    min_product_lines: int = Field(default=2, ge=1)
    product_confidence: float = Field(default=0.6, ge=0.0, le=1.0)
    disclosed_confidence: float = Field(default=0.75, ge=0.0, le=1.0)
    non_product_labels: list[str] = Field(description="Line labels that are not products (social, merch, video...)")
    product_headers: list[str] = Field(description="Words of a header line that introduces a product list (gear...)")
    purchase_words: list[str] = Field(description="Words in a line's own label that make it a product line (buy...)")
    source: Citation
    cases: list[Case] = Field(min_length=1)


class ContextRule(_Strict):
    """A ConText-style modifier: a trigger that changes the meaning of signals in its scope."""

    id: str = Field(pattern=RULE_ID)
    description: str
    category: Literal[CONTEXT_CATEGORIES]  # type: ignore[valid-type]
    direction: Literal["forward", "backward", "bidirectional", "sentence"]
    max_scope: int = Field(default=4, ge=1, le=60, description="Tokens between trigger and target, at most.")
    applies_to: list[str] = Field(min_length=1)
    lang: list[str] = Field(default_factory=lambda: ["en"])
    matcher: Matcher
    source: Citation
    examples: Examples
    enabled: bool = True

    @field_validator("applies_to")
    @classmethod
    def _kinds(cls, v: list[str]) -> list[str]:
        bad = [k for k in v if k not in SIGNAL_KINDS]
        if bad:
            raise ValueError(f"unknown signal kinds {bad}")
        return v


class FindingRule(_Strict):
    """A composite rule: a named check over the signals, with its wording, severity and citations."""

    id: str = Field(pattern=RULE_ID)
    category: str
    check: str
    severity: Severity
    confidence: float = Field(ge=0.0, le=1.0)
    message: str
    suggestion: str
    citations: list[Citation] = Field(min_length=1)
    cases: list[Case] = Field(min_length=1)
    enabled: bool = True


class Terminators(_Strict):
    """A word list per language: words that end a context scope (ConText 'terminate' rules), or interrogatives."""

    lang: list[str] = Field(default_factory=lambda: ["en"])
    words: list[str]


class PackFile(_Strict):
    """One YAML file under patterns/."""

    pack: str
    version: str
    description: str
    rules: list[CueRule] = Field(default_factory=list)
    context: list[ContextRule] = Field(default_factory=list)
    terminators: list[Terminators] = Field(default_factory=list)
    interrogatives: list[Terminators] = Field(
        default_factory=list, description="Words that make a sentence ending in '?' a question about its cues.")
    findings: list[FindingRule] = Field(default_factory=list)
    lexicons: list[Lexicon] = Field(default_factory=list)
    stopwords: list[Terminators] = Field(
        default_factory=list, description="Capitalised words that are never product names on their own ('POV').")
    redirects: list[RedirectRule] = Field(default_factory=list)
    link_context: Optional[LinkContext] = None
    platforms: list[PlatformProfile] = Field(default_factory=list)
    confusables: Optional[dict[str, str]] = None
    spoken_forms: Optional[SpokenForms] = None
    pairing: Optional[PairingSettings] = None
    shared_sources: Optional[dict[str, Any]] = Field(
        default=None, alias="x-sources", description="YAML anchors for citations reused in the file."
    )


class Profile(_Strict):
    """A jurisdiction profile: how labels are graded and which disclosures cover which connections."""

    id: str
    name: str
    version: str
    description: str
    grades: dict[str, Literal["clear", "ambiguous", "none"]]
    covers: dict[str, list[str]] = Field(description="disclosure covers -> connection kinds it discloses")
    suggestions: dict[str, str] = Field(description="connection kind -> suggested disclosure wording")
    citations: list[Citation]

    @field_validator("covers")
    @classmethod
    def _covers_known(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, kinds in v.items():
            if key not in COVERS:
                raise ValueError(f"unknown disclosure nature {key!r}; known: {COVERS}")
            bad = [k for k in kinds if k not in CONNECTION_KINDS]
            if bad:
                raise ValueError(f"covers.{key}: unknown connection kinds {bad}")
        return v
