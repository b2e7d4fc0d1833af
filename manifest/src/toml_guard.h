// Internal: a pre-scan of manifest text that keeps toml++ 3.3 away from its
// undefined behaviour.
//
// toml++ 3.3.0 (the version Debian 12 ships) classifies some non-ASCII code
// points as whitespace through a generated function that reaches
// __builtin_unreachable() for them (toml++ issues 190 and 295, fixed upstream
// after 3.3). It asks that question for any non-ASCII character it meets
// between tokens, and for the first character after a line-ending backslash
// in a multi-line string. This scan runs first and reports those inputs
// itself: the first is invalid TOML anyway (outside strings and comments TOML
// allows only ASCII), the second is reported as unsupported.
//
// It also bounds dotted keys: toml++ recurses once per part of a key, so a
// key or table header of some 40,000 parts (`[k.k.k...]`, 100 KB) overflows
// the stack; the array and inline-table depth limit does not cover keys.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace modbuild::manifest::detail {

/// The most parts a dotted key or table header may have.
inline constexpr std::size_t kMaxKeyParts = 128;

struct UnsafeText {
  std::size_t offset = 0;  ///< byte offset of the offending character
  std::string message;     ///< lower-case, without the "invalid TOML: " prefix
};

/// The first character toml++ 3.3 must not see, or nullopt. Linear; returns
/// after a byte count for ASCII text with fewer than kMaxKeyParts dots.
std::optional<UnsafeText> find_unsafe_text(std::string_view text);

}  // namespace modbuild::manifest::detail
