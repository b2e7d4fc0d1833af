#!/usr/bin/env bash
# Times version solving side by side: modbuild's PubGrub solver, libsolv
# (testsolv) and Cargo's resolver on the same generated universes, checks that
# all three find a valid solution, and prints the table docs/performance.md records.
#
#   bench/run_solvers.sh [KINDS...]        (default: a b c d; kinds in generate_universe.cpp)
#
# Environment: RUNS (hyperfine runs of a fast command, default 10), TIMEOUT
# (seconds one run may take before the tool is reported as "> TIMEOUT s",
# default 300), SEED (the universes' seed, default 1).
#
# Every command does its whole job end to end, output included: modbuild reads
# universe.txt and writes its selection, testsolv reads its testcase and
# prints the transaction, Cargo reads its local registry and writes Cargo.lock.
# A first run of each command (under `timeout`) decides how often to repeat
# it: RUNS times after a warmup when it takes under 2 s, 3 times under 20 s,
# and not again above that, the first run being the measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(a b c d)
runs=${RUNS:-10}
timeout_s=${TIMEOUT:-300}
seed=${SEED:-1}
out=build-bench/universes

for tool in testsolv:libsolv-tools hyperfine:hyperfine; do
  command -v "${tool%%:*}" > /dev/null || apt-get install -y "${tool#*:}" > /dev/null
done
# The toolchain's cargo itself, not rustup's proxy, whose start-up would count against Cargo.
cargo_bin=$(rustup which cargo 2> /dev/null || command -v cargo || true)
# A Cargo home of its own: another cargo holding the shared one's package-cache
# lock would make these runs wait.
export CARGO_HOME=$PWD/build-bench/cargo-home

cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DMODBUILD_BUILD_TESTS=OFF > /dev/null
cmake --build build-bench --target modbuild_generate_universe modbuild_solve_bench > /dev/null
solve=$PWD/build-bench/bench/modbuild_solve_bench

# Reads a hyperfine export: "<median seconds> <runs> <worst exit code>".
summary() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]
print(r["median"], len(r["times"]), max(r["exit_codes"], key=abs))' "$1"
}

# measure <kind> <tool> <command>: times the command, appends "<kind> <tool> <result>"
# to the results, where result is a median in seconds, ">T" or "failed".
measure() {
  local kind=$1 tool=$2 command=$3 json=$out/$1-$2.json median count code
  hyperfine --runs 1 --style none -i --export-json "$json" "timeout $timeout_s sh -c '$command'" > /dev/null 2>&1
  read -r median count code < <(summary "$json")
  if [ "$code" = 124 ]; then
    echo "$kind $tool >$timeout_s 1" >> "$results"
    return
  elif [ "$code" != 0 ]; then
    echo "$kind $tool failed 1" >> "$results"
    return
  fi
  if python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= 2)' "$median"; then
    hyperfine --warmup 1 --runs "$runs" --style none --export-json "$json" "$command" > /dev/null
  elif python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= 20)' "$median"; then
    hyperfine --runs 3 --style none --export-json "$json" "$command" > /dev/null
  fi
  read -r median count code < <(summary "$json")
  echo "$kind $tool $median $count" >> "$results"
}

