# The two commands of the README: `make serve` and `make test`.
# Both install what is missing first (scripts/setup.sh), and skip what is there.
.PHONY: serve test setup dist

serve: setup
	. scripts/env.sh && trunk serve

test: setup
	scripts/test.sh

setup:
	scripts/setup.sh

dist: setup
	scripts/dist.sh
