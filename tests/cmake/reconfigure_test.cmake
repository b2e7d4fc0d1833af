# Editing a manifest after a successful build re-runs the configure step on
# the next build: the manifests are CMAKE_CONFIGURE_DEPENDS.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
fresh_directory("${WORK}")
file(COPY "${CONSUMER}/" DESTINATION "${WORK}/source")
run_ok(COMMAND "${CMAKE_COMMAND}" -S "${WORK}/source" -B "${WORK}/build" -G "${GENERATOR}"
               -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_PREFIX_PATH=${PREFIX}")
run_ok(COMMAND "${CMAKE_COMMAND}" --build "${WORK}/build")
expect_file("${WORK}/build/modules/libgreeting-en-1.0.0.so")

set(manifest "${WORK}/source/modules/systems/greeting-en/module.toml")
file(READ "${manifest}" text)
string(REPLACE "version = \"1.0.0\"" "version = \"1.1.0\"" text "${text}")
file(WRITE "${manifest}" "${text}")
run_ok(COMMAND "${CMAKE_COMMAND}" --build "${WORK}/build" OUTPUT_VARIABLE output)
expect_contains("${output}" "Re-running CMake")
expect_file("${WORK}/build/modules/libgreeting-en-1.1.0.so")
# The lockfile still says 1.0.0: a warning, shown through CMake, not an error.
expect_contains("${output}" "modbuild.lock")
