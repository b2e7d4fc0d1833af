# `modbuild build` on the example engine, in WORK: the shared fixture of the
# engine tests. Its JSON summary goes to WORK/summary.json.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
fresh_directory("${WORK}")
execute_process(
  COMMAND "${MODBUILD}" -C "${ENGINE}" --format json build --build-dir "${WORK}/build" -j 2
  RESULT_VARIABLE status OUTPUT_FILE "${WORK}/summary.json" ERROR_VARIABLE progress)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "modbuild build exited with ${status}:\n${progress}")
endif()
# Progress is shown while building (on stderr in JSON mode).
expect_contains("${progress}" "Linking CXX shared library modules/libecs-1.2.0.so")
# modbuild-gen ran at build time for every module: the entry point the
# runtime loads it through, and for Core modules, systems and the physics
# plugin their tables, proxies and serializers.
foreach(module console console-stdio ecs ecs-sparse physics rendering render-ascii render-raster sandbox)
  expect_contains("${progress}" "Generating the bindings of ${module}\n")
endforeach()
expect_file("${WORK}/build/modbuild_gen/render-raster/render_raster_module.cpp")
expect_file("${WORK}/build/modbuild_gen/sandbox/sandbox_module.cpp")
# Each schema sits beside its library, where the runtime reads it.
expect_file("${WORK}/build/modules/ecs-1.2.0.api.json")
# The generator's depfiles hold: a second build runs nothing, not even it.
run_ok(COMMAND "${CMAKE_COMMAND}" --build "${WORK}/build" OUTPUT_VARIABLE again)
expect_contains("${again}" "no work to do")
read_json(summary "${WORK}/summary.json")
string(JSON built GET "${summary}" built)
string(JSON count LENGTH "${summary}" modules)
# The eight chosen modules and render-ascii, the alternate rendering backend.
if(NOT built OR NOT count EQUAL 9)
  message(FATAL_ERROR "expected 9 built modules:\n${summary}")
endif()
