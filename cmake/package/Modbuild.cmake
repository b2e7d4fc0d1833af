# Modbuild.cmake: build the modules of a modbuild workspace from CMake.
#
# Loaded by find_package(modbuild), by add_subdirectory() of modbuild's source
# tree, and by the project `modbuild build` generates; docs/cmake.md is the
# reference.
#
#   modbuild_workspace(<dir>
#                      [LOCKED] [DENY_WARNINGS] [NO_CODEGEN] [NO_ALTERNATES]
#                      [TARGET_PREFIX <prefix>]
#                      [OUTPUT_DIRECTORY <dir>]
#                      [MODULE_CALLBACK <function>]
#                      [MODULES_VARIABLE <variable>])
#
# At configure time runs `modbuild plan` on the workspace in <dir> (the checks
# of `modbuild check`, honouring modbuild.lock), shows its diagnostics and
# stops the configure on errors; makes every manifest and the lockfile
# re-run the configure when they change; then defines one target per module,
# in load order, with the alias modbuild::<module>, and writes the module
# metadata and the module index the engine's runtime reads. A module built as
# a library links no other module: it gets their headers and generated code,
# and calls them through the tables the runtime binds. Every implementation
# of a chosen Core contract is built (the unchosen ones as alternates an
# engine can swap to) unless NO_ALTERNATES. With BUILD_TESTING on, adds one
# test program per file of each module's [build] tests (add_test()). Unless
# NO_CODEGEN, runs modbuild-gen at build time for every library module: the
# table type, proxies, state serializers and layout checks of a Core module
# or a plugin with API headers (on its public include path), and every
# module's entry point.
#
#   modbuild_gen_bindings(<module> TARGET <target> WORKSPACE <dir>
#                         [CONTRACT <core module> | ENTRY_ONLY] [OUTPUT_DIRECTORY <dir>]
#                         [GENERATOR <modbuild-gen>] [FLAGS_FROM <target>])
#
# The code generation modbuild_workspace() does, for one module of a target
# of your own: a custom command with the depfile modbuild-gen writes.
#
#   modbuild_module_generated_sources(<module>
#                                     OUTPUT <file>... COMMAND <command> [<arg>...]
#                                     [DEPENDS <file>...] [COMMENT <text>])
#
# Adds sources generated at build time to a module's target (a custom
# command whose outputs are compiled into the module).
#
#   modbuild_module_target(<module> <variable>)
#
# Sets <variable> to the name of the target that builds <module>.

include_guard(GLOBAL)

# The modbuild executable that runs at configure time: MODBUILD_EXECUTABLE
# when set (the installed package sets it), else one built from the source
# tree that was add_subdirectory()'d or fetched, built once into the build
# directory (see docs/cmake.md: a configure step cannot use a target that
# the build has not built yet).
function(_modbuild_executable out)
  if(MODBUILD_EXECUTABLE)
    if(NOT EXISTS "${MODBUILD_EXECUTABLE}")
      message(FATAL_ERROR "MODBUILD_EXECUTABLE is '${MODBUILD_EXECUTABLE}', which does not exist")
    endif()
    set(${out} "${MODBUILD_EXECUTABLE}" PARENT_SCOPE)
    return()
  endif()
  get_property(source_dir GLOBAL PROPERTY MODBUILD_SOURCE_DIR)
  if(NOT source_dir)
    message(FATAL_ERROR "modbuild_workspace() needs the modbuild executable: set MODBUILD_EXECUTABLE, "
                        "use find_package(modbuild), or add modbuild's sources with add_subdirectory()")
  endif()
  _modbuild_build_host_tool("${source_dir}" executable)
  set(${out} "${executable}" PARENT_SCOPE)
endfunction()

