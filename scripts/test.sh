#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL when one is reachable.
# Under CI (CI=true) PostgreSQL is required: the run fails without it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export INNOBELT_EMBEDDED=true DJANGO_SETTINGS_MODULE=tests.settings

echo "== lint: ruff, migrations, translations"
.venv/bin/ruff check .
$PY manage.py makemigrations --check --dry-run -v0 || { echo "models changed without a migration"; exit 1; }

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
echo "== tests on SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" $PY -m pytest -n "$WORKERS" "$@"

if [ "$pg_ok" = 1 ]; then
  echo "== tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" $PY -m pytest -n "$WORKERS" -m "not sqlite_only" "$@"
else
  echo "== PostgreSQL not reachable at $PG_URL: skipped (set TEST_DATABASE_URL)"
fi
