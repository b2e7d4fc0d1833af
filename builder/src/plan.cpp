// The build plan of a checked workspace: the selected modules in load order,
// with their files found on disk and their relations turned into links.
#include "modbuild/builder/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "modbuild/support/glob.h"
#include "modbuild/support/path.h"
#include "modbuild/support/text.h"
#include "modbuild/validator/check.h"

namespace modbuild::builder {
namespace {

std::vector<std::string> expand_patterns(const std::vector<manifest::LocatedString>& patterns,
                                         const std::string& module_dir, const support::FileSystem& fs) {
  std::set<std::string> found;
  for (const manifest::LocatedString& pattern : patterns) {
    // The loader has reported malformed patterns already; they add nothing.
    auto glob = support::Glob::parse(pattern.value);
    if (!glob) continue;
    for (const std::string& relative : glob->expand(fs, module_dir, support::FileType::file)) {
      found.insert(support::join_path(module_dir, relative));
    }
  }
  return {found.begin(), found.end()};
}

std::vector<std::string> existing_paths(const std::vector<manifest::LocatedString>& listed,
                                        const std::string& module_dir, const support::FileSystem& fs) {
  std::vector<std::string> paths;
  for (const manifest::LocatedString& path : listed) {
    std::string absolute = support::normalize_path(support::join_path(module_dir, path.value));
    // A defaulted "include" that does not exist just means no public headers.
    if (fs.type(absolute) != support::FileType::missing) paths.push_back(std::move(absolute));
  }
  return paths;
}

// Core modules and plugins export headers that mention their own types, so a
// dependent's dependents need them as well; systems keep theirs inside.
bool headers_travel(manifest::ModuleKind kind) {
  return kind == manifest::ModuleKind::core || kind == manifest::ModuleKind::plugin;
}

// What a module needs loaded (and linked) before it: its resolved
// dependencies, which include the providers chosen for its required features.
std::vector<std::string> needed_modules(const resolver::SelectedModule& selected) {
  std::vector<std::string> needed = selected.dependencies;
  std::erase(needed, selected.name);
  return needed;
}

// Empty when the modules need each other in a cycle (check reports it).
std::vector<std::string> plan_load_order(const resolver::Resolution& resolution) {
  std::vector<std::string> names;
  std::map<std::string, std::size_t> index;
  for (const resolver::SelectedModule& m : resolution.modules) {
    index[m.name] = names.size();
    names.push_back(m.name);
  }
  std::vector<std::vector<std::size_t>> needs(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (const std::string& needed : needed_modules(resolution.modules[i])) {
      if (auto found = index.find(needed); found != index.end()) needs[i].push_back(found->second);
    }
  }
  std::vector<std::string> order;
  if (!validator::load_order(names, needs, order)) order.clear();
  return order;
}

ModulePlan module_plan(const manifest::Workspace& workspace, const resolver::SelectedModule& selected,
                       const resolver::Resolution& resolution, const std::map<std::string, std::size_t>& position,
                       const support::FileSystem& fs) {
  const manifest::Manifest& m = *selected.manifest;
  ModulePlan plan;
  plan.name = selected.name;
  plan.version = selected.version.to_string();
  plan.kind = selected.kind;
  plan.output = m.build.output;
  plan.directory = support::normalize_path(workspace.absolute(m.directory));
  plan.manifest_path = support::join_path(plan.directory, "module.toml");
  plan.sources = expand_patterns(m.build.sources, plan.directory, fs);
  plan.tests = expand_patterns(m.build.tests, plan.directory, fs);
  plan.include_dirs = existing_paths(m.build.include, plan.directory, fs);
  plan.api_headers = existing_paths(m.build.api_headers, plan.directory, fs);
  std::vector<std::string> links = needed_modules(selected);
  std::sort(links.begin(), links.end(), [&](const std::string& a, const std::string& b) {
    return position.at(a) < position.at(b);
  });
  for (const std::string& link : links) {
    const resolver::SelectedModule* dependency = resolution.find(link);
    (headers_travel(dependency->kind) ? plan.public_links : plan.private_links).push_back(link);
  }
  if (m.implements) {
    const resolver::SelectedModule* contract = resolution.find(m.implements->module.value);
    if (contract != nullptr && contract->kind == manifest::ModuleKind::core) plan.implements = contract->name;
  }
  plan.options = selected.options;
  for (const std::string& option : selected.options) {
    plan.definitions.push_back(support::macro_name(selected.name) + "_" + support::macro_name(option));
  }
  for (const auto& [feature, provider] : selected.features) {
    plan.definitions.push_back("MODBUILD_PROVIDER_" + support::macro_name(feature) + "=" + support::identifier_of(provider));
  }
  plan.provides = selected.provides;
  plan.requires_features = selected.features;
  plan.load_index = position.at(selected.name);
  return plan;
}

std::vector<std::string> configure_depends(const manifest::Workspace& workspace, const BuildPlan& plan,
                                           const support::FileSystem& fs) {
  std::set<std::string> depends{support::join_path(workspace.root, "modbuild.toml")};
  const std::string lockfile = support::join_path(workspace.root, "modbuild.lock");
  if (fs.type(lockfile) == support::FileType::file) depends.insert(lockfile);
  for (const ModulePlan& module : plan.modules) {
    depends.insert(module.manifest_path);
    for (const std::string& source : module.sources) depends.insert(support::parent_path(source));
    for (const std::string& test : module.tests) depends.insert(support::parent_path(test));
  }
  return {depends.begin(), depends.end()};
}

}  // namespace

PlanResult make_plan(const manifest::Workspace& workspace, const resolver::Resolution& resolution,
                     const support::FileSystem& fs) {
  PlanResult result;
  const std::vector<std::string> load_order = plan_load_order(resolution);
  if (load_order.size() != resolution.modules.size()) {
    result.problems.push_back("the modules need each other in a cycle, so they have no load order");
    return result;
  }
  BuildPlan& plan = result.plan;
  plan.root = workspace.root;
  plan.workspace_name =
      workspace.manifest.name.empty() ? std::string(support::file_name(workspace.root)) : workspace.manifest.name;
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < load_order.size(); ++i) position[load_order[i]] = i;
  for (const std::string& name : load_order) {
    const resolver::SelectedModule* selected = resolution.find(name);
    if (selected == nullptr) continue;
    if (workspace.find(name) == nullptr) {
      result.problems.push_back(fmt::format(
          "module '{}' {} comes from {}; modbuild builds workspace members only, so add its sources to the workspace",
          name, selected->version.to_string(), selected->source));
      continue;
    }
    plan.modules.push_back(module_plan(workspace, *selected, resolution, position, fs));
  }
  plan.configure_depends = configure_depends(workspace, plan, fs);
  return result;
}

