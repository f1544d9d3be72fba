# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test chromium fonts java snowball-data postgresql build golden bench bench-feedback clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(VENV)/bin/python
	$(PIP) install --quiet -e .

build: install
	$(VENV)/bin/kbgen build .

# Build the sample help center in content/ (into site/), then preview it on 127.0.0.1 with
# kbgen serve: pages reload after a save, and "Was this helpful?" votes go to .kbgen/feedback.sqlite.
run: build
	$(VENV)/bin/kbgen serve . --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (never a browser download: the network only reaches registries).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Fonts a reader has: Latin, Arabic and Hebrew (DejaVu), Chinese and Japanese (WenQuanYi), so the
# layout tests measure real glyphs, not boxes.
fonts:
	@dpkg -s fonts-dejavu-core fonts-wqy-microhei >/dev/null 2>&1 || { \
	  echo "Installing Debian's fonts for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core fonts-wqy-microhei >/dev/null; }

# Java for the Nu HTML Checker (vnu-jar from npm, pinned in package.json).
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Debian's Java runtime for the Nu HTML Checker"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

# Snowball's test vocabularies, which the Snowball parity test runs through both stemmers.
snowball-data:
	@test -d /usr/share/snowball/data/spanish || { \
	  echo "Installing Debian's snowball-data for the stemmer parity test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq snowball-data >/dev/null; }

# Debian's PostgreSQL for the feedback store's tests and bench/feedback_load.py: they start a throwaway
# cluster of their own (tests/feedback/postgres.py), as nobody, in a temporary folder, from its binaries.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing Debian's PostgreSQL for the feedback store tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

node_modules/vnu-jar/build/dist/vnu.jar: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

install-test: $(VENV)/bin/python chromium fonts java snowball-data postgresql node_modules/vnu-jar/build/dist/vnu.jar
	$(PIP) install --quiet -e '.[test]' hatchling

test: install-test
	$(PY) -m pytest -q

# Regenerate the golden output after an intended change; review the diff before committing.
golden: install
	$(PY) -m tests.golden_update

bench: install
	$(PY) bench/build.py

# Votes/s and p50/p99 latency of the feedback endpoint: SQLite, and PostgreSQL with one and two instances.
bench-feedback: install postgresql
	$(PY) bench/feedback_load.py

clean:
	rm -rf site dist build .pytest_cache
