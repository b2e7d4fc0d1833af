// Internal: a cache of parsed module manifests (and of the parsed lockfile),
// keyed by the SHA-256 of their text, so that a workspace whose manifests did not change is loaded
// without parsing TOML again (toml++ costs about 100,000 instructions for a
// 400-byte manifest; decoding a cached one, a few thousand).
//
// The cache is a file under the workspace's .modbuild/cache/. Only manifests
// that parsed without a single diagnostic are cached, so a cache hit has
// nothing to report; the checks that look at the disk (build paths) run on
// every load. The file carries the build ID of the executable that wrote it:
// any other build of modbuild, whose parser may differ, ignores it.
//
// A workspace is input, and may come from someone else (a pull request can
// commit a .modbuild/ directory): a cache must never change a verdict. So
// every file ends in an HMAC-SHA-256 under a secret kept in the user's cache
// directory, outside every workspace (cache_secret()); a file that does not
// carry a valid one, or does not decode, is ignored entirely, never trusted
// in part. A cache directory reached through a symbolic link is neither read
// nor written.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "modbuild/manifest/lockfile.h"
#include "modbuild/manifest/manifest.h"
#include "modbuild/support/file_system.h"

namespace modbuild::manifest::detail {

using Digest = std::array<std::uint8_t, 32>;

/// The manifest as cache bytes; nullopt when it holds a span into another file.
std::optional<std::string> encode_manifest(const Manifest& manifest);

/// The manifest back, its spans in `file`; nullopt when the bytes are not a
/// whole, valid encoding.
std::optional<Manifest> decode_manifest(std::string_view bytes, FileId file);

/// The lockfile as cache bytes, and back (as the manifest above).
std::optional<std::string> encode_lockfile(const Lockfile& lockfile);
std::optional<Lockfile> decode_lockfile(std::string_view bytes, FileId file);

class ManifestCache {
 public:
  /// Reads a cache file's bytes; empty when they were written under another
  /// key, are not authenticated under `secret` or do not decode. The cache
  /// views `bytes`, which must outlive it.
  static ManifestCache read(std::string_view bytes, std::string_view key, std::string_view secret);

  /// The encoded manifest whose text has this digest, or nullptr.
  const std::string_view* find(const Digest& digest) const;
  std::size_t size() const { return entries_.size(); }

  /// A cache file holding these entries, in digest order (deterministic for
  /// one secret), authenticated under `secret`.
  static std::string write(std::string_view key, std::string_view secret,
                           std::vector<std::pair<Digest, std::string_view>> entries);

  /// `bytes` with the tag that authenticates them under `secret` appended.
  static std::string seal(std::string bytes, std::string_view secret);

 private:
  struct DigestHash {
    std::size_t operator()(const Digest& d) const;
  };
  std::unordered_map<Digest, std::string_view, DigestHash> entries_;
};

/// The key of caches this executable writes: a format version and the
/// executable's GNU build ID; empty when it has none (no caching then).
std::string manifest_cache_key();

/// The secret that authenticates cache files: 32 random bytes in
/// $XDG_CACHE_HOME/modbuild/cache-secret (else ~/.cache/modbuild/), created
/// on first use, private to the user. Empty (no caching) when there is no
/// home or the file is not a private regular file of this user.
const std::string& cache_secret();

/// The cache directory of a workspace, <root>/.modbuild/cache, when neither it
/// nor .modbuild is a symbolic link (or missing: a write creates them);
/// nullopt otherwise, and then there is no caching.
std::optional<std::string> cache_directory(const support::FileSystem& fs, const std::string& workspace_root);

/// Writes one of the cache files under <workspace>/.modbuild/cache/, and a
/// .gitignore there that says the directory is not source. A cache that
/// cannot be written only costs the next run its speed: failures are ignored.
void write_cache_file(support::FileSystem& fs, const std::string& path, std::string_view bytes);

}  // namespace modbuild::manifest::detail
