// modbuild.toml: [workspace], [registries] and [providers].
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "modbuild/manifest/workspace.h"
#include "modbuild/support/glob.h"
#include "modbuild/support/spelling.h"
#include "toml_reader.h"
#include "value_checks.h"

namespace modbuild::manifest {
namespace detail {
namespace {

constexpr std::array<std::string_view, 4> top_level_keys = {"workspace", "registries", "providers", "diagnostics"};
constexpr std::array<std::string_view, 3> severity_levels = {"allow", "warn", "deny"};
constexpr std::array<std::string_view, 5> workspace_keys = {"name", "members", "exclude", "roots", "allow-outside"};
constexpr std::array<std::string_view, 1> registry_keys = {"path"};

// Member and exclude patterns must be valid globs; errors point inside the string.
std::vector<LocatedString> check_globs(DocumentReader& doc, std::vector<LocatedString> patterns) {
  std::vector<LocatedString> valid;
  for (LocatedString& pattern : patterns) {
    auto glob = support::Glob::parse(pattern.value);
    if (glob) {
      valid.push_back(std::move(pattern));
      continue;
    }
    doc.report(Diagnostic::make(Code::invalid_glob,
                                fmt::format("invalid pattern '{}': {}", pattern.value, glob.error().message),
                                pattern.sub_span(glob.error().offset, 1), glob.error().message));
  }
  return valid;
}

void read_workspace_table(DocumentReader& doc, TableReader& top, WorkspaceManifest& w) {
  const toml::table* table = top.sub_table("workspace", true, "[workspace] with members = [\"modules/*\"]");
  if (table == nullptr) return;
  TableReader workspace(doc, *table, "[workspace]", workspace_keys);
  // The name becomes file names (<name>.modules.json) and CMake strings: the
  // rules of module names keep it a plain word, never a path or a list.
  if (auto name = workspace.string("name"); name && check_module_name(doc, *name, "workspace name")) {
    w.name = name->value;
  }
  if (auto members = workspace.string_array("members", true, "members = [\"core/*\", \"systems/*\"]")) {
    const bool none = members->empty();
    w.members = check_globs(doc, check_unique(doc, std::move(*members), "member pattern"));
    // A workspace of nothing checks and builds nothing: say so rather than "ok".
    if (none) {
      doc.report(Diagnostic::make(Code::glob_matches_nothing, "the workspace has no members",
                                  doc.span((*table)["members"].node()->source()), "no member pattern")
                     .with_help("list the module directories, e.g. members = [\"core/*\", \"systems/*\"]"));
    }
  }
  if (auto roots = workspace.string_array("roots")) {
    for (LocatedString& root : check_unique(doc, std::move(*roots), "root")) {
      if (check_module_name(doc, root, "root module name")) w.roots.push_back(std::move(root));
    }
  }
  if (auto exclude = workspace.string_array("exclude")) {
    w.exclude = check_globs(doc, check_unique(doc, std::move(*exclude), "exclude pattern"));
  }
  if (auto outside = workspace.string_array("allow-outside")) {
    w.allow_outside = check_unique(doc, std::move(*outside), "allowed directory");
  }
}

// [registries]: `name = "path"` or `name = { path = "..." }`.
void read_registries(DocumentReader& doc, const toml::table& table, WorkspaceManifest& w) {
  for (const auto& [key, node] : table) {
    Registry registry;
    registry.name = doc.located_key(key);
    if (!check_module_name(doc, registry.name, "registry name")) continue;
    if (node.is_string()) {
      registry.path = doc.located_string(node);
    } else if (const toml::table* spec = node.as_table()) {
      TableReader reader(doc, *spec, fmt::format("[registries.{}]", key.str()), registry_keys);
      auto path = reader.string("path", true, "path = \"../registry\"");
      if (!path) continue;
      registry.path = *path;
    } else {
      report_entry_type(doc, node, fmt::format("registry '{}'", key.str()),
                        "a path string or a table with 'path'");
      continue;
    }
    w.registries.push_back(std::move(registry));
  }
}

// [providers]: `"feature.name" = "module"` (dotted keys are feature names).
void read_providers(DocumentReader& doc, const toml::table& table, WorkspaceManifest& w) {
  for (const DottedEntry& entry : flatten_dotted(doc, table)) {
    ProviderPolicy policy;
    policy.feature = {entry.name, entry.key_span, false};
    if (!check_feature_name(doc, policy.feature)) continue;
    if (!entry.value->is_string()) {
      report_entry_type(doc, *entry.value, fmt::format("the provider of feature '{}'", entry.name),
                        "a module name string");
      continue;
    }
    policy.module = doc.located_string(*entry.value);
    if (!check_module_name(doc, policy.module, "provider module name")) continue;
    w.providers.push_back(std::move(policy));
  }
}

// [diagnostics]: `MB3009 = "allow"` or `unused_dependency = "deny"`.
void read_severities(DocumentReader& doc, const toml::table& table, WorkspaceManifest& w) {
  for (const auto& [key, node] : table) {
    LocatedString code = doc.located_key(key);
    if (!node.is_string()) {
      report_entry_type(doc, node, fmt::format("the severity of '{}'", code.value), "\"allow\", \"warn\" or \"deny\"");
      continue;
    }
    LocatedString level = doc.located_string(node);
    if (diagnostics::find_code(code.value) == nullptr) {
      std::vector<std::string> known;
      for (const auto& info : diagnostics::all_codes()) {
        known.emplace_back(info.id);
        known.emplace_back(info.slug);
      }
      Diagnostic d = Diagnostic::make(Code::unknown_diagnostic_code,
                                      fmt::format("unknown diagnostic code '{}' in [diagnostics]", code.value), code.span,
                                      "no such code");
      if (auto suggestion = support::closest_match(code.value, known)) d.with_help(fmt::format("did you mean '{}'?", *suggestion));
      doc.report(std::move(d));
      continue;
    }
    if (!check_enum(doc, level, "severity", severity_levels)) continue;
    w.severities.push_back({std::move(code), std::move(level)});
  }
  std::sort(w.severities.begin(), w.severities.end(),
            [](const SeverityOverride& a, const SeverityOverride& b) { return a.code.value < b.code.value; });
}

}  // namespace
}  // namespace detail

std::optional<WorkspaceManifest> parse_workspace_manifest(const diagnostics::SourceMap& sources, FileId file,
                                                          diagnostics::DiagnosticList& out) {
  using namespace detail;
  DocumentReader doc(sources, file, out);
  std::optional<toml::table> root = doc.parse(DocumentReader::kMaxManifestBytes);
  if (!root) return std::nullopt;
  WorkspaceManifest w;
  w.file = file;
  TableReader top(doc, *root, "modbuild.toml", top_level_keys);
  read_workspace_table(doc, top, w);
  if (const toml::table* t = top.sub_table("registries")) read_registries(doc, *t, w);
  if (const toml::table* t = top.sub_table("providers")) read_providers(doc, *t, w);
  if (const toml::table* t = top.sub_table("diagnostics")) read_severities(doc, *t, w);
  return w;
}

}  // namespace modbuild::manifest
