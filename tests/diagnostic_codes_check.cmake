# Checks two promises about the diagnostic codes in codes.def:
#  - every code appears in at least one test (a unit test asserting it, or a
#    golden expectation showing it), so no code is added without a test that
#    triggers it;
#  - every code is listed in the index of docs/diagnostics.md.
#   cmake -DSOURCE_DIR=<repo> -P tests/diagnostic_codes_check.cmake
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
file(READ "${SOURCE_DIR}/docs/diagnostics.md" index)

set(untested "")
set(unindexed "")
foreach(line IN LISTS lines)
  string(REGEX MATCH "^MODBUILD_DIAGNOSTIC\\(([0-9]+)" unused "${line}")
  set(id "000${CMAKE_MATCH_1}")
  string(LENGTH "${id}" length)
  math(EXPR start "${length} - 4")
  string(SUBSTRING "${id}" ${start} 4 id)
  string(FIND "${corpus}" "MB${id}" found)
  if(found EQUAL -1)
    list(APPEND untested "MB${id}")
  endif()
  string(FIND "${index}" "[MB${id}](diagnostics/MB${id}.md)" listed)
  if(listed EQUAL -1)
    list(APPEND unindexed "MB${id}")
  endif()
endforeach()
if(untested)
  message(SEND_ERROR "diagnostic codes without a test that triggers them: ${untested}")
endif()
if(unindexed)
  message(SEND_ERROR "diagnostic codes missing from the index in docs/diagnostics.md: ${unindexed}")
endif()
list(LENGTH lines count)
message(STATUS "${count} diagnostic codes checked")
