# The two commands: `make run` (set up everything and serve the demo) and `make test` (the whole suite);
# `make test-fast` skips the browser tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The test suite runs against PostgreSQL (the machine's local server unless DATABASE_URL says otherwise).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kwaliteitsaanpak
RUN_ENV := DEBUG=1

.PHONY: run test test-fast install migrate demo worker beat lint format messages clean

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

## The whole suite against PostgreSQL, with Redis and a real Celery worker for the task tests (see .ci/run).
test: install
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_DB_OPTION) $(PYTEST_ARGS)

## The inner loop: everything except the browser tests, in parallel, on the kept test databases.
test-fast: install
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope --reuse-db -m "not e2e" $(PYTEST_ARGS)

## A Celery worker and beat against Redis, for a setup closer to production.
worker: install
	$(RUN_ENV) CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
		$(BIN)/celery -A kwaliteitsaanpak worker --loglevel=info

beat: install
	$(RUN_ENV) CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
		$(BIN)/celery -A kwaliteitsaanpak beat --loglevel=info

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
