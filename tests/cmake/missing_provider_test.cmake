# A workspace whose app requires a feature no module provides must stop the
# consumer's configure with modbuild's diagnostic, source excerpt included.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
fresh_directory("${WORK}")
run_fails(output "${CMAKE_COMMAND}" -S "${CONSUMER}" -B "${WORK}" -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX}
          "-DCMAKE_PREFIX_PATH=${PREFIX}" "-DWORKSPACE=${BROKEN_WORKSPACE}")
expect_contains("${output}" "error[MB3001]: feature 'audio.mixer' ^2.0 required by app is provided by no selected module")
expect_contains("${output}" "7 | \"audio.mixer\" = \"^2.0\"\n  | ^^^^^^^^^^^^^ required here")
expect_contains("${output}" "the modbuild workspace has errors (shown above)")
expect_contains("${output}" "CMakeLists.txt:40 (modbuild_workspace)")
expect_contains("${output}" "Configuring incomplete, errors occurred!")
if(EXISTS "${WORK}/build.ninja")
  message(FATAL_ERROR "a failed configure must not generate the build")
endif()
