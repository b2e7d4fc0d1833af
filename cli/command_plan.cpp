// `modbuild plan`: check the workspace like `check`, then give the build plan
// (every module in load order with its sources, include directories, links
// and options) as JSON, or as the CMake script modbuild_workspace() reads.
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "modbuild/builder/cmake_plan.h"
#include "modbuild/builder/plan.h"
#include "modbuild/support/text.h"
#include "workspace_check.h"

namespace modbuild::cli {
namespace {

struct PlanCommandOptions {
  WorkspaceCheckOptions check;
  std::string cmake_file;
};

// Rewrites the file only when its bytes change: CMake include()s it on every
// configure, and an unchanged file keeps its timestamp for tools watching it.
bool write_if_changed(support::FileSystem& fs, const std::string& path, const std::string& text, std::string& error) {
  if (auto old = fs.read(path); old && *old == text) return true;
  auto written = fs.write(path, text);
  if (!written) error = written.error();
  return static_cast<bool>(written);
}

ExitStatus plan(Context& context, const PlanCommandOptions& options) {
  CheckedWorkspace checked = check_workspace(context, options.check);
  const resolver::Resolution* resolution = checked.resolution();
  if (checked.findings.has_errors() || resolution == nullptr) {
    return context.finish(checked.findings, checked.workspace.sources);
  }
  builder::PlanResult planned = builder::make_plan(checked.workspace, *resolution, context.fs());
  if (!planned.problems.empty()) {
    context.report(checked.findings, checked.workspace.sources);
    for (const std::string& problem : planned.problems) context.error(problem);
    return ExitStatus::problems;
  }
  if (!options.cmake_file.empty()) {
    std::string error;
    const std::string path = context.fs().absolute(options.cmake_file);
    if (!write_if_changed(context.fs(), path, builder::cmake_plan(planned.plan), error)) {
      context.error(fmt::format("could not write '{}': {}", options.cmake_file, error));
      return ExitStatus::internal;
    }
  }
  if (context.json()) return context.finish(checked.findings, checked.workspace.sources, builder::plan_json(planned.plan));
  context.report(checked.findings, checked.workspace.sources);
  context.print(fmt::format("ok: {} planned in load order\n", support::count_of(planned.plan.modules.size(), "module")));
  return ExitStatus::success;
}

}  // namespace

CLI::App* define_plan(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<PlanCommandOptions>();
  CLI::App* sub = parent.add_subcommand(
      "plan", "Check the workspace, then give its build plan: the modules in load order with sources, includes and links");
  sub->add_flag("--locked", options->check.locked, "Fail if modbuild.lock is out of date (otherwise a warning)");
  sub->add_flag("--deny-warnings", options->check.deny_warnings, "Treat every warning as an error");
  sub->add_option("--cmake", options->cmake_file,
                  "Write the plan as a CMake script (what modbuild_workspace() reads); rewritten only when it changes");
  runner = [options](Context& context) { return plan(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
