"""Deinfluencing: framing, evaluations attached to products, pairing with commercial ties, severities by disclosure,
and the traps honest deinfluencing sets (texts written for these tests)."""
from __future__ import annotations

import pytest
import spacy

import deinfluence_detect as dd
from deinfluence_detect.compose.mentions import BrandLexicon
from deinfluence_detect.evaluate_deinfluencing import SET_NAMES, SETS, eval_set

BASH = "competitor_bashing_affiliate"
PROMO = "deinfluencing_promotion"


def _cats(rep: dd.Report) -> dict[str, str]:
    return {f.category: f.severity.value for f in rep.findings if f.category in (BASH, PROMO)}


def _bashing(rep: dd.Report) -> tuple[dd.Finding, dict[str, str]]:
    """The first bashing finding and its evidence texts by role ("bashed", "promoted", ...)."""
    bash = next(f for f in rep.findings if f.category == BASH)
    return bash, {c.split(":", 1)[1]: e.text for e in bash.evidence for c in e.context if c.startswith("role:")}


def test_honest_deinfluencing_is_framing_without_findings(det):
    rep = det.analyze("#deinfluencing the Dyson Airwrap is so overhyped, my $30 round brush does the same. "
                      "Save your money and use what you have.", platform="tiktok")
    assert rep.deinfluencing and not rep.commercial
    assert _cats(rep) == {}


def test_undisclosed_bashing_is_high_with_roles_and_a_stable_fingerprint(det):
    text = ("don't waste $599 on the Dyson Airwrap, it's so overhyped 😭 I switched to the Shark FlexStyle "
            "and it's in my amazon storefront")
    rep = det.analyze(text, platform="tiktok")
    assert _cats(rep) == {BASH: "high", PROMO: "high"}
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "Dyson Airwrap" and roles["promoted"] == "Shark FlexStyle"
    assert "Dyson Airwrap" in bash.message and "Shark FlexStyle" in bash.message
    assert any(e.kind == "affiliate_link" for e in bash.evidence)
    moved = det.analyze("OK hear me out.\n\n" + text + "\n\n#hairtok", platform="tiktok")
    assert bash.fingerprint in {f.fingerprint for f in moved.findings}


@pytest.mark.parametrize("text,expected", [
    ("#ad The Dyson Airwrap was overhyped for my hair. I use the Shark FlexStyle now, paid partnership with "
     "@sharkbeauty, code MAYA15", {BASH: "info"}),
    ("Okay the Stanley is mid, it leaks in my tote. Switched to my @hydrojug Traveler, code JESS20 = 20% off #collab",
     {BASH: "medium"}),
    ("stop buying 10 different serums, you need ONE. this is the only one on my shelf now, code GLOWKAY for 20% off "
     "#deinfluencing", {PROMO: "high"}),
])
def test_severity_follows_the_disclosure(det, text, expected):
    assert _cats(det.analyze(text, platform="instagram")) == expected


@pytest.mark.parametrize("text", [
    "The Stanley is not overhyped at all, I love mine: amzn.to/3kXyZ1q",  # negated
    "is the Dyson Airwrap overhyped? the Shark one is in my amazon storefront if you want to compare",  # asked
    "everyone keeps saying the Stanley leaks in every bag. I use the Owala FreeSip: amzn.to/3kXyZ1q",  # reported
    "stop buying $60 planners you abandon in March. I made my own, code FRIENDS10 on my shop #deinfluencing",  # own
    "#deinfluencing the Stanley leaks in every bag. This video is sponsored by Ledgerly, a budgeting app, "
    "ledgerly.app/maya for a free month",  # disclosed sponsor read for something unrelated
    "Found the dupe for the Lululemon Aligns: the Colorfulkoala leggings feel the same. No code, just sharing",
])
def test_traps_raise_no_deinfluencing_finding(det, text):
    assert _cats(det.analyze(text, platform="instagram")) == {}


def test_spoken_bashing_has_times(det):
    tr = dd.Transcript.from_segments([
        (0.0, 4.0, "okay so deinfluencing you from the laneige lip mask"),
        (4.0, 8.5, "it gave me these tiny bumps around my lips"),
        (8.5, 13.0, "what i've been using instead is the bubble lip balm"),
        (13.0, 17.0, "and it's in my amazon storefront so go grab it"),
    ])
    rep = det.analyze(tr)
    bash = next(f for f in rep.findings if f.category == BASH)
    assert bash.severity.value == "high" and bash.start_time is not None and bash.start_time >= 8.5


def test_languages_other_than_english(det):
    rep = det.analyze("No os compréis la Protini de Drunk Elephant, me llenó la frente de granitos. La que uso ahora "
                      "es la de @freshlyskin, con mi código LAURA10 tenéis un 10%", platform="instagram")
    assert BASH in _cats(rep)
    rep = det.analyze("#desinfluenciando não comprem o Dyson Supersonic, queimou minha franja. O que eu uso agora é o "
                      "Taiff Style, tá na minha vitrine do TikTok Shop", platform="tiktok")
    assert _cats(rep) == {BASH: "high", PROMO: "high"}


def test_trained_pipeline_entities_name_products_the_lexicon_does_not_know():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PRODUCT", "pattern": [{"LOWER": "zorblax"}]}])
    det = dd.Detector(nlp=nlp)
    text = "honestly the zorblax is a total waste of money. got the quelty one instead: amzn.to/3kXyZ1q"
    rep = det.analyze(text, platform="tiktok")
    assert BASH in _cats(rep)
    assert BASH not in _cats(dd.Detector().analyze(text, platform="tiktok"))  # lower case, unknown: not named


def test_brand_lexicon_matches_whole_words_and_squashed_tags():
    lex = BrandLexicon(["Glow Recipe", "Owala", "K18"])
    text = "my #glowrecipe haul, the owala cup and k18 mask, not owalas or k180"
    found = [text[a:b] for a, b in lex.find(text)]
    assert found == ["glowrecipe", "owala", "k18"]


