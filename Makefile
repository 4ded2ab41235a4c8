# The two commands a newcomer needs: `make run` and `make test` (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
CONSTRAINTS := requirements/constraints.txt
# PostgreSQL URL for the second run of the suite, e.g. postgres://postgres@127.0.0.1:5432/namur
# (the tests create and drop test_<name>). Empty: the suite runs on SQLite only.
TEST_DATABASE_URL ?=
# Two workers: the suite is mostly CPU-bound and CI has two cores.
PYTEST_ARGS ?= -n 2
# `make test` runs the SQLite suite a second time on a clock moved this many days ahead: a year
# and a half lands in another year and, most of the year, on the other side of a daylight-saving
# change, so that a test depending on the day it runs fails in CI, not some morning later.
CLOCK_SHIFT_DAYS ?= 547

# PostgreSQL database the benchmarks fill (created if missing, reused between runs).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/namur_bench

# `make serve`: the production topology on this machine: Varnish on SERVE_PORT in front of
# gunicorn on BACKEND_PORT (DEBUG off, WhiteNoise), and the task worker; on SQLite and a memory
# cache (SINGLE_SERVER_SQLITE=True, one gunicorn process) unless DATABASE_URL and CACHE_URL say
# otherwise (.env or the environment).
SERVE_PORT ?= 8080
BACKEND_PORT ?= 8081
VARNISH_CACHE_SIZE ?= 256m
# As namur_site/management/commands/varnish_vcl.py's VARNISHD_PARAMS: long addresses reach the VCL.
VARNISH_PARAMS ?= -p http_req_size=256k -p workspace_client=512k
VARNISHD ?= $(shell command -v varnishd 2>/dev/null || ls /usr/sbin/varnishd 2>/dev/null)
SERVE_ENV = DJANGO_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT=False \
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(SERVE_PORT)}" \
	SERVE_MEDIA="$${SERVE_MEDIA:-True}" GUNICORN_BIND=127.0.0.1:$(BACKEND_PORT) \
	VARNISH_URLS=http://127.0.0.1:$(SERVE_PORT) TRUSTED_PROXY_COUNT=1 \
	SINGLE_SERVER_SQLITE="$${SINGLE_SERVER_SQLITE:-True}"

# `make run`: the development server's port (make run PORT=8010). Links in e-mails, canonical
# links, feeds and the sitemap follow it through SITE_URL, unless SITE_URL is set in the
# environment, on make's command line or in .env.
PORT ?= 8000
ifeq ($(origin SITE_URL),undefined)
ifeq ($(shell grep -s '^SITE_URL=' .env),)
RUN_ENV = SITE_URL=http://127.0.0.1:$(PORT)
endif
endif

.PHONY: run serve backup restore test lint check pytest-sqlite pytest-shifted pytest-postgresql bench bench-search bench-cpu bench-admin bench-presslist lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e ".[dev]"
	@touch $@

# axe-core, the accessibility engine of the page checks, comes from npm.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm introuvable : axe-core n'est pas installé, les vérifications de pages seront ignorées."; \
	fi

# The mail worker (manage.py db_worker) runs beside the web server and stops with it.
WITH_WORKER = worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM HUP;

run: $(VENV)/.installed
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) load_demo
	$(RUN_ENV) $(MANAGE) demo_admin
	$(RUN_ENV) $(MANAGE) db_worker --no-reload & $(WITH_WORKER) \
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

.secret_key:
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: $(VENV)/.installed .secret_key
	@if [ -z "$(VARNISHD)" ]; then \
		echo "Varnish est introuvable : make serve place Varnish devant gunicorn, comme en production."; \
		echo "Installez-le (Debian, Ubuntu : sudo apt-get install varnish varnish-modules), puis relancez make serve."; \
		exit 1; \
	fi
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	mkdir -p .varnish
	$(SERVE_ENV) $(MANAGE) varnish_vcl --backend 127.0.0.1:$(BACKEND_PORT) > .varnish/site.vcl
	@echo "== Varnish sur http://127.0.0.1:$(SERVE_PORT)/ devant gunicorn sur 127.0.0.1:$(BACKEND_PORT)"
	$(VARNISHD) -F -j none -n $(CURDIR)/.varnish/instance -a 127.0.0.1:$(SERVE_PORT) -T none \
		-f $(CURDIR)/.varnish/site.vcl -s malloc,$(VARNISH_CACHE_SIZE) $(VARNISH_PARAMS) & varnish=$$!; \
	$(SERVE_ENV) $(MANAGE) db_worker & $(WITH_WORKER) trap 'kill $$varnish $$worker 2>/dev/null; wait' EXIT INT TERM HUP; \
	$(SERVE_ENV) $(BIN)/gunicorn -c python:namur_site.gunicorn