function(_modbuild_build_host_tool source_dir out)
  set(host_dir "${CMAKE_BINARY_DIR}/_modbuild_host")
  if(NOT EXISTS "${host_dir}/CMakeCache.txt")
    message(STATUS "Building the modbuild tool for configure-time checks (once) in ${host_dir}")
    execute_process(
      COMMAND "${CMAKE_COMMAND}" -S "${source_dir}" -B "${host_dir}" -G "${CMAKE_GENERATOR}"
              -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
              -DMODBUILD_BUILD_TESTS=OFF -DMODBUILD_BUILD_BENCHMARKS=OFF -DMODBUILD_BUILD_FUZZERS=OFF
              -DMODBUILD_INSTALL=OFF
      RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "configuring the modbuild tool in ${host_dir} failed:\n${output}")
    endif()
  endif()
  # The generator comes from the same tree: built beside the tool, modbuild's
  # libraries are compiled once, not a second time in the project's build.
  set(targets modbuild)
  file(STRINGS "${host_dir}/CMakeCache.txt" codegen REGEX "^MODBUILD_BUILD_CODEGEN:BOOL=ON$")
  if(codegen)
    list(APPEND targets modbuild-gen)
  endif()
  # Every configure: a no-op unless modbuild's sources changed.
  execute_process(
    COMMAND "${CMAKE_COMMAND}" --build "${host_dir}" --target ${targets}
    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "building the modbuild tool in ${host_dir} failed:\n${output}")
  endif()
  if(codegen AND NOT TARGET _modbuild_host_generator)
    set(generator "${host_dir}/codegen/tool/modbuild-gen")
    set_property(GLOBAL PROPERTY _MODBUILD_HOST_GENERATOR "${generator}")
    # Every build brings the generator up to date with modbuild's sources, as
    # each configure does the tool (ExternalProject's build step, without the
    # rest of it).
    add_custom_target(_modbuild_host_generator
      COMMAND "${CMAKE_COMMAND}" --build "${host_dir}" --target modbuild-gen
      BYPRODUCTS "${generator}"
      COMMENT "Bringing modbuild-gen up to date in ${host_dir}"
      VERBATIM)
  endif()
  set(${out} "${host_dir}/cli/modbuild" PARENT_SCOPE)
endfunction()

# Runs `modbuild plan`, shows what it says and stops on errors. Diagnostics
# go out through message(NOTICE) unchanged: the other modes re-wrap lines,
# which would break the source excerpts and their carets.
function(_modbuild_run_plan executable dir plan_file flags)
  # Paths in diagnostics are shown relative to the working directory: the
  # project's source directory, as compilers show them in a build.
  execute_process(
    COMMAND "${executable}" -C "${dir}" --color never plan --cmake "${plan_file}" ${flags}
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE diagnostics)
  string(STRIP "${diagnostics}" diagnostics)
  if(diagnostics)
    message(NOTICE "${diagnostics}")
  endif()
  if(status EQUAL 0)
    return()
  elseif(status EQUAL 1)
    # Short: CMake re-wraps this message, and the diagnostics above say it all.
    message(FATAL_ERROR "the modbuild workspace has errors (shown above)")
  else()
    message(FATAL_ERROR "modbuild: 'modbuild plan' failed with exit status ${status} on ${dir}")
  endif()
endfunction()

function(modbuild_module_target module out)
  get_property(target GLOBAL PROPERTY "MODBUILD_TARGET_OF_${module}")
  if(NOT target)
    message(FATAL_ERROR "modbuild: no module '${module}' was defined by modbuild_workspace()")
  endif()
  set(${out} "${target}" PARENT_SCOPE)
endfunction()

function(modbuild_module_generated_sources module)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "COMMENT" "OUTPUT;COMMAND;DEPENDS")
  if(NOT arg_OUTPUT OR NOT arg_COMMAND)
    message(FATAL_ERROR "modbuild_module_generated_sources(${module}) needs OUTPUT and COMMAND")
  endif()
  modbuild_module_target("${module}" target)
  if(NOT arg_COMMENT)
    set(arg_COMMENT "Generating sources of module ${module}")
  endif()
  add_custom_command(OUTPUT ${arg_OUTPUT} COMMAND ${arg_COMMAND} DEPENDS ${arg_DEPENDS}
                     COMMENT "${arg_COMMENT}" VERBATIM)
  target_sources(${target} PRIVATE ${arg_OUTPUT})
endfunction()

