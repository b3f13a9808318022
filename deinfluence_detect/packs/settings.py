"""Pydantic models of the packs' settings: how platforms show text, how sponsor reads and deinfluencing pairings
are delimited, and the spoken forms speech recognition writes. Unknown keys are errors."""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..models import Citation


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReadSettings(Strict):
    """How anchors become sponsor-read spans in transcripts (compose/reads.py); tuned on the SponsorBlock dev split."""

    max_gap_s: float = Field(default=40.0, gt=0, description="Anchors further apart start a new read.")
    max_gap_segments: int = Field(default=6, ge=1, description="The same for untimed transcripts (sentences).")
    lead_in_s: float = Field(default=2.0, ge=0, description="Speech kept before a read that opens with a sponsor cue.")
    lead_in_call_s: float = Field(default=30.0, ge=0, description=(
        "Speech kept before a read whose first anchor is a call to action: the pitch began before it."))
    lead_in_segments: int = Field(default=1, ge=0, description="Untimed: sentences kept before a sponsor cue.")
    lead_in_call_segments: int = Field(default=8, ge=0, description=(
        "Untimed: sentences kept before a read whose first anchor is a call to action (`lead_in_call_s`)."))
    lead_in_call_chars: int = Field(default=600, ge=0, description=(
        "Untimed: ... and at most this many characters of them (a pasted transcript's lines may be paragraphs)."))
    intro_read_s: float = Field(default=25.0, ge=0, description="A read ending on a sponsor cue runs this long after it.")
    tail_s: float = Field(default=3.0, ge=0, description="Speech kept after a read's last call to action.")
    min_read_segments: int = Field(default=3, ge=0, description="Untimed: sentences after an intro-only read.")
    outro_within_s: float = Field(default=25.0, ge=0, description="An outro cue this soon after the last anchor ends it.")
    min_calls: int = Field(default=2, ge=1, description="This many calls to action are a read without a sponsor cue.")
    lone_call_outros: list[str] = Field(default_factory=list, description=(
        "Outro rules ('back to the video') that make a read of a lone call to action they close, unless the "
        "creator's own business claims it; transitions that also open videos ('let's get into it') are not among "
        "them."))
    chain_gap_s: float = Field(default=40.0, ge=0, description=(
        "A mention of the read's brand this close to the read (or to a mention already joined) joins it."))
    chain_back_s: float = Field(default=60.0, ge=0, description="Brand mentions join at most this far before a read.")
    chain_forward_s: float = Field(default=120.0, ge=0, description="Brand mentions join at most this far after it.")
    chain_gap_segments: int = Field(default=12, ge=0, description="Untimed: `chain_gap_s` in sentences.")
    chain_reach_segments: int = Field(default=60, ge=0, description="Untimed: `chain_back_s` and `chain_forward_s` "
                                                                     "in sentences.")
    model_threshold: Optional[float] = Field(default=None, description=(
        "Speech next to a read whose smoothed read-model score (a sum of log-odds weights, compose/read_model.py) is "
        "above this, and whose own segment scores above 0, joins the read; null: the model is not used at all (no "
        "widening, trimming or lone-call reads)."))
    model_trim_threshold: Optional[float] = Field(default=None, description=(
        "Speech the read's shape adds before its first anchor or after its last whose smoothed score is below this "
        "is left out; null: no trimming (when the model is used)."))
    model_trim_segment_threshold: Optional[float] = Field(default=None, description=(
        "... and so is such speech whose own segment scores below this (beside a strong read the mean stays high); "
        "null: the mean alone decides."))
    model_lone_call_threshold: Optional[float] = Field(default=None, description=(
        "A lone call to action ('link in the description') is a read when the mean score of the speech within "
        "`model_lone_call_window_s` of it (segments with cues left out) is above this; timed transcripts only; null: "
        "never."))
    model_lone_call_window_s: float = Field(default=15.0, ge=0, description="See `model_lone_call_threshold`.")
    model_window_s: float = Field(default=5.0, ge=0, description="A segment's smoothed score is the mean over the "
                                                                 "segments this close to it.")
    model_window_segments: int = Field(default=1, ge=0, description="Untimed: `model_window_s` in sentences.")
    model_reach_s: float = Field(default=60.0, ge=0, description="The model widens a read at most this far each side.")
    model_reach_segments: int = Field(default=10, ge=0, description="Untimed: `model_reach_s` in sentences.")
    not_names: list[str] = Field(default_factory=list, description=(
        "Words a sponsor cue or call to action may name that are no brand to follow ('them', 'patreon', 'store')."))
    site_leads: list[str] = Field(default_factory=list, description=(
        "Words after which a spoken site's name stands alone ('go to brewly dot com'); after any other word the two "
        "words are the name ('skill share dot com')."))