def test_a_known_brand_is_the_name_in_a_lower_case_compound():
    """"de Olaplex-hype" names Olaplex (a lexicon brand), not a product called "Olaplex-hype"; a capitalised
    compound ("Dyson-Föhn") stays whole."""
    from deinfluence_detect.compose.mentions import find_mentions
    from deinfluence_detect.packs.loader import load_packs
    text = "Stop met geld uitgeven aan de Olaplex-hype, de Dyson-Föhn ook"
    found = {m.value for m in find_mentions(text, BrandLexicon(["Olaplex", "Dyson"]), frozenset())}
    assert found == {"olaplex", "dysonföhn"}
    # a look-alike is not the brand: "Stanley-style tumblers" do not name Stanley (pairing pack `lookalike_suffixes`)
    lex = BrandLexicon(["Stanley"], lookalikes=load_packs().pairing.lookalike_suffixes)
    found = {m.value for m in find_mentions("the Stanley-style tumblers", lex, frozenset())}
    assert found == {"stanleystyle"}


def test_brand_lexicon_finds_misspelt_names_but_not_ordinary_words():
    """One letter missing or two swapped in a name of 7+ letters; never a listed ordinary word, a short name, a name
    whose lexicon does not ask for it, or a word inside a longer one."""
    lex = BrandLexicon(["Olaplex", "Garnier", "Stanley", "Owala", "Lumoria"],
                       misspelt=["Olaplex", "Garnier", "Stanley", "Owala"], ordinary=["garner"])
    text = "olapex, stanely and Garnir; garner support; owla; lumora; olapexx; #olapex"
    assert lex.find_misspelt(text) == [(0, 6, "olaplex"), (8, 15, "stanley"), (20, 26, "garnier")]


def test_a_misspelt_brand_is_bashed_under_its_own_name(det):
    rep = det.analyze("#deinfluencing olapex did nothing for my bleached ends, the Lumora bond mask fixed it, "
                      "amzn.to/3abcDe", "tiktok")
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "olapex"
    assert any(e.text == "olapex" for e in bash.evidence)


def test_brand_lexicon_finds_hyphenated_names_spoken_without_the_hyphen():
    lex = BrandLexicon(["Oral-B", "La Roche-Posay"])
    text = "switched to oral b after the la roche posay cream, then Oral-B again"
    assert [text[a:b] for a, b in lex.find(text)] == ["oral b", "la roche posay", "Oral-B"]


def test_a_dotted_capital_i_leaves_lexicon_matching_in_place():
    """"İ" lower-cases to two characters; the other names keep their offsets and are still found."""
    lex = BrandLexicon(["Owala", "CeraVe"])
    text = "İstanbul trip: the owala cup and CeraVe cream"
    assert [text[a:b] for a, b in lex.find(text)] == ["owala", "CeraVe"]


def test_sponsor_mentions_name_every_other_mention_once_per_scan(monkeypatch):
    """A sponsor named by a connection is a product where the text names it again, but not inside the connection's
    own wording; another connection's naming counts. However many connections repeat a name, the text is read once
    for it (a code pasted thousands of times once made this quadratic)."""
    from deinfluence_detect.compose import mentions
    from deinfluence_detect.compose.signals import Sig
    text = "sponsored by Rowenta. the Rowenta Ultimate is quiet. thanks Rowenta! " + "code SIP10 " * 300
    conns = [Sig("sponsorship", 0, 20, "R1", 0.9, value="Rowenta"), Sig("sponsorship", 53, 68, "R2", 0.9,
                                                                       value="rowenta")]
    codes = [m.start() for m in __import__("re").finditer("SIP10", text)]
    conns += [Sig("discount_code", c - 5, c + 5, "C1", 0.9, value="SIP10") for c in codes]
    calls = []
    real = mentions._extend_right
    monkeypatch.setattr(mentions, "_extend_right", lambda *a: calls.append(1) or real(*a))
    found = mentions.sponsor_mentions(text, conns, [(c.start, c.end) for c in conns if c.kind == "discount_code"])
    assert [(text[m.start:m.end], m.value) for m in found] == [
        ("Rowenta", "rowenta"), ("Rowenta Ultimate", "rowentaultimate"), ("Rowenta", "rowenta")]
    assert len(calls) == 3 + len(codes)  # each occurrence of a name looked at once


@pytest.mark.parametrize("name", SET_NAMES)
def test_labelled_sets_meet_the_honest_flag_limit(det, name):
    """Honest deinfluencing flagged (either finding at severity >= low) stays within 5% on both sets."""
    assert eval_set(det, SETS / f"{name}.jsonl")["honest_flagged_share"] <= 0.05


def test_dev_set_quality_does_not_regress(det):
    res = eval_set(det, SETS / "dev.jsonl")
    assert res[f"{BASH}_f1"] >= 0.85 and res[f"{PROMO}_f1"] >= 0.85


def test_pairing_distances_are_pack_data(tmp_path):
    """`pairing` in a user pack folder overrides the bundled distances: a tie beyond `near` no longer pairs."""
    text = ("Don't waste your money on the Dyson Airwrap, it's overhyped. I switched to the Shark FlexStyle "
            + "and honestly it does the same job for half the price, my hair has never looked better. " * 2
            + "Code MAYA15 for 15% off.")
    bundled = dd.Detector()
    assert bundled.packs.pairing.near == 220 and bundled.packs.pairing.source.text
    assert "competitor_bashing_affiliate" in {f.category for f in bundled.analyze(text).findings}
    (tmp_path / "pairing.yaml").write_text(
        "pack: my-pairing\nversion: '1'\ndescription: shorter reach\n"
        "pairing: {near: 10, reach: 1500, back: 120, rec_scope: 60, source: {text: 'house rule', reliability: U}}\n")
    strict = dd.Detector(pack_folders=[str(tmp_path)])
    assert strict.packs.pairing.near == 10
    assert "competitor_bashing_affiliate" not in {f.category for f in strict.analyze(text).findings}


