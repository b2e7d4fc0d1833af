// The checking pipeline shared by `check`, `plan` and `build`.
#include "workspace_check.h"

#include <fmt/format.h>

#include "modbuild/support/text.h"

namespace modbuild::cli {
namespace {

// As `modbuild check`: with --locked a differing lockfile is an error, else a
// warning; no lockfile at all is only a problem under --locked.
void compare_lockfile(const LockState& lock, const resolver::Resolution& resolution, bool locked,
                      diagnostics::DiagnosticList& out) {
  if (!lock.text && !locked) return;
  const manifest::Lockfile resolved = resolution.to_lockfile();
  const std::string text = manifest::write_lockfile(resolved);
  if (lock.text && *lock.text == text) return;
  out.add(lockfile_difference(lock, resolved, text, locked));
}

}  // namespace

CheckedWorkspace check_workspace(Context& context, const WorkspaceCheckOptions& options) {
  auto phase_done = [&](std::string_view phase) {
    if (options.phase_done) options.phase_done(phase);
  };
  manifest::LoadResult loaded = context.load_workspace();
  phase_done("load");
  CheckedWorkspace result;
  result.workspace = std::move(loaded.workspace);
  result.findings = std::move(loaded.diagnostics);
  manifest::Workspace& ws = result.workspace;

  // Resolution and the rules need modules; manifest errors do not stop them.
  LockState lock = read_lockfile(context.fs(), ws, result.findings, context.parse_cache());
  resolver::ResolveOptions resolve_options;
  resolve_options.lockfile = lock.readable && lock.lockfile ? &*lock.lockfile : nullptr;
  resolve_options.max_steps = options.max_steps;
  resolve_options.defer_feature_problems = true;
  if (!ws.modules.empty()) {
    result.resolved = resolver::resolve_workspace(ws, context.fs(), resolve_options);
    result.findings.append(std::move(result.resolved->diagnostics));
  }
  phase_done(fmt::format("resolve ({})", support::count_of(result.resolution() ? result.resolution()->rounds : 0, "round")));
  result.checked = validator::run_rules(ws, result.resolution(), context.fs());
  phase_done("rules");
  result.findings.append(std::move(result.checked.findings));
  if (result.resolution() && lock.readable) compare_lockfile(lock, *result.resolution(), options.locked, result.findings);
  if (options.extra_checks) options.extra_checks(ws, result.findings);
  validator::apply_severities(result.findings, ws.manifest, {options.deny_warnings});
  result.findings.sort(ws.sources);
  return result;
}

}  // namespace modbuild::cli
