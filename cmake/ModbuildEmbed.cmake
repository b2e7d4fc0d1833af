# modbuild_embed_files(<output.cpp> FUNCTION <name> BASE_DIR <dir> FILES <file>...)
#
# Generates, at build time, a C++ source defining
#   std::span<const modbuild::support::EmbeddedFile> <name>();
# that holds the given files (path relative to BASE_DIR, contents), sorted by path.
# modbuild ships its diagnostic explanations and module templates this way, so
# the executable works from any install location without looking for data files.

set(_modbuild_embed_script "${CMAKE_CURRENT_LIST_DIR}/scripts/embed_files.cmake")

function(modbuild_embed_files output)
  cmake_parse_arguments(arg "" "FUNCTION;BASE_DIR" "FILES" ${ARGN})
  list(SORT arg_FILES)
  string(REPLACE ";" "|" files_arg "${arg_FILES}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND}
      -DOUTPUT=${output} -DFUNCTION=${arg_FUNCTION}
      -DBASE_DIR=${arg_BASE_DIR} "-DFILES=${files_arg}"
      -P ${_modbuild_embed_script}
    DEPENDS ${arg_FILES} ${_modbuild_embed_script}
    COMMENT "Embedding ${arg_FUNCTION}"
    VERBATIM)
endfunction()