# `make backup`: one archive of the database, the public media and the private documents, in
# BACKUP_DIR (created readable by its owner only). `make restore ARCHIVE=backups/namur-….tar`
# puts one back; RESTORE_ARGS=--yes replaces a site that has content. See docs/operations.md.
BACKUP_DIR ?= backups
ARCHIVE ?=
RESTORE_ARGS ?=

backup: $(VENV)/.installed
	install -d -m 0700 $(BACKUP_DIR)
	$(MANAGE) backup_site $(BACKUP_DIR)

restore: $(VENV)/.installed
	@if [ -z "$(ARCHIVE)" ]; then \
		echo "Indiquez l’archive à restaurer : make restore ARCHIVE=backups/namur-AAAAMMJJ-HHMMSS.tar"; \
		exit 1; \
	fi
	$(MANAGE) restore_site $(RESTORE_ARGS) "$(ARCHIVE)"

test: $(VENV)/.installed-dev node_modules/.installed lint check pytest-sqlite pytest-shifted pytest-postgresql

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: $(VENV)/.installed-dev
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

pytest-sqlite: $(VENV)/.installed-dev
	@echo "== Suite de tests sur SQLite"
	DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 NAMUR_EXPECT_DB=sqlite $(BIN)/pytest $(PYTEST_ARGS)

pytest-shifted: $(VENV)/.installed-dev
	@echo "== Suite de tests sur SQLite, horloge avancée de $(CLOCK_SHIFT_DAYS) jours"
	DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 NAMUR_EXPECT_DB=sqlite \
		$(BIN)/pytest $(PYTEST_ARGS) --clock-shift=$(CLOCK_SHIFT_DAYS)

pytest-postgresql: $(VENV)/.installed-dev
	@if [ -z "$(TEST_DATABASE_URL)" ]; then \
		echo "== TEST_DATABASE_URL non défini : suite PostgreSQL ignorée."; \
	else \
		echo "== Suite de tests sur PostgreSQL"; \
		DATABASE_URL="$(TEST_DATABASE_URL)" NAMUR_EXPECT_DB=postgresql $(BIN)/pytest $(PYTEST_ARGS); \
	fi

bench-search: $(VENV)/.installed
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/search.py

# CPU time of an uncached news detail page in-process (uses the same bench database).
bench-cpu: $(VENV)/.installed
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/detail_cpu.py

# The admin's change lists, search, filters, autocompletes and forms at 10,000, 100,000 and
# 1,000,000 articles, one database each (PREFIX_10k, _100k, _1m), filled once (the million: most
# of an hour the first time). BENCH_ADMIN_SIZES=10000,100000 for fewer.
BENCH_ADMIN_DATABASE_PREFIX ?= postgres://postgres@127.0.0.1:5432/namur_bench_admin
bench-admin: $(VENV)/.installed
	BENCH_ADMIN_DATABASE_PREFIX=$(BENCH_ADMIN_DATABASE_PREFIX) $(BIN)/python bench/admin_scale.py

# One release e-mailed to 10,000 subscribers (an SMTP sink of its own) while wrk loads the site;
# needs wrk. Its own database, filled once with 10,000 articles.
BENCH_PRESSLIST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/namur_bench_presslist
bench-presslist: $(VENV)/.installed
	BENCH_DATABASE_URL=$(BENCH_PRESSLIST_DATABASE_URL) $(BIN)/python bench/press_list_send.py

# Needs wrk, nginx, Varnish with xkey and redis-server (Debian: apt-get install -y wrk nginx
# varnish varnish-modules redis-server), and Redis on 127.0.0.1:6379 (database 3).
bench: $(VENV)/.installed
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/serve.py

# The cluster drill (bench/cluster_drill.py, about 5 minutes): two app servers, two Varnish, the
# worker, a database of its own (namur_drill, dropped at the end), Redis and an S3-compatible store,
# each stopped in turn under readers and editors. Needs Varnish with varnish-modules,
# redis-server, and PostgreSQL on 127.0.0.1:5432 (DRILL_POSTGRES_URL).
drill: $(VENV)/.installed-dev
	$(BIN)/python bench/cluster_drill.py

# Refresh the pinned versions after changing the dependencies in pyproject.toml.
lock: $(BIN)/python
	rm -rf $(VENV)/lock && $(PYTHON) -m venv $(VENV)/lock
	$(VENV)/lock/bin/pip install --quiet -e ".[dev]"
	echo "# Pinned versions of every package the project and its tests install; \`make lock\` refreshes it." > $(CONSTRAINTS)
	$(VENV)/lock/bin/pip freeze --exclude-editable >> $(CONSTRAINTS)
	rm -rf $(VENV)/lock

clean:
	rm -rf $(VENV) node_modules
