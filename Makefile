# The two commands: `make run` (set up everything and serve the demo) and `make test` (the whole suite);
# `make test-fast` skips the browser tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The test suite runs against PostgreSQL (the machine's local server unless DATABASE_URL says otherwise).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kwaliteitsaanpak
# The demo: two-step verification not required, so the printed demo logins work without a phone (ADR 13).
RUN_ENV := DEBUG=1 TWO_FACTOR_REQUIRED=0

.PHONY: run test test-fast bench load install services migrate demo worker beat lint format messages clean backup restore

$(BIN)/.installed: requirements/base.txt requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

install: $(BIN)/.installed

migrate: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input

demo: migrate
	$(RUN_ENV) $(BIN)/python manage.py seed_demo

## Serve the demo on http://127.0.0.1:8000 with SQLite and eager tasks.
run: demo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The suite runs in parallel (pytest-xdist, one test database per worker, e.g. test_kwaliteitsaanpak_gw0); each
# test module stays on one worker, so a module's shared data is built once. Locally the test databases are kept
# between runs (--reuse-db: new migrations are still applied; `make test PYTEST_ARGS=--create-db` starts afresh
# after a migration was changed or removed); CI always creates them.
PYTEST_WORKERS ?= auto
PYTEST_DB_OPTION = $(if $(CI),--create-db,--reuse-db)
TEST_ENV = DEBUG=0 SECRET_KEY=test-only-secret-key DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)}

## What the suite needs on this machine: the Debian packages (Chromium, poppler, Pango, gettext), the local
## PostgreSQL and Redis started, axe-core from npm (scripts/ensure-services.sh; as root it installs, otherwise it
## says in one line what to run).
services:
	@bash scripts/ensure-services.sh

## The whole suite against PostgreSQL, with Redis and a real Celery worker for the task tests (see .ci/run).
test: install services
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope --no-loadscope-reorder $(PYTEST_DB_OPTION) $(PYTEST_ARGS)

## The inner loop: everything except the browser tests, in parallel, on the kept test databases.
test-fast: install
	@bash scripts/ensure-services.sh --no-browser
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope --no-loadscope-reorder --reuse-db -m "not e2e" $(PYTEST_ARGS)

## The benchmark at national scale (8,757 schools, 1,000 boards, 26,000 verdicts, about 500 trajectories) in a
## scratch PostgreSQL database (<database>_bench, dropped afterwards): every list beside the admin's list, the
## exports, detail pages, start pages and PDFs. `make bench BENCH_ARGS="--scale 0.1 --repeat 3"` for a quick run.
bench: install
	DEBUG=0 SECRET_KEY=bench-only-secret-key DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
		$(BIN)/python manage.py bench $(BENCH_ARGS)

## The load test (loadtest/, not part of `make test`): gunicorn with the production settings on a free loopback port
## against a scratch copy of the demo (<database>_load, dropped afterwards), 50 Locust users for 60 s on the start page,
## the lists and a trajectory page; fails on any failed request or a p99 of 1 s or more. LOAD_ARGS="--users 10".
load: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python loadtest/run.py $(LOAD_ARGS)

## A Celery worker and beat against Redis, for a setup closer to production.
worker: install
	$(RUN_ENV) CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
		$(BIN)/celery -A kwaliteitsaanpak worker --loglevel=info

beat: install
	$(RUN_ENV) CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
		$(BIN)/celery -A kwaliteitsaanpak beat --loglevel=info

## A back-up of the PostgreSQL database of DATABASE_URL and the private media into $(BACKUP_DIR)/kwaliteitsaanpak-<time>/
## (scripts/backup.sh); `make restore BACKUP=<that folder>` puts it back (FORCE=1 to replace a database in use).
BACKUP_DIR ?= ./backups
backup:
	BACKUP_DIR=$(BACKUP_DIR) bash scripts/backup.sh

restore:
	bash scripts/restore.sh "$(BACKUP)" $(if $(FORCE),--force)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(RUN_ENV) $(BIN)/mypy
	$(RUN_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh locale/nl after changing strings (needs gettext), then fill in the Dutch and run it again.
messages: install
	$(RUN_ENV) $(BIN)/python manage.py makemessages --locale nl --no-obsolete --ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*"
	$(RUN_ENV) $(BIN)/python manage.py compilemessages --locale nl --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles private-media
