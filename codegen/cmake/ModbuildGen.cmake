# modbuild_gen_bindings(<module> TARGET <target> WORKSPACE <dir>
#                       [CONTRACT <core module>] [OUTPUT_DIRECTORY <dir>]
#                       [GENERATOR <modbuild-gen>] [FLAGS_FROM <target>])
#
# Runs modbuild-gen for one module at build time, as a custom command with the
# depfile modbuild-gen writes (every header the parse read), so that a no-op
# build runs nothing and a changed header re-generates. Adds the generated
# directory to <target>'s include path and, for a system (CONTRACT given),
# its generated table and entry point to <target>'s sources. The headers are
# parsed with the include directories and definitions of FLAGS_FROM (default
# <target>), through generator expressions, as the target compiles them.
#
# Outputs, in <OUTPUT_DIRECTORY>/<module>/ (default ${CMAKE_CURRENT_BINARY_DIR}/modbuild-gen):
#   <module>.api.json, <contract>_api.h, <contract>_state.h, and for a system
#   <module>_module.cpp (names with '-' become '_').
function(modbuild_gen_bindings module)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TARGET;WORKSPACE;CONTRACT;OUTPUT_DIRECTORY;GENERATOR;FLAGS_FROM" "")
  if(NOT arg_TARGET OR NOT arg_WORKSPACE)
    message(FATAL_ERROR "modbuild_gen_bindings(${module}) needs TARGET and WORKSPACE")
  endif()
  if(NOT arg_OUTPUT_DIRECTORY)
    set(arg_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/modbuild-gen)
  endif()
  if(NOT arg_GENERATOR)
    set(arg_GENERATOR modbuild-gen)
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
  set(outputs ${dir}/${module}.api.json ${dir}/${contract_ident}_api.h ${dir}/${contract_ident}_state.h)
  if(arg_CONTRACT)
    list(APPEND outputs ${dir}/${module_ident}_module.cpp)
  endif()
  set(includes "$<TARGET_PROPERTY:${arg_FLAGS_FROM},INCLUDE_DIRECTORIES>")
  set(definitions "$<TARGET_PROPERTY:${arg_FLAGS_FROM},COMPILE_DEFINITIONS>")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${arg_GENERATOR} -q -C ${arg_WORKSPACE} -o ${arg_OUTPUT_DIRECTORY} -m ${module} --depfile ${dir}/${module}.d
            -- -std=c++20 "$<$<BOOL:${includes}>:-I$<JOIN:${includes},;-I>>" "$<$<BOOL:${definitions}>:-D$<JOIN:${definitions},;-D>>"
    DEPFILE ${dir}/${module}.d
    COMMENT "Generating the bindings of ${module}"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  target_include_directories(${arg_TARGET} PRIVATE ${dir})
  if(arg_CONTRACT)
    target_sources(${arg_TARGET} PRIVATE ${dir}/${module_ident}_module.cpp)
  else()
    target_sources(${arg_TARGET} PRIVATE ${outputs})
  endif()
endfunction()
