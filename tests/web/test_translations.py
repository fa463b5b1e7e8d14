"""Every user-facing string is translated into Simplified Chinese.

Collects the msgids the code and templates use (through Django's own
templatize and the gettext call names) and checks the zh_Hans catalogue has a
non-empty, non-fuzzy translation for each. A new string without a translation
fails here: run `make messages-update` and translate it.
"""

import ast
import re
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2] / "innobelt"
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
APP_POS = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))  # apps may keep their own catalogue
SKIP_DIRS = {"migrations", "engine", "scheduling"}
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
# templatize writes gettext(u'…'), pgettext(u'context', u'…') and ngettext(u'…', u'…', count)
_LITERAL = r"""u?(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")"""
TEMPLATE_CALL = re.compile(r"\b(?:gettext|ngettext)\(" + _LITERAL + r"|\bpgettext\(u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"),\s*" + _LITERAL)


def parse_po(path: Path) -> dict[str, str]:
    entries, msgid, msgstr, current, fuzzy, result = [], None, None, None, False, {}

    def unquote(s):
        return ast.literal_eval(s)

    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        lines = [ln for ln in block.splitlines() if ln.strip()]
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        msgid, msgstr, current = "", "", None
        for ln in lines:
            if ln.startswith("#"):
                continue
            if ln.startswith("msgctxt "):
                current = "ctx"
            elif ln.startswith("msgid "):
                current, msgid = "id", unquote(ln[6:])
            elif ln.startswith("msgid_plural "):
                current = "plural"
            elif ln.startswith("msgstr ") or ln.startswith("msgstr[0] "):
                current, msgstr = "str", unquote(ln.split(" ", 1)[1])
            elif ln.startswith("msgstr["):
                current = "other"
            elif ln.startswith('"'):
                if current == "id":
                    msgid += unquote(ln)
                elif current == "str":
                    msgstr += unquote(ln)
        if msgid:
            result[msgid] = "" if fuzzy else msgstr
    entries.clear()
    return result


def python_msgids() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if SKIP_DIRS & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in GETTEXT_NAMES:
                args = node.args[1:] if getattr(node.func, "id", "").startswith("pgettext") else node.args
                if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    found.add(args[0].value)
    return found


def template_msgids() -> set[str]:
    found = set()
    for path in ROOT.rglob("templates/**/*.html"):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in TEMPLATE_CALL.finditer(code):
            single, double = (match.group(1), match.group(2)) if match.group(1) or match.group(2) else (match.group(3), match.group(4))
            raw = single if single is not None else double
            if raw is not None:
                found.add(ast.literal_eval(f"'{raw}'" if single is not None else f'"{raw}"'))
    return found


def test_every_string_has_a_chinese_translation():
    catalogue = parse_po(PO)
    for app_po in APP_POS:  # Django loads app catalogues too; a translation in either counts
        catalogue.update({k: v for k, v in parse_po(app_po).items() if v})
    used = python_msgids() | template_msgids()
    assert len(used) > 100
    missing = sorted(m for m in used if not catalogue.get(m))
    assert missing == [], f"{len(missing)} strings lack a zh_Hans translation, e.g. {missing[:10]}"
