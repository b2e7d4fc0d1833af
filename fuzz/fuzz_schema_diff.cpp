// Fuzz target: the runtime's comparison of two API schemas
// (runtime/src/schema_diff.cpp), read from the files beside the libraries.
// The input is two documents separated by a NUL byte; any pair must be
// compared or refused, and an incompatible change must also be a change.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "schema_diff.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\0');
  const std::string_view before = input.substr(0, split);
  const std::string_view after = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
  const modbuild::runtime::Result<modbuild::runtime::LayoutDiff> diff = modbuild::runtime::diff_layouts(before, after);
  if (diff) {
    for (const std::string& line : diff->incompatible) {
      if (std::find(diff->changes.begin(), diff->changes.end(), line) == diff->changes.end()) std::abort();
    }
  }
  modbuild::runtime::schema_matches(before, {{"a::B", "0000000000000000"}});
  return 0;
}
