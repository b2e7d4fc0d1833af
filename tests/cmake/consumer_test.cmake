# Configures and builds the consumer project (CONSUMER) in WORK, through the
# installed package (PREFIX), through add_subdirectory (MODBUILD_SOURCE_DIR
# with the prebuilt MODBUILD_EXECUTABLE), or through FetchContent
# (MODBUILD_FETCH_SOURCE_DIR, nothing prebuilt: the project builds the
# configure-time tool and modbuild-gen itself), then runs what it built.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
fresh_directory("${WORK}")
set(configure "${CMAKE_COMMAND}" -S "${CONSUMER}" -B "${WORK}" -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX})
if(MODBUILD_FETCH_SOURCE_DIR)
  list(APPEND configure "-DMODBUILD_FETCH_SOURCE_DIR=${MODBUILD_FETCH_SOURCE_DIR}")
elseif(MODBUILD_SOURCE_DIR)
  # Prebuilt tools, so that the test does not build modbuild (and Clang's
  # generator) once more inside the consumer.
  list(APPEND configure "-DMODBUILD_SOURCE_DIR=${MODBUILD_SOURCE_DIR}" "-DMODBUILD_EXECUTABLE=${MODBUILD_EXECUTABLE}"
       "-DMODBUILD_GEN_EXECUTABLE=${MODBUILD_GEN_EXECUTABLE}")
else()
  list(APPEND configure "-DCMAKE_PREFIX_PATH=${PREFIX}")
endif()
run_ok(COMMAND ${configure} OUTPUT_VARIABLE output)
expect_contains("${output}" "modules in load order: greeting;greeting-en;hello")
run_ok(COMMAND "${CMAKE_COMMAND}" --build "${WORK}")
if(MODBUILD_FETCH_SOURCE_DIR)
  expect_contains("${output}" "Building the modbuild tool for configure-time checks (once)")
  expect_file("${WORK}/_modbuild_host/cli/modbuild")
  # The generator was built beside the tool, and modbuild's libraries were
  # not compiled a second time in the project's own build.
  expect_file("${WORK}/_modbuild_host/codegen/tool/modbuild-gen")
  if(EXISTS "${WORK}/_deps/modbuild-build/codegen/tool/modbuild-gen"
     OR EXISTS "${WORK}/_deps/modbuild-build/manifest/libmodbuild_manifest.a")
    message(FATAL_ERROR "the project built modbuild a second time in ${WORK}/_deps/modbuild-build")
  endif()
endif()

set(modules "${WORK}/modules")
# The project's own host loads the library modules from the index with the
# runtime and calls the system through the runtime's slot.
run_ok(COMMAND "${WORK}/runtime_host" "${modules}/greeter.modules.json" OUTPUT_VARIABLE hosted)
expect_contains("${hosted}" "hello, runtime\ngreeting 1.0.0 loaded\ngreeting-en 1.0.0 loaded\nhello 0.1.0 available\n")
run_ok(COMMAND "${modules}/hello" world OUTPUT_VARIABLE greeting)
expect_contains("${greeting}" "hello, world\nHELLO, WORLD\n")
foreach(file libgreeting-1.0.0.so libgreeting-en-1.0.0.so greeting-1.0.0.module.json greeting-en-1.0.0.module.json
             hello-0.1.0.module.json greeter.modules.json)
  expect_file("${modules}/${file}")
endforeach()

# The code generation hook added a generated source to each library module,
# and the package the system's generated entry point, which hello called.
run_ok(COMMAND nm -D --defined-only "${modules}/libgreeting-en-1.0.0.so" OUTPUT_VARIABLE symbols)
expect_contains("${symbols}" " T greeting_en_generated\n")
expect_contains("${symbols}" " T modbuild_module_greeting_en\n")

# The loader's view: the module index lists the modules in load order with
# their artifacts, and each module's own file says the same.
read_json(index "${modules}/greeter.modules.json")
string(JSON count LENGTH "${index}" modules)
if(NOT count EQUAL 3)
  message(FATAL_ERROR "expected 3 modules in the index:\n${index}")
endif()
string(JSON system GET "${index}" modules 1)
string(JSON name GET "${system}" name)
string(JSON artifact GET "${system}" artifact)
string(JSON provider_kind GET "${system}" kind)
string(JSON position GET "${system}" load_index)
if(NOT name STREQUAL "greeting-en" OR NOT artifact STREQUAL "libgreeting-en-1.0.0.so"
   OR NOT provider_kind STREQUAL "system" OR NOT position EQUAL 1)
  message(FATAL_ERROR "unexpected second module in the index:\n${system}")
endif()
read_json(own "${modules}/greeting-en-1.0.0.module.json")
string(JSON own_module GET "${own}" module)
string(JSON same EQUAL "${own_module}" "${system}")
if(NOT same)
  message(FATAL_ERROR "greeting-en-1.0.0.module.json differs from its index entry:\n${own}")
endif()