# The target's type, name on disk and hot-reload settings. Beside it, the
# INTERFACE target <target>.usage carries what a dependent needs of the
# module (include directories, generated headers, the C++ standard) without
# a link to its library.
function(_modbuild_declare_target module target prefix output_dir)
  set(plan "MODBUILD_PLAN_${module}")
  set(version "${${plan}_VERSION}")
  if(${plan}_OUTPUT STREQUAL "executable")
    add_executable(${target})
    add_executable(modbuild::${module} ALIAS ${target})
    set_target_properties(${target} PROPERTIES OUTPUT_NAME "${module}")
  else()
    string(TOUPPER "${${plan}_OUTPUT}" type)
    add_library(${target} ${type})
    add_library(modbuild::${module} ALIAS ${target})
    set_target_properties(${target} PROPERTIES OUTPUT_NAME "${module}-${version}")
    if(type STREQUAL "SHARED" AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
      # A module must link everything it calls: an undefined symbol means a
      # call that should go through another module's table, better found
      # now than at load time.
      target_link_options(${target} PRIVATE LINKER:--no-undefined)
    endif()
  endif()
  add_library(${target}.usage INTERFACE)
  target_compile_features(${target}.usage INTERFACE cxx_std_20)
  target_link_libraries(${target} PUBLIC ${target}.usage)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    CXX_EXTENSIONS OFF
    LIBRARY_OUTPUT_DIRECTORY "${output_dir}"
    RUNTIME_OUTPUT_DIRECTORY "${output_dir}"
    # Modules find each other next to themselves, wherever the directory goes.
    BUILD_RPATH_USE_ORIGIN ON
    BUILD_RPATH "$ORIGIN"
    INSTALL_RPATH "$ORIGIN"
    MODBUILD_MODULE "${module}"
    MODBUILD_MODULE_VERSION "${version}"
    MODBUILD_MODULE_KIND "${${plan}_KIND}"
    MODBUILD_MODULE_DIRECTORY "${${plan}_DIRECTORY}"
    MODBUILD_API_HEADERS "${${plan}_API_HEADERS}")
  # Without it GCC marks inline and template statics STB_GNU_UNIQUE, and
  # dlclose() then cannot unload the module: a hot reload keeps the old code.
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
endfunction()

# Sources, headers, relations and options from the plan. An executable links
# the modules it needs, as any program does. A library module is loaded by
# the engine's runtime, which copies it before loading (so that the build
# can rewrite it) and replaces it while the engine runs: it must not pull in
# other modules through the dynamic linker, so it only gets their usage
# (headers and generated code) and builds after them.
function(_modbuild_wire_target module target prefix)
  set(plan "MODBUILD_PLAN_${module}")
  target_sources(${target} PRIVATE ${${plan}_SOURCES})
  target_include_directories(${target}.usage INTERFACE ${${plan}_INCLUDE_DIRS})
  target_compile_definitions(${target} PRIVATE ${${plan}_DEFINITIONS})
  list(TRANSFORM ${plan}_PUBLIC_LINKS PREPEND "${prefix}" OUTPUT_VARIABLE public_links)
  list(TRANSFORM ${plan}_PRIVATE_LINKS PREPEND "${prefix}" OUTPUT_VARIABLE private_links)
  if(${plan}_OUTPUT STREQUAL "executable")
    target_link_libraries(${target} PUBLIC ${public_links} PRIVATE ${private_links})
  else()
    list(TRANSFORM public_links APPEND ".usage" OUTPUT_VARIABLE public_usage)
    list(TRANSFORM private_links APPEND ".usage" OUTPUT_VARIABLE private_usage)
    target_link_libraries(${target}.usage INTERFACE ${public_usage})
    target_link_libraries(${target} PRIVATE ${private_usage})
    if(public_links OR private_links)
      add_dependencies(${target} ${public_links} ${private_links})
    endif()
    _modbuild_write_export_header(${module} ${target})
  endif()
endfunction()

# <module>_export.h with <MODULE>_EXPORT, e.g. ecs_sparse_export.h and
# ECS_SPARSE_EXPORT: the macros GenerateExportHeader defines (_EXPORT,
# _NO_EXPORT, _DEPRECATED, _DEPRECATED_EXPORT, _DEPRECATED_NO_EXPORT), written
# from one template. GenerateExportHeader re-checks the compiler's visibility
# flags for every target, which made it most of the configure time of a
# large workspace; the macros need no check on the compilers modules target.
function(_modbuild_write_export_header module target)
  string(MAKE_C_IDENTIFIER "${module}" identifier)
  string(TOUPPER "${identifier}" base)
  # What CMake defines while building a shared library (DEFINE_SYMBOL).
  string(MAKE_C_IDENTIFIER "${target}_EXPORTS" building)
  set(include_dir "${CMAKE_CURRENT_BINARY_DIR}/modbuild_export/${module}")
  file(CONFIGURE OUTPUT "${include_dir}/${identifier}_export.h" @ONLY CONTENT [==[
/* The export macros of module @module@, written by modbuild's CMake package. */
#ifndef @base@_EXPORT_H
#define @base@_EXPORT_H

#if defined(_WIN32) || defined(__CYGWIN__)
#  ifdef @building@
#    define @base@_EXPORT __declspec(dllexport)
#  else
#    define @base@_EXPORT __declspec(dllimport)
#  endif
#  define @base@_NO_EXPORT
#  define @base@_DEPRECATED __declspec(deprecated)
#else
#  define @base@_EXPORT __attribute__((visibility("default")))
#  define @base@_NO_EXPORT __attribute__((visibility("hidden")))
#  define @base@_DEPRECATED __attribute__((__deprecated__))
#endif
#define @base@_DEPRECATED_EXPORT @base@_EXPORT @base@_DEPRECATED
#define @base@_DEPRECATED_NO_EXPORT @base@_NO_EXPORT @base@_DEPRECATED

#endif
]==])
  target_include_directories(${target}.usage INTERFACE "${include_dir}")
