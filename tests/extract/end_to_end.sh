#!/usr/bin/env bash
# modbuild-gen on a copy of engine-modules/, then the generated code built by
# the real compiler and run (see end_to_end_host.cpp).
#   end_to_end.sh <modbuild-gen> <source dir> <work dir> <c++ compiler> <modbuild>
set -euo pipefail
gen=$1 source=$2 work=$3 cxx=$4 modbuild=$5
rm -rf "$work"
mkdir -p "$work"
cp -r "$source/engine-modules" "$work/ws"
runtime=$source/codegen/runtime/include
step() { printf '== %s\n' "$*"; }

step "generating twice: the second run changes nothing, a fresh run is byte-identical"
"$gen" -C "$work/ws" -o "$work/gen"
sums() { (cd "$1" && find . -type f ! -name '*.d' | sort | xargs sha256sum); }
before=$(sums "$work/gen")
second=$("$gen" -C "$work/ws" -o "$work/gen")
echo "$second"
[[ $second == *"(0 files changed)"* ]] || { echo "the second run rewrote files"; exit 1; }
[ "$before" = "$(sums "$work/gen")" ] || { echo "the second run changed the output"; exit 1; }
"$gen" -C "$work/ws" -o "$work/gen-again" -q
diff -r -x '*.d' "$work/gen" "$work/gen-again"
if grep -rq '"file": "/' "$work/gen" --include='*.api.json'; then echo "a schema holds an absolute path"; exit 1; fi
grep -q '"file": "src/ecs_sparse.cpp"' "$work/gen/ecs-sparse/ecs-sparse.api.json" || { echo "the system's definitions are missing"; exit 1; }
grep -q "core/ecs/include/ecs/ecs.h" "$work/gen/ecs/ecs.d" || { echo "the depfile lacks the API header"; exit 1; }
grep -q "bits/stl_vector.h" "$work/gen/ecs/ecs.d" || { echo "the depfile lacks transitive headers"; exit 1; }
# Every dependency must exist, or a build tool would rerun the generator forever.
sed -n 's/^  \(.*[^\\]\)\( \\\)\{0,1\}$/\1/p' "$work/gen/ecs/ecs.d" | while read -r dep; do
  [ -e "$dep" ] || { echo "the depfile names a missing file: $dep"; exit 1; }
done

step "publishing ecs 1.2.0 to a registry publishes its API schema with it"
"$modbuild" -C "$work/ws" --color never publish ecs --registry "$work/registry" --api-schemas "$work/gen" | tee "$work/publish.log"
grep -q "published its API schema to $work/registry/api/ecs/1.2.0.api.json" "$work/publish.log"
cmp "$work/gen/ecs/ecs.api.json" "$work/registry/api/ecs/1.2.0.api.json"

# The export headers the CMake package generates for each module.
mkdir -p "$work/export"
for module in ecs rendering console; do
  macro=$(echo "$module" | tr a-z A-Z)
  printf '#pragma once\n#define %s_EXPORT __attribute__((visibility("default")))\n' "$macro" > "$work/export/${module}_export.h"
done

flags=(-std=c++20 -Wall -Wextra -Werror -fPIC -fvisibility=hidden -I"$runtime" -I"$work/export")
system_library() {  # <output> <core module> <gen dir> <sources...>
  local output=$1 core=$2 gen_dir=$3
  shift 3
  "$cxx" "${flags[@]}" -shared -I"$work/ws/core/$core/include" -I"$gen_dir" "$@" -o "$output"
}

step "building the systems with their generated tables"
system_library "$work/libecs-sparse.so" ecs "$work/gen/ecs-sparse" "$work/ws/systems/ecs/src/"*.cpp "$work/gen/ecs-sparse/ecs_sparse_module.cpp"
system_library "$work/librender-raster.so" rendering "$work/gen/render-raster" "$work/ws/systems/render-raster/src/"*.cpp "$work/gen/render-raster/render_raster_module.cpp"
system_library "$work/librender-ascii.so" rendering "$work/gen/render-ascii" "$work/ws/systems/render-ascii/src/"*.cpp "$work/gen/render-ascii/render_ascii_module.cpp"

