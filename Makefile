# innobelt: one entry point for people and CI.
#   make run    install, migrate SQLite, load the Belt's demo data, serve http://127.0.0.1:8000 (and run the periodic tasks)
#   make test   install test dependencies, run every test (SQLite, and PostgreSQL when reachable)
#   make bench  benchmarks (matching, meeting scheduler, bookings, the Belt's data)
#   make lint   ruff, mypy (strict on the engine, scheduler and domain layers), migrations check, the layers
#               (tests/test_layers.py), compiled translations

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
export INNOBELT_EMBEDDED ?= true
export PYTHONDONTWRITEBYTECODE :=

.PHONY: run test test-sqlite test-postgres bench lint messages system-packages install install-test clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

APT_LISTS ?= apt-packages.txt

system-packages:
	@missing=$$(cat $(APT_LISTS) | grep -v '^#' | while read -r p; do [ -z "$$p" ] || dpkg -s "$$p" >/dev/null 2>&1 || echo "$$p"; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: $(VENV)/.installed system-packages
	cd innobelt && ../$(PY) ../manage.py compilemessages -v0

run: $(VENV)/.installed
	$(MAKE) messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo "innobelt is at http://127.0.0.1:8000/ (English: http://127.0.0.1:8000/en/)"
	@# the periodic schedule (reminders, digests) in a process of its own, stopped with the server
	$(PY) manage.py periodic --parent $$$$ >var/periodic.log 2>&1 & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000 --noreload

test: $(VENV)/.installed-test
	$(MAKE) system-packages APT_LISTS="apt-packages.txt apt-packages-test.txt"
	$(MAKE) messages
	bash scripts/test.sh

bench: $(VENV)/.installed-test
	bash scripts/bench.sh

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(PY) -m mypy innobelt
	$(PY) manage.py makemigrations --check --dry-run -v1
	$(PY) -m pytest -p no:xdist -q tests/test_layers.py

clean:
	rm -rf var $(VENV)
