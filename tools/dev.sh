#!/usr/bin/env bash
# modbuild's developer entry point: installs what is missing, builds, and runs.
#
#   tools/dev.sh run     build modbuild, then resolve, check and build engine-modules/
#                        as shared libraries (in $BUILD_DIR/engine-modules), print
#                        the build summary, and run the example engine under
#                        modbuild-launch (its frames go to $BUILD_DIR/frames)
#   tools/dev.sh live    build as `run` does, then run the example engine under
#                        modbuild-launch without end, with `modbuild watch`
#                        beside it: edit engine-modules/ and see it reloaded
#                        (Ctrl-C stops both; typing a command runs it)
#   tools/dev.sh test    build and run the whole test suite: unit, golden and
#                        integration tests, then again (all but the CMake
#                        package's) under AddressSanitizer and
#                        UndefinedBehaviorSanitizer, then a short fuzz run
#   tools/dev.sh deps    only install the Debian packages modbuild needs
#
# Environment: BUILD_DIR (default build), JOBS (default: number of cores),
# FUZZ_SECONDS (default 15, per fuzz target; 0 skips fuzzing in `test`).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-15}

packages=(
  cmake ninja-build g++ pkg-config ccache binutils
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libglm-dev
  clang-14 libclang-rt-14-dev libclang-14-dev libclang-common-14-dev llvm-14-dev
  graphviz python3-jsonschema python3-rfc3987 python3-yaml
)

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

install_missing_packages() {
  local missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure_and_build() {
  local dir=$1
  shift
  log "configuring and building in $dir"
  cmake -S . -B "$dir" -G Ninja "$@" > /dev/null
  cmake --build "$dir" -j "$JOBS"
}

run_main_job() {
  configure_and_build "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
  log "modbuild -C engine-modules resolve"
  "$BUILD_DIR/cli/modbuild" -C engine-modules resolve
  log "modbuild -C engine-modules build"
  "$BUILD_DIR/cli/modbuild" -C engine-modules build --build-dir "$BUILD_DIR/engine-modules" -j "$JOBS"
  log "modbuild-launch $BUILD_DIR/engine-modules/modules/engine.modules.json -- 240"
  mkdir -p "$BUILD_DIR/frames"
  RENDER_RASTER_DIR="$BUILD_DIR/frames" "$BUILD_DIR/runtime/modbuild-launch" \
    "$BUILD_DIR/engine-modules/modules/engine.modules.json" -- 240
}

run_live_loop() {
  configure_and_build "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
  "$BUILD_DIR/cli/modbuild" -C engine-modules -q build --build-dir "$BUILD_DIR/engine-modules" -j "$JOBS"
  mkdir -p "$BUILD_DIR/frames"
  "$BUILD_DIR/cli/modbuild" -C engine-modules watch --build-dir "$BUILD_DIR/engine-modules" -j "$JOBS" &
  local watch=$!
  trap 'kill $watch 2>/dev/null || true' EXIT
  log "the engine runs; edit engine-modules/ and save, or type a module command (modules, quit)"
  RENDER_RASTER_DIR="$BUILD_DIR/frames" "$BUILD_DIR/runtime/modbuild-launch" \
    "$BUILD_DIR/engine-modules/modules/engine.modules.json" -- 0 || true
}

run_tests() {
  configure_and_build "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMODBUILD_WARNINGS_AS_ERRORS=ON
  log "tests"
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS"

  configure_and_build "$BUILD_DIR-sanitize" -DCMAKE_BUILD_TYPE=Debug -DMODBUILD_SANITIZE=address,undefined \
    -DMODBUILD_BUILD_BENCHMARKS=OFF -DMODBUILD_WARNINGS_AS_ERRORS=ON
  # The tests of the CMake package (label cmake) build consumer projects: their
  # time goes to the compiler, and the modbuild code they run is run again,
  # sanitized, by the unit tests and by the runtime's engine tests.
  log "tests under AddressSanitizer and UndefinedBehaviorSanitizer (all but the CMake package's)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$BUILD_DIR-sanitize" --output-on-failure -j "$JOBS" -LE '^cmake$'

  if [ "$FUZZ_SECONDS" -gt 0 ]; then
    log "fuzzing each parser for ${FUZZ_SECONDS}s"
    fuzz/run.sh "$FUZZ_SECONDS"
  fi
}

case "${1:-}" in
  deps) install_missing_packages ;;
  run) install_missing_packages && run_main_job ;;
  live) install_missing_packages && run_live_loop ;;
  test) install_missing_packages && run_tests ;;
  *)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
