# Two commands from a fresh clone: `make extract` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
CORPUS ?= corpus
OUT    ?= outputs
ENGINE ?= local
WORKERS ?=
SCHEDULER ?=
N      ?= 2000

.PHONY: setup extract test eval bench report query export review add lock clean help

help:
	@echo "make extract  build outputs/ from corpus/ (CORPUS=, OUT=, ENGINE=local|dask, WORKERS=, SCHEDULER=)"
	@echo "make test     run the test suite"
	@echo "make eval     score outputs/ against the gold fixtures, then the held-out sets in tests/fixtures/heldout_*"
	@echo "make bench    throughput benchmark on a synthetic corpus (N=2000)"
	@echo "make report   write outputs/report.html"
	@echo "make query SQL=\"select …\"   run SQL over the tables"
	@echo "make export FORMAT=csv|xlsx|dta|parquet   cases and figures for spreadsheets, Stata, R"
	@echo "make review   review page: accept, reject, edit and add rows (CORPUS=, OUT=); decisions in CORPUS/corrections.jsonl"
	@echo "make add FILES=\"a.html b.txt\"  copy articles into corpus/"

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

extract: $(STAMP)
	$(PY) -m pipeline extract --corpus $(CORPUS) --out $(OUT) --engine $(ENGINE) $(if $(WORKERS),--workers $(WORKERS)) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

test: $(STAMP)
	$(PY) -m pytest -q

eval: extract
	$(PY) -m pipeline eval --out $(OUT)
	$(PY) -m pipeline eval --heldout

bench: $(STAMP)
	$(PY) -m pipeline bench --n $(N) $(if $(WORKERS),--workers $(WORKERS))

report: $(STAMP)
	$(PY) -m pipeline report --out $(OUT)

# SQL reaches the command through the environment, not the recipe's text, so that multi-line
# SQL with quotes in it (the README's example) arrives whole.
export SQL
query: $(STAMP)
	@test -n "$$SQL" || { echo 'usage: make query SQL="select …"' >&2; exit 2; }
	$(PY) -m pipeline query --out $(OUT) "$$SQL"

export: $(STAMP)
	$(PY) -m pipeline export --out $(OUT) --format $(or $(FORMAT),csv)

review: $(STAMP)
	$(PY) -m pipeline review --corpus $(CORPUS) --out $(OUT)

add: $(STAMP)
	$(PY) -m pipeline add --corpus $(CORPUS) $(FILES)

# Re-pin requirements.lock from the current .venv (after changing pyproject.toml's ranges).
lock:
	$(PY) -m pip freeze --exclude-editable | grep -v -i '^opencc==' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
