#!/usr/bin/env bash
# Edit-to-reloaded latency of `modbuild watch` against the bare build of the
# same change, side by side (docs/performance.md, "The live loop").
#
#   bench/run_watch.sh [ROUNDS]        (default: 7)
#
# Builds a Release tree of modbuild in build-bench/ (or uses BUILD_DIR), then
# a Debug build of a copy of engine-modules/ (the everyday edit loop), starts
# the sandbox under modbuild-launch, and for each round: with `modbuild watch`
# running, makes a one-line change to systems/ecs/src/ecs_sparse.cpp and
# times from the save to watch's report of the engine's reload; then, with
# watch stopped, makes the next one-line change and times a bare
# `cmake --build --target ecs-sparse`. Prints the medians and their difference.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
build=${BUILD_DIR:-build-bench}
if [ -z "${BUILD_DIR:-}" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMODBUILD_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$build" --target modbuild modbuild-gen modbuild-launch > /dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
cp -r engine-modules "$work/ws"
rm -rf "$work/ws/.modbuild"
"$build/cli/modbuild" -C "$work/ws" -q build --build-dir "$work/build" > /dev/null

python3 - "$build" "$work" "$rounds" <<'PY'
import os, signal, statistics, subprocess, sys, time
build, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
modbuild, launch = f"{build}/cli/modbuild", f"{build}/runtime/modbuild-launch"
index = f"{work}/build/modules/engine.modules.json"
source = f"{work}/ws/systems/ecs/src/ecs_sparse.cpp"
original = open(source).read()
line = "return world.slots.size() - world.free_slots.size();"
assert line in original
engine = subprocess.Popen([launch, index, "--", "0"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, env=dict(os.environ, RENDER_RASTER_DIR=work))
while not os.path.exists(f"{work}/build/modules/engine.sock"):
    time.sleep(0.05)
counter = 0
def save():
    """A one-line change, written as editors do."""
    global counter
    counter += 1
    with open(source + ".new", "w") as f:
        f.write(original.replace(line, line.replace(";", f" + {counter} - {counter};")))
    started = time.perf_counter()
    os.rename(source + ".new", source)
    return started
watched, bare, builds = [], [], []
def bare_build():
    save()
    started = time.perf_counter()
    subprocess.run(["cmake", "--build", f"{work}/build", "--target", "ecs-sparse"], check=True,
                   stdout=subprocess.DEVNULL)
    bare.append((time.perf_counter() - started) * 1000)
for round in range(rounds):
    # Alternate which goes first, so that neither gets the warmer caches.
    if round % 2 == 1:
        bare_build()
    watch = subprocess.Popen([modbuild, "-C", f"{work}/ws", "--format", "json", "watch", "--build-dir",
                              f"{work}/build"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    time.sleep(1.0)  # watching
    started = save()
    report = watch.stdout.readline()
    watched.append((time.perf_counter() - started) * 1000)
    import json
    cycle = json.loads(report)
    assert cycle["reload"] and cycle["reload"]["ok"], report
    builds.append(cycle["build_ms"])
    watch.send_signal(signal.SIGTERM)
    watch.wait()
    if round % 2 == 0:
        bare_build()
engine.send_signal(signal.SIGTERM)
engine.wait()
w, b = statistics.median(watched), statistics.median(bare)
print(f"save to reloaded through modbuild watch, {rounds} rounds: median {w:.0f} ms (its build step {statistics.median(builds):.0f} ms)")
print(f"bare cmake --build --target ecs-sparse of the same change: median {b:.0f} ms")
print(f"watch adds {w - b:.0f} ms ({w / b:.3f}x); beyond its own build step: median {statistics.median([x - y for x, y in zip(watched, builds)]):.0f} ms")
PY