endfunction()

# The code generator: MODBUILD_GEN_EXECUTABLE (`modbuild build` sets it),
# else the installed package's, else the one built beside the configure-time
# tool, else the one this project builds (modbuild add_subdirectory()'d);
# empty when modbuild was built without Clang.
function(_modbuild_generator out)
  get_property(host_generator GLOBAL PROPERTY _MODBUILD_HOST_GENERATOR)
  if(MODBUILD_GEN_EXECUTABLE)
    set(${out} "${MODBUILD_GEN_EXECUTABLE}" PARENT_SCOPE)
  elseif(TARGET modbuild::modbuild-gen)
    set(${out} modbuild::modbuild-gen PARENT_SCOPE)
  elseif(host_generator)
    set(${out} "${host_generator}" PARENT_SCOPE)
  elseif(TARGET modbuild-gen)
    set(${out} modbuild-gen PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# The module ABI headers generated code includes (modbuild/module_abi.h,
# modbuild/module.h, modbuild/state.h), as a target to link.
function(_modbuild_abi_target out)
  if(TARGET modbuild::abi)
    set(${out} modbuild::abi PARENT_SCOPE)
    return()
  endif()
  if(NOT MODBUILD_RUNTIME_INCLUDE_DIR OR NOT EXISTS "${MODBUILD_RUNTIME_INCLUDE_DIR}/modbuild/module_abi.h")
    message(FATAL_ERROR "modbuild: the generated bindings need modbuild's module ABI headers: set "
                        "MODBUILD_RUNTIME_INCLUDE_DIR to the directory holding modbuild/module_abi.h")
  endif()
  if(NOT TARGET _modbuild_abi)
    add_library(_modbuild_abi INTERFACE)
    target_include_directories(_modbuild_abi INTERFACE "${MODBUILD_RUNTIME_INCLUDE_DIR}")
  endif()
  set(${out} _modbuild_abi PARENT_SCOPE)
endfunction()

function(modbuild_gen_bindings module)
  cmake_parse_arguments(PARSE_ARGV 1 arg "ENTRY_ONLY" "TARGET;WORKSPACE;CONTRACT;OUTPUT_DIRECTORY;GENERATOR;FLAGS_FROM" "")
  if(NOT arg_TARGET OR NOT arg_WORKSPACE)
    message(FATAL_ERROR "modbuild_gen_bindings(${module}) needs TARGET and WORKSPACE")
  endif()
  if(arg_CONTRACT AND arg_ENTRY_ONLY)
    message(FATAL_ERROR "modbuild_gen_bindings(${module}): CONTRACT and ENTRY_ONLY exclude each other")
  endif()
  if(NOT arg_OUTPUT_DIRECTORY)
    set(arg_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/modbuild-gen)
  endif()
  if(NOT arg_GENERATOR)
    _modbuild_generator(arg_GENERATOR)
    if(NOT arg_GENERATOR)
      message(FATAL_ERROR "modbuild_gen_bindings(${module}): modbuild-gen was not found; install modbuild "
                          "built with Clang (libclang-14-dev), or set MODBUILD_GEN_EXECUTABLE")
    endif()
  endif()
  if(NOT arg_FLAGS_FROM)
    set(arg_FLAGS_FROM ${arg_TARGET})
  endif()
  set(contract ${module})
  if(arg_CONTRACT)
    set(contract ${arg_CONTRACT})
  endif()
  string(MAKE_C_IDENTIFIER "${module}" module_ident)
  string(MAKE_C_IDENTIFIER "${contract}" contract_ident)
  set(dir ${arg_OUTPUT_DIRECTORY}/${module})
  if(arg_ENTRY_ONLY)
    set(outputs ${dir}/${module_ident}_module.cpp)
  else()
    set(outputs ${dir}/${module}.api.json ${dir}/${contract_ident}_api.h ${dir}/${contract_ident}_state.h
                ${dir}/${module_ident}_module.cpp)
  endif()
  # Without the empty items that conditional usage requirements leave
  # (nlohmann_json's, for one), which would become bare -I and -D flags.
  set(includes "$<FILTER:$<TARGET_PROPERTY:${arg_FLAGS_FROM},INCLUDE_DIRECTORIES>,EXCLUDE,^$>")
  set(definitions "$<FILTER:$<TARGET_PROPERTY:${arg_FLAGS_FROM},COMPILE_DEFINITIONS>,EXCLUDE,^$>")
  # A new generator (an upgrade of modbuild, a change of its templates)
  # generates again: COMMAND alone orders the build but adds no dependency.
  if(TARGET ${arg_GENERATOR})
    set(generator_file "$<TARGET_FILE:${arg_GENERATOR}>")
  else()
    set(generator_file "${arg_GENERATOR}")
  endif()
  get_property(host_generator GLOBAL PROPERTY _MODBUILD_HOST_GENERATOR)
  if(arg_GENERATOR STREQUAL host_generator)
    add_dependencies(${arg_TARGET} _modbuild_host_generator)
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    DEPENDS "${generator_file}"
    COMMAND ${arg_GENERATOR} -q -C ${arg_WORKSPACE} -o ${arg_OUTPUT_DIRECTORY} -m ${module} --depfile ${dir}/${module}.d
            -- -std=c++20 "$<$<BOOL:${includes}>:-I$<JOIN:${includes},;-I>>" "$<$<BOOL:${definitions}>:-D$<JOIN:${definitions},;-D>>"
    DEPFILE ${dir}/${module}.d
    COMMENT "Generating the bindings of ${module}"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  _modbuild_abi_target(abi)
  # What dependents need goes on the module's usage target when it has one
  # (modbuild_workspace() defines them), else on the target itself.
  set(usage ${arg_TARGET})
  set(visibility PUBLIC)
  if(TARGET ${arg_TARGET}.usage)
    set(usage ${arg_TARGET}.usage)
    set(visibility INTERFACE)
  endif()
  target_link_libraries(${usage} ${visibility} ${abi})
  if(arg_CONTRACT OR arg_ENTRY_ONLY)
    # A system's table and entry point, or a module's entry point alone, are
    # compiled into it; its copy of the contract's headers stays inside.
    target_include_directories(${arg_TARGET} PRIVATE ${dir})
  else()
    # A Core module or a plugin with an API: its table type, proxies and
    # serializers are for the modules and hosts that use it.
    target_include_directories(${usage} ${visibility} ${dir})
  endif()
  target_sources(${arg_TARGET} PRIVATE ${outputs})
endfunction()

# Every library module gets its generated entry point, so that the runtime
# can load it: a Core module or a plugin with API headers also gets its
# table type, proxies and serializers, a system the table of the contract it
# implements. A module's API schema goes next to its library, where the
# runtime reads it to name the fields that differ when it refuses a module.
function(_modbuild_attach_bindings module target workspace_dir output_dir)
  set(plan "MODBUILD_PLAN_${module}")
  if(${plan}_OUTPUT STREQUAL "executable")
    return()
  endif()
  set(contract "${${plan}_IMPLEMENTS}")
  set(mode_args ENTRY_ONLY)
  if((${plan}_KIND STREQUAL "core" OR ${plan}_KIND STREQUAL "plugin") AND ${plan}_API_HEADERS)
    set(mode_args "")
  elseif(${plan}_KIND STREQUAL "system" AND contract AND MODBUILD_PLAN_${contract}_API_HEADERS)
    set(mode_args CONTRACT ${contract})
  endif()
  _modbuild_generator(generator)
  if(NOT generator)
    get_property(warned GLOBAL PROPERTY _MODBUILD_WARNED_NO_GENERATOR)
    if(NOT warned)
      set_property(GLOBAL PROPERTY _MODBUILD_WARNED_NO_GENERATOR ON)
      message(WARNING "modbuild: modbuild-gen was not found, so the modules get no entry points and no "
                      "bindings (${module} first), and the runtime cannot load them; install modbuild built "
                      "with Clang (libclang-14-dev), set MODBUILD_GEN_EXECUTABLE, or pass NO_CODEGEN to "
                      "modbuild_workspace()")
    endif()
    return()
  endif()
  modbuild_gen_bindings(${module} TARGET ${target} WORKSPACE "${workspace_dir}" ${mode_args}
                        OUTPUT_DIRECTORY "${output_dir}" GENERATOR ${generator})
  if(NOT mode_args STREQUAL "ENTRY_ONLY")
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${output_dir}/${module}/${module}.api.json"
              "$<TARGET_FILE_DIR:${target}>/${module}-${${plan}_VERSION}.api.json"
      VERBATIM)
  endif()
