// Test fixture: parses TOML given inline and renders what was reported.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "modbuild/diagnostics/render.h"
#include "modbuild/manifest/manifest.h"
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

/// A valid module header to prepend to test snippets.
inline constexpr std::string_view plugin_header = R"([module]
name = "physics"
version = "0.3.0"
kind = "plugin"
)";

}  // namespace modbuild::manifest::testing