class PairingSettings(Strict):
    """How far deinfluencing pairing reaches (compose/deinfluencing.py), in characters of normalised text."""

    near: int = Field(default=220, ge=0, description="An alternative or recommendation this close to a commercial tie "
                                                      "(or in its sentence) is what the tie promotes.")
    reach: int = Field(default=1500, ge=0, description="A bashing pairs with a commercial tie at most this far away.")
    spoken_reach: int = Field(default=1500, ge=0, description="`reach` in transcripts and podcasts: a long video holds "
                                                               "criticism and an unrelated sponsor read minutes apart.")
    back: int = Field(default=120, ge=0, description="An evaluation with no product in its sentence ('It leaked.') "
                                                     "refers to one this close before it (spoken text: `near`).")
    rec_scope: int = Field(default=60, ge=0, description="A product named this soon after a recommendation cue, in its "
                                                         "sentence, is what is recommended, not a target.")
    orphan_line: int = Field(default=80, ge=0, description="A link or code on a line this short that names no product "
                                                           "stands apart from the prose: it promotes what the text "
                                                           "recommends (within `reach`).")
    target_rules: list[str] = Field(default_factory=list, description=(
        "Product-mention rules whose every mention can be a bashed target on its own, like a known brand or a handle "
        "(e.g. a capitalised sentence subject judged in its sentence); other names need more shape (compose/"
        "deinfluencing.py `_strong`)."))
    owners: list[str] = Field(default_factory=list, description=(
        "Lower-case determiners that make one capitalised word after them a product ('my Fossil wallet', 'la "
        "Stanley'); a lone capitalised word elsewhere is too often a title word."))
    handle_suffixes: list[str] = Field(default_factory=list, description=(
        "Words a brand's handle adds to its name ('owala' + 'life'): such a handle names the brand of a connection."))
    compound_owners: list[str] = Field(default_factory=list, description=(
        "Determiners of a language that capitalises every noun (German): they make a product of one capitalised "
        "word only in a hyphenated brand compound ('die Stanley-Flasche')."))
    comparatives: list[str] = Field(default_factory=list, description=(
        "Words after a recommendation cue that make the product named next what the recommended one beats ('miles "
        "ahead of X', 'better than X'): that product can still be a bashed target."))
    question_openers: list[str] = Field(default_factory=list, description=(
        "Words that open a question: a negative header opening with one ('is it just me or are these overhyped:') "
        "asks, and judges no list items."))
    swap_marks: list[str] = Field(default_factory=list, description=(
        "Marks and words of a swap ('1. Olaplex → K18', 'vs', 'instead'): a list item's tie after one promotes the "
        "swap, not the item's first product."))
    lookalike_suffixes: list[str] = Field(default_factory=list, description=(
        "Words hyphenated to a brand that make a look-alike of it ('Stanley-style'): such a compound stays a name of its "
        "own; other lower-case compounds ('Olaplex-hype') name the brand."))
    judgement_threshold: Optional[float] = Field(default=None, description=(
        "How sure (log-odds) the judgement model (compose/judgement_model.py) must be that a sentence speaks badly of "
        "the product it names; consulted only where the rules' evaluations pair nothing. null: not consulted beside "
        "framing (a framed text is then judged as an unframed one)."))
    judgement_unframed_threshold: Optional[float] = Field(default=None, description=(
        "The same, in a text with a commercial tie but no deinfluencing framing of the creator's own (a review that "
        "pans one product and links another). null: the model is consulted only in framed texts."))
    source: Optional[Citation] = Field(default=None, description="Where the distances come from (the packs cite it).")


class SpokenExample(Strict):
    said: str = Field(description="Text as speech recognition writes it.")
    written: str = Field(description="The same text after spoken-form normalisation.")


class SpokenForms(Strict):
    """How speech recognition writes numbers, links, hashtags and codes (normalize_asr.py); spoken platforms only."""

    lang: list[str]
    numbers: dict[str, int] = Field(description="Number words below one hundred: units, teens, tens (one word each).")
    scales: dict[str, int] = Field(description="Multipliers: hundred, thousand, million (one word each).")
    lone_words_kept: list[str] = Field(default_factory=list, description=(
        "Number words left as words when they stand alone ('one' is also a pronoun: 'the one I use')."))
    percent: list[str] = Field(description="Words for '%' after a number.")
    hashtag: list[str] = Field(description="Words for '#' before a tag.")
    dot: list[str] = Field(description="Words for '.' between a name and a top-level domain.")
    slash: list[str] = Field(description="Words for '/' in a spoken link path.")
    tlds: list[str] = Field(description="Top-level domains a spoken link may end in.")
    not_link_names: list[str] = Field(default_factory=list, description=(
        "Words that are never the name before a spoken 'dot com' ('the dot com bubble')."))
    code_words: list[str] = Field(description="Words after which 'name twenty' is one code ('code maya twenty').")
    not_code_names: list[str] = Field(default_factory=list, description=(
        "Words after a code word that are not a code's name ('the code is twenty')."))
    units_after_code: list[str] = Field(default_factory=list, description=(
        "Words that make a number after a code an amount, not part of the code ('code maya 20 dollars off')."))
    examples: list[SpokenExample] = Field(min_length=1)
    source: Citation

    @field_validator("numbers", "scales")
    @classmethod
    def _one_word_each(cls, value: dict[str, int]) -> dict[str, int]:
        """Number words are matched as single letter runs (a character trie in normalize_asr.py)."""
        bad = [w for w in value if not w.isalpha()]
        if bad:
            raise ValueError(f"number words must be single words of letters, not {bad}")
        return value


class PlatformProfile(Strict):
    """What a platform shows before its "more" cut, and when a disclosure counts as buried there."""

    id: str
    live_repeat_s: Optional[float] = Field(default=None, ge=1, description="Video: live disclosures repeat this often.")
    late_after_s: Optional[float] = Field(default=None, ge=0, description="Video: spoken disclosure this late is buried.")
    end_share: Optional[float] = Field(default=None, ge=0, le=1, description="Video: disclosure only in the last share.")
    visible_chars: int = Field(ge=1, description="Characters shown before the cut.")
    visible_lines: int = Field(ge=1, description="Lines shown before the cut (line breaks and emoji shorten it).")
    far_below_chars: int = Field(ge=1, description="A disclosure this far after the first promotion is buried.")
    hashtag_pile: int = Field(ge=2, description="Trailing run of at least this many hashtags is a pile.")
    reads: Optional[ReadSettings] = Field(default=None, description="Video: how sponsor reads are delimited.")
    source: Citation
