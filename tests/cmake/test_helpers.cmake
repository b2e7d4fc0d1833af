# Helpers of the CMake package tests, which run as `cmake -P` scripts: real
# configures and builds in directories under the test build tree.
cmake_minimum_required(VERSION 3.25)

# Runs a command; fails the test unless it exits with 0. The combined output
# goes to <out_var> when given.
function(run_ok)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "OUTPUT_VARIABLE;WORKING_DIRECTORY" "COMMAND")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  execute_process(COMMAND ${arg_COMMAND} WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}"
                  RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT status EQUAL 0)
    list(JOIN arg_COMMAND " " shown)
    message(FATAL_ERROR "'${shown}' exited with ${status}:\n${output}")
  endif()
  if(arg_OUTPUT_VARIABLE)
    set(${arg_OUTPUT_VARIABLE} "${output}" PARENT_SCOPE)
  endif()
endfunction()

# Runs a command that must fail; its combined output goes to <out_var>.
function(run_fails out_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(status EQUAL 0)
    list(JOIN ARGN " " shown)
    message(FATAL_ERROR "'${shown}' succeeded but should have failed:\n${output}")
  endif()
  set(${out_var} "${output}" PARENT_SCOPE)
endfunction()

function(expect_contains text needle)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected the output to contain\n  ${needle}\nbut it is:\n${text}")
  endif()
endfunction()

function(expect_file path)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "expected '${path}' to exist")
  endif()
endfunction()

function(fresh_directory dir)
  file(REMOVE_RECURSE "${dir}")
  file(MAKE_DIRECTORY "${dir}")
endfunction()

# Reads a JSON document from a file into <out_var>.
function(read_json out_var path)
  expect_file("${path}")
  file(READ "${path}" text)
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()
