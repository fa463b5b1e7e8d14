"""Names of organisations (and anything else shown as a name): one normal form, no hidden characters.

A name must read as what it is. Right-to-left overrides and isolates turn "COMAC" into text
that displays differently from what it stores, and zero-width characters make two names look
identical while differing; both are refused with a clear message (`validate_name`, a model
field validator, so every ModelForm, the admin's included, applies it). Names are stored in
NFC with runs of white space collapsed to one space and the ends trimmed (`normalise_name`).
NFC and not NFKC: NFKC would turn the full-width punctuation of Chinese names (（）、，) into
ASCII, changing how they are written.
"""

import unicodedata
from typing import TypeVar, overload

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import join_list

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Letters that render as nothing (fillers); not format characters, so listed here.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Categories refused: control (C0/C1 other than white space), format (zero-width, bidi, soft
# hyphen, BOM...), surrogates and private use.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})


_T = TypeVar("_T")


@overload
def normalise_name(value: str) -> str: ...
@overload
def normalise_name(value: _T) -> _T: ...
def normalise_name(value: object) -> object:
    """NFC, white space runs (including the ideographic space, tabs and line breaks) collapsed
    to one space, ends trimmed. Anything not a string is returned as it is."""
    if not isinstance(value, str):
        return value
    return " ".join(unicodedata.normalize("NFC", value).split())


def hidden_characters(value: str) -> list[str]:
    """The refused characters in value, as U+XXXX, in order of first appearance."""
    found = []
    for char in value:
        if char.isspace():
            continue  # collapsed by normalise_name
        if char in BIDI_CONTROLS or char in INVISIBLE_LETTERS or unicodedata.category(char) in REFUSED_CATEGORIES:
            code = f"U+{ord(char):04X}"
            if code not in found:
                found.append(code)
    return found


def validate_name(value) -> None:
    if not isinstance(value, str):
        return
    found = hidden_characters(value)
    if found:
        raise ValidationError(
            _("Names cannot contain invisible or text-direction characters (%(characters)s). Type the name again without them."),
            code="hidden_characters", params={"characters": join_list(found)},
        )
