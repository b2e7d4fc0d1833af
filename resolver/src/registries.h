// Internal: the registries named in modbuild.toml, read one module index at a
// time and only when a module is needed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modbuild/manifest/registry.h"
#include "modbuild/manifest/workspace.h"

namespace modbuild::resolver::detail {

class Registries {
 public:
  /// Checks that each registry directory exists (MB2010 otherwise).
  Registries(manifest::Workspace& workspace, const support::FileSystem& fs, diagnostics::DiagnosticList& out);

  struct Entry {
    const manifest::PublishedVersion* published;
    std::string registry;  ///< its name in modbuild.toml
  };

  /// Every published version of a module, oldest first; a version published
  /// in several registries comes from the first in name order.
  const std::vector<Entry>& versions(const std::string& module);

  /// The names of every module any registry holds.
  std::vector<std::string> all_modules() const;

 private:
  struct Location {
    std::string name;
    std::string directory;  // absolute
  };
  manifest::Workspace& workspace_;
  const support::FileSystem& fs_;
  diagnostics::DiagnosticList& out_;
  std::vector<Location> locations_;
  std::map<std::string, std::vector<manifest::RegistryIndex>> indexes_;  // stable storage
  std::map<std::string, std::vector<Entry>> entries_;
};

}  // namespace modbuild::resolver::detail
