# Fails unless every diagnostic code in codes.def appears in at least one test
# (a unit test asserting it, or a golden expectation showing it), so that no
# code can be added without a test that triggers it.
#   cmake -DSOURCE_DIR=<repo> -P tests/every_code_is_tested.cmake
file(STRINGS "${SOURCE_DIR}/diagnostics/include/modbuild/diagnostics/codes.def" lines
     REGEX "^MODBUILD_DIAGNOSTIC\\(")
file(GLOB_RECURSE test_files
  "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*/stdout" "${SOURCE_DIR}/tests/*/stderr"
  "${SOURCE_DIR}/tests/*.txt" "${SOURCE_DIR}/tests/*.json")
set(corpus "")
foreach(file IN LISTS test_files)
  file(READ "${file}" text)
  string(APPEND corpus "${text}")
endforeach()
set(untested "")
foreach(line IN LISTS lines)
  string(REGEX MATCH "^MODBUILD_DIAGNOSTIC\\(([0-9]+)" unused "${line}")
  set(number "${CMAKE_MATCH_1}")
  string(LENGTH "${number}" digits)
  set(id "${number}")
  while(digits LESS 4)
    string(PREPEND id "0")
    math(EXPR digits "${digits} + 1")
  endwhile()
  string(FIND "${corpus}" "MB${id}" found)
  if(found EQUAL -1)
    list(APPEND untested "MB${id}")
  endif()
endforeach()
if(untested)
  message(FATAL_ERROR "diagnostic codes without a test that triggers them: ${untested}")
endif()
list(LENGTH lines count)
message(STATUS "all ${count} diagnostic codes appear in tests")
