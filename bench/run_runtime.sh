#!/usr/bin/env bash
# Measures the runtime against its goals and prints the figures that
# docs/performance.md records (section "The runtime").
#
#   bench/run_runtime.sh [RUNS]        (default: 30 system reloads)
#
# Builds a Release tree in build-bench/ (or uses the configured tree named by
# BUILD_DIR), then the example engine twice with `modbuild build`: as it is,
# and with a field added to ecs::Transform. Then measures, side by side in
# one process: system reloads against copy + dlopen(); Core reloads migrating
# 100,000 entities between the two layouts; the peak memory of a migration;
# and a call through the runtime's slot against a plain function pointer,
# a virtual call and the generated proxy (Google Benchmark); then the
# launcher's size, dependencies and start to first frame.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
build=${BUILD_DIR:-build-bench}
if [ -z "${BUILD_DIR:-}" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMODBUILD_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$build" --target modbuild modbuild-gen modbuild-launch modbuild_runtime_bench modbuild_proxy_bench > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"

cp -r engine-modules "$work/a"
rm -rf "$work/a/.modbuild"
cp -r "$work/a" "$work/b"
python3 - "$work/b/core/ecs/include/ecs/ecs.h" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
old = "struct MODBUILD_DATA Transform {\n  double x = 0.0;\n  double y = 0.0;\n"
assert old in text
open(path, "w").write(text.replace(old, old + "  double z = 0.0;\n"))
PY
for layout in a b; do
  "$build/cli/modbuild" -C "$work/$layout" -q build --release --build-dir "$work/build-$layout" > /dev/null
done

"$build/bench/modbuild_runtime_bench" "$work/build-a/modules/engine.modules.json" "$work/build-b/modules" "$runs"
"$build/bench/modbuild_proxy_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_filter='function_pointer|runtime_slot|generated_proxy|virtual' 2>/dev/null | grep -E "median|Benchmark"

launch=$build/runtime/modbuild-launch
strip -o "$work/modbuild-launch" "$launch"
echo "modbuild-launch stripped: $(stat -c %s "$work/modbuild-launch") bytes; runtime library stripped: $(strip -o "$work/rt.so" "$build/runtime/libmodbuild_runtime.so" && stat -c %s "$work/rt.so") bytes"
echo "ldd modbuild-launch:"; ldd "$launch" | sed 's/ (0x.*//; s/^/  /'
python3 - "$launch" "$work/build-a/modules/engine.modules.json" <<'PY'
import statistics, subprocess, sys, time
launch, index = sys.argv[1], sys.argv[2]
times = []
for _ in range(10):
    start = time.perf_counter()
    # 0 steps: loads every module, renders the first frame and exits.
    subprocess.run([launch, index, "--", "1"], check=True, capture_output=True, env={"RENDER_RASTER_DIR": "/tmp"})
    times.append((time.perf_counter() - start) * 1000)
print(f"launcher start to first frame and exit, 10 runs: median {statistics.median(times):.1f} ms")
PY
