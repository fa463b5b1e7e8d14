"""How long an import holds SQLite's write lock, and whether others can write meanwhile.

    python bench/bench_imports.py [--rows 6000] [--tree PATH]

Migrates a temporary SQLite file (WAL, IMMEDIATE transactions, 20 s busy timeout: the embedded
default), then imports `rows` organisations with `import_organisations` while another thread writes
(an UPDATE every 100 ms, its own connection). Reports the whole import's time, the longest
transaction (on SQLite an IMMEDIATE transaction holds the write lock from BEGIN to COMMIT), and the
other writer's successes, failures ("database is locked") and longest wait. `--tree` runs another
checkout of innobelt (e.g. the code before ADR 0010) with the same script.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=6000)
    parser.add_argument("--tree", default=str(ROOT))
    args = parser.parse_args()
    sys.path.insert(0, args.tree)
    tmp = tempfile.mkdtemp(prefix="bench-imports-")
    os.environ.update({"INNOBELT_EMBEDDED": "true", "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "INNOBELT_VAR_DIR": tmp,
                       "MATCHING_AUTO_INDEX": "false", "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "innobelt.settings"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections, transaction

    call_command("migrate", verbosity=0)
    from innobelt.belt.models import City
    from innobelt.organisations.importing import import_organisations

    city = {"kind": "jiangsu_city", "province_zh": "江苏省", "province_en": "Jiangsu", "commute_minutes": 30, "gdp_band": "trillion_plus",
            "latitude": 31.5, "longitude": 120.3}
    City.objects.create(slug="wuxi", name_zh="无锡市", name_en="Wuxi", **city)
    other = City.objects.create(slug="elsewhere", name_zh="别处", name_en="Elsewhere", **city)
    data = ("name_zh,name_en,kind,city,founded_year,description\n" + "".join(
        f"测试企业{i},Test Company {i},sme,wuxi,2015,Makes precision part number {i} for the Belt\n" for i in range(args.rows))).encode()

    held: list[float] = []  # outermost transactions on the import's connection (its thread)
    importer_thread = threading.get_ident()
    enter, exit_ = transaction.Atomic.__enter__, transaction.Atomic.__exit__
    starts: dict[int, float] = {}

    def timed_enter(self):
        conn = transaction.get_connection(self.using)
        if threading.get_ident() == importer_thread and not conn.in_atomic_block:
            starts[id(self)] = time.monotonic()
        return enter(self)

    def timed_exit(self, *exc):
        result = exit_(self, *exc)
        if id(self) in starts:
            held.append(time.monotonic() - starts.pop(id(self)))
        return result

    transaction.Atomic.__enter__, transaction.Atomic.__exit__ = timed_enter, timed_exit
    stop, writes = threading.Event(), {"ok": 0, "failed": 0, "longest": 0.0, "errors": set()}

    def writer():
        n = 0
        while not stop.is_set():
            started = time.monotonic()
            try:
                City.objects.filter(pk=other.pk).update(name_en=f"Elsewhere {n}")
                writes["ok"] += 1
            except Exception as exc:  # "database is locked"
                writes["failed"] += 1
                writes["errors"].add(str(exc))
            writes["longest"] = max(writes["longest"], time.monotonic() - started)
            n += 1
            time.sleep(0.1)
        connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    started = time.monotonic()
    created = import_organisations(actor=None, data=data, filename="bench.csv")
    total = time.monotonic() - started
    stop.set()
    thread.join()
    print(f"tree: {args.tree}")
    print(f"rows imported: {len(created)}; whole import {total:.1f} s")
    print(f"longest transaction (write lock held): {max(held):.2f} s; transactions: {len(held)}")
    print(f"other writer: {writes['ok']} ok, {writes['failed']} failed {sorted(writes['errors'])}, longest wait {writes['longest']:.2f} s")


if __name__ == "__main__":
    main()
