# Installs modbuild from BUILD_DIR into a fresh PREFIX and checks the package's files.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
fresh_directory("${PREFIX}")
run_ok(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}")
foreach(file bin/modbuild bin/modbuild-gen bin/modbuild-launch include/modbuild/annotate.h include/modbuild/module_abi.h
             include/modbuild/module.h include/modbuild/state.h include/modbuild/runtime/runtime.h
             include/modbuild/runtime/index.h lib/libmodbuild_runtime.so lib/cmake/modbuild/modbuildConfig.cmake
             lib/cmake/modbuild/modbuildConfigVersion.cmake lib/cmake/modbuild/modbuildTargets.cmake
             lib/cmake/modbuild/Modbuild.cmake)
  expect_file("${PREFIX}/${file}")
endforeach()
# The installed launcher finds the runtime library beside it, in <prefix>/lib.
run_ok(COMMAND "${PREFIX}/bin/modbuild-launch" --help OUTPUT_VARIABLE help)
expect_contains("${help}" "usage: modbuild-launch <index>")