endfunction()

# The tests of a module that has some, when BUILD_TESTING is on (CTest's
# convention): one program per file of [build] tests, exit status 0 for
# success, registered as the test <module>.<file stem>. A test sees what the
# module sees (its include directories, links and compile definitions) and
# links the module; an executable app is no library, so its tests compile
# the app's sources instead, all but main.cpp.
function(_modbuild_add_tests module target prefix)
  set(plan "MODBUILD_PLAN_${module}")
  set(test_dir "${CMAKE_CURRENT_BINARY_DIR}/module_tests")
  list(TRANSFORM ${plan}_PUBLIC_LINKS PREPEND "${prefix}" OUTPUT_VARIABLE public_links)
  list(TRANSFORM ${plan}_PRIVATE_LINKS PREPEND "${prefix}" OUTPUT_VARIABLE private_links)
  foreach(source IN LISTS ${plan}_TESTS)
    get_filename_component(stem "${source}" NAME_WE)
    set(test_target "${target}.test.${stem}")
    add_executable(${test_target} "${source}")
    if(${plan}_KIND STREQUAL "app")
      # An application's code is not exported from its library (or is an
      # executable), so its tests compile its sources, all but main.cpp.
      set(app_sources ${${plan}_SOURCES})
      list(FILTER app_sources EXCLUDE REGEX "/main\\.cpp$")
      target_sources(${test_target} PRIVATE ${app_sources})
      target_link_libraries(${test_target} PRIVATE ${target}.usage)
    else()
      target_link_libraries(${test_target} PRIVATE ${target})
    endif()
    # The modules it needs are linked: a test binds them with
    # modbuild::StaticLinks (modbuild/module.h) instead of a runtime.
    target_link_libraries(${test_target} PRIVATE ${public_links} ${private_links})
    target_compile_definitions(${test_target} PRIVATE ${${plan}_DEFINITIONS})
    set_target_properties(${test_target} PROPERTIES
      OUTPUT_NAME "${module}.${stem}"
      RUNTIME_OUTPUT_DIRECTORY "${test_dir}"
      CXX_EXTENSIONS OFF)
    # Each in a directory of its own: tests may write files.
    set(work_dir "${test_dir}/work/${module}.${stem}")
    file(MAKE_DIRECTORY "${work_dir}")
    add_test(NAME "${module}.${stem}" COMMAND ${test_target} WORKING_DIRECTORY "${work_dir}")
    set_tests_properties("${module}.${stem}" PROPERTIES LABELS "modbuild-module;${module}")
  endforeach()
