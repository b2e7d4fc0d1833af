// parse_lockfile_cached (see lockfile.h). A large workspace's lockfile is
// large too (230 bytes a module: 2.3 MB for 10,000 modules), and parsing it
// with toml++ costs more than everything else `check` does; it changes far
// less often than it is read.
#include "manifest_cache.h"
#include "modbuild/manifest/lockfile.h"
#include "modbuild/support/path.h"
#include "modbuild/support/sha256.h"

namespace modbuild::manifest {

std::optional<Lockfile> parse_lockfile_cached(const diagnostics::SourceMap& sources, FileId file,
                                              diagnostics::DiagnosticList& out, support::FileSystem* cache,
                                              const std::string& workspace_root) {
  // Without a cache (--no-cache) not even the secret is looked for.
  if (!cache) return parse_lockfile(sources, file, out);
  const std::string key = detail::manifest_cache_key();
  const std::string& secret = detail::cache_secret();
  const auto directory = !key.empty() && !secret.empty() ? detail::cache_directory(*cache, workspace_root) : std::nullopt;
  if (!directory) return parse_lockfile(sources, file, out);
  const std::string path = support::join_path(*directory, "lockfile");
  const detail::Digest digest = support::sha256(sources.contents(file));
  std::string bytes;
  if (auto read = cache->read(path)) bytes = std::move(*read);
  const detail::ManifestCache entries = detail::ManifestCache::read(bytes, key, secret);
  if (const std::string_view* cached = entries.find(digest)) {
    if (auto lockfile = detail::decode_lockfile(*cached, file)) return lockfile;
  }
  diagnostics::DiagnosticList found;
  std::optional<Lockfile> lockfile = parse_lockfile(sources, file, found);
  // Only a lockfile without a single finding is kept: a hit has nothing to report.
  if (lockfile && found.empty()) {
    if (auto encoded = detail::encode_lockfile(*lockfile)) {
      detail::write_cache_file(*cache, path, detail::ManifestCache::write(key, secret, {{digest, *encoded}}));
    }
  }
  out.append(std::move(found));
  return lockfile;
}

}  // namespace modbuild::manifest
