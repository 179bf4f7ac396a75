# The two commands of the README: `make serve` and `make test`.
# Both install what is missing first (scripts/setup.sh), and skip what is there.
.PHONY: serve test setup dist

serve: setup
	PATH="$(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$$PATH" TRUNK_SKIP_VERSION_CHECK=true trunk serve

test: setup
	scripts/test.sh

setup:
	scripts/setup.sh

dist: setup
	PATH="$(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$$PATH" TRUNK_SKIP_VERSION_CHECK=true trunk build --release
