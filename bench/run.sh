#!/usr/bin/env bash
# Measures modbuild against its performance goals and prints the figures that
# docs/performance.md records.
#
#   bench/run.sh [MODULES...]        (default: 1000 10000)
#
# Builds a Release tree in build-bench/ and, for each size, generates a
# workspace (and the equivalent Cargo workspace), then measures:
#   1. the manifest loader in process (Google Benchmark, median of 10);
#   2. `modbuild check` end to end (hyperfine, median of 20), and the peer,
#      `cargo metadata --no-deps` on the Cargo twin (median of 3: it is slow
#      at this size), when hyperfine and cargo are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
out=build-bench/workspaces
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DMODBUILD_BUILD_TESTS=OFF > /dev/null
cmake --build build-bench --target modbuild modbuild_generate_workspace modbuild_load_bench > /dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"

median_ms() {  # median of a hyperfine JSON export, in milliseconds
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$1"
}

for modules in "${sizes[@]}"; do
  ws=$out/modbuild-$modules
  cargo_ws=$out/cargo-$modules
  echo
  echo "== $modules modules"
  build-bench/bench/modbuild_generate_workspace "$ws" "$modules" --cargo "$cargo_ws" > /dev/null

  build-bench/bench/modbuild_load_bench --workspace="$ws" --benchmark_repetitions=10 \
    --benchmark_report_aggregates_only=true --benchmark_min_warmup_time=0.5 2>/dev/null | grep -E "median"

  command -v hyperfine > /dev/null || continue
  hyperfine --warmup 2 --runs 20 --style none --export-json build-bench/check.json \
    "build-bench/cli/modbuild -C $ws check" > /dev/null
  ours=$(median_ms build-bench/check.json)
  echo "modbuild check: median ${ours} ms"
  command -v cargo > /dev/null || continue
  hyperfine --warmup 1 --runs 3 --style none --export-json build-bench/cargo.json \
    "cargo metadata --offline --no-deps --format-version 1 --manifest-path $cargo_ws/Cargo.toml" > /dev/null
  theirs=$(median_ms build-bench/cargo.json)
  echo "cargo metadata --no-deps: median ${theirs} ms (cargo $(cargo --version | cut -d' ' -f2))"
  python3 -c "import sys; print('ratio: cargo / modbuild = %.1fx' % (float(sys.argv[2]) / float(sys.argv[1])))" "$ours" "$theirs"
done
