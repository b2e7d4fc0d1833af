// The API checks of `modbuild check`, over the schemas modbuild-gen wrote.
//
// Pipeline: the workspace's modules => the schema of each that has an API
// (<dir>/<module>/<module>.api.json, as modbuild-gen writes them) => the
// contract signature check (MB5006) => with a baseline directory, the semver
// check of each module against its previous release (MB5007, MB5008) =>
// diagnostics that quote the header lines, through `sources`.
#pragma once

#include <string>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/workspace.h"
#include "modbuild/support/file_system.h"

namespace modbuild::codegen {

struct SchemaCheckOptions {
  std::string schemas_dir;  ///< where modbuild-gen wrote the current schemas
  /// The previous release's schemas, as modbuild-gen wrote them, or a
  /// registry whose published versions carry schemas (it has an api/
  /// directory): each module is compared with its newest published version
  /// up to its own. Empty: no semver check.
  std::string baseline_dir;
};

/// Where a registry keeps the schemas published with the modules' versions:
/// <registry>/api/<module>/<version>.api.json.
std::string registry_api_dir(const std::string& registry);
std::string registry_schema_path(const std::string& registry, std::string_view module, std::string_view version);

/// Whether modbuild-gen writes a schema for the module: a Core module with API
/// headers, or a system implementing one.
bool has_api_schema(const manifest::Workspace& workspace, const manifest::Manifest& module);

/// Runs the checks; a missing or unreadable schema is MB5005.
diagnostics::DiagnosticList check_api_schemas(const manifest::Workspace& workspace, const support::FileSystem& fs,
                                              const SchemaCheckOptions& options, diagnostics::SourceMap& sources);

}  // namespace modbuild::codegen
