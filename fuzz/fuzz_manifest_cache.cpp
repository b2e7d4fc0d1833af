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
constexpr std::string_view secret = "fuzz secret";

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

  // The same bytes as a cache file, and as the entries of one with the header
  // in front, each sealed under the secret so that the fuzzer gets past the
  // tag to the reader; unsealed, they must never read.
  std::string header = detail::ManifestCache::write(key, secret, {});
  header.resize(header.size() - 32);
  const std::string sealed = detail::ManifestCache::seal(std::string(bytes), secret);
  const std::string file = detail::ManifestCache::seal(header + std::string(bytes), secret);
  detail::ManifestCache cache = detail::ManifestCache::read(sealed, key, secret);
  (void)detail::ManifestCache::read(file, key, secret);
  if (detail::ManifestCache::read(bytes, key, secret).size() != 0 && size > 0) {
    // Unsealed bytes pass only if their last 32 bytes happen to be their tag.
    if (detail::ManifestCache::seal(std::string(bytes.substr(0, size - 32)), secret) != bytes) __builtin_trap();
  }
  if (cache.size() > size) __builtin_trap();
  return 0;
}
