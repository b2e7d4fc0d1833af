# The built sandbox runs from the build tree (its modules found through
# $ORIGIN) and renders its frames with the render-raster backend, which the
# workspace chose for render.backend and the sandbox calls only through the
# generated table of its entry point.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
set(frames "${WORK}/frames")
fresh_directory("${frames}")
run_ok(COMMAND "${CMAKE_COMMAND}" -E env "RENDER_RASTER_DIR=${frames}" "${WORK}/build/modules/sandbox" 120
       OUTPUT_VARIABLE output)
expect_contains("${output}" "sandbox: 120 steps (2.00 s), 4 balls")
expect_contains("${output}" "3 of 3 frames shown by render-raster 2.1.0")
# Halfway, the world went through the serializers generated for ecs::World
# and came back unchanged (the sandbox compares the scene before and after).
expect_contains("${output}" "state: the world was saved (")
expect_contains("${output}" "bytes) and restored at step 60")
foreach(frame 0000 0001 0002)
  expect_file("${frames}/sandbox-${frame}.ppm")
endforeach()
