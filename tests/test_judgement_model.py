"""The judgement model (compose/judgement_model.py): a second opinion on complaints the rules have no wording for,
consulted beside a tie when the rules pair nothing (surer, and only of known brands, without the creator's own
framing); every text is our own."""
import subprocess
import sys
from pathlib import Path

import pytest

from deinfluence_detect import Detector
from deinfluence_detect.compose.judgement_model import MODEL_RULE, JudgementModel, bundled_model, features

ROOT = Path(__file__).resolve().parent.parent
# No complaint wording the rules know: the model hears "kept NOTHING cold", "the latch snapped".
IMPLICIT = ("My Hydro Flask lunch box kept NOTHING cold and the latch snapped in month two. The OXO Prep containers "
            "survived my toddler and the dishwasher, linked: amzn.to/3xYzQ1")


@pytest.fixture(scope="module")
def det():
    return Detector()


def bashing(rep):
    return [f for f in rep.findings if f.category == "competitor_bashing_affiliate"]


def test_model_pairs_an_implicit_complaint_beside_framing(det):
    found = bashing(det.analyze(IMPLICIT + " #deinfluencing", platform="instagram"))
    assert len(found) == 1 and found[0].severity.value == "high"
    roles = {c.split(":", 1)[1]: e for e in found[0].evidence for c in e.context if c.startswith("role:")}
    assert roles["bashed"].text == "Hydro Flask" and roles["promoted"].text == "OXO Prep"
    assert roles["evaluation"].rule_id == MODEL_RULE
    assert roles["evaluation"].text.startswith("My Hydro Flask lunch box kept NOTHING cold")  # the sentence
    why = next(c for c in roles["evaluation"].context if c.startswith("judged_by:"))
    assert "snapped" in why.split(":", 1)[1].split("|")  # the words that weighed most


def test_without_framing_the_model_judges_known_brands_only(det):
    found = bashing(det.analyze(IMPLICIT, platform="instagram"))
    assert len(found) == 1
    assert {e.text for e in found[0].evidence if "role:bashed" in e.context} == {"Hydro Flask"}
    # an unknown capitalised name is too often a title, a person or a place: judged only beside framing
    unknown = IMPLICIT.replace("Hydro Flask", "Brellow Trail")
    assert not bashing(det.analyze(unknown, platform="instagram"))
    assert bashing(det.analyze(unknown + " #deinfluencing", platform="instagram"))


def test_model_is_switched_off_by_null_thresholds(det):
    unframed_off = Detector()
    unframed_off.packs.pairing.judgement_unframed_threshold = None
    assert not bashing(unframed_off.analyze(IMPLICIT, platform="instagram"))
    assert bashing(unframed_off.analyze(IMPLICIT + " #deinfluencing", platform="instagram"))
    unframed_off.packs.pairing.judgement_threshold = None
    assert not bashing(unframed_off.analyze(IMPLICIT + " #deinfluencing", platform="instagram"))
    assert not any(s.rule_id == MODEL_RULE for s in unframed_off.analyze(IMPLICIT + " #deinfluencing").signals)
    # framing never takes the model away: with the framed threshold off, a framed text is judged as an unframed one
    framed_off = Detector()
    framed_off.packs.pairing.judgement_threshold = None
    assert bashing(framed_off.analyze(IMPLICIT + " #deinfluencing", platform="instagram"))
    unknown = IMPLICIT.replace("Hydro Flask", "Brellow Trail") + " #deinfluencing"
    assert not bashing(framed_off.analyze(unknown, platform="instagram"))


def test_thresholds_are_compared_with_the_sentence_score(det):
    """Just above or just below the model's score of the complaint's sentence, with and without framing."""
    score = bundled_model().score("My ", IMPLICIT[len("My Hydro Flask"):IMPLICIT.index(". ") + 1])
    for framing, setting in (("", "judgement_unframed_threshold"), (" #deinfluencing", "judgement_threshold")):
        for shift, expected in ((-0.05, True), (0.05, False)):
            d = Detector()
            setattr(d.packs.pairing, setting, score + shift)
            assert bool(bashing(d.analyze(IMPLICIT + framing, platform="instagram"))) is expected, (framing, shift)


