.PHONY: run test lint format bench install env-example

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

# .env.example is written from bot/settings.env and each adapter's settings.env.
env-example:
	scripts/bootstrap && .venv/bin/python -m bot env-example > .env.example
