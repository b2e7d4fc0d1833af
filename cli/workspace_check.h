// The checking pipeline of `check`, `plan` and `build`: load, resolution
// (honouring the lockfile), the rules and the lockfile comparison.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "context.h"
#include "lockfile_io.h"
#include "modbuild/resolver/resolve.h"
#include "modbuild/validator/check.h"

namespace modbuild::cli {

struct WorkspaceCheckOptions {
  bool locked = false;         ///< an out-of-date or missing lockfile is an error
  bool deny_warnings = false;  ///< every warning is an error
  std::uint64_t max_steps = resolver::ResolveOptions{}.max_steps;
  /// More checks, run after the rules and before severities apply.
  std::function<void(manifest::Workspace&, diagnostics::DiagnosticList&)> extra_checks;
  /// Told the name of each phase as it ends ("load", "resolve (N rounds)", "rules").
  std::function<void(std::string_view)> phase_done;
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