def _judged(rule_id: str, text: str, product: str, tie: str) -> list:
    """The model's evaluations of one mention (found by `rule_id`) in a text with a code, without framing."""
    from deinfluence_detect.compose.judgement_model import with_model_evaluations
    from deinfluence_detect.compose.signals import Sig
    from deinfluence_detect.packs.loader import load_packs
    at, code = text.index(product), text.index(tie)
    sigs = [Sig("product_mention", at, at + len(product), rule_id, 0.8, value=product.lower().strip("#@")),
            Sig("discount_code", code, code + len(tie), "DD-CODE-X", 0.9, value=tie)]
    cfg = load_packs().pairing.model_copy(update={"judgement_unframed_threshold": 0.0})
    return [s for s in with_model_evaluations(sigs, text, cfg, lambda new: new) if s.rule_id == MODEL_RULE]


def test_without_framing_only_strong_mentions_are_judged():
    text = "My Brellow Trail lunch box kept NOTHING cold and the latch snapped in month two. Code HANNA10"
    assert _judged("DD-DEI-MENTION-LEXICON", text, "Brellow Trail", "HANNA10")
    assert _judged("DD-DEI-MENTION-ENTITY", text, "Brellow Trail", "HANNA10")
    assert not _judged("DD-DEI-MENTION-NAME", text, "Brellow Trail", "HANNA10")  # a title, a person, a place


def test_the_model_never_judges_a_tag():
    text = "so #brellow kept NOTHING cold and the latch snapped in month two. Code HANNA10"
    assert _judged("DD-DEI-MENTION-HANDLE", text.replace("#", "@"), "@brellow", "HANNA10")
    assert not _judged("DD-DEI-MENTION-LEXICON", text, "#brellow", "HANNA10")


@pytest.mark.parametrize("text", [
    IMPLICIT,
    IMPLICIT.replace("Hydro Flask", "@hydroflask"),
    IMPLICIT.replace("Hydro Flask", "Hyrdo Flask"),  # not in the lexicon misspelt: only a name
    IMPLICIT.replace("Hydro Flask", "Stanely"),  # a lexicon brand misspelt
    IMPLICIT.replace("My Hydro Flask", "#hydroflask"),
    "Lululemon Align review after one year. Still my favourite leggings, code JO10",
    "I finally bought the Dyson Airwrap and I get it now. Code JO10 for the Shark one too",
])
def test_the_cheap_look_agrees_with_the_judgement(det, text, monkeypatch):
    """The pre-check that decides whether an unframed text needs its product mentions loses no judgement: forcing
    it on changes no finding (only the product mentions it then lists)."""
    forced = Detector()
    monkeypatch.setattr(forced, "_judged_unframed", lambda sigs, *_: any(s.is_connection for s in sigs))
    assert forced.analyze(text, platform="instagram").findings == det.analyze(text, platform="instagram").findings


def test_a_hashtag_is_never_judged(det):
    tags = "#hydroflask #leaked #cracked #returned #regret"
    assert bundled_model().score("", " " + tags.split(" ", 1)[1]) > 3.0  # the tags alone would cross the threshold
    text = "Zero regrets with my Owala FreeSip, code HANNA10 at owalalife.com\n" + tags
    rep = det.analyze(text, platform="instagram")
    assert not any(s.rule_id == MODEL_RULE for s in rep.signals) and not bashing(rep)


@pytest.mark.parametrize("text", [
    # asked, someone else's view, sarcasm: the ConText scopes judge the model's evaluations too
    "Did your Hydro Flask lunch box keep nothing cold and the latch snap in month two? The OXO Prep containers "
    "survived my toddler, linked: amzn.to/3xYzQ1 #deinfluencing",
    "Everyone says the Hydro Flask lunch box kept nothing cold and the latch snapped in month two. The OXO Prep "
    "containers survived my toddler, linked: amzn.to/3xYzQ1 #deinfluencing",
    "My Hydro Flask lunch box kept NOTHING cold and the latch snapped in month two /s. The OXO Prep containers "
    "survived my toddler, linked: amzn.to/3xYzQ1 #deinfluencing",
    # a sponsorship paired through the model needs a recommendation beside it (an unrelated read otherwise)
    "My Hydro Flask lunch box kept NOTHING cold and the latch snapped in month two. This post is sponsored by @oxo "
    "#deinfluencing",
])
def test_model_evaluations_keep_the_rules_limits(det, text):
    assert not bashing(det.analyze(text, platform="instagram"))