endfunction()

# The module's metadata JSON next to its artifact; returns the object for the index.
function(_modbuild_write_metadata module target out)
  string(REPLACE "@MODBUILD_TARGET@" "${target}" object "${MODBUILD_PLAN_${module}_METADATA}")
  string(REPLACE "@MODBUILD_ARTIFACT@" "$<TARGET_FILE_NAME:${target}>" object "${object}")
  string(REPLACE "\n" "\n  " nested "${object}")
  file(GENERATE
    OUTPUT "$<TARGET_FILE_DIR:${target}>/${module}-${MODBUILD_PLAN_${module}_VERSION}.module.json"
    CONTENT "{\n  \"schema\": \"modbuild-module\",\n  \"schema_version\": 2,\n  \"module\": ${nested}\n}\n")
  set(${out} "${object}" PARENT_SCOPE)
endfunction()

function(modbuild_workspace dir)
  cmake_parse_arguments(PARSE_ARGV 1 arg "LOCKED;DENY_WARNINGS;NO_CODEGEN;NO_ALTERNATES"
                        "TARGET_PREFIX;OUTPUT_DIRECTORY;MODULE_CALLBACK;MODULES_VARIABLE" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "modbuild_workspace(): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT arg_OUTPUT_DIRECTORY)
    set(arg_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/modules")
  endif()
  get_filename_component(output_dir "${arg_OUTPUT_DIRECTORY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  set(flags "")
  if(arg_LOCKED)
    list(APPEND flags --locked)
  endif()
  if(arg_DENY_WARNINGS)
    list(APPEND flags --deny-warnings)
  endif()

  _modbuild_executable(executable)
  string(SHA256 dir_hash "${dir}")
  string(SUBSTRING "${dir_hash}" 0 12 dir_hash)
  set(plan_file "${CMAKE_CURRENT_BINARY_DIR}/modbuild/${dir_hash}/plan.cmake")
  _modbuild_run_plan("${executable}" "${dir}" "${plan_file}" "${flags}")
  include("${plan_file}")
  # The plan format these functions read (builder::plan_schema_version).
  # Not a variable of this file: after add_subdirectory() it would stay in
  # modbuild's directory scope.
  set(readable_schema 2)
  if(NOT MODBUILD_PLAN_SCHEMA_VERSION EQUAL readable_schema)
    message(FATAL_ERROR "modbuild: ${executable} writes plans of version ${MODBUILD_PLAN_SCHEMA_VERSION}, "
                        "these CMake functions read version ${readable_schema}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${MODBUILD_PLAN_CONFIGURE_DEPENDS})

  set(objects "")
  set(modules "")
  foreach(module IN LISTS MODBUILD_PLAN_MODULES)
    if(arg_NO_ALTERNATES AND MODBUILD_PLAN_${module}_ROLE STREQUAL "alternate")
      continue()
    endif()
    list(APPEND modules ${module})
    set(target "${arg_TARGET_PREFIX}${module}")
    set_property(GLOBAL PROPERTY "MODBUILD_TARGET_OF_${module}" "${target}")
    _modbuild_declare_target(${module} ${target} "${arg_TARGET_PREFIX}" "${output_dir}")
    _modbuild_wire_target(${module} ${target} "${arg_TARGET_PREFIX}")
    if(NOT arg_NO_CODEGEN)
      _modbuild_attach_bindings(${module} ${target} "${dir}" "${CMAKE_CURRENT_BINARY_DIR}/modbuild_gen")
    endif()
    # Tested here, not only inside: a function call per module shows in the
    # re-configure time of large workspaces.
    if(BUILD_TESTING AND MODBUILD_PLAN_${module}_TESTS)
      _modbuild_add_tests(${module} ${target} "${arg_TARGET_PREFIX}")
    endif()
    _modbuild_write_metadata(${module} ${target} object)
    string(REPLACE "\n" "\n    " object "${object}")
    list(APPEND objects "    ${object}")
    if(arg_MODULE_CALLBACK)
      cmake_language(CALL ${arg_MODULE_CALLBACK} ${module} ${target})
    endif()
  endforeach()

  # The workspace's module index: every module in load order (the
  # alternates last), for the engine's runtime and for `modbuild build`,
  # which finds it through the cache.
  list(JOIN objects ",\n" modules_json)
  string(MAKE_C_IDENTIFIER "${MODBUILD_PLAN_WORKSPACE}" index_key)
  string(TOUPPER "${index_key}" index_key)
  set(index_file "${output_dir}/${MODBUILD_PLAN_WORKSPACE}.modules.json")
  file(GENERATE OUTPUT "${index_file}" CONTENT
    "{\n  \"schema\": \"modbuild-modules\",\n  \"schema_version\": 2,\n  \"workspace\": ${MODBUILD_PLAN_WORKSPACE_JSON},\n  \"root\": ${MODBUILD_PLAN_ROOT_JSON},\n  \"modules\": [\n${modules_json}\n  ]\n}\n")
  set(MODBUILD_MODULE_INDEX_${index_key} "${index_file}" CACHE INTERNAL
      "The module index of the modbuild workspace ${MODBUILD_PLAN_WORKSPACE}")
  if(arg_MODULES_VARIABLE)
    set(${arg_MODULES_VARIABLE} "${modules}" PARENT_SCOPE)
  endif()
endfunction()
