"""List the misspelt forms of the brand lexicons' names that are ordinary words, for their `ordinary_words`.

A lexicon with `misspellings: true` also finds its one-word names of seven letters or more written with one letter
missing or two adjacent letters swapped; a form that is an ordinary word ("garner" for Garnier) must not count. This
script checks every such form against pyspellchecker's word lists (English, Spanish, French, German, Portuguese,
Italian, Dutch) and prints, per lexicon, the words its `ordinary_words` should hold. pyspellchecker (MIT) is a
development-time tool, not a dependency:

    pip install pyspellchecker && python scripts/check_misspellings.py [patterns/deinfluencing/brands.yaml]

Exit status 1 when a lexicon's `ordinary_words` misses one.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

from deinfluence_detect.compose.mentions import MISSPELT_MIN, misspelt_forms

LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl")


def main(path: Path) -> int:
    from spellchecker import SpellChecker
    words = [SpellChecker(language=lang).word_frequency.dictionary for lang in LANGUAGES]
    lexicons = yaml.safe_load(path.read_text(encoding="utf-8")).get("lexicons", [])
    names = {n.lower() for lex in lexicons for n in lex["entries"]}
    status = 0
    for lex in lexicons:
        if not lex.get("misspellings"):
            continue
        ordinary = sorted({v for n in lex["entries"] if n.isalpha() and len(n) >= MISSPELT_MIN
                           for v in misspelt_forms(n.lower()) if v not in names and any(v in w for w in words)})
        missing = sorted(set(ordinary) - {w.lower() for w in lex.get("ordinary_words", [])})
        print(f"{lex['id']}: ordinary_words: [{', '.join(ordinary)}]" + (f"  MISSING {missing}" if missing else ""))
        status |= bool(missing)
    return status


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "patterns/deinfluencing/brands.yaml")))
