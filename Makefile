# BanaYeni SanaEski — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
IYZICO_SANDBOX_PORT ?= 8091
# Two pytest-xdist workers (each on its own test database and Redis database); PYTEST_ARGS="-k x" runs
# just those tests in one process.
PYTEST_ARGS ?= -n 2
STAMP := $(VENV)/.installed

.PHONY: help install messages static migrate demo run test lint typecheck pytest worker beat serve bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' Makefile | sed 's/:.*##/\t/'

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install the pinned packages

messages: install  ## Compile locale/tr/LC_MESSAGES/django.po (pure Python, no gettext needed)
	$(BIN)/pybabel -q compile -d locale -D django

static: install  ## Collect static files (hashed names, compressed) for WhiteNoise
	$(BIN)/python manage.py collectstatic --noinput -v 0

migrate: install
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate  ## Load the demo data (idempotent)
	$(BIN)/python manage.py seed_demo

# The site as visitors see it (Turkish 404/500 pages; DJANGO_DEBUG=true make run for Django's debug
# pages), any host name, links in e-mails to this port, and the console's SMS in full. deploy/run.sh
# starts the local iyzico sandbox next to Daphne (unless IYZICO_API_KEY is set), loads the demo data
# once it answers, and stops the sandbox when Daphne stops.
run: messages static migrate  ## Serve the site with demo data on 0.0.0.0:$(PORT) (HTTP + WebSocket, Daphne) and the local iyzico sandbox on $(IYZICO_SANDBOX_PORT)
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-*}" SITE_URL="$${SITE_URL:-http://localhost:$(PORT)}" \
	CONSOLE_MESSAGES_IN_FULL="$${CONSOLE_MESSAGES_IN_FULL:-true}" PORT=$(PORT) \
	IYZICO_SANDBOX_PORT=$(IYZICO_SANDBOX_PORT) PYTHON=$(BIN)/python \
	bash deploy/run.sh $(BIN)/daphne -b 0.0.0.0 -p $(PORT) config.asgi:application

lint: install  ## ruff check + ruff format --check + the import contracts (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install  ## mypy with the Django and DRF plugins
	$(BIN)/mypy .

pytest: messages static  ## The pytest suite only
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1
	TEST_FAST_PASSWORD_HASHING=true $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest  ## Lint, type-check, migrations check and the whole suite

worker: install  ## A Celery worker (needs REDIS_URL)
	$(BIN)/celery -A config.celery_app worker -l info --concurrency 2

beat: install  ## Celery beat, the periodic scheduler (needs REDIS_URL)
	$(BIN)/celery -A config.celery_app beat -l info

serve: messages static migrate  ## Production topology: nginx -> Gunicorn (HTTP) + Daphne (WebSocket)
	PATH="$(CURDIR)/$(BIN):$$PATH" PORT=$(PORT) bash deploy/serve.sh

bench: messages static migrate  ## Benchmarks: HTTP ratios to a bare DRF endpoint; with REDIS_URL also chat latency and notifications/s
	@status=0; $(BIN)/python -m bench || status=1; \
	if [ -n "$$REDIS_URL" ]; then \
	  $(BIN)/python -m bench.websocket || status=1; \
	  $(BIN)/python -m bench.notifications || status=1; \
	else echo "bench: the chat (bench.websocket) and notification (bench.notifications) benchmarks need REDIS_URL"; fi; \
	exit $$status

clean:  ## Remove the virtualenv, collected static files and the local database
	rm -rf $(VENV) staticfiles .run db.sqlite3 .test-db*.sqlite3
