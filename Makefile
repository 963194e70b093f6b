# ckanext-satudata: `make run` serves the demo portal, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
CKAN := $(VENV)/bin/ckan
INI := config/ckan.ini
TEST_INI := config/test.ini
HARVEST_INI := config/harvest-test.ini
PORT ?= 5000
export PORT
# the portal's database URL with the test database's name (read when used)
TEST_DB_URL = $(shell sed -n 's|^sqlalchemy.url = \(.*\)/satudata$$|\1/satudata_test|p' $(INI))
# the second site the harvest test copies the catalogue into
HARVEST_DB_URL = $(shell sed -n 's|^sqlalchemy.url = \(.*\)/satudata$$|\1/satudata_harvest_test|p' $(INI))

.PHONY: run test bench install services config i18n migrate migrate-test admin demo serve lint sdist-check

install:
	@scripts/ensure-venv.sh

services:
	@scripts/ensure-services.sh

config: install services
	@scripts/ensure-db.sh satudata satudata_test satudata_harvest_test
	@scripts/write-config.sh

i18n: install
	@$(VENV)/bin/python scripts/compile_i18n.py

migrate: config i18n
	@echo "==> Bringing the portal database to the latest CKAN and ckanext-satudata schema"
	@$(CKAN) -c $(INI) db upgrade 2>&1 | tail -n1
	@$(CKAN) -c $(INI) db upgrade -p activity 2>&1 | tail -n1
	@$(CKAN) -c $(INI) db upgrade -p satudata 2>&1 | tail -n1
	@echo "==> Loading the official code lists (kode wilayah, urusan …; unchanged lists are skipped)"
	@set -o pipefail; $(CKAN) -c $(INI) satudata vocab load 2>&1 | grep -v " INFO \| DEBUG "

admin: migrate
	@scripts/ensure-admin.sh

demo: admin
	@echo "==> Loading the Kabupaten Serang demo (skipped when already loaded)"
	@$(CKAN) -c $(INI) satudata demo load
	@echo "==> Building the DCAT feed's Turtle parts (only what is missing or stale)"
	@$(CKAN) -c $(INI) satudata dcat build 2>&1 | tail -n1

serve:
	@echo "==> Serving the portal on http://127.0.0.1:$(PORT) (Ctrl-C stops it)"
	@$(CKAN) -c $(INI) run -H 127.0.0.1 -p $(PORT)

run: demo serve

migrate-test: config i18n
	@echo "==> Preparing the test database"
	@CKAN_SQLALCHEMY_URL=$(TEST_DB_URL) $(CKAN) -c $(TEST_INI) db upgrade 2>&1 | tail -n1
	@CKAN_SQLALCHEMY_URL=$(TEST_DB_URL) $(CKAN) -c $(TEST_INI) db upgrade -p activity 2>&1 | tail -n1
	@CKAN_SQLALCHEMY_URL=$(TEST_DB_URL) $(CKAN) -c $(TEST_INI) db upgrade -p satudata 2>&1 | tail -n1
	@echo "==> Loading the code lists into the test database"
	@set -o pipefail; CKAN_SQLALCHEMY_URL=$(TEST_DB_URL) $(CKAN) -c $(TEST_INI) satudata vocab load 2>&1 | grep -v " INFO \| DEBUG "
	@echo "==> Preparing the harvesting site's database (a second portal for the DCAT harvest test)"
	@CKAN_SQLALCHEMY_URL=$(HARVEST_DB_URL) $(CKAN) -c $(HARVEST_INI) db upgrade 2>&1 | tail -n1
	@CKAN_SQLALCHEMY_URL=$(HARVEST_DB_URL) $(CKAN) -c $(HARVEST_INI) db upgrade -p activity 2>&1 | tail -n1
	@CKAN_SQLALCHEMY_URL=$(HARVEST_DB_URL) $(CKAN) -c $(HARVEST_INI) db upgrade -p satudata 2>&1 | tail -n1
	@CKAN_SQLALCHEMY_URL=$(HARVEST_DB_URL) $(CKAN) -c $(HARVEST_INI) db upgrade -p harvest 2>&1 | tail -n1
	@set -o pipefail; CKAN_SQLALCHEMY_URL=$(HARVEST_DB_URL) $(CKAN) -c $(HARVEST_INI) satudata vocab load 2>&1 | grep -v " INFO \| DEBUG "

test: migrate-test sdist-check
	@echo "==> Running the test suite against PostgreSQL and Redis"
	@CKAN_SQLALCHEMY_URL=$(TEST_DB_URL) $(VENV)/bin/pytest --ckan-ini=$(TEST_INI) --durations=15 tests

sdist-check: install
	@$(VENV)/bin/python scripts/check_sdist.py

lint: install
	@$(VENV)/bin/ruff check ckanext tests bench --select F,E9

bench: migrate
	@$(VENV)/bin/python bench/run.py --config $(INI) $(BENCH_ARGS)
