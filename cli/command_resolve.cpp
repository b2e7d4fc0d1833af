// `modbuild resolve` and `modbuild update`: solve the workspace's versions and
// keep modbuild.lock in step.
#include <chrono>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "commands.h"
#include "lockfile_io.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/resolver/resolve.h"
#include "modbuild/support/text.h"

namespace modbuild::cli {
namespace {

struct ResolveCommandOptions {
  bool locked = false;
  std::uint64_t max_steps = 10'000'000;
  std::vector<std::string> update;  // `update` only: modules to unlock (none: all)
  bool is_update = false;
};

nlohmann::json modules_json(const resolver::Resolution& resolution) {
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& m : resolution.modules) {
    modules.push_back({{"name", m.name},
                       {"version", m.version.to_string()},
                       {"source", m.source},
                       {"locked", m.locked},
                       {"dependencies", m.dependencies},
                       {"options", m.options},
                       {"features", nlohmann::json(m.features)}});
  }
  return modules;
}

// Checks the names given to `update` against the lockfile and the workspace.
bool check_update_names(Context& context, const ResolveCommandOptions& options, const manifest::Workspace& ws,
                        const LockState& lock) {
  for (const std::string& name : options.update) {
    const bool known = ws.find(name) || (lock.lockfile && lock.lockfile->find(name));
    if (!known) {
      context.error(fmt::format("'{}' is neither a workspace member nor in modbuild.lock", name));
      return false;
    }
  }
  return true;
}

ExitStatus run_resolve(Context& context, const ResolveCommandOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  manifest::LoadResult loaded = context.load_workspace();
  manifest::Workspace& ws = loaded.workspace;
  nlohmann::json document = {{"schema", "modbuild-resolve"}, {"schema_version", 1}};
  if (loaded.diagnostics.has_errors()) return context.finish(loaded.diagnostics, ws.sources, document);

  diagnostics::DiagnosticList diagnostics = std::move(loaded.diagnostics);
  const bool replacing = options.is_update && options.update.empty();
  diagnostics::DiagnosticList lock_problems;
  LockState lock = read_lockfile(context.fs(), ws, lock_problems, context.parse_cache());
  if (replacing) {
    // `update` without names writes a new lockfile: problems in the old one
    // are worth a warning, not a stop.
    for (diagnostics::Diagnostic d : lock_problems) {
      d.severity = diagnostics::Severity::warning;
      d.with_note("ignored: 'modbuild update' replaces the lockfile");
      diagnostics.add(std::move(d));
    }
  } else {
    diagnostics.append(std::move(lock_problems));
  }
  if (!lock.readable && !replacing) {
    diagnostics.sort(ws.sources);
    return context.finish(diagnostics, ws.sources, document);
  }
  if (options.is_update && !check_update_names(context, options, ws, lock)) return ExitStatus::usage;

  resolver::ResolveOptions resolve_options;
  resolve_options.lockfile = lock.readable && lock.lockfile ? &*lock.lockfile : nullptr;
  resolve_options.unlock = {options.update.begin(), options.update.end()};
  resolve_options.unlock_all = options.is_update && options.update.empty();
  resolve_options.max_steps = options.max_steps;
  resolver::ResolveResult result = resolver::resolve_workspace(ws, context.fs(), resolve_options);
  diagnostics.append(std::move(result.diagnostics));
  if (result.derivation) document["derivation"] = *result.derivation;
  if (!result.resolution || diagnostics.has_errors()) {
    diagnostics.sort(ws.sources);
    return context.finish(diagnostics, ws.sources, document);
  }

  const resolver::Resolution& resolution = *result.resolution;
  const manifest::Lockfile resolved = resolution.to_lockfile();
  const std::string text = manifest::write_lockfile(resolved);
  const bool changed = !lock.text || *lock.text != text;
  std::vector<std::string> changes = resolver::describe_lock_changes(lock.lockfile.value_or(manifest::Lockfile{}), resolved);
  document["modules"] = modules_json(resolution);
  document["changed"] = changed;
  document["changes"] = changes;

  if (options.locked && changed) {
    diagnostics.add(lockfile_difference(lock, resolved, text, true));
    diagnostics.sort(ws.sources);
    return context.finish(diagnostics, ws.sources, document);
  }
  if (changed && !options.locked) {
    if (auto written = context.fs().write(lock.path, text); !written) {
      diagnostics.add(diagnostics::Diagnostic::make(diagnostics::Code::io_error,
                                                    fmt::format("could not write '{}': {}", lock.path, written.error())));
      return context.finish(diagnostics, ws.sources, document);
    }
  }
  ExitStatus status = context.finish(diagnostics, ws.sources, document);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::string summary = "resolved " + support::count_of(resolution.modules.size(), "module");
  if (context.options().verbosity > 0) summary += fmt::format(" in {}, {:.1f} ms", support::count_of(resolution.rounds, "solver round"), ms);
  if (!changed) {
    context.print(summary + "; modbuild.lock is up to date\n");
  } else {
    context.print(fmt::format("{}; {} modbuild.lock:\n", summary, lock.text ? "updated" : "wrote"));
    for (const std::string& line : changes) context.print("  " + line + "\n");
  }
  return status;
}

CLI::App* define(CLI::App& parent, Runner& runner, bool update) {
  auto options = std::make_shared<ResolveCommandOptions>();
  options->is_update = update;
  CLI::App* sub =
      update ? parent.add_subcommand("update", "Re-resolve allowing newer versions (of the named modules, or of all)")
             : parent.add_subcommand("resolve", "Solve every module's version and write modbuild.lock when it changes");
  if (update) {
    sub->add_option("modules", options->update, "Modules to unlock; all when none is given");
  } else {
    sub->add_flag("--locked", options->locked,
                  "Fail (exit 1) instead of writing when modbuild.lock would change: the CI gate");
  }
  sub->add_option("--max-steps", options->max_steps, "Give up after this many solver steps")
      ->default_val(10'000'000)
      ->check(CLI::PositiveNumber);
  runner = [options](Context& context) { return run_resolve(context, *options); };
  return sub;
}

}  // namespace

CLI::App* define_resolve(CLI::App& parent, Runner& runner) { return define(parent, runner, false); }
CLI::App* define_update(CLI::App& parent, Runner& runner) { return define(parent, runner, true); }

}  // namespace modbuild::cli
