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
# pytest-xdist workers for `make test` (one per core here; 1 runs them in one process)
TEST_WORKERS ?= 2
# the portal's database URL with the test database's name (read when used)
TEST_DB_URL = $(shell sed -n 's|^sqlalchemy.url = \(.*\)/satudata$$|\1/satudata_test|p' $(INI))
# the DataStore's databases (write and read-only roles), the portal's and the tests'
DS_URL = $(shell sed -n 's|^ckan.datastore.write_url = ||p' $(INI))
DS_READ_URL = $(shell sed -n 's|^ckan.datastore.read_url = ||p' $(INI))
TEST_DS_URL = $(DS_URL:%/satudata_datastore=%/satudata_datastore_test)
TEST_DS_READ_URL = $(DS_READ_URL:%/satudata_datastore=%/satudata_datastore_test)
# the second site the harvest test copies the catalogue into
HARVEST_DB_URL = $(shell sed -n 's|^sqlalchemy.url = \(.*\)/satudata$$|\1/satudata_harvest_test|p' $(INI))

.PHONY: run dev test bench bench-web bench-harvest bench-faults install services config i18n migrate migrate-test admin demo serve lint sdist-check deploy-check browser

install:
	@scripts/ensure-venv.sh

services:
	@scripts/ensure-services.sh

config: install services
	@scripts/ensure-db.sh satudata satudata_test satudata_harvest_test satudata_datastore satudata_datastore_test
	@scripts/write-config.sh

i18n: install
	@$(VENV)/bin/python scripts/compile_i18n.py

migrate: config i18n
	@scripts/migrate-db.sh $(INI) "$$(sed -n 's|^sqlalchemy.url = ||p' $(INI))" "the portal database"
	@scripts/ensure-datastore.sh $(INI) $(DS_URL) $(DS_READ_URL) "the portal's DataStore"

admin: migrate
	@scripts/ensure-admin.sh

demo: admin
	@echo "==> Loading the Kabupaten Serang demo (skipped when already loaded)"
	@$(CKAN) -c $(INI) satudata demo load
	@echo "==> Building the DCAT feed's Turtle parts (only what is missing or stale)"
	@$(CKAN) -c $(INI) satudata dcat build 2>&1 | tail -n1

serve:
	@scripts/serve.sh $(INI)

# the auto-reloading development server, for work on the code (not production)
dev: demo
	@echo "==> Serving the portal with CKAN's development server on http://127.0.0.1:$(PORT)"
	@$(CKAN) -c $(INI) run -H 127.0.0.1 -p $(PORT)

run: demo serve

# the test database and the harvesting site's (a second portal for the DCAT
# harvest test, with ckanext-harvest's tables), side by side
migrate-test: config i18n
	@scripts/migrate-db.sh $(TEST_INI) $(TEST_DB_URL) "the test database" & test=$$!; \
	 scripts/migrate-db.sh $(HARVEST_INI) $(HARVEST_DB_URL) "the harvesting site's database" & harvest=$$!; \
	 wait $$test && wait $$harvest
	@CKAN_SQLALCHEMY_URL=$(TEST_DB_URL) scripts/ensure-datastore.sh $(TEST_INI) $(TEST_DS_URL) $(TEST_DS_READ_URL) "the tests' DataStore"

# the suite on $(TEST_WORKERS) pytest-xdist workers, a module's tests in one
# worker; each worker has its own copy of the test databases (tests/workers.py)
test: migrate-test sdist-check deploy-check browser
	@scripts/test-copies.sh $(TEST_WORKERS) $(TEST_INI) $(TEST_DB_URL) $(TEST_DS_URL) $(TEST_DS_READ_URL) $(HARVEST_DB_URL)
	@echo "==> Running the test suite against PostgreSQL and Redis on $(TEST_WORKERS) workers"
	@CKAN_SQLALCHEMY_URL=$(TEST_DB_URL) CKAN_DATASTORE_WRITE_URL=$(TEST_DS_URL) CKAN_DATASTORE_READ_URL=$(TEST_DS_READ_URL) \
	 $(VENV)/bin/pytest --ckan-ini=$(TEST_INI) --durations=15 $(if $(filter-out 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile) tests

# Debian's Chromium and chromedriver for tests/browser/ (apt-get when missing)
browser:
	@scripts/ensure-browser.sh

sdist-check: install
	@$(VENV)/bin/python scripts/check_sdist.py

# docker/ and config/solr/, checked offline (Docker does not run here)
deploy-check: install
	@echo "==> Linting docker/Dockerfile with hadolint"
	@$(VENV)/bin/hadolint docker/Dockerfile
	@echo "==> Validating docker/compose.yaml against the Compose Specification (check-jsonschema's own copy)"
	@$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker/compose.yaml
	@$(VENV)/bin/python scripts/solr_configset.py --check

lint: install
	@$(VENV)/bin/ruff check ckanext tests bench --select F,E9

bench: demo
	@$(VENV)/bin/python bench/run.py --config $(INI) $(BENCH_ARGS)
	@$(VENV)/bin/python bench/preview.py --config $(INI)
	@$(VENV)/bin/python bench/web.py --config $(INI)
	@$(VENV)/bin/python bench/harvest.py --config $(INI) $(HARVEST_ARGS)

# a second portal harvests the bench catalogue's DCAT feed, in full and again
# after a few edits (bench/harvest.py; HARVEST_ARGS="--size 100000" for the
# issue's 100k figure, about 3 hours at today's rate)
bench-harvest: demo
	@$(VENV)/bin/python bench/harvest.py --config $(INI) $(HARVEST_ARGS)

# the portal as make run serves it, under 20 concurrent visitors (bench/web.py)
bench-web: demo
	@$(VENV)/bin/python bench/web.py --config $(INI)

# faults survived (issue 14): Redis stopped, PostgreSQL restarted, a job's
# worker killed, on a PostgreSQL, Redis and portal of its own (about 2 min;
# FAULTS_ARGS=--long also waits for the RQ scheduler's return, up to 19 min)
bench-faults: config i18n
	@$(VENV)/bin/python bench/faults.py $(FAULTS_ARGS)
