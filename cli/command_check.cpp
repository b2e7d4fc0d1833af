// `modbuild check`: load, resolve (honouring the lockfile) and run every rule;
// report all findings at once, for people or for CI systems.
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "api_checks.h"
#include "commands.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/resolver/resolve.h"
#include "modbuild/support/path.h"
#include "modbuild/support/text.h"
#include "modbuild/validator/check.h"
#include "modbuild/validator/reports.h"
#include "version.h"
#include "workspace_check.h"

namespace modbuild::cli {
namespace {

struct CheckCommandOptions {
  bool locked = false;
  bool load_order = false;
  bool deny_warnings = false;
  std::string format;  // empty: the global --format
  std::string output;
  std::uint64_t max_steps = 10'000'000;
  ApiCheckOptions api;
};

validator::ReportContext report_context(const manifest::Workspace& ws, const validator::CheckResult& checked) {
  validator::ReportContext context;
  context.workspace_root = ws.root;
  context.tool_version = version;
  context.modules = checked.modules;
  context.rules = checked.rules;
  context.module_of_file.resize(ws.sources.size());
  for (const manifest::Manifest& m : ws.modules) context.module_of_file[m.file] = m.name.value;
  return context;
}

std::string render_report(const std::string& format, const diagnostics::DiagnosticList& list,
                          const manifest::Workspace& ws, const validator::ReportContext& context) {
  if (format == "sarif") return validator::sarif_report(list, ws.sources, context);
  if (format == "junit") return validator::junit_report(list, ws.sources, context);
  return validator::github_report(list, ws.sources, context);
}

nlohmann::json check_document(const validator::CheckResult& checked) {
  return {{"schema", "modbuild-check"},
          {"schema_version", 2},
          {"modules", checked.modules},
          {"resolved", checked.resolved},
          {"load_order", checked.load_order}};
}

// Phase timings for -v: where the time of a check goes.
class PhaseTimer {
 public:
  void lap(std::string_view phase) {
    const auto now = std::chrono::steady_clock::now();
    laps_.push_back(fmt::format("{} {:.1f} ms", phase, std::chrono::duration<double, std::milli>(now - last_).count()));
    last_ = now;
  }
  std::string text() const { return fmt::format("{}", fmt::join(laps_, ", ")); }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::vector<std::string> laps_;
};

// The checked workspace is left for the operating system to free at exit:
// destroying ten thousand manifests piece by piece costs more than printing
// the result (compilers skip their final frees for the same reason). Held
// by a static pointer, so leak checkers see it as reachable; a second check
// in the same process frees the first.
CheckedWorkspace& keep_until_exit(CheckedWorkspace&& checked) {
  static CheckedWorkspace* kept = nullptr;
  delete kept;
  kept = new CheckedWorkspace(std::move(checked));
  return *kept;
}

ExitStatus check(Context& context, const CheckCommandOptions& options) {
  PhaseTimer timer;
  WorkspaceCheckOptions check_options;
  check_options.locked = options.locked;
  check_options.deny_warnings = options.deny_warnings;
  check_options.max_steps = options.max_steps;
  check_options.extra_checks = [&](manifest::Workspace& ws, diagnostics::DiagnosticList& findings) {
    run_api_checks(context, ws, options.api, findings);
  };
  check_options.phase_done = [&](std::string_view phase) { timer.lap(phase); };
  CheckedWorkspace& result = keep_until_exit(check_workspace(context, check_options));
  const manifest::Workspace& ws = result.workspace;
  const diagnostics::DiagnosticList& findings = result.findings;
  const validator::CheckResult& checked = result.checked;
  const std::optional<resolver::ResolveResult>& resolved = result.resolved;

  const std::string format = !options.format.empty() ? options.format : (context.json() ? "json" : "text");
  nlohmann::json document = check_document(checked);
  if (resolved && resolved->derivation) document["derivation"] = *resolved->derivation;
  const bool failed = findings.has_errors();
  if (format == "json" && options.output.empty()) return context.finish(findings, ws.sources, document);
  if (format != "text") {
    std::string report;
    // As on the terminal: a hostile input's million findings are counted, not listed.
    const diagnostics::DiagnosticList shown = findings.limited(ws.sources);
    if (format == "json") {
      document["diagnostics"] = diagnostics::to_json(shown, ws.sources);
      report = diagnostics::json_text(document) + "\n";
    } else {
      report = render_report(format, shown, ws, report_context(ws, checked));
    }
    if (options.output.empty()) {
      std::cout << report;
      return failed ? ExitStatus::problems : ExitStatus::success;
    }
    if (auto written = context.fs().write(context.fs().absolute(options.output), report); !written) {
      context.error(fmt::format("could not write '{}': {}", options.output, written.error()));
      return ExitStatus::internal;
    }
  }
  // Text for the terminal, also next to a report written with --output.
  context.report(findings, ws.sources);
  if (options.load_order) {
    context.print(checked.load_order.empty()
                      ? std::string("load order: none, the modules depend on each other in a cycle\n")
                      : fmt::format("load order:\n{}", [&] {
                          std::string lines;
                          for (std::size_t i = 0; i < checked.load_order.size(); ++i) {
                            lines += fmt::format("  {:>3}. {}\n", i + 1, checked.load_order[i]);
                          }
                          return lines;
                        }()));
  }
  if (!failed) {
    context.print(fmt::format("ok: {} checked{}\n", support::count_of(checked.modules.size(), "module"),
                              findings.empty() ? ", no problems" : ""));
  }
  if (context.options().verbosity > 0) context.print("time: " + timer.text() + "\n");
  return failed ? ExitStatus::problems : ExitStatus::success;
}

}  // namespace

CLI::App* define_check(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<CheckCommandOptions>();
  CLI::App* sub = parent.add_subcommand(
      "check", "Resolve the workspace and run every rule; report all problems (text, json, sarif, junit, github)");
  sub->add_flag("--locked", options->locked, "Fail if modbuild.lock is out of date (otherwise a warning)");
  sub->add_flag("--load-order", options->load_order, "Print the order in which the modules load");
  sub->add_flag("--deny-warnings", options->deny_warnings, "Treat every warning as an error");
  sub->add_option("--format", options->format, "text, json, sarif (SARIF 2.1.0), junit (JUnit XML) or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}));
  sub->add_option("-o,--output", options->output,
                  "Write the report to this file (atomically); text still goes to the terminal");
  sub->add_option("--max-steps", options->max_steps, "Give up resolving after this many solver steps")
      ->default_val(10'000'000)
      ->check(CLI::PositiveNumber);
  sub->add_option("--api-schemas", options->api.schemas_dir,
                  "The API schemas modbuild gen wrote (default: <workspace>/.modbuild/gen, when present)");
  sub->add_option("--api-baseline", options->api.baseline_dir,
                  "The previous release's API schemas: fail on API changes the version bump does not allow");
  runner = [options](Context& context) { return check(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
