# Project options. Tests and benchmarks default on only when modbuild is the
# top-level project, so that a consumer's add_subdirectory() builds just the tool.

option(MODBUILD_BUILD_TESTS "Build modbuild's test suite" ${PROJECT_IS_TOP_LEVEL})
option(MODBUILD_BUILD_BENCHMARKS "Build modbuild's benchmarks" ${PROJECT_IS_TOP_LEVEL})
option(MODBUILD_BUILD_FUZZERS "Build libFuzzer targets (needs clang)" OFF)
option(MODBUILD_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
set(MODBUILD_SANITIZE "" CACHE STRING
  "Comma-separated sanitizers for modbuild's own targets, e.g. address,undefined")
option(MODBUILD_TOML_HEADER_ONLY
  "Compile toml++ into modbuild instead of linking libtomlplusplus (fuzzing instruments it this way)" OFF)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
option(MODBUILD_INSTALL "Generate modbuild's install rules (the CMake package)" ${PROJECT_IS_TOP_LEVEL})