# The tools' answers as sorted "name version" lines, the root left out.
testsolv_selection() {
  sed -n 's/^install \(.*\)-\([^-]*\)-1\.noarch@available$/\1 \2/p' "$1" | grep -v '^root ' | sort
}
cargo_selection() {
  # Only versions inside [[package]] tables: the top-level `version` is the lockfile format's.
  awk '/^\[\[package\]\]/ { name = "" } /^name = / { gsub(/"/, "", $3); name = $3 }
       /^version = / && name != "" { gsub(/"/, "", $3); print name, $3 }' "$1" |
    grep -v '^root ' | sort
}

# Other work on the machine slows every tool: the table reports the load it ran under.
load_before=$(cut -d' ' -f1 /proc/loadavg)
mkdir -p "$out"
results=$out/results.txt
: > "$results"
for kind in "${kinds[@]}"; do
  dir=$out/$kind
  echo "== universe $kind"
  build-bench/bench/modbuild_generate_universe "$kind" "$dir" --seed "$seed"

  measure "$kind" modbuild "$solve $PWD/$dir/universe.txt --selection $PWD/$dir/modbuild.sel > $PWD/$dir/modbuild.log"
  sed 's/^/modbuild: /' "$dir/modbuild.log"
  measure "$kind" testsolv "testsolv -r $PWD/$dir/testsolv/universe.t > $PWD/$dir/testsolv.out"
  if [ -n "$cargo_bin" ]; then
    # (d) overflows Cargo's 8 MiB main-thread stack; no limit lets it finish.
    measure "$kind" cargo "cd $PWD/$dir/cargo && rm -f Cargo.lock && ulimit -s unlimited && $cargo_bin generate-lockfile --offline -q"
  fi

  # Every answer must satisfy every dependency; where the answer is unique, all must agree.
  sort "$dir/modbuild.sel" > "$dir/modbuild.sorted" 2> /dev/null || : > "$dir/modbuild.sorted"
  testsolv_selection "$dir/testsolv.out" > "$dir/testsolv.sorted" 2> /dev/null || : > "$dir/testsolv.sorted"
  cargo_selection "$dir/cargo/Cargo.lock" > "$dir/cargo.sorted" 2> /dev/null || : > "$dir/cargo.sorted"
  for tool in modbuild testsolv cargo; do
    if grep -q '^problem' "$dir/testsolv.out" 2> /dev/null && [ $tool = testsolv ]; then
      echo "WARNING: testsolv found no solution for $kind"
    elif [ ! -s "$dir/$tool.sorted" ]; then
      echo "WARNING: no answer from $tool for $kind"
    else
      echo "$tool: $("$solve" "$dir/universe.txt" --verify "$dir/$tool.sorted" 2>&1)"
    fi
  done
  if grep -q '^# unique newest-first answer' "$dir/universe.txt"; then
    for tool in testsolv cargo; do
      [ -s "$dir/$tool.sorted" ] || continue
      if cmp -s "$dir/modbuild.sorted" "$dir/$tool.sorted"; then
        echo "$tool selects the same $(wc -l < "$dir/$tool.sorted") versions as modbuild"
      else
        echo "WARNING: $tool and modbuild select differently ($(diff "$dir/modbuild.sorted" "$dir/$tool.sorted" | grep -c '^[<>]') lines differ)"
      fi
    done
  else
    echo "WARNING: $kind has no unique newest-first answer; selections not compared"
  fi
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "tools: g++ $(g++ -dumpfullversion), libsolv-tools $(dpkg-query -W -f '${Version}' libsolv-tools 2> /dev/null)," \
  "$([ -n "$cargo_bin" ] && "$cargo_bin" --version | cut -d' ' -f1-2), $(hyperfine --version)"
echo "load average (1 min): $load_before at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
echo "command: RUNS=$runs TIMEOUT=$timeout_s SEED=$seed bench/run_solvers.sh ${kinds[*]}"
echo
python3 - "$results" "$timeout_s" << 'EOF'
import sys
rows = {}
for line in open(sys.argv[1]):
    kind, tool, value, count = line.split()
    rows.setdefault(kind, {})[tool] = (value, int(count))

def time_text(cell):
    if cell is None: return "n/a"
    value, count = cell
    if value == "failed": return "failed"
    if value.startswith(">"): return "> %s s" % value[1:]
    s = float(value)
    text = "%.1f ms" % (s * 1000) if s < 1 else ("%.2f s" % s if s < 10 else "%.0f s" % s)
    return text + (" (1 run)" if count == 1 else "")

def ratio_text(peer, ours):
    if peer is None or ours is None or "failed" in (peer[0], ours[0]): return "n/a"
    if peer[0].startswith(">") and ours[0].startswith(">"): return "?"
    if peer[0].startswith(">"): return "> %.3gx" % (float(peer[0][1:]) / float(ours[0]))
    if ours[0].startswith(">"): return "< %.3gx" % (float(peer[0]) / float(ours[0][1:]))
    return "%.3gx" % (float(peer[0]) / float(ours[0]))

names = {"a": "(a) 2,000 x 10 x 4", "b": "(b) 10,000 x 20 x 3", "c": "(c) conflict-heavy", "d": "(d) 100,000 chain"}
print("| universe | modbuild | testsolv | cargo | testsolv / modbuild | cargo / modbuild |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for kind, cells in rows.items():
    ours = cells.get("modbuild")
    print("| %s | %s | %s | %s | %s | %s |" % (names.get(kind, kind), time_text(ours), time_text(cells.get("testsolv")),
          time_text(cells.get("cargo")), ratio_text(cells.get("testsolv"), ours), ratio_text(cells.get("cargo"), ours)))
EOF
