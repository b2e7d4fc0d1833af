// Small operations on the manifest model.
#include "modbuild/manifest/manifest.h"

#include "modbuild/support/text.h"

namespace modbuild::manifest {

std::string_view to_string(ModuleKind kind) {
  switch (kind) {
    case ModuleKind::core: return "core";
    case ModuleKind::system: return "system";
    case ModuleKind::plugin: return "plugin";
    case ModuleKind::app: return "app";
  }
  return "core";
}

std::string_view to_string(OutputKind kind) {
  switch (kind) {
    case OutputKind::shared: return "shared";
    case OutputKind::module: return "module";
    case OutputKind::executable: return "executable";
  }
  return "shared";
}

SourceSpan LocatedString::sub_span(std::size_t offset, std::size_t length) const {
  if (!verbatim || span.line != span.end_line || offset > value.size()) return span;
  std::string_view text(value);
  SourceSpan s = span;
  s.column = span.column + 1 + static_cast<std::uint32_t>(support::count_code_points(text.substr(0, offset)));
  std::size_t width = support::count_code_points(text.substr(offset, length));
  s.end_column = s.column + static_cast<std::uint32_t>(width == 0 ? 1 : width);
  return s;
}

}  // namespace modbuild::manifest
