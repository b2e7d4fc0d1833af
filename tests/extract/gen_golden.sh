#!/usr/bin/env bash
# modbuild-gen's diagnostics on tests/workspaces/codegen, compared with
# golden/<case>/stderr and golden/<case>/status (paths of the source tree
# print as $SRC). MODBUILD_UPDATE_GOLDEN=1 rewrites the expectations.
#   gen_golden.sh <modbuild-gen> <source dir> <work dir>
set -uo pipefail
gen=$1 source=$2 work=$3
golden=$source/tests/extract/golden
rm -rf "$work" && mkdir -p "$work"
failed=0

run_case() {  # <name> <args...>
  local name=$1
  shift
  (cd "$source/tests" && NO_COLOR=1 "$gen" "$@" > /dev/null 2> "$work/$name.stderr")
  echo $? > "$work/$name.status"
  sed -i "s|$source|\$SRC|g; s|$work|\$WORK|g" "$work/$name.stderr"
  for kind in stderr status; do
    if [ "${MODBUILD_UPDATE_GOLDEN:-0}" = 1 ]; then
      mkdir -p "$golden/$name"
      cp "$work/$name.$kind" "$golden/$name/$kind"
    elif ! diff -u "$golden/$name/$kind" "$work/$name.$kind"; then
      failed=1
    fi
  done
}

run_case unsupported-and-broken -C workspaces/codegen -o "$work/out"
run_case one-module -C workspaces/codegen -o "$work/out" -m plain
run_case no-resource-dir -C workspaces/codegen -o "$work/out" --resource-dir /nonexistent/clang
run_case unknown-module -C workspaces/codegen -o "$work/out" -m shapez
# Flags after '--' replace the derived ones, also after -m.
run_case explicit-flags -C workspaces/codegen -o "$work/out" -m plain -- -std=c++20 -DPLAIN_EXTRA=1
exit $failed
