# The environment every build and test command shares (sourced by
# scripts/test.sh and the Makefile), so that no two commands build with
# different flags and rebuild the world twice.
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# Panic messages in the WebAssembly name source files: make those paths
# relative (to the crate or the registry) — shorter, and free of this
# machine's directories.
remap="--remap-path-prefix=$PWD/="
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  [ -d "$dir" ] && remap="$remap --remap-path-prefix=$dir="
done
# `--cfg erase_components`: Leptos erases each component's view type (an
# `AnyView` instead of one nested generic type per view), which keeps the
# WebAssembly of idiomatic views small.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components $remap"
unset remap