def test_criticising_the_gifted_product_itself_is_not_bashing(det):
    rep = det.analyze("Dyson sent me the new Airwrap i.d. (#gifted) and I have to be honest: it's not worth $600 for "
                      "my fine hair. I won't be recommending it. #deinfluencing", "instagram")
    assert "competitor_bashing_affiliate" not in {f.category for f in rep.findings}
    rep = det.analyze("Dyson sent me the Airwrap (#gifted). Honestly the Shark FlexStyle is overhyped, the Dyson "
                      "wins. #deinfluencing", "instagram")
    assert "competitor_bashing_affiliate" in {f.category for f in rep.findings}


def test_sponsor_named_in_the_disclosure_is_the_promoted_product(det):
    """A lower-case brand no lexicon knows is still the alternative when the sponsorship names it."""
    text = ("this video is sponsored by quillo\nstop buying the Dyson Airwrap, it's overhyped\n"
            "the quillo wave styler does the same for half the price")
    rep = det.analyze(text, platform="youtube")
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "Dyson Airwrap" and roles["promoted"].lower().startswith("quillo")
    assert bash.severity.value == "info"  # clearly disclosed
    # the same sponsor read without the brand in a later sentence: an unrelated sponsor beside criticism
    other = det.analyze("this video is sponsored by quillo\nstop buying the Dyson Airwrap, it's overhyped",
                        platform="youtube")
    assert BASH not in _cats(other)


def test_a_handle_that_extends_the_partner_tag_s_brand_is_the_promoted_product(det):
    """Brand handles often extend the brand ("@brewlyhome" for #BrewlyPartner): the sponsor is the alternative."""
    text = ("don't buy the Hydroflask, mine leaked in my bag twice. the @brewlyhome Traveler mug is actually "
            "leakproof. #sponsored #BrewlyPartner #deinfluencing")
    bash, roles = _bashing(det.analyze(text, "instagram"))
    assert roles["bashed"] == "Hydroflask" and bash.severity.value == "info"
    for handle in ("@cupcoshop", "@brewlybakery"):  # another brand; a brand whose name only begins with the partner's
        assert BASH not in _cats(det.analyze(text.replace("@brewlyhome", handle), "instagram")), handle


def test_what_everyone_is_obsessed_with_is_not_the_creator_s_recommendation(det):
    rep = det.analyze("the serum everyone's obsessed with (the Lumora one) gave me a rash. swapped to the Quillo "
                      "balm: liketk.it/4AbCd", "instagram")
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "Lumora" and roles["promoted"] == "Quillo"


def test_one_capitalised_word_owned_by_a_determiner_is_a_target(det):
    text = "Threw out my Fossil bifold, it fell apart after a year. The Trailpeak one is slimmer: code MARA10 for 10% off"
    assert BASH in _cats(det.analyze(text, platform="instagram"))
    place = "Bought one on a whim at Costco, it fell apart after a year. The Trailpeak one is slimmer: code MARA10 for 10% off"
    assert BASH not in _cats(det.analyze(place, platform="instagram"))  # a lone name not owned by a determiner


def test_the_determiners_that_own_a_name_are_pack_data(tmp_path):
    """`owners` in the pairing pack: without "my" among them, "my Fossil bifold" is a lone title-like word."""
    text = "Threw out my Fossil bifold, it fell apart after a year. The Trailpeak one is slimmer: code MARA10"
    bundled = dd.Detector()
    assert "my" in bundled.packs.pairing.owners and "die" in bundled.packs.pairing.compound_owners
    (tmp_path / "pairing.yaml").write_text("pack: my-pairing\nversion: '1'\ndescription: fewer owners\n"
                                           "pairing: {owners: [the, this]}\n")
    fewer = dd.Detector(pack_folders=[str(tmp_path)])
    assert fewer.packs.pairing.near == bundled.packs.pairing.near  # the other settings stay
    assert BASH in _cats(bundled.analyze(text, platform="instagram"))
    assert BASH not in _cats(fewer.analyze(text, platform="instagram"))


def test_an_evaluation_with_its_own_object_does_not_reach_back(det):
    """'stop buying 9 things' is about the things, not about the product named one sentence earlier."""
    text = ("#deinfluencing now i use ONE product. the Glowra Gel Cream does everything for me. stop buying 9 things. "
            "code GLOW20")
    assert BASH not in _cats(det.analyze(text, platform="tiktok"))
    back = ("#deinfluencing I had the Glowra Gel Cream for a month. honestly I'd skip it. "
            "I switched to the Lumora one, code GLOW20")
    assert BASH in _cats(det.analyze(back, platform="tiktok"))


def test_lexicon_brands_are_found_with_a_possessive():
    lex = BrandLexicon(["CeraVe", "Owala"])
    text = "CeraVe's cream gave me milia; owalas are cups; Owala’s lid"
    assert [text[a:b] for a, b in lex.find(text)] == ["CeraVe", "Owala"]


def test_a_spanish_question_is_asked_not_stated(det):
    """'¿...?' opens a question in Spanish: the evaluation inside is someone else's claim being asked about."""
    text = "¿Que el sérum de Garnier \"no vale la pena\"? Yo creo que sí. Uso el de Lumora: amzn.to/3abcXYZ"
    assert BASH not in _cats(det.analyze(text, platform="instagram"))


def test_an_orphan_tie_promotes_what_the_text_recommends(det, tmp_path):
    """A code alone on the last line, far from any product, is for the recommended alternative."""
    filler = "Anyway, lots of you asked about my routine, so here it is: wash, dry, brush, done. " * 4
    text = ("Stop buying the Dyson Airwrap, it's overhyped. The one I've been reaching for is the Lumora Wave, "
            "so much lighter.\n\n" + filler + "\n#hairtok #deinfluencing\nWAVEMAYA = 20%")
    assert BASH in _cats(det.analyze(text, platform="instagram"))
    unrecommended = text.replace("The one I've been reaching for is the Lumora Wave, so much lighter.", "")
    assert BASH not in _cats(det.analyze(unrecommended, platform="instagram"))
    (tmp_path / "pairing.yaml").write_text(  # the line length is pack data: 0 turns orphan ties off
        "pack: no-orphans\nversion: '1'\ndescription: no orphan ties\npairing: {near: 220, reach: 1500, back: 120, "
        "rec_scope: 60, orphan_line: 0, source: {text: 'house rule', reliability: U}}\n")
    assert BASH not in _cats(dd.Detector(pack_folders=[str(tmp_path)]).analyze(text, platform="instagram"))


