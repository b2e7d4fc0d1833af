// Fuzz target: arbitrary bytes as a manifest cache file, as one cached
// manifest and as one cached lockfile. Reading must never crash, hang or read out of bounds; whatever
// decodes must encode back to the same bytes, and a cache file that reads
// must be written back identically.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "manifest_cache.h"

namespace {

using namespace modbuild::manifest;

constexpr std::string_view key = "fuzz key";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  if (auto manifest = detail::decode_manifest(bytes, 0)) {
    auto encoded = detail::encode_manifest(*manifest);
    if (!encoded || *encoded != bytes) __builtin_trap();
  }

  if (auto lockfile = detail::decode_lockfile(bytes, 0)) {
    auto encoded = detail::encode_lockfile(*lockfile);
    if (!encoded || *encoded != bytes) __builtin_trap();
  }

  // The same bytes as the entries of a cache file, with the header in front
  // so that the fuzzer reaches the entry reader.
  const std::string file = detail::ManifestCache::write(key, {}) + std::string(bytes);
  detail::ManifestCache cache = detail::ManifestCache::read(bytes, key);
  (void)detail::ManifestCache::read(file, key);
  if (cache.size() > size) __builtin_trap();
  return 0;
}
