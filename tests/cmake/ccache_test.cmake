# `modbuild build` passes CMAKE_CXX_COMPILER_LAUNCHER through: with ccache as
# the launcher, a second build of the same workspace in a fresh build
# directory compiles nothing itself, every object comes from the cache.
include("${CMAKE_CURRENT_LIST_DIR}/test_helpers.cmake")
fresh_directory("${WORK}")
set(ENV{CCACHE_DIR} "${WORK}/cache")
# The usual settings for several build directories sharing one cache: paths
# under the base directory (the generated export headers' include
# directories, the generated bindings) are hashed relative to the build directory, and debug
# information does not tie entries to the directory they were built in.
set(ENV{CCACHE_BASEDIR} "${WORK}")
set(ENV{CCACHE_NOHASHDIR} "1")
foreach(round first second)
  run_ok(COMMAND "${CCACHE}" --zero-stats)
  run_ok(COMMAND "${MODBUILD}" -C "${WORKSPACE}" build --build-dir "${WORK}/${round}"
                 -D CMAKE_CXX_COMPILER_LAUNCHER=${CCACHE} OUTPUT_VARIABLE output)
  expect_contains("${output}" "through ${CCACHE}")
  run_ok(COMMAND "${CCACHE}" --print-stats OUTPUT_VARIABLE stats_${round})
endforeach()
# Three modules of one source each, and the generated entry points of the two
# library modules (the Core module and the system).
foreach(round first second)
  string(REGEX MATCH "direct_cache_hit\t([0-9]+)" _ "${stats_${round}}")
  set(direct_${round} "${CMAKE_MATCH_1}")
  string(REGEX MATCH "preprocessed_cache_hit\t([0-9]+)" _ "${stats_${round}}")
  math(EXPR hits_${round} "${direct_${round}} + ${CMAKE_MATCH_1}")
  string(REGEX MATCH "(^|\n)cache_miss\t([0-9]+)" _ "${stats_${round}}")
  set(misses_${round} "${CMAKE_MATCH_2}")
endforeach()
if(NOT misses_first EQUAL 5 OR NOT hits_first EQUAL 0)
  message(FATAL_ERROR "the first build should miss 5 times:\n${stats_first}")
endif()
if(NOT hits_second EQUAL 5 OR NOT misses_second EQUAL 0)
  message(FATAL_ERROR "the second build should hit 5 times:\n${stats_second}")
endif()

# --target builds and shows one module and what it needs; an unknown module
# is a usage error (exit status 2) that lists the modules.
run_ok(COMMAND "${MODBUILD}" -C "${WORKSPACE}" build --build-dir "${WORK}/second" --target greeting-en
       OUTPUT_VARIABLE output)
expect_contains("${output}" "ok: 2 modules built")
execute_process(COMMAND "${MODBUILD}" -C "${WORKSPACE}" build --build-dir "${WORK}/second" --target nope
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 2)
  message(FATAL_ERROR "an unknown --target should exit with 2, not ${status}:\n${output}")
endif()
expect_contains("${output}" "error: the workspace builds no module 'nope'; its modules are: greeting, greeting-en, hello")