nlohmann::json module_metadata(const ModulePlan& module) {
  nlohmann::json provides = nlohmann::json::object();
  for (const auto& [feature, version] : module.provides) provides[feature] = version;
  nlohmann::json requires_features = nlohmann::json::object();
  for (const auto& [feature, provider] : module.requires_features) requires_features[feature] = provider;
  std::vector<std::string> links = module.public_links;
  links.insert(links.end(), module.private_links.begin(), module.private_links.end());
  return {{"name", module.name},
          {"version", module.version},
          {"kind", manifest::to_string(module.kind)},
          {"output", manifest::to_string(module.output)},
          {"load_index", module.load_index},
          {"dependencies", links},
          {"options", module.options},
          {"features", {{"provides", provides}, {"requires", requires_features}}},
          {"target", target_placeholder},
          {"artifact", artifact_placeholder}};
}

nlohmann::json plan_json(const BuildPlan& plan) {
  nlohmann::json modules = nlohmann::json::array();
  for (const ModulePlan& module : plan.modules) {
    nlohmann::json entry = module_metadata(module);
    entry.erase("target");
    entry.erase("artifact");
    entry["directory"] = module.directory;
    entry["manifest"] = module.manifest_path;
    entry["sources"] = module.sources;
    entry["tests"] = module.tests;
    entry["include_dirs"] = module.include_dirs;
    entry["api_headers"] = module.api_headers;
    entry["implements"] = module.implements;
    entry["public_links"] = module.public_links;
    entry["private_links"] = module.private_links;
    entry["definitions"] = module.definitions;
    modules.push_back(std::move(entry));
  }
  return {{"schema", "modbuild-plan"},
          {"schema_version", plan_schema_version},
          {"workspace", plan.workspace_name},
          {"root", plan.root},
          {"modules", std::move(modules)},
          {"configure_depends", plan.configure_depends}};
}

}  // namespace modbuild::builder
