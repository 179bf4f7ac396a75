#!/usr/bin/env bash
# The playground's release build: `trunk build --release` (arguments are passed
# on, e.g. `--public-url /docs/svcmap/`), with the standard library itself
# compiled for size. trunk selects the `wasm-release` profile (opt-level "z");
# this script adds, for that build only:
#   -Zbuild-std=std,panic_abort, feature optimize_for_size: the standard
#       library compiled with the program, its small sort and formatting;
#   -Cpanic=immediate-abort: a panic traps at once, without formatting a
#       message — src/web/guard.js then saves and shows the text, as for any
#       trap (the panic hook of src/ui/crash.rs serves debug builds);
#   -Zlocation-detail=none: no source file names and lines in the binary.
# Together 35 KB less gzip transfer than the stock standard library (404 -> 369 KB
# of wasm). They are unstable options of the pinned stable toolchain, enabled
# with RUSTC_BOOTSTRAP as scripts/fuzz.sh does, and need its rust-src
# component (scripts/setup.sh adds it). A plain `trunk build --release` still
# works; it is only larger.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
exec trunk build --release "$@"
