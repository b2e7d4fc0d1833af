// Registry indexes: every published version of modules' metadata.
//
// A registry is a directory with one index file per module, `<name>.toml`, so
// that a lookup reads only the modules it needs. Each index holds one
// [[versions]] entry per published version: the resolution-relevant tables of
// that version's manifest ([module], [contract], [implements], [core],
// [dependencies], [options], [features]; not [build]) plus its checksum and
// whether it is yanked. docs/registry.md documents the format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/manifest.h"
#include "modbuild/support/expected.h"
#include "modbuild/support/file_system.h"

namespace modbuild::manifest {

inline constexpr int registry_format_version = 1;

struct PublishedVersion {
  Manifest manifest;     ///< spans point into the index file
  std::string checksum;  ///< "sha256:<hex>" of the manifest text that was published
  bool yanked = false;
  SourceSpan span;       ///< the [[versions]] entry
};

struct RegistryIndex {
  FileId file = diagnostics::no_file;
  std::string module;                     ///< the module every entry belongs to
  std::vector<PublishedVersion> versions;  ///< sorted by version, oldest first
};

/// `<registry_dir>/<module>.toml`.
std::string registry_index_path(std::string_view registry_dir, std::string_view module);

/// Reads one index file. Every entry is checked like a manifest (MB1xxx codes
/// with spans into the index) and against the file's module name (MB2009).
std::optional<RegistryIndex> parse_registry_index(const diagnostics::SourceMap& sources, FileId file,
                                                  diagnostics::DiagnosticList& out);

/// Deterministic text of an index: versions oldest first, tables in a fixed order.
std::string write_registry_index(const RegistryIndex& index);

/// Why a registry could not be changed, typed so that callers choose a
/// diagnostic without reading the message.
struct RegistryError {
  enum class Kind {
    invalid_request,    ///< a manifest without a valid identity, an invalid module name
    io,                 ///< the index or its lock could not be read, locked or written
    damaged_index,      ///< the index has errors (or another module's name); left unchanged
    already_published,  ///< the version is in the index (yanked or not)
    not_published,      ///< the module or version is not in the index
  };
  Kind kind = Kind::io;
  std::string message;  ///< a whole sentence for a diagnostic
  /// For damaged_index: the index and where its first error is (the span's
  /// file is unset: a caller adds `index_text` to its sources and sets it).
  std::string index_path;
  std::string index_text;
  diagnostics::SourceSpan span;
};

/// Adds `manifest` (read from `manifest_text`) as a new version of its module
/// to the registry in `registry_dir`, writing the index atomically. Refuses a
/// version that is already published (yanked or not).
support::Expected<void, RegistryError> publish_version(support::FileSystem& fs, std::string_view registry_dir,
                                                       const Manifest& manifest, std::string_view manifest_text);

/// Marks a published version yanked (or not); atomic like publish_version().
support::Expected<void, RegistryError> set_yanked(support::FileSystem& fs, std::string_view registry_dir,
                                                  std::string_view module, const semver::Version& version,
                                                  bool yanked);

}  // namespace modbuild::manifest
