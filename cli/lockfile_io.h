// Reading and writing modbuild.lock for the commands that resolve.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/lockfile.h"
#include "modbuild/manifest/workspace.h"
#include "modbuild/support/file_system.h"

namespace modbuild::cli {

struct LockState {
  std::string path;                          ///< absolute
  std::optional<std::string> text;           ///< absent: no lockfile yet
  std::optional<manifest::Lockfile> lockfile;
  bool readable = true;                      ///< false when it exists but has errors
  diagnostics::FileId file = diagnostics::no_file;  ///< its text in the workspace's sources
};

/// Reads the workspace's lockfile if there is one, through the parse cache
/// when `cache` is given. Problems go to `out` and make `readable` false:
/// such a lockfile is never overwritten silently.
LockState read_lockfile(const support::FileSystem& fs, manifest::Workspace& workspace,
                        diagnostics::DiagnosticList& out, support::FileSystem* cache = nullptr);

/// Why the lockfile is not what resolution writes (`resolved_text`): MB2008
/// under --locked, else MB3011, with the modules that changed or, when the
/// modules agree, the first line that differs and how (line endings, a
/// comment, formatting), located in the lockfile.
diagnostics::Diagnostic lockfile_difference(const LockState& lock, const manifest::Lockfile& resolved,
                                            const std::string& resolved_text, bool locked);

}  // namespace modbuild::cli
