#!/usr/bin/env bash
# modbuild-gen on tests/extract/glm (Core data of glm types), then the
# generated serializer and layout checks built by the real compiler and run
# (see glm_round_trip.cpp); and glm's default configuration refused with
# modbuild-gen's diagnostics.
#   glm_end_to_end.sh <modbuild-gen> <source dir> <work dir> <c++ compiler>
set -euo pipefail
gen=$1 source=$2 work=$3 cxx=$4
rm -rf "$work"
mkdir -p "$work"
fixture=$source/tests/extract/glm
includes=(-I"$fixture/spatial/include" -I"$source/codegen/runtime/include")
step() { printf '== %s\n' "$*"; }

step "GLM_FORCE_XYZW_ONLY: glm's vectors and quaternion are plain structs"
"$gen" -C "$fixture" -o "$work/gen" -- -std=c++20 -DGLM_FORCE_XYZW_ONLY "${includes[@]}"
grep -q '"qualified_name": "glm::vec<3, float, glm::packed_highp>"' "$work/gen/spatial/spatial.api.json" ||
  { echo "the schema lacks glm::vec3 as a nested struct"; exit 1; }

# The module itself may be built without GLM_FORCE_XYZW_ONLY: the layout and
# the names x, y, z, w are the same through glm's anonymous unions.
for definitions in -DGLM_FORCE_XYZW_ONLY ""; do
  configuration=${definitions:-"glm's default configuration"}
  step "g++ checks the layouts and round-trips the state ($configuration)"
  "$cxx" -std=c++20 -Wall -Wextra -Werror $definitions "${includes[@]}" -I"$work/gen/spatial" \
    "$source/tests/extract/glm_round_trip.cpp" -o "$work/round_trip"
  "$work/round_trip"
done

step "glm's default configuration: each anonymous union of a vector is refused"
status=0
NO_COLOR=1 "$gen" -C "$fixture" -o "$work/gen-default" -- -std=c++20 "${includes[@]}" 2> "$work/default.stderr" || status=$?
cat "$work/default.stderr"
[ "$status" -eq 1 ] || { echo "expected exit status 1, got $status"; exit 1; }
[ "$(grep -c 'error\[MB5002\]: the anonymous union of ' "$work/default.stderr")" -eq 7 ] ||
  { echo "expected one diagnostic per anonymous union of glm::vec3 and glm::vec4"; exit 1; }
grep -q "= note: $fixture/spatial/include/spatial/spatial.h:12:13: 'glm::vec<3, float, glm::packed_highp>' is serialized because of this field" \
  "$work/default.stderr" || { echo "the note at the field that reached glm::vec3 is missing"; exit 1; }
[ ! -e "$work/gen-default/spatial/spatial_state.h" ] || { echo "code was generated despite the errors"; exit 1; }
echo "glm end to end: ok"