step "a field added to a Core struct: g++ refuses the old static_asserts, the host refuses the new module"
sed -i 's/^  double y = 0.0;$/  double y = 0.0;\n  double z = 0.0;/' "$work/ws/core/ecs/include/ecs/ecs.h"
grep -q "double z" "$work/ws/core/ecs/include/ecs/ecs.h"
printf '#include "ecs_state.h"\n' > "$work/stale.cpp"
if "$cxx" "${flags[@]}" -fsyntax-only -I"$work/ws/core/ecs/include" -I"$work/gen/ecs" "$work/stale.cpp" 2> "$work/stale.log"; then
  echo "the stale layout checks compiled"; exit 1
fi
grep -q "the size of 'ecs::Transform' differs from the API schema" "$work/stale.log"
"$gen" -C "$work/ws" -o "$work/gen-changed" -q

step "modbuild check --api-baseline: the changed field without a major bump is an error naming it"
"$modbuild" -C "$work/ws" --color never check --api-schemas "$work/gen" > /dev/null
if "$modbuild" -C "$work/ws" --color never check --api-schemas "$work/gen-changed" --api-baseline "$work/gen" 2> "$work/semver.log"; then
  echo "the API change passed the check"; exit 1
fi
cat "$work/semver.log"
grep -q "error\[MB5007\]: field 'z' was added to 'ecs::Transform', changing its layout, but 'ecs' goes from 1.2.0 to 1.2.0" "$work/semver.log"
# The same against the registry: its newest published version up to 1.2.0 is 1.2.0.
if "$modbuild" -C "$work/ws" --color never check --api-schemas "$work/gen-changed" --api-baseline "$work/registry" 2> "$work/semver-registry.log"; then
  echo "the API change passed the check against the registry"; exit 1
fi
grep -q "error\[MB5007\]: field 'z' was added to 'ecs::Transform', changing its layout, but 'ecs' goes from 1.2.0 to 1.2.0" "$work/semver-registry.log"
sed -i 's/^version = "1.2.0"$/version = "2.0.0"/' "$work/ws/core/ecs/module.toml"
# (The systems' requirements on ecs ^1.2 now fail to resolve; only MB5007 matters here.)
"$modbuild" -C "$work/ws" --color never check --api-schemas "$work/gen-changed" --api-baseline "$work/gen" 2> "$work/semver-major.log" || true
if grep -q "MB5007" "$work/semver-major.log"; then echo "a major bump still fails the API check"; exit 1; fi
# A stale schema is never published: gen-changed's schema says 1.2.0, the member is now 2.0.0.
if "$modbuild" -C "$work/ws" --color never publish ecs --registry "$work/registry" --api-schemas "$work/gen-changed" 2> "$work/stale-publish.log"; then
  echo "a stale API schema was published"; exit 1
fi
grep -q "is of ecs 1.2.0, not 2.0.0: run \`modbuild gen\` again" "$work/stale-publish.log"
if grep -q '"2.0.0"' "$work/registry/ecs.toml" || [ -e "$work/registry/api/ecs/2.0.0.api.json" ]; then
  echo "a refused publish wrote to the registry"; exit 1
fi
system_library "$work/libecs-sparse-changed.so" ecs "$work/gen-changed/ecs-sparse" "$work/ws/systems/ecs/src/"*.cpp "$work/gen-changed/ecs-sparse/ecs_sparse_module.cpp"

step "the host binds, calls and reloads through the generated code"
"$cxx" "${flags[@]}" -I"$source/engine-modules/core/ecs/include" -I"$source/engine-modules/core/rendering/include" \
  -I"$work/gen/ecs" -I"$work/gen/rendering" "$source/tests/extract/end_to_end_host.cpp" -ldl -o "$work/host"
"$work/host" "$work/libecs-sparse.so" "$work/librender-raster.so" "$work/librender-ascii.so" "$work/libecs-sparse-changed.so"
