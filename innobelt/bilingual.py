"""Bilingual text stored as explicit zh / en columns.

Every user-facing record keeps `<field>_zh` and `<field>_en`. `pick` returns the
text in the active language and falls back to the other one, so a record
written only in English still shows in Chinese pages and the reverse. See
docs/adr/0003-bilingual-fields.md.
"""

from django.utils.translation import get_language


def active_is_chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def pick(zh: str, en: str) -> str:
    first, second = (zh, en) if active_is_chinese() else (en, zh)
    return first or second or ""


class BilingualNameMixin:
    """Adds `.name` (and `.description` where both columns exist) in the active language."""

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)

    @property
    def other_name(self) -> str:
        """The name in the other language, when it differs."""
        other = self.name_en if active_is_chinese() else self.name_zh
        return other if other and other != self.name else ""


def list_separator() -> str:
    """Between the items of a list read in the active language: the enumeration comma 、 in Chinese."""
    return "、" if active_is_chinese() else ", "


def join_list(items) -> str:
    """Items joined for reading in the active language: "A、B、C" in Chinese, "A, B, C" in English."""
    return list_separator().join(str(item) for item in items if item not in (None, ""))


def labelled(label, text) -> str:
    """A label and its text in the active language: "Tables: 3" in English, "桌数：3" in Chinese."""
    return f"{label}：{text}" if active_is_chinese() else f"{label}: {text}"
