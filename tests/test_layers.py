"""The layers of docs/architecture.md, enforced (ADR 0013).

Every module under innobelt/ is parsed (imports at module level and inside functions, classes and
conditionals). An app may import the kit, Django and libraries anywhere, its own modules, and the apps in
the tiers above its own; never an app in its own tier or below. The assembly (api, web, the project's
urls, settings, CLI) may import anything. An import line carrying `# layer: <reason>` is an accepted
exception: it must give a reason and be listed in MARKED below. The pure packages import neither Django
nor the rest of innobelt.

Run alone: `python -m pytest -p no:xdist -q tests/test_layers.py` (no database needed).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "innobelt"

#: docs/architecture.md, top to bottom: an app may import the tiers above its own.
TIERS = [
    ["audit", "notifications"],
    ["accounts"],
    ["belt"],
    ["imports"],
    ["organisations"],
    ["files"],
    ["conversations"],
    ["matching"],
    ["resources"],
    ["events"],
    ["meetings"],
    ["challenges"],
    ["vouchers"],
    ["services"],
    ["talent"],
    ["financing"],
    ["showcase"],
    ["insights"],
]
#: usable everywhere; imports no app
KIT = {"kit", "bilingual", "names", "permissions", "tabular_import"}
#: the bottom: assembles every app
ASSEMBLY = {"api", "web", "ops", "urls", "settings", "celery", "wsgi", "cli", "__init__"}
#: packages that are libraries of their own: no Django, nothing else of innobelt
PURE = ["innobelt.matching.engine", "innobelt.meetings.scheduling"]

#: accepted exceptions ("path:line-free import → reason"); each carries `# layer: <reason>` in the code
MARKED: set[str] = {
    "innobelt/audit/domain.py: audit → accounts (type only: the actor and recipient are the user model (AUTH_USER_MODEL))",
    "innobelt/notifications/domain.py: notifications → accounts (type only: the actor and recipient are the user model (AUTH_USER_MODEL))",
}

MARKER = re.compile(r"#\s*layer:\s*(\S.*)$")
TIER_OF = {app: n for n, apps in enumerate(TIERS) for app in apps}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part_of(module: str) -> str:
    """innobelt.events.domain.pitches → events; innobelt.names → names."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path):
    """(imported module, line number, marker reason or None) for every import in the file."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base)
                names = [f"{prefix}.{node.module}" if node.module else prefix]
            else:
                names = [node.module]
            if node.module is None or node.level:
                names += [f"{names[0]}.{alias.name}" for alias in node.names]
        else:
            continue
        span = lines[node.lineno - 1: (node.end_lineno or node.lineno)]
        reasons = [m.group(1).strip() for line in span if (m := MARKER.search(line))]
        for name in names:
            yield name, node.lineno, (reasons[0] if reasons else None)


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _crossings():
    """Every import of one part of innobelt by another: (path, line, source part, target part, reason)."""
    for path in _modules():
        source = _part_of(_module_name(path))
        for name, line, reason in _imports(path):
            if name.startswith("innobelt.") and (target := _part_of(name)) != source:
                yield path.relative_to(ROOT).as_posix(), line, source, target, reason


def _allowed(source: str, target: str) -> bool:
    if source in ASSEMBLY or target in KIT:
        return source not in KIT or target in KIT  # the kit imports no app
    if source in KIT:
        return False
    if target in ASSEMBLY:
        return False
    return TIER_OF[target] < TIER_OF[source]


def test_every_part_of_innobelt_has_a_place():
    parts = {_part_of(_module_name(p)) for p in _modules()}
    unplaced = parts - set(TIER_OF) - KIT - ASSEMBLY
    assert not unplaced, f"add these to TIERS here and to docs/architecture.md: {sorted(unplaced)}"


def test_no_app_imports_an_app_below_it():
    wrong = [f"{path}:{line}: {source} imports {target}"
             for path, line, source, target, reason in _crossings()
             if reason is None and not _allowed(source, target)]
    assert not wrong, ("imports against the layers of docs/architecture.md (tiers, top first: kit, "
                       + ", ".join("/".join(t) for t in TIERS) + ", assembly):\n" + "\n".join(wrong))


def test_marked_exceptions_are_the_listed_ones():
    marked = {f"{path}: {source} → {target} ({reason})"
              for path, _line, source, target, reason in _crossings()
              if reason is not None and not _allowed(source, target)}
    for entry in sorted(marked):
        print("layer exception:", entry)
    assert marked == MARKED, "a `# layer: <reason>` exception was added or removed: update MARKED"


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_import_neither_django_nor_innobelt(package):
    folder = ROOT.joinpath(*package.split("."))
    wrong = []
    for path in sorted(folder.rglob("*.py")):
        for name, line, _reason in _imports(path):
            if name == "django" or name.startswith("django."):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {name}")
            elif name.startswith("innobelt") and not (name == package or name.startswith(package + ".")):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert not wrong, f"{package} must stay a library of its own:\n" + "\n".join(wrong)


# domain and tasks: one direction (issue 18) -------------------------------------------------------------
# The domain imports its app's `tasks` module (to queue work); a task imports the domain only inside the
# task function, with `# lazy: <reason>` on that import line. A module-level import of the domain from
# tasks.py would make the two modules import each other.

LAZY = re.compile(r"#\s*lazy:\s*(\S.*)$")


def _imports_by_scope(path: Path):
    """(imported module, line, inside a function?, `# lazy:` reason or None) for every import in the file."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    inside = {id(node) for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
              for node in ast.walk(fn) if node is not fn}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        span = lines[node.lineno - 1: (node.end_lineno or node.lineno)]
        reasons = [m.group(1).strip() for line in span if (m := LAZY.search(line))]
        for name in names:
            yield name, node.lineno, id(node) in inside, (reasons[0] if reasons else None)


