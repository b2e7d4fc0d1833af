// Matching the modules of a workspace with what CMake says it built.
#include "modbuild/builder/build_summary.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "modbuild/support/path.h"

namespace modbuild::builder {
namespace {

using support::Expected;
using support::unexpected;
using Json = nlohmann::json;

std::string text_at(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

IndexedModule indexed_module(const Json& entry) {
  IndexedModule module{text_at(entry, "name"), text_at(entry, "version"), text_at(entry, "kind"),
                       text_at(entry, "output"), text_at(entry, "target"), {}, text_at(entry, "artifact"),
                       text_at(entry, "role") == "alternate"};
  if (auto dependencies = entry.find("dependencies"); dependencies != entry.end() && dependencies->is_array()) {
    for (const Json& dependency : *dependencies) {
      if (dependency.is_string()) module.dependencies.push_back(dependency.get<std::string>());
    }
  }
  return module;
}

std::optional<std::uintmax_t> size_on_disk(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return std::nullopt;
  return size;
}

BuiltModule built_module(const IndexedModule& module, const FileApiReply& reply) {
  BuiltModule built{module.name, module.version, module.kind, module.target, {}, std::nullopt, {}};
  const FileApiTarget* target = reply.find_target(module.target);
  if (target == nullptr) {
    built.problem = fmt::format("the CMake File API reply has no target '{}'", module.target);
    return built;
  }
  if (target->artifacts.empty()) {
    built.problem = fmt::format("target '{}' has no artifact", module.target);
    return built;
  }
  built.artifact = target->artifacts.front();
  built.size = size_on_disk(built.artifact);
  if (!built.size) built.problem = fmt::format("'{}' was not built", built.artifact);
  return built;
}

}  // namespace

Expected<ModuleIndex, std::string> read_module_index(const support::FileSystem& fs, const std::string& path) {
  auto text = fs.read(path);
  if (!text) return unexpected(fmt::format("cannot read the module index '{}': {}", path, text.error()));
  const Json document = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object() || text_at(document, "schema") != "modbuild-modules") {
    return unexpected(fmt::format("'{}' is not a modbuild module index", path));
  }
  ModuleIndex index{path, text_at(document, "workspace"), text_at(document, "root"), {}};
  if (auto modules = document.find("modules"); modules != document.end() && modules->is_array()) {
    for (const Json& entry : *modules) {
      if (entry.is_object()) index.modules.push_back(indexed_module(entry));
    }
  }
  return index;
}

Expected<ModuleIndex, std::string> find_module_index(const support::FileSystem& fs, const FileApiReply& reply,
                                                     const std::string& root) {
  std::vector<std::string> seen;
  for (const auto& [name, value] : reply.cache) {
    if (!name.starts_with(module_index_cache_prefix)) continue;
    auto index = read_module_index(fs, value);
    if (!index) return unexpected(index.error());
    if (support::normalize_path(index->root) == support::normalize_path(root)) return index;
    seen.push_back(index->root);
  }
  if (seen.empty()) {
    return unexpected(std::string("the project defines no modbuild workspace: it never calls modbuild_workspace()"));
  }
  return unexpected(fmt::format("the project builds the workspaces {} but not '{}'", fmt::join(seen, ", "), root));
}

std::set<std::string> with_dependencies(const ModuleIndex& index, const std::string& module) {
  std::map<std::string, const IndexedModule*> by_name;
  for (const IndexedModule& m : index.modules) by_name[m.name] = &m;
  std::set<std::string> found;
  std::vector<std::string> pending{module};
  while (!pending.empty()) {
    std::string name = std::move(pending.back());
    pending.pop_back();
    if (!found.insert(name).second) continue;
    if (auto m = by_name.find(name); m != by_name.end()) {
      for (const std::string& dependency : m->second->dependencies) pending.push_back(dependency);
    }
  }
  return found;
}

std::vector<BuiltModule> summarize_build(const ModuleIndex& index, const FileApiReply& reply,
                                         const std::set<std::string>& wanted) {
  std::vector<BuiltModule> built;
  for (const IndexedModule& module : index.modules) {
    if (wanted.empty() || wanted.count(module.name)) built.push_back(built_module(module, reply));
  }
  return built;
}

std::string human_size(std::uintmax_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.0f} KiB", bytes / 1024.0);
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

std::string summary_table(const std::vector<BuiltModule>& modules, const std::string& build_dir) {
  std::vector<std::vector<std::string>> rows{{"module", "version", "kind", "artifact", "size"}};
  for (const BuiltModule& m : modules) {
    const std::string artifact = m.artifact.empty() ? "-" : support::relative_path(m.artifact, build_dir);
    rows.push_back({m.name, m.version, m.kind, artifact, m.size ? human_size(*m.size) : "missing"});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      // Sizes read best right-aligned; the last column needs no padding after it.
      if (i + 1 == row.size()) {
        line += fmt::format("{:>{}}", row[i], widths[i]);
      } else {
        line += fmt::format("{:<{}}  ", row[i], widths[i]);
      }
    }
    text += line + "\n";
  }
  return text;
}

Json summary_json(const std::vector<BuiltModule>& modules) {
  Json list = Json::array();
  for (const BuiltModule& m : modules) {
    Json entry = {{"name", m.name},       {"version", m.version}, {"kind", m.kind},
                  {"target", m.target},   {"artifact", m.artifact.empty() ? Json() : Json(m.artifact)},
                  {"size", m.size ? Json(*m.size) : Json()}, {"built", m.problem.empty()}};
    if (!m.problem.empty()) entry["problem"] = m.problem;
    list.push_back(std::move(entry));
  }
  return list;
}

}  // namespace modbuild::builder
