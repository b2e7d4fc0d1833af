// Explanations compiled in from docs/diagnostics/ (see CMakeLists.txt).
#include "modbuild/diagnostics/explain.h"

#include <span>
#include <string>

#include "modbuild/support/embedded.h"

namespace modbuild::generated {
std::span<const support::EmbeddedFile> diagnostic_explanations();
}

namespace modbuild::diagnostics {

std::optional<std::string_view> explanation(Code code) {
  const std::string file = std::string(info(code).id) + ".md";
  const auto* found = support::find_embedded(generated::diagnostic_explanations(), file);
  if (found == nullptr) return std::nullopt;
  return found->contents;
}

}  // namespace modbuild::diagnostics
