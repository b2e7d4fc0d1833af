// modbuild.lock: the resolution, written by `modbuild resolve`.
//
// The format is documented in docs/lockfile.md. Writing is deterministic
// (modules sorted by name, fixed key order, fixed formatting), so the same
// resolution always gives byte-identical text. Reading never drops an entry
// silently: every entry that cannot be read is reported.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/manifest.h"
#include "modbuild/support/file_system.h"

namespace modbuild::manifest {

inline constexpr int lockfile_format_version = 1;

/// One selected module.
struct LockedModule {
  LocatedString name;
  semver::Version version;
  SourceSpan version_span;
  /// "workspace:<directory relative to the root>" or "registry:<registry name>".
  std::string source;
  /// "sha256:<64 lowercase hex digits>" of the module's manifest text.
  std::string checksum;
  /// Selected modules it depends on (dependencies, Core modules, the contract
  /// it implements, feature providers), sorted.
  std::vector<std::string> dependencies;
  /// Options enabled for it, sorted.
  std::vector<std::string> options;
  /// For each feature it requires: the module chosen to provide it, sorted by feature.
  std::vector<std::pair<std::string, std::string>> features;
  SourceSpan span;  ///< the [[module]] entry, for diagnostics

  friend bool operator==(const LockedModule&, const LockedModule&) = default;
};

struct Lockfile {
  FileId file = diagnostics::no_file;
  std::vector<LockedModule> modules;  ///< sorted by name

  const LockedModule* find(std::string_view name) const;
  friend bool operator==(const Lockfile& a, const Lockfile& b) { return a.modules == b.modules; }
};

/// Reads modbuild.lock. Problems are reported (MB2007); entries that were read
/// are returned even when others were not. nullopt only when the text is not
/// TOML or not a lockfile at all.
std::optional<Lockfile> parse_lockfile(const diagnostics::SourceMap& sources, FileId file,
                                       diagnostics::DiagnosticList& out);

/// parse_lockfile through the parse cache under <workspace_root>/.modbuild/cache/
/// (the manifests' cache, see docs/cli.md): a lockfile that parsed without a
/// single finding is kept there, so that the same text is decoded next time
/// instead of parsed. Without a `cache` file system, parse_lockfile itself.
std::optional<Lockfile> parse_lockfile_cached(const diagnostics::SourceMap& sources, FileId file,
                                              diagnostics::DiagnosticList& out, support::FileSystem* cache,
                                              const std::string& workspace_root);

/// The lockfile text: a header comment, `version = 1`, then one [[module]]
/// table per module in name order.
std::string write_lockfile(const Lockfile& lockfile);

}  // namespace modbuild::manifest
