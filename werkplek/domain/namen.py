"""Names folded for search: case, accents and the Dutch IJ do not matter ("Öztürk" = "ozturk",
"Ĳsselstein" = "IJsselstein"). Stored beside a name so an index can serve the search."""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "æ": "ae",
                          "œ": "oe", "þ": "th", "’": "'", "‘": "'", "`": "'", "´": "'"})
_SCHEIDING = re.compile(r"[\s,]+")


def vouw(naam: str) -> str:
    """Case-folded, without diacritics, ligatures spelled out (Ĳ → ij), spaces single."""
    ontleed = unicodedata.normalize("NFKD", naam.casefold().translate(_LETTERS))
    kaal = "".join(c for c in ontleed if not unicodedata.combining(c))
    return " ".join(kaal.translate(_LETTERS).split())


def zoeknamen(tekst: str) -> list[str]:
    """The folded forms a typed name may match a geslachtsnaam by: each word, and the whole."""
    woorden = [vouw(w) for w in _SCHEIDING.split(tekst) if w.strip()]
    return list(dict.fromkeys([*woorden, " ".join(woorden)])) if woorden else []
