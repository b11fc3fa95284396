# Koers: `make demo` runs Koers on SQLite with the Heerde plan, `make test` runs all checks.
# Both create their own virtual environment in .venv.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install runtime system demo test lint typecheck messages openapi clean bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The worker runs the background jobs (PDF and Word files, publishing) beside the server.
demo: runtime install
	$(BIN)/koers migrate --noinput
	$(BIN)/koers load-demo --demo-admin
	@echo "Koers draait op http://$(HOST)/ (stoppen met Ctrl-C)"
	$(BIN)/koers worker & trap "kill $$!" EXIT; $(BIN)/koers runserver $(HOST)

# Debian packages Koers needs to run: Pango and a font for the PDF reports (WeasyPrint).
runtime:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu || \
		{ apt-get update -q && apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

# Debian packages the tests need as well: gettext (translation catalogue checks) and
# Chromium (browser tests, driven by Playwright; no browser is downloaded).
system: runtime
	@command -v msgfmt >/dev/null && command -v chromium >/dev/null || \
		{ apt-get update -q && apt-get install -y -q gettext chromium; }

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# The apps that keep data and decide statuses, their services, and what they share.
TYPED := src/koers/monitor src/koers/reports src/koers/accounts src/koers/plans src/koers/operations \
	src/koers/reminders \
	src/koers/budgets src/koers/concurrency.py src/koers/history.py src/koers/prefetch.py src/koers/dates.py \
	src/koers/forms.py src/koers/imports/services.py

typecheck: install
	$(BIN)/mypy $(TYPED)

# One test process per core (pytest-xdist): each has its own test database.
test: system lint typecheck
	$(BIN)/koers makemigrations --check --dry-run
	$(BIN)/pytest -n auto

# Rebuild the translation catalogues after changing texts users read.
messages: install
	cd src/koers && ../../$(BIN)/koers makemessages --locale nl --no-obsolete --no-wrap --add-location file
	cd src/koers && ../../$(BIN)/koers compilemessages --locale nl

# Rebuild docs/openapi.yaml after changing the API; a test checks that it is current.
openapi: install
	$(BIN)/koers spectacular --lang nl --validate --file docs/openapi.yaml

# Benchmarks print measured numbers; they are not part of the tests.
bench: install
	$(BIN)/python bench/report_pdf.py
	$(BIN)/python bench/api_throughput.py
	$(BIN)/python bench/plan_pages.py 1 10 100 342

clean:
	rm -rf $(VENV) var
