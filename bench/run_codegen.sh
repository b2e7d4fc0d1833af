#!/usr/bin/env bash
# Measures modbuild-gen against its performance goals and prints the figures
# that docs/performance.md records (section "Code generation").
#
#   bench/run_codegen.sh [RUNS]        (default: 5 runs per measurement, median)
#
# Builds a Release tree in build-bench/ (or uses the configured tree named by
# BUILD_DIR) and measures:
#   1. modbuild-gen per Core module of engine-modules/ against
#      `clang++-14 -fsyntax-only` of the same umbrella of headers with the
#      same flags, side by side, and the same for a generated module of 50
#      STL-heavy headers, where one parse per header is measured too;
#   2. a no-op rebuild of the generated bindings through Ninja (the depfile
#      modbuild-gen writes makes it run nothing), for one target and for the
#      whole of engine-modules/ built through the CMake package;
#   3. a call through the generated proxy against a direct, a function
#      pointer, a virtual and a serialized-message call (Google Benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
root=$PWD
build=${BUILD_DIR:-build-bench}
if [ -z "${BUILD_DIR:-}" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMODBUILD_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$build" --target modbuild modbuild-gen modbuild_proxy_bench > /dev/null
gen=$build/codegen/tool/modbuild-gen
clang=$(command -v clang++-14 || command -v clang++)
runtime=$root/codegen/runtime/include
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"

median_ms() {  # median wall time in ms of running "$@" $runs times
  python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print("%.0f" % times[len(times) // 2])
PY
}

# The export headers the CMake package would generate, for clang++ too.
mkdir -p "$work/export"
for module in ecs rendering console; do
  macro=$(echo "$module" | tr a-z A-Z)
  printf '#pragma once\n#define %s_EXPORT\n' "$macro" > "$work/export/${module}_export.h"
done

compare_module() {  # <workspace> <module> <include dir> <headers...>
  local ws=$1 module=$2 include=$3
  shift 3
  local umbrella=$work/$module-umbrella.cpp
  : > "$umbrella"
  for header in "$@"; do echo "#include \"$header\"" >> "$umbrella"; done
  local flags=(-std=c++20 -DMODBUILD_GENERATING=1 -I"$include" -I"$runtime" -I"$work/export")
  local gen_ms syntax_ms
  gen_ms=$(median_ms "$gen" -q -C "$ws" -o "$work/out" -m "$module" -- "${flags[@]}")
  syntax_ms=$(median_ms "$clang" -fsyntax-only "${flags[@]}" "$umbrella")
  printf '%-22s %3d headers  modbuild-gen %6s ms  clang++ -fsyntax-only %6s ms  ratio %s\n' "$module" $# "$gen_ms" "$syntax_ms" \
    "$(python3 -c "print('%.2f' % ($gen_ms / $syntax_ms))")"
}

echo
echo "== codegen per module against clang++ -fsyntax-only of the same umbrella (median of $runs)"
for module in ecs rendering console; do
  compare_module "$root/engine-modules" "$module" "$root/engine-modules/core/$module/include" \
    "$root/engine-modules/core/$module/include/$module/$module.h"
done

# A module of 50 headers, each pulling in a different mix of the standard library.
stl=$work/stl
mkdir -p "$stl/core/big/include/big"
printf '[workspace]\nmembers = ["core/*"]\n' > "$stl/modbuild.toml"
libs=(vector string map unordered_map optional variant deque array set functional memory algorithm chrono regex sstream)
headers=()
api=()
for i in $(seq 1 50); do
  header=$stl/core/big/include/big/h$i.h
  {
    echo "#pragma once"
    for k in 0 1 2 3 4; do echo "#include <${libs[$(( (i + k * 3) % ${#libs[@]} ))]}>"; done
    echo "#include <string>"
    echo "#include <vector>"
    echo "#include \"modbuild/annotate.h\""
    echo "namespace big {"
    echo "struct MODBUILD_DATA Data$i { int id = 0; std::string name; std::vector<double> values; };"
    echo "MODBUILD_API int process$i(Data$i& data, const std::string& tag);"
    echo "}"
  } > "$header"
  headers+=("$header")
  api+=("\"process$i\"")
done
{
  printf '[module]\nname = "big"\nversion = "1.0.0"\nkind = "core"\n[contract]\napi = [%s]\n' "$(IFS=,; echo "${api[*]}")"
  printf '[build]\ninclude = ["include"]\napi-headers = [%s]\n' "$(for i in $(seq 1 50); do printf '"include/big/h%d.h",' "$i"; done | sed 's/,$//')"
} > "$stl/core/big/module.toml"
compare_module "$stl" big "$stl/core/big/include" "${headers[@]}"
per_header_ms=$(python3 - "$clang" "$runtime" "$stl/core/big/include" "${headers[@]}" <<'PY'
import subprocess, sys, time
clang, runtime, include, headers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
start = time.perf_counter()
for header in headers:
    subprocess.run([clang, "-fsyntax-only", "-std=c++20", "-xc++", "-Wno-pragma-once-outside-header", "-DMODBUILD_GENERATING=1", "-I" + include, "-I" + runtime, header], check=True)
print("%.0f" % ((time.perf_counter() - start) * 1000))
PY
)
echo "big: one clang++ -fsyntax-only per header, 50 parses: $per_header_ms ms"

echo
echo "== no-op rebuild of the generated bindings (ninja, median of $runs)"
cmake --build "$build" --target modbuild_proxy_bench > /dev/null
echo "ninja no-op: $(median_ms ninja -C "$build" modbuild_proxy_bench) ms for the target; generator runs: $(ninja -C "$build" -v modbuild_proxy_bench | grep -c 'modbuild-gen' || true)"

engine=$work/engine
"$build/cli/modbuild" -C "$root/engine-modules" build --release --build-dir "$engine" > /dev/null 2>&1
generated=$(ninja -C "$engine" -t commands | grep -c 'modbuild-gen' || true)
noop_ms=$(median_ms ninja -C "$engine")
echo "engine-modules no-op: $noop_ms ms for the whole build, $generated modules with generated bindings" \
  "($(python3 -c "print('%.1f' % ($noop_ms / $generated))") ms per module); generator runs: $(ninja -C "$engine" -v | grep -c 'modbuild-gen' || true)"

echo
echo "== calls (Google Benchmark)"
"$build"/bench/modbuild_proxy_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null | grep -E "median|Benchmark"
