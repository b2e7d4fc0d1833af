// Test fixture: parses TOML given inline and renders what was reported.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "modbuild/diagnostics/render.h"
#include "modbuild/manifest/lockfile.h"
#include "modbuild/manifest/manifest.h"
#include "modbuild/manifest/registry.h"
#include "modbuild/manifest/workspace.h"

namespace modbuild::manifest::testing {

class ManifestTest : public ::testing::Test {
 protected:
  /// Parses a module manifest; problems are kept for errors().
  std::optional<Manifest> parse(std::string_view text) {
    diagnostics_ = {};
    sources_ = {};
    FileId file = sources_.add("module.toml", std::string(text));
    return parse_module_manifest(sources_, file, diagnostics_);
  }

  std::optional<WorkspaceManifest> parse_workspace(std::string_view text) {
    diagnostics_ = {};
    sources_ = {};
    FileId file = sources_.add("modbuild.toml", std::string(text));
    return parse_workspace_manifest(sources_, file, diagnostics_);
  }

  std::optional<Lockfile> parse_lock(std::string_view text) {
    diagnostics_ = {};
    sources_ = {};
    FileId file = sources_.add("modbuild.lock", std::string(text));
    return parse_lockfile(sources_, file, diagnostics_);
  }

  /// Parses a registry index, shown as registry/<module>.toml.
  std::optional<RegistryIndex> parse_index(std::string_view text, std::string path = "registry/physics.toml") {
    diagnostics_ = {};
    sources_ = {};
    FileId file = sources_.add(std::move(path), std::string(text));
    return parse_registry_index(sources_, file, diagnostics_);
  }

  /// Every diagnostic of the last parse, rendered as text, in source order.
  std::string errors() {
    diagnostics_.sort(sources_);
    std::string out;
    for (const auto& d : diagnostics_) out += diagnostics::render_text(d, sources_) + "\n";
    return out;
  }

  /// The codes of the last parse, in source order ("MB1004 MB1006").
  std::string codes() {
    diagnostics_.sort(sources_);
    std::string out;
    for (const auto& d : diagnostics_) out += (out.empty() ? "" : " ") + std::string(diagnostics::info(d.code).id);
    return out;
  }

  diagnostics::SourceMap sources_;
  diagnostics::DiagnosticList diagnostics_;
};

/// The values of a manifest without where they were read from (spans, file,
/// directory), so that manifests read from different texts compare equal.
inline Manifest without_locations(Manifest m) {
  auto clear = [](LocatedString& s) {
    s.span = {};
    s.verbatim = false;
  };
  auto clear_all = [&](std::vector<LocatedString>& items) {
    for (LocatedString& item : items) clear(item);
  };
  m.file = diagnostics::no_file;
  m.directory.clear();
  clear(m.name);
  m.version_span = {};
  m.kind_span = {};
  if (m.contract) {
    m.contract->span = {};
    clear_all(m.contract->data);
    clear_all(m.contract->api);
  }
  if (m.implements) {
    m.implements->span = {};
    clear(m.implements->module);
    clear(m.implements->requirement);
    clear_all(m.implements->api);
  }
  for (CoreUse& use : m.core) {
    clear(use.module);
    clear(use.requirement);
    clear_all(use.data);
  }
  for (Dependency& dep : m.dependencies) {
    clear(dep.module);
    clear(dep.requirement);
    clear_all(dep.options);
  }
  clear_all(m.default_options);
  for (Option& option : m.options) {
    clear(option.name);
    clear_all(option.enables);
  }
  for (ProvidedFeature& feature : m.provides) {
    clear(feature.name);
    feature.version_span = {};
  }
  for (RequiredFeature& feature : m.requires_features) {
    clear(feature.name);
    clear(feature.requirement);
  }
  clear_all(m.build.sources);
  clear_all(m.build.include);
  clear_all(m.build.api_headers);
  return m;
}

/// A valid module header to prepend to test snippets.
inline constexpr std::string_view plugin_header = R"([module]
name = "physics"
version = "0.3.0"
kind = "plugin"
)";

}  // namespace modbuild::manifest::testing
