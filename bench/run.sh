#!/usr/bin/env bash
# Measures modbuild against its performance goals and prints the figures that
# docs/performance.md records.
#
#   bench/run.sh [MODULES]        (default 10000)
#
# Builds a Release tree in build-bench/, generates a workspace of MODULES
# modules (and the equivalent Cargo workspace), then measures:
#   1. the manifest loader in-process (Google Benchmark, median of 10);
#   2. `modbuild check` end to end, and `cargo metadata` on the Cargo twin as
#      the peer, side by side with hyperfine (when hyperfine and cargo exist).
set -euo pipefail
cd "$(dirname "$0")/.."
modules=${1:-10000}
out=build-bench/workspaces
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DMODBUILD_BUILD_TESTS=OFF > /dev/null
cmake --build build-bench --target modbuild modbuild_generate_workspace modbuild_load_bench > /dev/null

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "== generating $modules modules"
build-bench/bench/modbuild_generate_workspace "$out/modbuild-$modules" "$modules" --cargo "$out/cargo-$modules"

echo "== loader (in process, median of 10 repetitions)"
build-bench/bench/modbuild_load_bench --workspace="$out/modbuild-$modules" \
  --benchmark_repetitions=10 --benchmark_report_aggregates_only=true --benchmark_min_warmup_time=0.5 \
  | grep -E "median|Benchmark"

if command -v hyperfine > /dev/null; then
  echo "== end to end (hyperfine, warm cache)"
  commands=("build-bench/cli/modbuild -C $out/modbuild-$modules check")
  if command -v cargo > /dev/null; then
    (cd "$out/cargo-$modules" && cargo metadata --offline --no-deps --format-version 1 > /dev/null)
    commands+=("cargo metadata --offline --no-deps --format-version 1 --manifest-path $out/cargo-$modules/Cargo.toml")
  fi
  hyperfine --warmup 2 --runs 10 --style basic --export-markdown build-bench/end-to-end.md "${commands[@]}"
  cat build-bench/end-to-end.md
fi
