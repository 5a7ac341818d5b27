# Fijne Wijk: `make run` starts a living demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address in every e-mail link and admin link: where `make run` serves the site.
SITE_BASE_URL ?= http://$(HOST):$(PORT)
export SITE_BASE_URL

.PHONY: install assets run reset totp test lint messages bench loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q ".[test]"
	touch $@

install: $(VENV)/.installed assets

assets:
	bash scripts/assets.sh

run: install
	mkdir -p var/mail
	@# The compiled catalogues are in the repo; rebuild them when gettext is there.
	@if command -v msgfmt >/dev/null; then DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules; fi
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py migrate --noinput -v1
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py load_demo
	@echo "Fijne Wijk draait op http://$(HOST):$(PORT)/ (stoppen met Ctrl+C)"
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Start the demo afresh: throw away the database, uploads and mail in var/, then run.
reset: clean
	$(MAKE) run

# The two-factor code of the demo staff accounts, for those without an authenticator app.
totp:
	@DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py demo_totp_code

test:
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Only locale/en is generated; locale/nl (allauth's and Wagtail's texts in "u") is kept by
# hand and only compiled.
messages: install
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var --no-obsolete --no-location
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/initiatives.py
	$(BIN)/python bench/fund_queue.py
	$(BIN)/python bench/signalen.py
	$(BIN)/python bench/payouts.py

# The load suite on the production stack (bench/README.md): SCALE=1..10, QUICK=1 to try it.
SCALE ?= 1
QUICK ?= 0
loadtest:
	SCALE=$(SCALE) QUICK=$(QUICK) bash bench/loadtest.sh

clean:
	rm -rf var