def _domain_tasks_problems(path: Path, root: Path = ROOT) -> list[str]:
    app = path.parent.name
    domain = f"innobelt.{app}.domain"
    where = path.relative_to(root).as_posix()
    wrong, seen = [], set()
    for name, line, lazy, reason in _imports_by_scope(path):
        if not (name == domain or name.startswith(domain + ".")) or line in seen:
            continue
        seen.add(line)
        if not lazy:
            wrong.append(f"{where}:{line}: imports {name} at module level (import it inside the task, with `# lazy: <reason>`)")
        elif reason is None:
            wrong.append(f"{where}:{line}: imports {name} lazily without `# lazy: <reason>` on the line")
    return sorted(wrong)


TASK_MODULES = sorted(PACKAGE.glob("*/tasks.py"))


def test_every_app_with_background_work_is_checked():
    assert {p.parent.name for p in TASK_MODULES} >= {"events", "imports", "matching", "meetings", "resources"}


@pytest.mark.parametrize("path", TASK_MODULES, ids=lambda p: p.parent.name)
def test_a_task_imports_its_domain_only_lazily_and_says_why(path):
    wrong = _domain_tasks_problems(path)
    assert not wrong, "one direction between domain and tasks:\n" + "\n".join(wrong)


def test_the_domain_tasks_check_catches_both_mistakes(tmp_path):
    """The check itself fails on an upward import: at module level, and lazily without a reason."""
    folder = tmp_path / "innobelt" / "events"
    folder.mkdir(parents=True)
    planted = folder / "tasks.py"
    planted.write_text("from innobelt.events import domain\n\n\ndef task():\n"
                       "    from innobelt.events.domain import send_event_reminders\n"
                       "    from innobelt.events.domain import registration  # lazy: a reason\n", encoding="utf-8")
    assert _domain_tasks_problems(planted, root=tmp_path) == [
        "innobelt/events/tasks.py:1: imports innobelt.events.domain at module level (import it inside the task, with `# lazy: <reason>`)",
        "innobelt/events/tasks.py:5: imports innobelt.events.domain lazily without `# lazy: <reason>` on the line",
    ]
