// What a build produced: each module of the workspace's module index matched
// with its target in the File API reply and the file on disk.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modbuild/builder/file_api.h"
#include "modbuild/support/expected.h"
#include "modbuild/support/file_system.h"

namespace modbuild::builder {

/// The prefix of the cache entries modbuild_workspace() sets to the path of
/// each workspace's module index (`<workspace>.modules.json`).
inline constexpr std::string_view module_index_cache_prefix = "MODBUILD_MODULE_INDEX_";

struct IndexedModule {
  std::string name;
  std::string version;
  std::string kind;
  std::string output;  ///< shared, module or executable
  std::string target;
  std::vector<std::string> dependencies;
  std::string artifact;  ///< the library's file name, in the index's directory
  bool alternate = false;
};

/// The workspace-level metadata file the package writes: every module in load order.
struct ModuleIndex {
  std::string path;
  std::string workspace;
  std::string root;
  std::vector<IndexedModule> modules;
};

support::Expected<ModuleIndex, std::string> read_module_index(const support::FileSystem& fs, const std::string& path);

/// The module index of the workspace at `root` among those the cache names.
support::Expected<ModuleIndex, std::string> find_module_index(const support::FileSystem& fs, const FileApiReply& reply,
                                                              const std::string& root);

/// `module` and every module it depends on, directly or not.
std::set<std::string> with_dependencies(const ModuleIndex& index, const std::string& module);

struct BuiltModule {
  std::string name;
  std::string version;
  std::string kind;
  std::string target;
  std::string artifact;             ///< absolute; empty when the reply names none
  std::optional<std::uintmax_t> size;  ///< bytes; none when the file is missing
  std::string problem;              ///< why the module counts as not built; empty if built
};

/// Every module of `wanted` (all when empty), in load order, with its artifact.
std::vector<BuiltModule> summarize_build(const ModuleIndex& index, const FileApiReply& reply,
                                         const std::set<std::string>& wanted);

/// The summary as aligned text columns: module, version, kind, artifact
/// (relative to `build_dir`), size.
std::string summary_table(const std::vector<BuiltModule>& modules, const std::string& build_dir);
nlohmann::json summary_json(const std::vector<BuiltModule>& modules);

/// "1.2 MiB", "820 KiB", "512 B".
std::string human_size(std::uintmax_t bytes);

}  // namespace modbuild::builder
