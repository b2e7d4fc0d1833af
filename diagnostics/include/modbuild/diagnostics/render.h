// Renderers: human text in the style of rustc and clang, and JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "modbuild/diagnostics/diagnostic.h"

namespace modbuild::diagnostics {

struct TextStyle {
  bool color = false;  ///< ANSI colours; the CLI enables them on a TTY or with --color always
};

/// Renders one diagnostic:
///
///   core/ecs/module.toml:3:1: error[MB1004]: unknown key 'verion' in [module]
///     |
///   3 | verion = "1.0.0"
///     | ^^^^^^ unknown key
///     |
///     = help: did you mean 'version'?
///
/// Secondary spans in the same file are drawn under their own lines with '-';
/// those in other files get a "::: path:line:col" header of their own.
std::string render_text(const Diagnostic& diagnostic, const SourceMap& sources, TextStyle style = {});

/// "2 errors and 1 warning" (or "no problems").
std::string summarize(const DiagnosticList& list);

/// JSON text of a document, indented by two spaces. Invalid UTF-8 (a file
/// name from the disk, say) becomes U+FFFD instead of an exception.
std::string json_text(const nlohmann::json& document);

/// The JSON form documented in docs/diagnostics.md.
nlohmann::json to_json(const Diagnostic& diagnostic, const SourceMap& sources);
nlohmann::json to_json(const DiagnosticList& list, const SourceMap& sources);

}  // namespace modbuild::diagnostics