def test_no_right_before_an_evaluation_keeps_the_alternative_promotable(det):
    """'no pilling' praises the alternative: it is not a second bashed product, so the pairing stands."""
    text = ("my Lululemon Aligns pilled after three washes. the Halara ones I got in spring, no pilling at all. "
            "code JESS15 takes 15% off")
    rep = det.analyze(text, platform="tiktok")
    assert BASH in _cats(rep)
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "Lululemon Aligns" and roles["promoted"] == "Halara"
    negated = [s for s in rep.signals if s.kind == "negative_evaluation" and s.text == "pilling"]
    assert negated and any(c.startswith("negated:DD-DEI-CTX-006") for c in negated[0].context)


# -- a pointer to a link the text does not show ("linked in my bio", spoken "link in the description") -----------
POINTED = ("Don't waste your money on the Glowmax serum, it's so overhyped and it pilled under everything. "
           "I switched to the Dewly barrier serum instead, linked in my bio")


def test_a_link_pointer_beside_the_recommended_alternative_is_the_tie(det):
    rep = det.analyze(POINTED, platform="instagram")
    assert _cats(rep).get(BASH) == "high"
    bash = next(f for f in rep.findings if f.category == BASH)
    pointer = next(e for e in bash.evidence if e.kind == "link_pointer")
    assert pointer.text == "linked in my bio" and "a link the text points to" in bash.message


def test_no_link_no_guide_no_pointer_pairing(det):
    honest = POINTED.replace(", linked in my bio", ". No links, I just like it")
    assert _cats(det.analyze(honest, platform="instagram")) == {}
    guide = POINTED.replace("linked in my bio", "link in bio to my free skincare guide")
    assert _cats(det.analyze(guide, platform="instagram")) == {}


def test_a_pointer_in_a_text_with_a_shown_tie_is_that_tie_s_link(det):
    """A sponsor read's "link below" belongs to the sponsor: with a tie shown, pointers do not pair."""
    text = ("the Glowmax serum is so overhyped, it pilled under everything. i switched to the Dewly serum. "
            "this video is sponsored by Brewly, the coffee i drink every morning, link below")
    rep = det.analyze(text, platform="youtube")
    assert not any(e.kind == "link_pointer" for f in rep.findings for e in f.evidence)


def test_a_spoken_pointer_pairs_in_a_transcript(det):
    tr = dd.Transcript.from_segments([
        (0, 4, "do not buy the glowmax band i'm telling you"), (4, 8, "it's so overrated and it broke after a week"),
        (8, 12, "i've been wearing the Dewly strap instead"), (12, 16, "i'll leave the link down below in the description")])
    rep = det.analyze(tr)
    bash = next(f for f in rep.findings if f.category == BASH)
    assert bash.severity.value == "high" and any(e.kind == "link_pointer" for e in bash.evidence)
    assert bash.start_time is not None


@pytest.mark.parametrize("ending", [
    "I don't have a link in my bio, just search for it",
    "Not sponsored, I bought it myself, linked in my bio",
    "the study on barrier repair I mentioned is linked in my bio",
    "all my other socials are linked in my bio",
])
def test_pointers_that_are_not_a_tie(det, ending):
    """Negated, disclaimed by 'not sponsored', or pointing to something that is not the product: no pairing."""
    text = POINTED.replace(", linked in my bio", ". " + ending)
    assert BASH not in _cats(det.analyze(text, platform="instagram"))


def test_an_emoji_between_sentences_ends_the_bashing_sentence(det):
    # the sponsor's product stands in its own sentence after the emoji, so it is the alternative, not the bashed one
    text = ("#pub Partenariat rémunéré avec Lumora 💛 Le sérum vitamine C de Drunk Elephant : 75€ pour m'irriter la "
            "peau, non merci 🙅 Celui de Lumora coûte 11€, point.")
    rep = det.analyze(text, platform="instagram")
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "Drunk Elephant" and roles["promoted"] == "Lumora"
    assert bash.severity.value == "info"
    # a list mark opening its line is not a sentence end: "❌ AG1" stays one item
    listed = det.analyze("greens i'm deinfluencing\n❌ AG1 (it's $99 a month)\n✅ the only one i take: @brewly powder, "
                         "code MAYA10", platform="tiktok")
    assert BASH in _cats(listed)


def test_a_lone_capital_inside_a_product_found_by_shape_does_not_hide_it(det):
    text = ("the factory Tesla floor liners are flimsy, they curled in a month. These Trailpeak ones are night and day "
            "amzn.to/3Xy7abc")
    rep = det.analyze(text, platform="instagram")
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "factory Tesla floor liners"


def test_a_product_after_a_romance_directive_against_buying_is_a_target(det):
    text = ("gente não comprem a chapinha rosa da lumora queimou em uma semana, a que eu uso agora é essa da brewly "
            "tá no carrinho laranja com desconto")
    rep = det.analyze(text, platform="tiktok")
    bash, roles = _bashing(rep)
    assert roles["bashed"].startswith("chapinha rosa")
    # a category is not a product: no pairing, the promotion finding stays
    generic = det.analyze("#desinfluenciando parem de comprar 5 protetores diferentes 🙏 Eu uso um só, o da @brewly. "
                          "Cupom MAYA15", platform="tiktok")
    assert BASH not in _cats(generic) and PROMO in _cats(generic)


def test_a_capitalised_subject_opening_its_sentence_can_be_the_bashed_product(det):
    text = ("After 5 months: Lumacore is NOT worth $300. It shifts and it pills. The one I replaced it with is from "
            "Trailpeak, perfect so far. liketk.it/4Qw8mZ")
    rep = det.analyze(text, platform="instagram")
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "Lumacore"
    # an ordinary word opening a sentence is not one
    plain = det.analyze("After 5 months: Shipping was so slow, not worth $30. I use the Trailpeak one now liketk.it/4Qw8mZ",
                        platform="instagram")
    assert BASH not in _cats(plain)


