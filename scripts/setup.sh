#!/usr/bin/env bash
# Installs what svcmap's build and tests need, skipping what is already there at
# the right version: the wasm32 target, trunk, wasm-bindgen-cli (the version in
# Cargo.lock), cargo-fuzz, the npm tools (wasm-opt from binaryen,
# playwright-core, terser), and Chromium with its driver from Debian. Nothing
# is downloaded by trunk itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
step() { printf '\n==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# rust-src: the release WebAssembly builds the standard library itself (scripts/dist.sh).
for component in clippy rustfmt rust-src; do
  if ! rustup component list --installed | grep -q "^$component"; then
    step "adding rustup component $component"
    rustup component add "$component"
  fi
done
# The standard library's own crates (hermit-abi, …) for that build, which runs
# --offline under trunk: fetched once from crates.io (a no-op when cached).
RUSTC_BOOTSTRAP=1 cargo fetch --quiet --target wasm32-unknown-unknown \
  --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "installing trunk $TRUNK_VERSION (takes a few minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then
  echo "setup: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  step "installing wasm-bindgen-cli $WBG_VERSION"
  # Not --locked: its own lock file pins a crate the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

# cargo-fuzz for the fuzz targets (built on stable, see scripts/fuzz.sh).
CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  step "installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

# The npm tools of package.json (wasm-opt from binaryen, playwright-core,
# terser), at exactly the versions it names.
stale=$(node -e '
  const want = require("./package.json").devDependencies;
  for (const [name, version] of Object.entries(want)) {
    let have = "";
    try { have = require(`./node_modules/${name}/package.json`).version; } catch {}
    if (have !== version) console.log(name);
  }')
if [ -n "$stale" ]; then
  step "installing npm tools ($(echo $stale))"
  npm ci --no-audit --no-fund
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "installing Chromium and chromedriver from Debian"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium chromium-driver
fi

step "tools ready: $(trunk --version), $(wasm-bindgen --version), $(node_modules/.bin/wasm-opt --version | head -1), $(chromium --version 2>/dev/null)"
