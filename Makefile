# Lodestar: `make run` starts the site with a worker, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The `lodestar` command (client/): built into a wheel, which the site hands out to students
# at /client/ (LODESTAR_CLIENT_DIR: git-ignored, outside the web root and var/), and
# installed from that wheel into the venv, as a student would.
LODESTAR_CLIENT_DIR ?= build/client
CLIENT_WHEEL_STAMP := $(LODESTAR_CLIENT_DIR)/.built-stamp
CLIENT_STAMP := $(VENV)/.client-installed-stamp
CLIENT_FILES := client/pyproject.toml client/README.md $(shell find client/src -name '*.py' 2>/dev/null)
# Test-only front-end tools (axe-core for the accessibility walk), pinned in package.json and
# fetched by npm into the git-ignored node_modules/ for `make test`; never served by the site.
AXE := node_modules/axe-core/axe.min.js

.PHONY: install run test test-fast smoke lint audit bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

# pip builds it with setuptools from the package index (build isolation) into a folder
# beside it, then moves it in whole (a running site never sees half a wheel) and removes
# the older ones.
$(CLIENT_WHEEL_STAMP): $(STAMP) $(CLIENT_FILES)
	rm -rf client/build $(LODESTAR_CLIENT_DIR).new
	$(PY) -m pip wheel --quiet --no-deps ./client -w $(LODESTAR_CLIENT_DIR).new
	mkdir -p $(LODESTAR_CLIENT_DIR)
	cd $(LODESTAR_CLIENT_DIR).new && for wheel in lodestar_client-*-py3-none-any.whl; do \
	  mv "$$wheel" ../$(notdir $(LODESTAR_CLIENT_DIR))/ && \
	  find ../$(notdir $(LODESTAR_CLIENT_DIR)) -maxdepth 1 -name 'lodestar_client-*.whl' \
	    ! -name "$$wheel" -delete; done
	rm -rf $(LODESTAR_CLIENT_DIR).new client/build
	touch $(CLIENT_WHEEL_STAMP)

$(CLIENT_STAMP): $(CLIENT_WHEEL_STAMP)
	$(PY) -m pip install --quiet --force-reinstall --no-deps $(LODESTAR_CLIENT_DIR)/lodestar_client-*.whl
	touch $(CLIENT_STAMP)

$(AXE): package.json
	npm install --ignore-scripts --no-audit --no-fund --no-package-lock --loglevel=error
	touch $(AXE)

install: $(STAMP) $(CLIENT_WHEEL_STAMP) $(CLIENT_STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} bin/serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	# What may import what (pyproject.toml's contracts; docs/architecture.md).
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The suite runs in TEST_WORKERS processes (pytest-xdist), a test file to a process so that
# module fixtures are built once; tests/parallel.py gives each process its own broker queue,
# Redis database and var folder. Many tests wait on real workers, servers and a browser, so
# more processes than cores still pays. PYTEST_ARGS adds options (a path, -k, -x).
TEST_WORKERS ?= 3
PYTEST := $(PY) -m pytest -p tests.parallel -n $(TEST_WORKERS) --dist loadfile

test: lint $(AXE)
	$(PYTEST) $(PYTEST_ARGS)

# The inner loop: no test that needs PostgreSQL, Redis, a worker process or Chromium.
test-fast: install
	$(PYTEST) -m "not integration and not browser" $(PYTEST_ARGS)

# `make run` as a newcomer runs it, in a fresh copy of the checkout with its own var/ and port
# (reusing this .venv): health, the demo logins, a graded upload, Ctrl-C. CI runs it.
smoke: install
	$(PY) .ci/smoke-make-run.py $(SMOKE_ARGS)

# Known vulnerabilities in the installed packages (pip-audit). --strict makes a package that
# could not be checked (for example when the advisory service is unreachable) a failure,
# never a silent pass. AUDIT_ARGS adds options, e.g. AUDIT_ARGS="-r requirements.txt".
audit: install
	$(VENV)/bin/pip-audit --strict --progress-spinner off $(AUDIT_ARGS) || { \
	  echo "make audit: FAILED - a known vulnerability, or packages that could not be" \
	       "checked (is the vulnerability service reachable from this machine?)" >&2; \
	  exit 1; }

# Benchmarks use the machine's PostgreSQL and Redis unless DATABASE_URL/REDIS_URL say otherwise.
bench: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lodestar_bench} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/4} $(PY) -m bench $(SUITES)

clean:
	rm -rf var/broker var/test-artifacts var/*.sqlite3* node_modules
