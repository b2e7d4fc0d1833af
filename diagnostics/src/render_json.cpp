// JSON rendering of diagnostics (format documented in docs/diagnostics.md).
#include "modbuild/diagnostics/render.h"

namespace modbuild::diagnostics {
namespace {

void add_location(nlohmann::json& out, const SourceSpan& span, const SourceMap& sources) {
  if (!span.valid()) return;
  out["file"] = sources.path(span.file);
  out["line"] = span.line;
  out["column"] = span.column;
  out["end_line"] = span.end_line;
  out["end_column"] = span.end_column;
}

}  // namespace

std::string json_text(const nlohmann::json& document) {
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json to_json(const Diagnostic& d, const SourceMap& sources) {
  nlohmann::json out = nlohmann::json::object();
  out["severity"] = to_string(d.severity);
  out["code"] = info(d.code).id;
  out["message"] = d.message;
  add_location(out, d.span, sources);
  if (!d.label.empty()) out["label"] = d.label;
  nlohmann::json related = nlohmann::json::array();
  for (const Label& label : d.secondary) {
    nlohmann::json entry = {{"message", label.message}};
    add_location(entry, label.span, sources);
    related.push_back(std::move(entry));
  }
  out["related"] = std::move(related);
  out["notes"] = d.notes;
  out["help"] = d.help;
  return out;
}

nlohmann::json to_json(const DiagnosticList& list, const SourceMap& sources) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& d : list) out.push_back(to_json(d, sources));
  return out;
}

}  // namespace modbuild::diagnostics
