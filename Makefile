# The two commands: `make run` (install, demo school, serve on :8069) and
# `make test` (install what is missing, run every test).
.PHONY: setup run test lint

setup:
	bash scripts/setup.sh

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh $(ARGS)

lint: setup
	bash -c 'source scripts/env.sh && ruff check . && ruff format --check .'
