#!/usr/bin/env bash
# Times the whole CLI (`svcmap check`) on kubectl-shaped cluster dumps
# (`examples/dump.rs`) in YAML and JSON, under `/usr/bin/time -v`, and prints
# a table: input size, CPU seconds (user + system), peak resident memory.
#   SIZES="5000 20000 150000" scripts/bench-dump.sh
# A 150 000-pod dump is about 340 MB as YAML and 740 MB as JSON (temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"5000 20000"}
RUNS=${RUNS:-3}
# SVCMAP=path times another build of the CLI (say, the one before a change).
if [ -z "${SVCMAP:-}" ]; then
  cargo build --release --quiet --bin svcmap
fi
bin=${SVCMAP:-target/release/svcmap}
# The generator needs no speed: the quick-to-build dev profile.
cargo build --quiet --example dump
gen=target/debug/examples/dump
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%-8s %-5s %9s %9s %9s %8s\n' pods format 'size MB' 'CPU s' 'wall s' 'peak MB'
for n in $SIZES; do
  for f in yaml json; do
    file="$dir/dump-$n.$f"
    "$gen" "$n" "$f" > "$file"
    size=$(stat -c %s "$file")
    best_cpu='' best_wall='' best_rss=''
    for _ in $(seq "$RUNS"); do
      /usr/bin/time -v "$bin" check "$file" > /dev/null 2> "$dir/time" || true
      cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$dir/time")
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.2f", s}' "$dir/time")
      rss=$(awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' "$dir/time")
      if [ -z "$best_cpu" ] || awk "BEGIN{exit !($cpu < $best_cpu)}"; then
        best_cpu=$cpu best_wall=$wall best_rss=$rss
      fi
    done
    printf '%-8s %-5s %9.1f %9s %9s %8s\n' "$n" "$f" "$(awk "BEGIN{print $size/1048576}")" "$best_cpu" "$best_wall" "$best_rss"
    rm -f "$file"
  done
done
