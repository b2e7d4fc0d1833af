// Fuzz target: glob patterns, parsed and matched against a few paths.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "modbuild/support/glob.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto glob = modbuild::support::Glob::parse(text);
  if (!glob) return 0;
  for (std::string_view path : {"core/ecs", "a/b/c/d.cpp", ".hidden/x", "", "src/[x]/y"}) {
    (void)glob->matches(path);
  }
  return 0;
}
