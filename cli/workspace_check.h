// The checks that `plan` and `build` run before anything is built: the same
// load, lockfile comparison, resolution and rules as `modbuild check`.
#pragma once

#include <optional>

#include "context.h"
#include "lockfile_io.h"
#include "modbuild/resolver/resolve.h"
#include "modbuild/validator/check.h"

namespace modbuild::cli {

struct WorkspaceCheckOptions {
  bool locked = false;         ///< an out-of-date or missing lockfile is an error
  bool deny_warnings = false;  ///< every warning is an error
};

struct CheckedWorkspace {
  manifest::Workspace workspace;
  std::optional<resolver::ResolveResult> resolved;
  validator::CheckResult checked;
  diagnostics::DiagnosticList findings;  ///< sorted; errors mean nothing may be built

  const resolver::Resolution* resolution() const {
    return resolved && resolved->resolution ? &*resolved->resolution : nullptr;
  }
};

CheckedWorkspace check_workspace(Context& context, const WorkspaceCheckOptions& options);

}  // namespace modbuild::cli
