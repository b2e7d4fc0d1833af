// The workspace as JSON (schema in docs/metadata.md).
#include "modbuild/manifest/metadata.h"

#include "modbuild/support/path.h"

namespace modbuild::manifest {
namespace {

using nlohmann::json;

json strings(const std::vector<LocatedString>& items) {
  json out = json::array();
  for (const LocatedString& item : items) out.push_back(item.value);
  return out;
}

json module_json(const Workspace& ws, const Manifest& m) {
  json core = json::array();
  for (const CoreUse& use : m.core) {
    core.push_back({{"module", use.module.value}, {"version", use.requirement.value}, {"data", strings(use.data)}});
  }
  json dependencies = json::array();
  for (const Dependency& dep : m.dependencies) {
    dependencies.push_back({{"module", dep.module.value},
                            {"version", dep.requirement.value},
                            {"optional", dep.optional},
                            {"options", strings(dep.options)}});
  }
  json options = json::object();
  options["default"] = strings(m.default_options);
  for (const Option& option : m.options) options[option.name.value] = strings(option.enables);
  json provides = json::array();
  for (const ProvidedFeature& f : m.provides) {
    provides.push_back({{"name", f.name.value},
                        {"version", f.version ? json(f.version->to_string()) : json(nullptr)},
                        {"exclusive", f.exclusive}});
  }
  json requires_json = json::array();
  for (const RequiredFeature& f : m.requires_features) {
    requires_json.push_back({{"name", f.name.value}, {"version", f.requirement.value}, {"exclusive", f.exclusive}});
  }

  json out;
  out["name"] = m.name.value;
  out["version"] = m.version.to_string();
  out["kind"] = to_string(m.kind);
  out["description"] = m.description;
  out["directory"] = m.directory;
  out["manifest_path"] = support::join_path(ws.absolute(m.directory), "module.toml");
  out["contract"] = m.contract ? json{{"data", strings(m.contract->data)}, {"api", strings(m.contract->api)}}
                               : json(nullptr);
  out["implements"] = m.implements ? json{{"module", m.implements->module.value},
                                          {"version", m.implements->requirement.value},
                                          {"api", strings(m.implements->api)}}
                                   : json(nullptr);
  out["core"] = std::move(core);
  out["dependencies"] = std::move(dependencies);
  out["options"] = std::move(options);
  out["features"] = {{"provides", std::move(provides)}, {"requires", std::move(requires_json)}};
  out["build"] = {{"sources", strings(m.build.sources)},
                  {"include", strings(m.build.include)},
                  {"api_headers", strings(m.build.api_headers)},
                  {"output", to_string(m.build.output)}};
  return out;
}

}  // namespace

json workspace_metadata(const Workspace& ws) {
  const WorkspaceManifest& w = ws.manifest;
  json registries = json::array();
  for (const Registry& r : w.registries) {
    registries.push_back({{"name", r.name.value}, {"path", support::normalize_path(ws.absolute(r.path.value))}});
  }
  json providers = json::object();
  for (const ProviderPolicy& p : w.providers) providers[p.feature.value] = p.module.value;
  json modules = json::array();
  for (const Manifest& m : ws.modules) modules.push_back(module_json(ws, m));

  json out;
  out["schema"] = "modbuild-metadata";
  out["schema_version"] = metadata_schema_version;
  out["workspace"] = {{"name", w.name},
                      {"root", ws.root},
                      {"manifest_path", support::join_path(ws.root, "modbuild.toml")},
                      {"members", strings(w.members)},
                      {"exclude", strings(w.exclude)},
                      {"roots", strings(w.roots)},
                      {"allow_outside", strings(w.allow_outside)},
                      {"registries", std::move(registries)},
                      {"providers", std::move(providers)}};
  out["modules"] = std::move(modules);
  return out;
}

}  // namespace modbuild::manifest
