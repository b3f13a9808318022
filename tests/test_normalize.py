from deinfluence_detect.normalize import normalize

CONF = {"а": "a", "о": "o"}


def test_ascii_is_identity():
    nt = normalize("plain #ad text", CONF)
    assert nt.identity and nt.to_original(6, 9) == (6, 9)


def test_homoglyph_in_mixed_word_is_folded_and_mapped_back():
    nt = normalize("x #аd y", CONF)
    assert nt.text == "x #ad y" and nt.to_original(2, 5) == (2, 5)


def test_all_cyrillic_words_untouched():
    assert normalize("Купить ад", CONF).text == "Купить ад"


def test_fullwidth_and_math_letters():
    assert normalize("＃ａｄ", CONF).text == "#ad"
    nt = normalize("#𝐚𝐝!", CONF)
    assert nt.text == "#ad!" and nt.to_original(0, 3) == (0, 3)


def test_zero_width_removed_with_offsets():
    original = "a #a\u200bd b"
    nt = normalize(original, CONF)
    assert nt.text == "a #ad b"
    s, e = nt.to_original(2, 5)
    assert original[s:e] == "#a\u200bd"


def test_hash_space_joined():
    original = "love it # ad"
    nt = normalize(original, CONF)
    assert nt.text == "love it #ad"
    s, e = nt.to_original(8, 11)
    assert original[s:e] == "# ad"


def test_expanding_ligature_maps_to_one_original_char():
    original = "ﬁne #ad"
    nt = normalize(original, CONF)
    assert nt.text == "fine #ad"
    assert nt.to_original(0, 2) == (0, 1)
    s, e = nt.to_original(5, 8)
    assert original[s:e] == "#ad"


def test_combining_marks_compose():
    nt = normalize("cafe\u0301 #ad", CONF)
    assert nt.text == "café #ad"
    s, e = nt.to_original(5, 8)
    assert "cafe\u0301 #ad"[s:e] == "#ad"