def test_a_lone_capital_stays_a_name_when_the_shaped_product_around_it_gives_way(det):
    # "airwrap grab Lumora" (found by sentence shape) yields to the lexicon's "airwrap"; "Lumora" is still a name
    _, roles = _bashing(det.analyze("skip the airwrap grab Lumora code MAYA10 it's cheaper", platform="tiktok"))
    assert roles["bashed"] == "airwrap" and roles["promoted"] == "Lumora"


def test_an_emoji_standing_for_a_colon_keeps_the_headline_product(det):
    _, roles = _bashing(det.analyze("Not worth the hype 🙄 Drunk Elephant Protini. The Lumora cream is my go-to, "
                                    "code MAYA10", platform="instagram"))
    assert roles["bashed"] == "Drunk Elephant Protini" and roles["promoted"] == "Lumora cream"
    # a thumbs-down after a name judges that name, not the one after it
    _, roles = _bashing(det.analyze("Dyson Airwrap 👎 Shark FlexStyle 👍 code MAYA10", platform="tiktok"))
    assert roles["bashed"] == "Dyson Airwrap" and roles["promoted"] == "Shark FlexStyle"


def test_a_name_never_runs_across_a_full_stop(det):
    rep = det.analyze("Ich mag meine Birkenstocks, aber sie sind unbequem am Anfang. Die Lumora Einlagen helfen, "
                      "Code LENA10", platform="instagram")
    assert not any(". " in s.text for s in rep.signals if s.kind == "product_mention")


def test_my_shop_beside_the_orange_cart_is_the_platform_shop_not_own_business(det):
    text = ("the Vortexa blender is overrated, don't buy it. this little smoothie cup is faster, quieter, and on sale "
            "in my shop rn (orange cart!!)")
    rep = det.analyze(text, platform="tiktok")
    bash, roles = _bashing(rep)
    assert roles["bashed"] == "Vortexa blender" and bash.severity.value == "high"
    # the creator's own merch in the same shop stays own business
    own = det.analyze("my own merch is in my shop, tap the orange cart", platform="tiktok")
    assert not own.commercial


def test_a_spoken_product_before_a_segment_break_is_still_the_subject(det):
    segments = [(0.0, 4.0, "this video is sponsored by brewly and it fits because my old glass gooseneck kettle"),
                (4.0, 8.0, "fell apart in a year so i switched to the brewly kettle use code dani for ten percent off")]
    rep = det.analyze(dd.Transcript.from_segments(segments))
    _, roles = _bashing(rep)
    assert roles["bashed"] == "glass gooseneck kettle"


def test_an_all_capitals_subject_judged_a_no_and_an_equals_verdict(det):
    text = ("ZENBAND was a no for me: $199 a year to hear I slept badly. been wearing the Trailpeak Pulse for a month. "
            "#TrailpeakPartner code RUNWITHJO for 10% off")
    _, roles = _bashing(det.analyze(text, platform="tiktok"))
    assert roles["bashed"] == "ZENBAND"
    _, roles = _bashing(det.analyze("stanley = mid / @trailpeak = the goat / tap the orange cart", platform="tiktok"))
    assert roles["bashed"] == "stanley"


@pytest.mark.parametrize("text,bashed", [
    ("Honestly it's cheaper to air dry than use the Dyson Airwrap, which is so overhyped. Shark FlexStyle is my go-to "
     "now, code MAYA10", "Dyson Airwrap"),
    ("#deinfluencing the Stanley Quencher is so heavy and not in a good way. I use the Trailpeak bottle, code MAYA10",
     "Stanley Quencher"),
    ("I felt so uncomfortable in the Skims bodysuit all day. The Trailpeak one is my go-to now, code MAYA10", "Skims"),
    ("The St. Ives apricot scrub is so overhyped, it scratched my face. I use the Trailpeak scrub now, code MAYA10",
     "St. Ives"),
    ("No compres la plancha de Ghd, me quemaba el pelo. Ahora uso la de Remington, sin duda, os dejo el enlace en la "
     "descripción.", "Ghd"),
])
def test_complaints_the_review_saw_lost_are_kept(det, text, bashed):
    _, roles = _bashing(det.analyze(text, platform="instagram"))
    assert roles["bashed"].startswith(bashed)


def test_leading_marks_do_not_swap_the_roles(det):
    rep = det.analyze("👍 Shark FlexStyle 👎 Dyson Airwrap code MAYA10", platform="tiktok")
    if BASH in _cats(rep):
        assert _bashing(rep)[1]["bashed"] == "Dyson Airwrap"


# texts that raise no bashing finding, by the reason why (each was flagged by an earlier version)
NOT_BASHING = {
    "a Romance pointer to a study, video or recipe is not a tie": [
        "No compres la plancha de Ghd, me quemaba el pelo. Ahora uso una de Remington. Os dejo el enlace del estudio "
        "sobre el calor en la descripción.",
        "N'achetez pas le lisseur Dyson, il a abîmé mes pointes. J'utilise un Babyliss. Je vous mets le lien de la "
        "vidéo complète en story.",
        "Não comprem a chapinha da Taiff, queimou meu cabelo. Uso a da Philco. Deixei o link da receita nos destaques.",
        "La borraccia Stanley perdeva ovunque. Io uso questa di Decathlon. Vi lascio il link della petizione in bio.",
    ],
    "an ordinary sentence opener is not the bashed product": [
        "Monday was so overrated lol. Anyway I use the Brewly cold brew kit, code MAYA10",
        "Running is so uncomfortable without good socks. I use the Trailpeak ones, code MAYA10",
        "Yesterday was a total nightmare, flight cancelled. Packing list: the Trailpeak duffel I use, code MAYA10",
    ],
    "praise, idioms and concessions are not complaints": [
        "La crema Nivea non mi ha mai deluso, e per il corpo uso questa di Lumora, codice GIULIA10",
        "J'ai oublié mon Dyson chez ma mère, ça ne fait rien, j'utilise le lisseur Lumora, code LEA15",
        "Routine cheveux abîmés : le masque Olaplex et l'huile Lumora. -15% avec LEA15",
        "While the Olaplex mask is drying I'm applying the Lumora serum, code MAYA10 for 10% off",
        "The Bose headphones are so loud in the best way and I pair them with the Lumora case, code MAYA10",
        "My Theragun is super heavy but worth it. I also love my Lumora mat, code MAYA10",
        "My Nike Pegasus got holes in the toe after 800 miles, totally normal. Trailpeak socks, code MAYA10",
        "Esta crema de Nivea no me hizo nada mal, ahora uso la de Lumora, código LUCIA10",
        "I was uncomfortable filming this but my Dyson Airwrap routine is here, I use the Lumora spray, code MAYA10",
        "No compres a lo loco: el sérum de Lumora es el único que uso, código LUCIA10",
        "N'achetez pas le premier prix venu, j'utilise le sérum Lumora, code LEA15",
        "O secador Taiff esquentou demais e não faz nada. Troquei pelo da Philco. Comprei com meu dinheiro, sem publi.",
    ],
    "an answer or a German noun is not a bashed product": [
        "People ask if the Dyson Airwrap did my curls. That's not it! It's the Shark FlexStyle, code MAYA10",
        "Ehrlich, der Urlaub war total überteuert. Zum Glück hatte ich die Lumora Sonnencreme dabei, Code LENA10",
        "Mein Mietvertrag: die Miete ist hier total überteuert. Die Lumora Kerze hilft, Code LENA10",
    ],
}


