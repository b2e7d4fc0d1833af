// modbuild-gen's work for one module: manifest => parse => schema, code, depfile.
//
// Pipeline per module: which headers to parse (a Core module's or a plugin's
// own API headers; for a system, the API headers of the contract it
// implements, plus its sources to find its definitions; none for an app) => the compile flags (given, or
// derived from the manifests' include directories) => extract::extract_api
// => diagnostics with header lines => the schema JSON and the generated C++
// => the entry point (identity, exported table, imports, data types, hooks)
// => written only when their content changed => the depfile, which lists
// the manifests the output is made from as well as every header read.
#pragma once

#include <string>
#include <vector>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/workspace.h"
#include "modbuild/support/file_system.h"

namespace modbuild::gen {

struct GenerateOptions {
  std::string out_dir;       ///< absolute; each module writes into <out_dir>/<module>/
  std::string resource_dir;  ///< Clang's, checked
  std::string runtime_include_dir;  ///< where modbuild/annotate.h lives
  /// The module's compile flags; empty: -I of the include directories of the
  /// module, its contract and its Core dependencies.
  std::vector<std::string> flags;
  /// Where to write the depfile; empty: <out_dir>/<module>/<module>.d.
  std::string depfile;
};

struct GenerateResult {
  std::vector<std::string> written;    ///< files whose content changed
  std::vector<std::string> unchanged;  ///< files already up to date
  bool failed = false;
};

/// Whether modbuild-gen has something to do for the module: every module
/// built as a library gets an entry point, so that a runtime can load it.
bool generates_for(const manifest::Workspace& workspace, const manifest::Manifest& module);

/// Whether the module's generation parses API headers (a Core module or a
/// plugin with API headers, a system implementing a contract that has them),
/// and so writes a schema and the contract's headers besides the entry point.
bool parses_headers(const manifest::Workspace& workspace, const manifest::Manifest& module);

GenerateResult generate_module(const manifest::Workspace& workspace, const manifest::Manifest& module,
                               const GenerateOptions& options, support::FileSystem& fs,
                               diagnostics::SourceMap& sources, diagnostics::DiagnosticList& out);

}  // namespace modbuild::gen
