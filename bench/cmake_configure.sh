#!/usr/bin/env bash
# Measures the CMake package: the configure time of a generated workspace
# through modbuild_workspace() against a hand-written plain CMake project
# with the same shared-library targets (side by side, alternating runs), and
# the build time of engine-modules/ from scratch and after touching one module.
# docs/performance.md records the figures.
#
#   bench/cmake_configure.sh [MODULES]     (default 500)
#
# Environment: RUNS (default 5, the median is reported), MODBUILD_BUILD_DIR
# (a build tree of modbuild to install from; default: a Release build in
# build-cmake-bench/).
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
  cmake --build "$build_dir" --target modbuild > /dev/null
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

: > "$work/package.fresh"; : > "$work/plain.fresh"; : > "$work/package.again"; : > "$work/plain.again"
for _ in $(seq "$runs"); do
  fresh_configure "$work/generated/workspace" "$work/package-build" >> "$work/package.fresh"
  fresh_configure "$work/generated/plain" "$work/plain-build" >> "$work/plain.fresh"
  seconds cmake -S "$work/generated/workspace" -B "$work/package-build" >> "$work/package.again"
  seconds cmake -S "$work/generated/plain" -B "$work/plain-build" >> "$work/plain.again"
done
report() {  # label, package file, plain file
  local package plain
  package=$(median < "$2")
  plain=$(median < "$3")
  printf '%-34s package %6.2f s   plain %6.2f s   ratio %.2f\n' "$1" "$package" "$plain" "$(awk -v a="$package" -v b="$plain" 'BEGIN { print a / b }')"
}
echo "configure of $modules modules, median of $runs:"
report "fresh build directory" "$work/package.fresh" "$work/plain.fresh"
report "re-configure (nothing changed)" "$work/package.again" "$work/plain.again"

engine=$work/engine-modules
rm -rf "$engine" "$work/engine-build"
cp -r engine-modules "$engine"
jobs=$(nproc)
echo "engine-modules with \`modbuild build -j $jobs\` (Debug, configure included):"
printf '  from scratch                     %6.2f s\n' "$(seconds "$prefix/bin/modbuild" -C "$engine" build --build-dir "$work/engine-build" -j "$jobs")"
touch "$engine/systems/ecs/src/ecs_sparse.cpp"
printf '  after touching ecs-sparse        %6.2f s\n' "$(seconds "$prefix/bin/modbuild" -C "$engine" build --build-dir "$work/engine-build" -j "$jobs")"
printf '  nothing changed                  %6.2f s\n' "$(seconds "$prefix/bin/modbuild" -C "$engine" build --build-dir "$work/engine-build" -j "$jobs")"
