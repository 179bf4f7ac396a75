#!/usr/bin/env bash
# Runs every test of svcmap, in order: formatting, clippy (native and wasm32),
# native tests, engine-only tests (UI off), a fuzz smoke run, docs, the release
# build with trunk,
# browser tests (wasm-bindgen-test in headless Chromium) and end-to-end tests
# on the built dist/ in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export CARGO_PROFILE_DEV_DEBUG=0

start=$(date +%s)
step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }
WASM_UI=(--target wasm32-unknown-unknown --no-default-features --features ui)

step "cargo fmt --check"
cargo fmt --all --check

step "clippy (native, all features)"
cargo clippy --all-targets --all-features -- -D warnings
step "clippy (native, engine only)"
cargo clippy --all-targets --no-default-features -- -D warnings
step "clippy (wasm32, ui)"
cargo clippy "${WASM_UI[@]}" --lib --bins --tests -- -D warnings

step "native tests (unit, integration, CLI, doc tests)"
cargo test --all-features
step "engine-only tests (no UI crates)"
cargo test --no-default-features

step "fuzz smoke run (15 s per target; scripts/fuzz.sh for longer runs)"
scripts/fuzz.sh 15

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features

step "release build (scripts/dist.sh: trunk build --release, std built for size)"
scripts/dist.sh

step "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test "${WASM_UI[@]}" --test web

step "end-to-end tests (Playwright, headless Chromium, dist/ on loopback)"
node --test --test-concurrency=1 tests/e2e/

step "all tests passed"
