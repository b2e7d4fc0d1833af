// `modbuild build` without the command line: configure a workspace's build
// directory through CMake, build it, and find out what was built.
//
// Steps: source directory (the workspace's own CMakeLists.txt, or a tiny
// generated project calling modbuild_workspace()) => File API query =>
// `cmake -S -B` => reply (module index, targets) => `cmake --build` =>
// every wanted module's artifact checked on disk.
#pragma once

#include <string>
#include <vector>

#include "modbuild/builder/build_summary.h"
#include "modbuild/builder/file_api.h"
#include "modbuild/support/expected.h"
#include "modbuild/support/file_system.h"

namespace modbuild::builder {

struct BuildRequest {
  std::string workspace_root;  ///< absolute
  std::string workspace_name;
  std::string build_dir;  ///< absolute
  /// The modbuild that modbuild_workspace() runs at configure time: this one.
  std::string modbuild_executable;
  /// Text of the package's function module (Modbuild.cmake), written next to
  /// a generated project so that it needs no installed package.
  std::string package_module;
  bool release = false;     ///< Release instead of Debug
  unsigned jobs = 0;        ///< parallel jobs; 0: the build tool's default
  std::string module;       ///< build only this module and what it needs; empty: all
  std::string generator;    ///< -G; empty: Ninja, unless CMAKE_GENERATOR or the cache says otherwise
  std::vector<std::string> cache_entries;  ///< NAME=VALUE or NAME:TYPE=VALUE, given to cmake as -D
  /// Keep our stdout for a JSON document: CMake's and the compiler's output go to stderr.
  bool output_to_stderr = false;
};

/// Where a build stopped, and whether the input or the system is to blame.
struct BuildFailure {
  enum class Kind { configure, build, missing_artifacts, module_unknown, system } kind = Kind::system;
  std::string message;
  std::vector<BuiltModule> modules;  ///< for missing_artifacts: the summary, problems included
};

struct BuildReport {
  std::string source_dir;  ///< the project CMake configured
  FileApiReply reply;
  ModuleIndex index;
  std::vector<BuiltModule> modules;  ///< in load order
};

/// The project to configure: the workspace root when it has a
/// CMakeLists.txt, else <build>/modbuild-project, written here.
support::Expected<std::string, std::string> prepare_source_dir(support::FileSystem& fs, const BuildRequest& request);

/// The configure command line (cmake -S <source> -B <build> ...).
std::vector<std::string> configure_command(const support::FileSystem& fs, const BuildRequest& request,
                                           const std::string& source_dir);

/// The build command line; `target` empty builds everything.
std::vector<std::string> build_command(const BuildRequest& request, const std::string& target);

/// Runs every step. CMake's and the compiler's output are shown as they come.
support::Expected<BuildReport, BuildFailure> build_workspace(support::FileSystem& fs, const BuildRequest& request);

}  // namespace modbuild::builder
