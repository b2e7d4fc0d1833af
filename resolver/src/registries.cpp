// Reading registry indexes on demand (see registries.h).
#include "registries.h"

#include <algorithm>

#include <fmt/format.h>

#include "modbuild/support/path.h"

namespace modbuild::resolver::detail {

using diagnostics::Code;
using diagnostics::Diagnostic;

Registries::Registries(manifest::Workspace& workspace, const support::FileSystem& fs,
                       diagnostics::DiagnosticList& out)
    : workspace_(workspace), fs_(fs), out_(out) {
  for (const manifest::Registry& registry : workspace.manifest.registries) {
    std::string directory = support::normalize_path(workspace.absolute(registry.path.value));
    if (fs.type(directory) != support::FileType::directory) {
      out.add(Diagnostic::make(Code::registry_unreadable,
                               fmt::format("registry '{}' is not a directory: '{}'", registry.name.value, directory),
                               registry.path.span, "no such directory")
                  .with_help("create it (modbuild publish creates the index files), or fix the path in [registries]"));
      continue;
    }
    locations_.push_back({registry.name.value, std::move(directory)});
  }
}

const std::vector<Registries::Entry>& Registries::versions(const std::string& module) {
  if (auto found = entries_.find(module); found != entries_.end()) return found->second;
  std::vector<Entry>& entries = entries_[module];
  std::vector<manifest::RegistryIndex>& indexes = indexes_[module];
  indexes.reserve(locations_.size());  // entries point into these indexes
  for (const Location& location : locations_) {
    const std::string path = manifest::registry_index_path(location.directory, module);
    if (fs_.type(path) != support::FileType::file) continue;
    std::string real;
    auto text = fs_.read_resolved(path, real);
    if (!text) {
      out_.add(Diagnostic::make(Code::registry_unreadable,
                                fmt::format("could not read registry index '{}': {}", path, text.error())));
      continue;
    }
    // An index is a file of its registry: one that links elsewhere (to
    // /proc/self/environ, say) is never parsed, so never quoted.
    auto real_directory = fs_.real_path(location.directory);
    if (!real_directory || !support::is_within(real, *real_directory)) {
      out_.add(Diagnostic::make(Code::path_outside_workspace,
                                fmt::format("registry index '{}' leads outside its registry, to '{}'", path, real))
                   .with_help("replace the link with the index file itself"));
      continue;
    }
    const std::string shown = workspace_.display_root.empty()
                                  ? support::relative_path(path, workspace_.root)
                                  : support::join_path(workspace_.display_root, support::relative_path(path, workspace_.root));
    diagnostics::FileId file = workspace_.sources.add(shown, std::move(*text));
    auto index = manifest::parse_registry_index(workspace_.sources, file, out_);
    if (!index) continue;
    indexes.push_back(std::move(*index));
    for (const manifest::PublishedVersion& published : indexes.back().versions) {
      const bool seen = std::any_of(entries.begin(), entries.end(), [&](const Entry& e) {
        return e.published->manifest.version == published.manifest.version;
      });
      if (!seen && published.manifest.identity_valid) entries.push_back({&published, location.name});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.published->manifest.version < b.published->manifest.version;
  });
  return entries;
}

std::vector<std::string> Registries::all_modules() const {
  std::vector<std::string> names;
  for (const Location& location : locations_) {
    auto listing = fs_.list(location.directory);
    if (!listing) continue;
    for (const support::DirEntry& entry : *listing) {
      if (entry.type == support::FileType::file && entry.name.ends_with(".toml")) {
        names.push_back(entry.name.substr(0, entry.name.size() - 5));
      }
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace modbuild::resolver::detail
