#!/usr/bin/env bash
# Measures the CMake package: the configure time of a generated workspace
# through modbuild_workspace() against hand-written plain CMake projects
# with the same shared-library targets (side by side, alternating runs; see
# bench/generate_cmake_workspace.py for the two plain twins), and
# the build time of engine-modules/ from scratch and after touching one module.
# docs/performance.md records the figures.
#
#   bench/cmake_configure.sh [MODULES]     (default 500)
#
# Environment: RUNS (default 5, the median is reported), MODBUILD_BUILD_DIR
# (a built tree of modbuild to install from, modbuild-gen included; default:
# a Release build in build-cmake-bench/).
set -euo pipefail
cd "$(dirname "$0")/.."
modules=${1:-500}
runs=${RUNS:-5}
work=build-cmake-bench
build_dir=${MODBUILD_BUILD_DIR:-}
if [ -z "$build_dir" ]; then
  build_dir=$work/modbuild
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMODBUILD_BUILD_TESTS=OFF \
    -DMODBUILD_BUILD_BENCHMARKS=OFF > /dev/null
  # The code generator too: engine-modules/ calls its systems through generated tables.
  cmake --build "$build_dir" --target modbuild modbuild-gen > /dev/null
fi
prefix=$PWD/$work/prefix
rm -rf "$prefix"
cmake --install "$build_dir" --prefix "$prefix" > /dev/null
python3 bench/generate_cmake_workspace.py "$work/generated" "$modules"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; $(cmake --version | head -1)"

seconds() {  # runs a command, prints its wall time in seconds
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

fresh_configure() {  # source, build dir
  rm -rf "$2"
  seconds cmake -S "$1" -B "$2" -G Ninja -DCMAKE_PREFIX_PATH="$prefix"
}

# The package, the plain twin (GenerateExportHeader) and the lean plain twin
# (export headers written as the package writes them), alternately.
projects=(package:workspace plain:plain lean:plain-lean)
for project in "${projects[@]}"; do : > "$work/${project%%:*}.fresh"; : > "$work/${project%%:*}.again"; done
for _ in $(seq "$runs"); do
  for project in "${projects[@]}"; do
    name=${project%%:*} source=$work/generated/${project#*:}
    fresh_configure "$source" "$work/$name-build" >> "$work/$name.fresh"
    seconds cmake -S "$source" -B "$work/$name-build" >> "$work/$name.again"
  done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
report() {  # label, suffix of the time files
  local package plain lean
  package=$(median < "$work/package.$2")
  plain=$(median < "$work/plain.$2")
  lean=$(median < "$work/lean.$2")
  printf '%-32s package %5.2f s  plain %5.2f s (ratio %s)  lean plain %5.2f s (ratio %s)\n' "$1" "$package" \
    "$plain" "$(ratio "$package" "$plain")" "$lean" "$(ratio "$package" "$lean")"
}
echo "configure of $modules modules, median of $runs:"
report "fresh build directory" fresh
report "re-configure (nothing changed)" again

engine=$work/engine-modules
rm -rf "$engine" "$work/engine-build"
cp -r engine-modules "$engine"
jobs=$(nproc)
echo "engine-modules with \`modbuild build -j $jobs\` (Debug, configure included):"
printf '  from scratch                     %6.2f s\n' "$(seconds "$prefix/bin/modbuild" -C "$engine" build --build-dir "$work/engine-build" -j "$jobs")"
touch "$engine/systems/ecs/src/ecs_sparse.cpp"
printf '  after touching ecs-sparse        %6.2f s\n' "$(seconds "$prefix/bin/modbuild" -C "$engine" build --build-dir "$work/engine-build" -j "$jobs")"
printf '  nothing changed                  %6.2f s\n' "$(seconds "$prefix/bin/modbuild" -C "$engine" build --build-dir "$work/engine-build" -j "$jobs")"
