#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL when one is reachable.
# Under CI (CI=true) PostgreSQL is required: the run fails without it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export INNOBELT_EMBEDDED=true DJANGO_SETTINGS_MODULE=tests.settings

echo "== lint: ruff, mypy, migrations, layers, translations"
.venv/bin/ruff check .
$PY -m mypy innobelt  # config in pyproject.toml [tool.mypy]; cache in var/mypy_cache
$PY manage.py makemigrations --check --dry-run -v0 || { echo "models changed without a migration"; exit 1; }
$PY -m pytest -p no:xdist -q tests/test_layers.py || { echo "an import goes against the layers of docs/architecture.md"; exit 1; }

PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_ok=0
if $PY - "$PG_URL" <<'PYEOF' 2>/dev/null; then pg_ok=1; fi
import sys, psycopg, dj_database_url
c = dj_database_url.parse(sys.argv[1])
psycopg.connect(host=c["HOST"], port=c["PORT"] or 5432, user=c["USER"], password=c["PASSWORD"] or None, dbname=c["NAME"], connect_timeout=3).close()
PYEOF
if [ "$pg_ok" = 0 ] && [ "${CI:-}" = "true" ]; then
  echo "CI=true but PostgreSQL is not reachable at $PG_URL"; exit 1
fi

WORKERS="${TEST_WORKERS:-2}"
# What runs where (ADR 0022): the whole suite on both databases, except that the browser tests (pages
# in Chromium: what the database does is proven by the rest) run on SQLite only, and the API fuzzing runs
# once, on PostgreSQL when it is reachable (on SQLite otherwise): its budget goes to one engine, the
# production one. The PostgreSQL pass runs only the tests that reach a database (tests/conftest.py);
# the slowest 30 tests of each pass are listed at its end.
run_suite() {  # $1: label, $2: database URL, then pytest arguments
  local label=$1 url=$2; shift 2
  echo "== tests on $label"
  DATABASE_URL="$url" $PY -m pytest -n "$WORKERS" -m "not fuzz${MARK_EXTRA:-}" --durations=30 "$@"
}
fuzz() {  # $1: label, $2: database URL
  echo "== API fuzzing (schemathesis) on $1"
  DATABASE_URL="$2" $PY -m pytest -p no:xdist -m fuzz -q tests/api/test_schema_fuzz.py
}

SQLITE_URL="sqlite:///$(pwd)/var/test.sqlite3"
run_suite SQLite "$SQLITE_URL" "$@"

if [ "$pg_ok" = 1 ]; then
  TEST_DATABASE_PASS=second MARK_EXTRA=" and not sqlite_only and not browser" run_suite "PostgreSQL ($PG_URL)" "$PG_URL" "$@"
  fuzz "PostgreSQL ($PG_URL)" "$PG_URL"
else
  echo "== PostgreSQL not reachable at $PG_URL: skipped (set TEST_DATABASE_URL)"
  fuzz SQLite "$SQLITE_URL"
fi
