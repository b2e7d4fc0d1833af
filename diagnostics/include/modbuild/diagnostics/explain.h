// Long explanations of diagnostic codes, for `modbuild explain`.
#pragma once

#include <optional>
#include <string_view>

#include "modbuild/diagnostics/diagnostic.h"

namespace modbuild::diagnostics {

/// The Markdown explanation of a code (docs/diagnostics/MBxxxx.md, compiled in);
/// nullopt only if the documentation for the code is missing.
std::optional<std::string_view> explanation(Code code);

}  // namespace modbuild::diagnostics
