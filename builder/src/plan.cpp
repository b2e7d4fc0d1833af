// The build plan of a checked workspace: the selected modules in load order,
// with their files found on disk and their relations turned into links.
#include "modbuild/builder/plan.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "modbuild/semver/version_req.h"
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
    if (dependency == nullptr) continue;
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

// Whether the selected version of `name` satisfies `requirement`.
bool selection_meets(const resolver::Resolution& resolution, const std::string& name, const std::string& requirement) {
  const resolver::SelectedModule* selected = resolution.find(name);
  if (selected == nullptr) return false;
  auto req = semver::parse_version_req(requirement);
  return req && req->matches(selected->version);
}

// The provider the selection has for a required feature, "" if none.
std::string selected_provider(const resolver::Resolution& resolution, const manifest::RequiredFeature& feature) {
  auto req = semver::parse_version_req(feature.requirement.value);
  for (const resolver::SelectedModule& m : resolution.modules) {
    for (const auto& [name, version] : m.provides) {
      if (name != feature.name.value) continue;
      auto provided = semver::parse_version(version);
      if (!req || version.empty() || (provided && req->matches(*provided))) return m.name;
    }
  }
  return "";
}

// A system that implements a selected Core contract but was not chosen, as
// if selected, when the selection meets every requirement it has.
std::optional<resolver::SelectedModule> as_alternate(const manifest::Manifest& m, const resolver::Resolution& resolution) {
  if (m.kind != manifest::ModuleKind::system || !m.implements || resolution.find(m.name.value) != nullptr) return {};
  if (!selection_meets(resolution, m.implements->module.value, m.implements->requirement.value)) return {};
  resolver::SelectedModule alternate;
  alternate.manifest = &m;
  alternate.name = m.name.value;
  alternate.version = m.version;
  alternate.kind = m.kind;
  std::set<std::string> needed{m.implements->module.value};
  for (const manifest::CoreUse& use : m.core) {
    if (!selection_meets(resolution, use.module.value, use.requirement.value)) return {};
    needed.insert(use.module.value);
  }
  for (const manifest::Dependency& dependency : m.dependencies) {
    if (dependency.optional) continue;
    if (!selection_meets(resolution, dependency.module.value, dependency.requirement.value)) return {};
    needed.insert(dependency.module.value);
  }
  for (const manifest::RequiredFeature& feature : m.requires_features) {
    std::string provider = selected_provider(resolution, feature);
    if (provider.empty()) return {};
    needed.insert(provider);
    alternate.features.emplace_back(feature.name.value, std::move(provider));
  }
  for (const manifest::ProvidedFeature& feature : m.provides) {
    alternate.provides.emplace_back(feature.name.value, feature.version ? feature.version->to_string() : "");
  }
  alternate.dependencies.assign(needed.begin(), needed.end());
  return alternate;
}

std::vector<std::string> configure_depends(const manifest::Workspace& workspace, const BuildPlan& plan,
                                           const support::FileSystem& fs) {
  std::set<std::string> depends{support::join_path(workspace.root, "modbuild.toml")};
  // Every member's manifest, chosen or not: an edit can change the resolution.
  for (const manifest::Manifest& member : workspace.modules) {
    depends.insert(support::join_path(support::normalize_path(workspace.absolute(member.directory)), "module.toml"));
  }
  // The directories the member patterns search: a member directory that
  // appears or goes away changes one of them.
  for (const manifest::LocatedString& pattern : workspace.manifest.members) {
    auto glob = support::Glob::parse(pattern.value);
    if (!glob) continue;
    for (const std::string& dir : glob->searched_directories(fs, workspace.root, support::FileType::directory)) {
      depends.insert(support::normalize_path(workspace.absolute(dir)));
    }
  }
  const std::string lockfile = support::join_path(workspace.root, "modbuild.lock");
  if (fs.type(lockfile) == support::FileType::file) depends.insert(lockfile);
  for (const ModulePlan& module : plan.modules) {
    depends.insert(module.manifest_path);
    for (const std::string& source : module.sources) depends.insert(support::parent_path(source));
    for (const std::string& test : module.tests) depends.insert(support::parent_path(test));
  }
  return {depends.begin(), depends.end()};
}

// The name the index and the CMake variables take: the manifest's (checked
// like a module name), else the directory's when it is a valid name too, else
// "workspace", so that no path or CMake syntax comes through a name.
std::string workspace_name(const manifest::Workspace& workspace) {
  if (!workspace.manifest.name.empty()) return workspace.manifest.name;
  const std::string directory(support::file_name(workspace.root));
  return manifest::is_valid_module_name(directory) ? directory : "workspace";
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
  plan.workspace_name = workspace_name(workspace);
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
  for (const manifest::Manifest& member : workspace.modules) {
    std::optional<resolver::SelectedModule> alternate = as_alternate(member, resolution);
    if (!alternate) continue;
    position[alternate->name] = position.size();
    plan.modules.push_back(module_plan(workspace, *alternate, resolution, position, fs));
    plan.modules.back().alternate = true;
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
          {"role", module.alternate ? "alternate" : "default"},
          {"implements", module.implements},
          {"entry", "modbuild_module_" + support::identifier_of(module.name)},
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