@pytest.mark.parametrize("text", [pytest.param(text, id=f"{why} {i}") for why, texts in NOT_BASHING.items()
                                  for i, text in enumerate(texts)])
def test_honest_and_ordinary_texts_raise_no_bashing(det, text):
    """Words that complain elsewhere ("drying", "loud", "ne fait rien") here praise, concede or say something else;
    pointers to a study or recipe, ordinary sentence openers, answers and German nouns name no paid alternative."""
    assert BASH not in _cats(det.analyze(text, platform="instagram"))


@pytest.mark.parametrize("text", [
    "Stop buying the Glowtide serum, it broke me out and it's overpriced. If you see someone in the comments with a "
    "discount code pretending to be me, it's a scam. Just use a plain moisturiser.",
    "No compren la plancha Ghd, me quemó el pelo. Ojo: cuentas falsas están mandando el código LUCIA50 por DM.",
])
def test_a_code_posted_by_impersonators_is_not_the_creators_tie(det, text):
    """DD-CTX-HYP-003: a code someone pretending to be the creator posts is a warning, not a connection."""
    rep = det.analyze(text, platform="instagram")
    assert not [s for s in rep.signals if s.kind == "discount_code"]
    assert not {BASH, PROMO} & set(_cats(rep))


def test_the_sponsor_s_product_named_far_from_the_sponsorship_is_the_alternative(det):
    """"sponsored by Brewly" in the intro, "the Brewly Traveler" lines later: the sponsor's own product, named with
    its brand first, is what the bashing promotes, however far it stands from the sponsorship."""
    filler = "\n".join(["so i tested every travel mug people kept sending me links to"] * 5)
    text = (f"this video is sponsored by brewly but all opinions are mine\n{filler}\n"
            "the Hydroflask is not worth it, it leaks from the lid\n"
            "and the winner for me is the Brewly Traveler which yes is today's sponsor")
    bash, roles = _bashing(det.analyze(text, "youtube"))
    assert roles["bashed"] == "Hydroflask" and roles["promoted"].startswith("Brewly")
    assert bash.severity.value == "info"
    # another brand's product in the same place is not the sponsor's
    assert BASH not in _cats(det.analyze(text.replace("Brewly Traveler", "Contigo Byron"), "youtube"))


def test_a_link_pointer_counts_where_only_a_disclosure_implies_a_tie(det):
    """A disclosure far below ("#anzeige" under the hashtags) shows no tie of its own near the recommendation: the
    "Link in Bio" beside the recommended replacement is the tie."""
    tags = " ".join(f"#haarpflege{i}" for i in range(25))
    text = ("Spart euch die Olaplex No.7 für 40€, hat meine Haare nur beschwert.\n"
            f"Mein Ersatz: das Lumora Haaröl, Link in Bio.\n{tags}\n#anzeige")
    bash, roles = _bashing(det.analyze(text, "instagram"))
    assert roles["bashed"] == "Olaplex No.7" and bash.severity.value == "info"
    assert BASH not in _cats(det.analyze(text.replace(", Link in Bio", ""), "instagram"))


def test_a_sarcasm_tag_takes_back_its_sentence(det):
    text = ("this lip combo is SO overrated, totally not worth $22, don't get it 🙄 /s\n"
            "(it's the Lumora liner + Dior Lip Glow, on my LTK: liketk.it/4ZxQ2)")
    evaluations = [s for s in det.analyze(text, "instagram").signals if s.kind == "negative_evaluation"]
    assert evaluations and all("negated:DD-DEI-CTX-008" in s.context for s in evaluations)
    assert BASH not in _cats(det.analyze(text, "instagram"))
    plain = [s for s in det.analyze(text.replace(" /s", ""), "instagram").signals if s.kind == "negative_evaluation"]
    assert plain and not any(s.context for s in plain)


@pytest.mark.parametrize("text,platform", [
    # a code's value is no brand: "Glow Recipe" is not the product of code GLOWMAYA
    ("use code GLOWMAYA for 20% off my serum\n{fill}\nthe Drunk Elephant Protini is overpriced\n{fill}\n"
     "the Glow Recipe toner is what my sister uses", "instagram"),
    # criticising the sponsor's own product: its other product is no alternative
    ("sponsored by dyson\n{fill}\nthe Dyson Airwrap is not worth it, it burned my hair\n{fill}\n"
     "the Dyson Supersonic is what my sister uses", "youtube"),
    # a brand that only begins like the sponsor's
    ("sponsored by Squarespace\n{fill}\nthe Square Reader at the salon was not worth it\n{fill}\n"
     "the Square Terminal is what my sister uses", "youtube"),
    # a sponsor read before the criticism, for an unrelated product named again in its own read
    ("things i regret buying this year but first\ntoday's video is sponsored by vaultvpn\nif you travel a lot "
     "vaultvpn keeps your connection private\nokay number one the peloton tread i used it nine times\n"
     "number two the oura ring, the app subscription is a joke", "transcript"),
    # a warranty replacement is no recommendation
    ("The Stanley leaked all over my bag. Stanley replaced it for free though, great service. "
     "Shop my favorites: liketk.it/4ZxQ2", "instagram"),
    # "Werbung wegen Markennennung" says the mention is unpaid: the pointer is no tie
    ("Spart euch die Olaplex No.7 für 40€, hat meine Haare nur beschwert.\nMein Ersatz: das Lumora Haaröl, "
     "Link in Bio.\n#werbung wegen Markennennung", "instagram"),
])
def test_review_traps_for_far_alternatives_and_replacements(det, text, platform):
    filler = "\n".join(["we talk about other stuff here for a while"] * 5)
    assert BASH not in _cats(det.analyze(text.format(fill=filler), platform))


