#!/usr/bin/env bash
# Coverage-guided fuzzing with cargo fuzz (libFuzzer) on the stable toolchain.
#   scripts/fuzz.sh SECONDS [TARGET…]     each target for SECONDS (default: all four)
# Targets: analyze (YAML/JSON → analysis → layout, explanations, fixes),
# selector (selector strings and LabelSelector objects), share (link
# fragments), embed (query strings and host messages). Each starts from
# fuzz/seeds/<target> and fuzz/regressions/<target> (inputs that once failed,
# kept for good) and grows fuzz/corpus/<target> (not committed). A failing
# input is written to fuzz/artifacts/<target>/: fix the bug, then move the
# input to fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(analyze selector share embed)
# cargo fuzz passes flags that stable rustc accepts only in bootstrap mode;
# no sanitizer: the crate forbids `unsafe`, so libFuzzer's coverage suffices.
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/regressions/$t"
  echo "==> fuzz $t for ${seconds}s"
  cargo fuzz run -O --sanitizer none "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" "fuzz/regressions/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==|INFO: seed corpus)|panicked|ERROR|SUMMARY|Test unit written" || true
  # grep hides the stream; the exit status of cargo fuzz decides.
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz target $t failed: see fuzz/artifacts/$t/"; exit 1; }
done