@pytest.mark.parametrize("text", [
    # praise that a review found crossing the threshold on one word before weights were capped, or on bullets
    "My Kindle Oasis after eight months is still perfect. The Kobo Libra is great too, code READ10 #deinfluencing",
    "#deinfluencing number one on my list: the Ember mug. Yeti Rambler code LENA10",
    "#deinfluencing quick faves: • Ember mug • Yeti Rambler. I also love the Owala FreeSip, code LENA10",
    # praise a reviewer found judged a complaint: a purchase told, a brand's own words
    "I finally bought the Dyson Airwrap and I get the hype now. The Shark FlexStyle is great too, code JO10",
    "Drunk Elephant Protini is the only moisturiser I repurchase. Glossier Milky Jelly next, code JO10",
])
def test_praise_is_not_a_complaint(det, text):
    assert not bashing(det.analyze(text, platform="instagram"))


def test_rules_come_first(det):
    """Where the rules' own evaluations pair, the model adds nothing to the finding."""
    text = ("PSA #deinfluencing: the Tarte Shape Tape creased under my eyes by lunch. My new go-to is the Kosas "
            "Revealer, code MIA15 at checkout")
    found = bashing(det.analyze(text, platform="instagram"))
    assert found and not any(e.rule_id == MODEL_RULE for f in found for e in f.evidence)


def test_features_mask_the_product_and_pair_words():
    feats = features("the ", " creased by 2 pm")
    assert {"prod", "the prod", "prod creased", "creased", "by 0", "0"} <= feats


def test_other_products_are_masked_and_the_same_one_named_again_is_the_product():
    from deinfluence_detect.compose.judgement_model import masked_window
    text = "my Drunk Elephant cream broke me out, unlike Glossier; Drunk Elephant again? no"
    first, glossier, again = (0, 3), (text.index("Glossier"), text.index(";")), None
    first = (3, 17)
    again = (text.index("Drunk", 20), text.index(" again"))
    before, after = masked_window(text, first, 0, len(text), [first, glossier, again])
    assert (before, after) == ("my ", " cream broke me out, unlike OTHER; PROD again? no")
    assert not {"drunk", "elephant", "glossier"} & features(before, after)


def test_of_two_products_in_a_sentence_only_the_one_scored_highest_is_judged():
    """Every product of a sentence reads the same words; the local pairs decide which one they are about."""
    from deinfluence_detect.compose.deinfluencing import sentence_ids
    from deinfluence_detect.compose.judgement_model import judged_mentions
    from deinfluence_detect.compose.signals import Sig
    text = "the Velto cup leaked all over my bag, the Brisa bottle never did. Velto again leaked"
    spans = [(4, 9), (text.index("Brisa"), text.index("Brisa") + 5), (text.index("Velto again"), text.index(" again"))]
    mentions = [Sig("product_mention", a, b, "DD-DEI-MENTION-LEXICON", 0.85, value=text[a:b].lower()) for a, b in spans]
    model = JudgementModel({"leaked": 3.0, "cup leaked": 1.0, "prod cup": 0.5}, bias=0.0)
    judged = judged_mentions(mentions, text, sentence_ids(text), model, 2.0, spans)
    assert [(s.start, s.value) for s in judged] == [(4, "velto"), (spans[2][0], "velto")]


def test_score_is_bias_plus_weights():
    model = JudgementModel({"snapped": 2.0, "prod snapped": 1.0, "love": -3.0}, bias=-0.5)
    assert model.score("", " snapped") == pytest.approx(2.5)
    assert model.score("i love the ", "") == pytest.approx(-3.5)


def test_shipped_model_is_a_fresh_training_on_our_own_sets_only():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import train_judgement_model as trainer
    finally:
        sys.path.pop(0)
    assert not set(trainer.TRAIN) & {"heldback", "dev11", "dev12"}
    with pytest.raises(AssertionError):
        trainer.train(("dev", "heldback"))
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_judgement_model.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(bundled_model().weights) > 1000


def test_training_sentences_are_well_formed():
    """Each line of corpora/judgement_sentences/ names its product verbatim and carries one of the two labels."""
    import json
    files = sorted((ROOT / "corpora" / "judgement_sentences").glob("*.jsonl"))
    assert len(files) >= 6
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            item = json.loads(line)
            assert item["label"] in {"complaint", "other"} and item["product"] in item["text"], f"{path.name}:{n}"