def test_a_link_pointer_beside_a_recommendation_is_a_promotion_s_tie(det):
    """"link in my bio" stands in for the link the caption does not show, as the pairing takes it: beside a
    recommendation, where no tie is shown and no own business claims it."""
    text = ("#deinfluencing stop buying $80 aluminium laptop stands. I've been using this one from Lumora for a year "
            "and it's perfect, link in my bio")
    assert PROMO in _cats(det.analyze(text, "instagram"))
    for other in (text.replace("I've been using this one from Lumora for a year and it's perfect, ", ""),
                  text.replace("link in my bio", "it's from my own shop, link in my bio"),
                  text + " (not sponsored)"):
        assert PROMO not in _cats(det.analyze(other, "instagram")), other


def test_a_pointer_to_the_creator_s_own_shop_is_no_promotion_tie(det):
    """The own shop is named lines before "the link is in the description"; what is recommended beside the pointer
    ("my favorite drawings") stands beside the own business, so the pointer points to it, not to a paid product."""
    lines = ["a lot of you have been asking for prints", "and i finally made some myself",
             "i have a tiny shop on my own website", "with prints of ten of my favorite drawings",
             "and a sticker sheet with the frog characters", "i print them at a local shop in town",
             "and i pack every order at my kitchen table", "so if it takes a few days that's why",
             "it's just me and my very unhelpful cat", "the link is in the description if you want one",
             "okay next question any advice for beginners", "don't buy expensive supplies at the start"]
    tr = dd.Transcript.from_segments([(4 * i, 4 * i + 4, line) for i, line in enumerate(lines)])
    assert PROMO not in _cats(det.analyze(tr))


@pytest.mark.parametrize("text", [
    "Deinfluencing: stop buying expensive planners. I use a free notebook instead. The template is linked in my bio, "
    "it's free",
    "#deinfluencing stop buying $80 laptop stands. I've been using a stack of old books for a year and it's perfect, "
    "link in bio for my free printable checklist",
    "#deinfluencing stop buying fast fashion. I've been thrifting everything instead and I sell my best thrift finds, "
    "link in my bio",
])
def test_a_pointer_to_free_content_or_the_creator_s_own_sales_is_no_promotion(det, text):
    assert PROMO not in _cats(det.analyze(text, "instagram"))


@pytest.mark.parametrize("text", [
    "I built my own website in one afternoon with Squarespace, go to squarespace.com/maya and use code MAYA10",
    "I have a little shop on Amazon with all my favourite kitchen stuff: amazon.com/shop/mayacooks",
    "we have an online shop with everything from this video, amzn.to/3kXyZ",
])
def test_own_business_wording_does_not_hide_a_third_party_tie(det, text):
    assert any(f.category == "undisclosed_material_connection" for f in det.analyze(text, "instagram").findings)


def test_in_a_long_video_criticism_and_a_sponsor_read_minutes_apart_do_not_pair(det):
    """Transcripts pair within `spoken_reach` (400 characters, about half a minute of speech), not a caption's reach."""
    read = ["this video is sponsored by lumora", "lumora makes the quietest blender i have used",
            "go to lumora dot com slash maya for ten percent off"]
    talk = ["so the next thing we tried was the trail up to the lake"] * 12
    critic = ["honestly the vitamix is not worth it", "i'd get the lumora instead"]
    for lines, paired in ((read + talk + critic, False), (read + critic, True)):
        tr = dd.Transcript.from_segments([(3 * i, 3 * i + 3, line) for i, line in enumerate(lines)])
        assert (BASH in _cats(det.analyze(tr))) == paired, lines


@pytest.mark.parametrize("text, bashed", [
    ("Gadgets I won't repurchase (and what replaced them)\n\n1. Brewmaster Pro 9 → Lumora Kettle: amzn.to/3abcDe\n"
     "2. Quellio Blender → Tamsin Mixer: amzn.to/4fghIj", "Brewmaster Pro"),
    ("stuff i'm deinfluencing this spring 🧵 1) the Velvetine Glow Serum, pilled under everything 2) Corvax Lash Oil. "
     "what i grab instead is the Nuvora Lash Tint liketk.it/4XyZ", "Velvetine Glow Serum"),
])
def test_a_header_judges_the_products_that_open_its_list_items(det, text, bashed):
    """A negative header ("won't repurchase", "deinfluencing") with no product of its own is about each list item."""
    _, roles = _bashing(det.analyze(text, "instagram"))
    assert roles["bashed"].startswith(bashed.split()[0])


@pytest.mark.parametrize("text", [
    # the list sells its items (each one's own link): "don't buy it" is about everything else
    "The only four things I'll buy this year. Everything else? Don't buy it.\n\n1. Lumora Kettle — amzn.to/3abcDe\n"
    "2. Tamsin Mixer — amzn.to/4fghIj",
    # the header's complaint has its own object, "it"; no item follows it
    "I stopped using it. Honestly the Brewmaster Pro 9 works fine.\nthe Lumora Kettle is what I use, amzn.to/3abcDe",
])
def test_a_list_of_linked_picks_is_not_a_list_of_bashed_products(det, text):
    assert BASH not in _cats(det.analyze(text, "instagram"))


