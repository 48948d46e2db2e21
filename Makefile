.PHONY: run test lint format bench install

install:
	scripts/bootstrap

run:
	@scripts/run

test:
	scripts/test

lint:
	scripts/bootstrap && .venv/bin/ruff check . && .venv/bin/mypy

format:
	scripts/bootstrap && .venv/bin/ruff format . && .venv/bin/ruff check --fix .

bench:
	scripts/bootstrap && .venv/bin/python -m bot bench
