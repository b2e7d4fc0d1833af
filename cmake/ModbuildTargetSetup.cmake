# modbuild_setup_target(<target>): the settings every modbuild target shares.
#
# Everything is target-scoped (no add_compile_options, no CMAKE_CXX_FLAGS edits)
# so that a project embedding modbuild with add_subdirectory() is not affected.

function(modbuild_setup_target target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wimplicit-fallthrough)
    if(MODBUILD_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(MODBUILD_SANITIZE)
      set(flags -fsanitize=${MODBUILD_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
      target_compile_options(${target} PRIVATE ${flags})
      target_link_options(${target} PUBLIC ${flags})
    endif()
  endif()
endfunction()

# modbuild_add_library(<name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Defines modbuild_<name> with its alias modbuild::<name>, public headers under
# <folder>/include and sources under <folder>/src.
function(modbuild_add_library name)
  cmake_parse_arguments(arg "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(modbuild_${name} STATIC ${arg_SOURCES})
  add_library(modbuild::${name} ALIAS modbuild_${name})
  target_include_directories(modbuild_${name}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
           $<INSTALL_INTERFACE:include>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(modbuild_${name} PUBLIC ${arg_PUBLIC_DEPS} PRIVATE ${arg_PRIVATE_DEPS})
  set_target_properties(modbuild_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  modbuild_setup_target(modbuild_${name})
endfunction()
