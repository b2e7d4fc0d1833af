// Fuzz target: SemVer parsing. Whatever parses must print back identically.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "modbuild/semver/version.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto version = modbuild::semver::parse_version(text);
  if (version) {
    if (version->to_string() != text) __builtin_trap();
  } else if (version.error().offset > text.size()) {
    __builtin_trap();  // an error must point inside the text (or just past its end)
  }
  return 0;
}
