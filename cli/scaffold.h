// Creating a new module from the templates compiled into modbuild.
#pragma once

#include <string>
#include <vector>

#include "modbuild/manifest/manifest.h"
#include "modbuild/support/expected.h"
#include "modbuild/support/file_system.h"

namespace modbuild::cli {

struct ScaffoldRequest {
  manifest::ModuleKind kind = manifest::ModuleKind::core;
  std::string name;
  std::string directory;      ///< where the module goes; must be absent or empty
  std::string core_contract;  ///< systems: the Core module implemented
};

/// The default directory of a new module inside a workspace: core/, systems/,
/// plugins/ or apps/, then the name.
std::string default_module_directory(manifest::ModuleKind kind, const std::string& name);

/// The name as a C++ identifier ('-' becomes '_').
std::string identifier_for(const std::string& name);

/// Writes the template files for the request; returns the paths written.
support::Expected<std::vector<std::string>, std::string> scaffold_module(support::FileSystem& fs,
                                                                         const ScaffoldRequest& request);

}  // namespace modbuild::cli