def test_an_inline_list_number_ends_a_question(det):
    """"Why I quit it: 1) … 3) $500??" asks only about its last item; the first items stay the creator's complaints."""
    rep = det.analyze("Why I stopped using my Brewmaster Pro: 1) loud 2) the jug is a nightmare to clean 3) $400?? "
                      "The @lumorahome Kettle does it all. code MAYA15 saves you 20%", "instagram")
    assert BASH in _cats(rep)


def test_a_directive_that_names_its_product_inside_bashes_it(det):
    """"Hört auf, euch den X zu kaufen": the evaluation spans its object, which is the bashed product."""
    rep = det.analyze("Hört auf, euch den Dyson Supersonic zu kaufen 🙄 Ich nutze seit Monaten den Föhn von "
                      "@lumorahair, mit meinem Code LENA20 spart ihr 20%", "tiktok")
    _, roles = _bashing(rep)
    assert roles["bashed"].startswith("Dyson")


def test_someone_else_s_recommendation_does_not_hide_the_product_it_names(det):
    """"everyone keeps recommending the X" is not the creator's recommendation, so X can still be the bashed one."""
    rep = det.analyze("this video is sponsored by lumora. everyone keeps recommending the Velkor Viper Mini and "
                      "honestly there are better ones, the side buttons started double clicking. i've been on the "
                      "Lumora G3 for three months, link in the description", "youtube")
    _, roles = _bashing(rep)
    assert roles["bashed"].startswith("Velkor")


@pytest.mark.parametrize("text", [
    "I sold my Brewmaster Pro 9 and upgraded to the Brewmaster Pro 10, no regrets. grab yours: amzn.to/3aBcDe",
    "I'm so done with Mondays 😩 my coffee fix is the Lumora Cold Brew though, code COFFEE20",
    "The Lumora Swift is $29.99 for basically a salon blowout at home 😍 pair it with the Velvora oil, amzn.to/3aBcDe",
    "The Velvora Cleanser does nothing to strip my barrier and the Lumora toner is a dream after it. code MAYA10",
    "Leaving the house without my Velvora sunscreen? No ma'am ☀️ also try the Lumora concealer, code MAYA15",
    "A base Velvora não fixa nas linhas de expressão 😍 e o pó da Lumora é perfeito, cupom BIA10",
    "Non spendete più di 20€ per una borraccia: la Velvora è perfetta. E anche la Lumora, codice GIULIA10",
    "Stop met fast fashion kopen 🌿 mijn jurk is van Velvora, tweedehands via Lumora. Code ANNE10 voor Lumora",
    "Products I won't repurchase\n1. Velvora Quencher\n2. Brewmaster Pro 9\n\nThis video is sponsored by Lumora VPN. "
    "Get 60% off with my link lumoravpn.com/maya",
    "Stop buying cheap gifts, get these instead:\n1. Lumora Paperwhite (the Signature Edition from Velvora) "
    "amzn.to/3aBcDe\n2. Brewmaster Flask (Velvora exclusive color) amzn.to/4eFgHi",
    "is it just me or are these overhyped:\n1) the Velvora Quencher\n2) the Brewmaster Pro 9?\nI'm team Lumora "
    "FreeSip though, amzn.to/3aBcDe",
    "Things I regret buying this year\n1. Velvora Quencher\n2. Brewmaster Pro 9\n\nBest purchase of the year though? "
    "My Lumora Paperwhite, it's in my amazon storefront",
    "Is the Velvora Quencher overhyped (I own 2) or actually worth it? The Lumora FreeSip is my fave, amzn.to/3aBcDe",
])
def test_praise_upgrades_rhetorical_questions_and_unrelated_links_are_not_bashing(det, text):
    """A review's false positives of this session's wording and list headers, in our own words."""
    assert BASH not in _cats(det.analyze(text, "instagram")), text


def test_the_product_a_comparison_beats_is_the_bashed_one(det):
    """"miles ahead of X": X is what the recommendation beats, so it is the target, not the gifted brand."""
    rep = det.analyze("@lumora sent me their concealer for free, so grain of salt — but it's miles ahead of Velvora "
                      "Skin Tint, which creased into every line by noon on me. link in bio if you want it", "tiktok")
    _, roles = _bashing(rep)
    assert roles["bashed"].startswith("Velvora")



def test_a_joke_about_the_sponsor_in_its_own_read_is_no_bashing(det):
    """The sponsor (or giver) is no competitor of what it sponsors: its own name is never the bashed target."""
    rep = det.analyze("this episode is sponsored by lumora. get The Brewmaster Cats and more on the Lumora Play store "
                      "now. the Lumora Play store has been a disappointment for years lol", "youtube")
    assert BASH not in _cats(rep)


@pytest.mark.parametrize("text", [
    "Den Velvora Föhn könnt ihr euch sparen, viel zu laut und nach zwei Monaten kaputt. Ich nutze jetzt den Lumora "
    "Airstyle, den Link findet ihr in meinem TikTok Shop #deinfluencing",
    "Non comprate il Velvora Airstyle, non ne vale la pena. Io uso il Lumora Styler, lo trovate nel mio shop TikTok "
    "#deinfluencing",
    "the Velvora lip mask? mid. the Lumora Lip Oil >>> liketk.it/4AbCd #deinfluencing",
])
def test_shop_ties_and_verdicts_in_other_wording_pair(det, text):
    """A TikTok Shop named in German or Italian is a tie; "X? mid." is a verdict."""
    _, roles = _bashing(det.analyze(text, "tiktok"))
    assert roles["bashed"].startswith("Velvora") and roles["promoted"].startswith("Lumora")
    assert "? mid." not in text or roles["evaluation"] == "mid"


def test_a_brand_that_only_begins_with_the_sponsor_s_name_is_a_competitor(det):
    """The sponsor is compared by whole name or first word: "@stan" does not make "Stanley" the sponsor."""
    rep = det.analyze("#ad sponsored by @stan. the Stanley Quencher is so overrated, it leaked in my bag twice. get "
                      "the Stan Bottle instead, link in bio", "instagram")
    _, roles = _bashing(rep)
    assert roles["bashed"] == "Stanley Quencher" and roles["promoted"] == "Stan Bottle"
