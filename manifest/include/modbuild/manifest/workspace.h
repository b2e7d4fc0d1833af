// The workspace: modbuild.toml and the modules its member patterns select.
#pragma once

#include <string>
#include <vector>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/diagnostics/source_map.h"
#include "modbuild/manifest/manifest.h"
#include "modbuild/support/file_system.h"

namespace modbuild::manifest {

/// A registry index named in [registries].
struct Registry {
  LocatedString name;
  LocatedString path;  ///< relative to the workspace root, or absolute
  friend bool operator==(const Registry&, const Registry&) = default;
};

/// A provider policy entry: which module provides a feature when several could.
struct ProviderPolicy {
  LocatedString feature;
  LocatedString module;
  friend bool operator==(const ProviderPolicy&, const ProviderPolicy&) = default;
};

/// A severity override from [diagnostics]: a code (id or name) and
/// "allow", "warn" or "deny".
struct SeverityOverride {
  LocatedString code;
  LocatedString level;
  friend bool operator==(const SeverityOverride&, const SeverityOverride&) = default;
};

/// What modbuild.toml declares.
struct WorkspaceManifest {
  FileId file = diagnostics::no_file;
  std::string name;
  std::vector<LocatedString> members;
  std::vector<LocatedString> exclude;
  /// Modules the resolution starts from; empty: the app members, or every
  /// member when there is no app.
  std::vector<LocatedString> roots;
  /// Directories outside the workspace that manifests may name or link to
  /// (relative to the root, or absolute); everything else must lie inside.
  std::vector<LocatedString> allow_outside;
  std::vector<Registry> registries;      ///< sorted by name
  std::vector<ProviderPolicy> providers;  ///< sorted by feature
  std::vector<SeverityOverride> severities;  ///< sorted by code
  friend bool operator==(const WorkspaceManifest&, const WorkspaceManifest&) = default;
};

/// Parses modbuild.toml; like parse_module_manifest(), reports every problem.
std::optional<WorkspaceManifest> parse_workspace_manifest(const diagnostics::SourceMap& sources, FileId file,
                                                          diagnostics::DiagnosticList& out);

struct Workspace {
  std::string root;          ///< absolute path of the directory holding modbuild.toml
  std::string display_root;  ///< how paths under the root are shown ("" for the current directory)
  WorkspaceManifest manifest;
  std::vector<Manifest> modules;  ///< valid identities only, sorted by name
  diagnostics::SourceMap sources;  ///< every manifest read, for diagnostics
  /// Where files may lie once links are followed: the root's real path and
  /// those of the existing [workspace] allow-outside directories.
  std::vector<std::string> allowed_dirs;

  const Manifest* find(std::string_view name) const;
  /// Whether `path` (as real_path() gives it) lies inside allowed_dirs.
  bool allows(std::string_view real_path) const;
  /// The absolute path of a path relative to the workspace root.
  std::string absolute(std::string_view relative) const;
};

struct LoadOptions {
  unsigned threads = 0;  ///< 0: one per hardware thread
  /// Where the cache of parsed manifests (<root>/.modbuild/cache/) is read
  /// and written; none when null. See docs/cli.md, "The manifest cache".
  support::FileSystem* cache = nullptr;
};

struct LoadResult {
  Workspace workspace;
  diagnostics::DiagnosticList diagnostics;  ///< sorted by file and position
};

/// The nearest directory at or above `start` that holds modbuild.toml.
std::optional<std::string> find_workspace_root(const support::FileSystem& fs, const std::string& start);

/// Loads modbuild.toml under `root` and every member's module.toml, checking
/// each manifest, the build paths it names, and the workspace as a whole
/// (duplicate names, patterns that match nothing). Reports all problems.
/// `display_root` prefixes the paths shown in diagnostics.
LoadResult load_workspace(const support::FileSystem& fs, const std::string& root, const std::string& display_root,
                          LoadOptions options = {});

/// Checks the [build] paths of one module against the disk: include
/// directories and API headers must exist inside the workspace's allowed
/// directories (links followed), source patterns should match, and the files
/// they match must be paths CMake reads as one and lie inside too.
/// `module_dir_unlinked`: no link leads to `module_dir` from the workspace's
/// real root, so that only files reached through a link need resolving.
void check_build_paths(const Manifest& manifest, const support::FileSystem& fs, const std::string& module_dir,
                       const Workspace& workspace, diagnostics::DiagnosticList& out, bool module_dir_unlinked = false);

}  // namespace modbuild::manifest
