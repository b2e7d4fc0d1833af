# modbuild's CMake package: install rules and the functions users call.
#
# `cmake --install` puts the modbuild executable, the code generator
# modbuild-gen (when built), the module ABI headers generated code includes,
# the runtime library engines link and its headers, modbuildConfig.cmake,
# its version file, the exported targets and Modbuild.cmake into a prefix,
# so that
# find_package(modbuild 0.1 CONFIG REQUIRED) works from any project. When
# modbuild is add_subdirectory()'d or fetched instead, the functions are
# defined right here and build their configure-time tool from this source tree.

include("${CMAKE_CURRENT_LIST_DIR}/package/Modbuild.cmake")
set_property(GLOBAL PROPERTY MODBUILD_SOURCE_DIR "${PROJECT_SOURCE_DIR}")

if(NOT MODBUILD_INSTALL)
  return()
endif()

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(MODBUILD_CONFIG_DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/modbuild")

# modbuild::modbuild, modbuild::modbuild-gen, modbuild::abi (the module ABI
# headers) and modbuild::runtime (the library). The generator finds the ABI
# headers beside itself, in <prefix>/include.
set(installed_targets modbuild modbuild_abi modbuild_runtime)
if(TARGET modbuild-gen)
  list(APPEND installed_targets modbuild-gen)
endif()
if(TARGET modbuild-launch)
  list(APPEND installed_targets modbuild-launch)
endif()
set_target_properties(modbuild_abi PROPERTIES EXPORT_NAME abi)
install(TARGETS ${installed_targets} EXPORT modbuildTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/codegen/runtime/include/modbuild" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/include/modbuild" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(EXPORT modbuildTargets NAMESPACE modbuild:: DESTINATION "${MODBUILD_CONFIG_DESTINATION}")
configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/package/modbuildConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/package/modbuildConfig.cmake"
  INSTALL_DESTINATION "${MODBUILD_CONFIG_DESTINATION}")
# 0.x releases promise nothing across minor versions, but the package's
# functions and plan format are versioned themselves (the plan's schema
# version), so SameMajorVersion is the useful rule here.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/package/modbuildConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/package/modbuildConfig.cmake"
  "${PROJECT_BINARY_DIR}/package/modbuildConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/package/Modbuild.cmake"
  DESTINATION "${MODBUILD_CONFIG_DESTINATION}")
