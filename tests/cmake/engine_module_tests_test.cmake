# The example modules' own tests ([build] tests, default tests/*.cpp), built
# by the package as one program each and registered with CTest, all pass in
# the engine build: ecs's checks the World's generated state format, physics'
# the compile definitions of its enabled options.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
get_filename_component(cmake_bin "${CMAKE_COMMAND}" DIRECTORY)
run_ok(COMMAND "${cmake_bin}/ctest" --test-dir "${WORK}/build" --output-on-failure OUTPUT_VARIABLE output)
expect_contains("${output}" "100% tests passed, 0 tests failed out of 9")
foreach(test console.console_test console-stdio.console_stdio_test ecs.ecs_test ecs-sparse.ecs_sparse_test
             physics.physics_test rendering.rendering_test render-ascii.render_ascii_test render-raster.render_raster_test
             sandbox.sandbox_test)
  expect_contains("${output}" " ${test} ")
endforeach()
