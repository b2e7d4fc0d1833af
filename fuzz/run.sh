#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Defaults: 60 seconds, all targets. The seed corpora under fuzz/corpus/ are
# copied to build-fuzz/corpus/, where new inputs accumulate between runs.
# FUZZ_CXX names the clang++ to use (default clang++-14, else clang++);
# FUZZ_JOBS how many targets run at once (default: the number of cores).
# Needs bash 5.1 or later (wait -n -p), as Debian 12 has.
# Prints each target's execution count; exits non-zero if a target crashed
# (the reproducer is left in build-fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] ||
  targets=(fuzz_module_manifest fuzz_workspace_manifest fuzz_version fuzz_glob fuzz_lockfile fuzz_manifest_cache fuzz_registry_index
           fuzz_api_schema fuzz_codegen_template fuzz_state fuzz_module_index fuzz_elf_scan fuzz_schema_diff
           fuzz_control_protocol)

compiler=${FUZZ_CXX:-$(command -v clang++-14 || command -v clang++)}
# CMake drops command-line options when the compiler of an existing tree
# changes, so start that tree afresh instead.
if [ -f build-fuzz/CMakeCache.txt ] && ! grep -q "^CMAKE_CXX_COMPILER:.*=$compiler\$" build-fuzz/CMakeCache.txt; then
  rm -f build-fuzz/CMakeCache.txt
fi
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$compiler" \
  -DMODBUILD_BUILD_FUZZERS=ON -DMODBUILD_TOML_HEADER_ONLY=ON \
  -DMODBUILD_BUILD_TESTS=OFF -DMODBUILD_BUILD_BENCHMARKS=OFF > /dev/null
cmake --build build-fuzz --target "${targets[@]}"

# One target per core at a time: each fuzzer runs on one thread.
run_target() {
  local target=$1 corpus_name=${1#fuzz_}
  local work=build-fuzz/corpus/$corpus_name log=build-fuzz/$1.log
  mkdir -p "$work"
  cp -n fuzz/corpus/"$corpus_name"/* "$work"/ 2>/dev/null || true
  (cd build-fuzz && ./fuzz/"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -dict=../fuzz/toml.dict -print_final_stats=1 "corpus/$corpus_name") > "$log" 2>&1
}

report() {
  local target=$1 rc=$2 log=build-fuzz/$1.log
  echo "== $target for ${seconds}s"
  if [ "$rc" -eq 0 ]; then
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" || true
  else
    echo "!! $target failed; see $log"
    tail -40 "$log"
  fi
}

jobs=${FUZZ_JOBS:-$(nproc)}
[ "$jobs" -ge 1 ] || { echo "FUZZ_JOBS must be at least 1" >&2; exit 2; }
status=0
declare -A running=()
wait_for_one() {
  local finished
  wait -n -p finished "${!running[@]}" && rc=0 || rc=$?
  report "${running[$finished]}" "$rc"
  [ "$rc" -eq 0 ] || status=1
  unset "running[$finished]"
}
for target in "${targets[@]}"; do
  [ ${#running[@]} -lt "$jobs" ] || wait_for_one
  run_target "$target" &
  running[$!]=$target
done
while [ ${#running[@]} -gt 0 ]; do wait_for_one; done
exit $status
