# Editing a manifest after a successful build re-runs the configure step on
# the next build (the manifests are CMAKE_CONFIGURE_DEPENDS), and the
# generated code follows the manifests (they are in the generator's depfiles).
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

# A new member directory that a member pattern (apps/*) matches re-runs the
# configure too, and is built: the directories the patterns search are
# CMAKE_CONFIGURE_DEPENDS.
set(tool "${WORK}/source/modules/apps/tool")
file(WRITE "${tool}/src/main.cpp" "int main() { return 0; }\n")
file(WRITE "${tool}/module.toml" "[module]\nname = \"tool\"\nversion = \"0.1.0\"\nkind = \"app\"\n"
                                 "description = \"A second application\"\n\n[build]\ninclude = []\n"
                                 "output = \"executable\"\n")
run_ok(COMMAND "${CMAKE_COMMAND}" --build "${WORK}/build" OUTPUT_VARIABLE output)
expect_contains("${output}" "Re-running CMake")
expect_file("${WORK}/build/modules/tool")

# Bumping a Core module's version regenerates its contract, in the Core
# module's own bindings and in those of the system implementing it.
set(core_manifest "${WORK}/source/modules/core/greeting/module.toml")
file(READ "${core_manifest}" core_text)
string(REPLACE "version = \"1.0.0\"" "version = \"1.1.0\"" bumped "${core_text}")
file(WRITE "${core_manifest}" "${bumped}")
run_ok(COMMAND "${CMAKE_COMMAND}" --build "${WORK}/build")
foreach(header greeting/greeting_api.h greeting-en/greeting_api.h)
  file(READ "${WORK}/build/modbuild_gen/${header}" generated)
  expect_contains("${generated}" "kVersion = \"1.1.0\";")
endforeach()
file(READ "${WORK}/build/modules/greeting-1.1.0.api.json" schema)
expect_contains("${schema}" "\"version\": \"1.1.0\"")

# A data item added to the contract misspelt fails the next build at once, with
# modbuild's diagnostic, without any header being touched.
string(REPLACE "data = [\"Greeting\"]" "data = [\"Greeting\", \"Greetng\"]" misspelt "${bumped}")
file(WRITE "${core_manifest}" "${misspelt}")
run_fails(failure "${CMAKE_COMMAND}" --build "${WORK}/build")
expect_contains("${failure}" "MB5004")
expect_contains("${failure}" "Greetng")
