// `modbuild list`: the module table and a summary of the workspace's metadata.
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "modbuild/support/text.h"
#include "table.h"

namespace modbuild::cli {
namespace {

using manifest::Manifest;
using manifest::ModuleKind;

// Everything a module names: the contract it implements, Core modules, dependencies.
std::vector<std::string> relations_of(const Manifest& m) {
  std::vector<std::string> out;
  if (m.implements) out.push_back(m.implements->module.value + " (implements)");
  for (const auto& use : m.core) {
    if (!m.implements || use.module.value != m.implements->module.value) out.push_back(use.module.value);
  }
  for (const auto& dep : m.dependencies) out.push_back(dep.optional ? dep.module.value + "?" : dep.module.value);
  return out;
}

std::vector<std::string> provided_features(const Manifest& m) {
  std::vector<std::string> out;
  for (const auto& f : m.provides) out.push_back(f.version ? f.name.value + "@" + f.version->to_string() : f.name.value);
  return out;
}

std::vector<std::string> required_features(const Manifest& m) {
  std::vector<std::string> out;
  for (const auto& f : m.requires_features) {
    out.push_back(f.requirement.value == "*" ? f.name.value : f.name.value + " " + f.requirement.value);
  }
  return out;
}

std::string cell(const std::vector<std::string>& items) { return items.empty() ? "-" : support::join_human(items, ", "); }

struct Summary {
  std::size_t by_kind[4] = {};
  std::size_t core_uses = 0, data_items = 0, implementations = 0, dependencies = 0, optional = 0;
  std::size_t provided = 0, exclusive = 0, required = 0;
};

Summary summarize(const manifest::Workspace& ws) {
  Summary s;
  for (const Manifest& m : ws.modules) {
    ++s.by_kind[static_cast<int>(m.kind)];
    s.core_uses += m.core.size();
    for (const auto& use : m.core) s.data_items += use.data.size();
    s.implementations += m.implements ? 1 : 0;
    s.dependencies += m.dependencies.size();
    for (const auto& dep : m.dependencies) s.optional += dep.optional ? 1 : 0;
    s.provided += m.provides.size();
    for (const auto& f : m.provides) s.exclusive += f.exclusive ? 1 : 0;
    s.required += m.requires_features.size();
  }
  return s;
}

std::string summary_text(const manifest::Workspace& ws, const Summary& s) {
  const std::string name = ws.manifest.name.empty() ? "" : fmt::format(" '{}'", ws.manifest.name);
  return fmt::format(
      "\n{} in workspace{}: {} core, {} system, {} plugin, {} app\n"
      "relations: {} ({}), {}, {} ({} optional)\n"
      "features: {} provided ({} exclusive), {} required\n",
      support::count_of(ws.modules.size(), "module"), name, s.by_kind[0], s.by_kind[1], s.by_kind[2], s.by_kind[3],
      support::count_of(s.core_uses, "Core use"), support::count_of(s.data_items, "data item"),
      support::count_of(s.implementations, "contract implemented", "contracts implemented"),
      support::count_of(s.dependencies, "dependency", "dependencies"), s.optional, s.provided, s.exclusive, s.required);
}

nlohmann::json list_json(const manifest::Workspace& ws, const Summary& s) {
  nlohmann::json modules = nlohmann::json::array();
  for (const Manifest& m : ws.modules) {
    modules.push_back({{"name", m.name.value},
                       {"version", m.version.to_string()},
                       {"kind", manifest::to_string(m.kind)},
                       {"directory", m.directory},
                       {"relations", relations_of(m)},
                       {"provides", provided_features(m)},
                       {"requires", required_features(m)}});
  }
  return {{"schema", "modbuild-list"},
          {"schema_version", 1},
          {"workspace", {{"name", ws.manifest.name}, {"root", ws.root}}},
          {"modules", std::move(modules)},
          {"summary",
           {{"modules", ws.modules.size()},
            {"core", s.by_kind[0]},
            {"system", s.by_kind[1]},
            {"plugin", s.by_kind[2]},
            {"app", s.by_kind[3]},
            {"core_uses", s.core_uses},
            {"data_items", s.data_items},
            {"implementations", s.implementations},
            {"dependencies", s.dependencies},
            {"optional_dependencies", s.optional},
            {"features_provided", s.provided},
            {"features_exclusive", s.exclusive},
            {"features_required", s.required}}}};
}

ExitStatus list(Context& context) {
  manifest::LoadResult loaded = context.load_workspace();
  const manifest::Workspace& ws = loaded.workspace;
  const Summary summary = summarize(ws);
  if (context.json()) return context.finish(loaded.diagnostics, ws.sources, list_json(ws, summary));
  context.report(loaded.diagnostics, ws.sources);
  if (!ws.modules.empty()) {
    TextTable table({"MODULE", "VERSION", "KIND", "DIRECTORY", "USES", "PROVIDES", "REQUIRES"});
    for (const Manifest& m : ws.modules) {
      table.add_row({m.name.value, m.version.to_string(), std::string(manifest::to_string(m.kind)), m.directory,
                     cell(relations_of(m)), cell(provided_features(m)), cell(required_features(m))});
    }
    context.print(table.render(context.color_stdout()));
    context.print(summary_text(ws, summary));
  }
  return loaded.diagnostics.has_errors() ? ExitStatus::problems : ExitStatus::success;
}

}  // namespace

CLI::App* define_list(CLI::App& parent, Runner& runner) {
  CLI::App* sub = parent.add_subcommand("list", "Load the workspace and print its modules and a metadata summary");
  runner = list;
  return sub;
}

}  // namespace modbuild::cli
