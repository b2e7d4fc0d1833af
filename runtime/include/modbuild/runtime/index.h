// modbuild/runtime/index.h: the module index the build writes, as the runtime reads it.
//
// `<workspace>.modules.json` (docs/runtime.md, "The module index") lists
// every module the build produced, in load order, the alternates last: name,
// version, kind, library, entry point, relations. The reader checks
// everything it relies on and names the file and the member that is wrong;
// nothing in an index is trusted before that.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modbuild/runtime/export.h"
#include "modbuild/runtime/result.h"

namespace modbuild::runtime {

/// The only index format this runtime reads.
inline constexpr int kIndexSchemaVersion = 2;
/// Larger index files are refused before they are parsed.
inline constexpr std::size_t kMaxIndexBytes = 16u << 20;

struct MODBUILD_RUNTIME_EXPORT IndexedModule {
  std::string name;
  std::string version;
  std::string kind;      ///< "core", "system", "plugin" or "app"
  std::string output;    ///< "shared", "module" or "executable"
  std::string artifact;  ///< absolute path of the library the build wrote
  std::string entry;     ///< the entry point's symbol, modbuild_module_<ident>
  std::size_t load_index = 0;
  /// Built, but loaded only when an engine swaps to it.
  bool alternate = false;
  std::string implements;                 ///< the Core contract of a system, "" if none
  std::vector<std::string> dependencies;  ///< modules it needs loaded first
  std::vector<std::pair<std::string, std::string>> provides;  ///< feature, version ("" if none)
  std::vector<std::pair<std::string, std::string>> requires_features;  ///< feature, chosen provider

  /// `<name>-<version>.api.json` beside the library: the schema the build
  /// generated for a Core module, a plugin with an API or a system.
  std::string schema_path() const;
};

struct MODBUILD_RUNTIME_EXPORT ModuleIndex {
  std::string path;       ///< the index file
  std::string directory;  ///< where it and the libraries are
  std::string workspace;
  std::string root;                     ///< the workspace's directory
  std::vector<IndexedModule> modules;  ///< in load order, alternates last

  const IndexedModule* find(std::string_view name) const;
  /// Every module's name, for suggestions.
  std::vector<std::string> names() const;
};

/// Parses index text; `path` is where it came from (for messages and to
/// resolve the libraries' paths). Errors read "<path>: <member>: expected
/// ..., found ...". Pure: checks no file.
MODBUILD_RUNTIME_EXPORT Result<ModuleIndex> parse_index(std::string_view text, const std::string& path);

/// Reads and parses the index at `path`, then checks that every library it
/// names is there: a missing one means the index is stale or the build did
/// not finish.
MODBUILD_RUNTIME_EXPORT Result<ModuleIndex> read_index(const std::string& path);

}  // namespace modbuild::runtime
