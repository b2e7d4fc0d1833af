# The built sandbox runs under modbuild-launch from the module index: the
# runtime loads every module from the build tree (copies of them), binds
# their slots, and runs the application module's frames; it renders its
# frames with render-raster, the backend the workspace chose for
# render.backend, which it calls only through the runtime's slot.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
set(frames "${WORK}/frames")
fresh_directory("${frames}")
run_ok(COMMAND "${CMAKE_COMMAND}" -E env "RENDER_RASTER_DIR=${frames}"
       "${LAUNCH}" "${WORK}/build/modules/engine.modules.json" -- 120
       OUTPUT_VARIABLE output)
expect_contains("${output}" "sandbox: 120 steps (2.00 s), 4 balls")
expect_contains("${output}" "3 of 3 frames shown")
foreach(frame 0000 0001 0002)
  expect_file("${frames}/sandbox-${frame}.ppm")
endforeach()
# Bad arguments reach the application, which refuses to load: the launcher
# says so and exits with 1.
execute_process(COMMAND "${LAUNCH}" "${WORK}/build/modules/engine.modules.json" -- lots
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 1)
  message(FATAL_ERROR "a refused application should exit with 1, not ${status}:\n${output}")
endif()
expect_contains("${output}" "usage: sandbox [steps] [--realtime]")
expect_contains("${output}" "rolled back the load: sandbox 0.1.0 refused to load in its on_load")
