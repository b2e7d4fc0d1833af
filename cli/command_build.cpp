// `modbuild build`: check the workspace, configure and build its modules
// through CMake, and show what was built.
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "companions.h"
#include "modbuild/builder/cmake_build.h"
#include "modbuild/builder/process.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/support/embedded.h"
#include "modbuild/support/path.h"
#include "modbuild/support/text.h"
#include "workspace_check.h"

namespace modbuild::generated {
std::span<const support::EmbeddedFile> package_files();
}

namespace modbuild::cli {
namespace {

struct BuildCommandOptions {
  WorkspaceCheckOptions check;
  bool release = false;
  unsigned jobs = 0;
  std::string build_dir;
  std::string module;
  std::string generator;
  std::vector<std::string> cache_entries;
};

std::string package_module() {
  const support::EmbeddedFile* file = support::find_embedded(generated::package_files(), "Modbuild.cmake");
  return file ? std::string(file->contents) : std::string();
}

builder::BuildRequest build_request(Context& context, const BuildCommandOptions& options, const manifest::Workspace& ws) {
  builder::BuildRequest request;
  request.workspace_root = ws.root;
  request.workspace_name = ws.manifest.name.empty() ? std::string(support::file_name(ws.root)) : ws.manifest.name;
  request.build_dir = context.fs().absolute(options.build_dir.empty() ? support::join_path(ws.root, "build")
                                                                       : options.build_dir);
  request.modbuild_executable = builder::current_executable("modbuild");
  request.package_module = package_module();
  request.release = options.release;
  request.jobs = options.jobs;
  request.module = options.module;
  request.generator = options.generator;
  // The package runs the code generator per module at build time; the
  // user's own -D entries, given after these, win.
  if (const std::string generator = find_generator(); !generator.empty() && access(generator.c_str(), X_OK) == 0) {
    request.cache_entries.push_back("MODBUILD_GEN_EXECUTABLE=" + generator);
  }
  if (const std::string runtime = find_runtime_include_dir(); !runtime.empty()) {
    request.cache_entries.push_back("MODBUILD_RUNTIME_INCLUDE_DIR=" + runtime);
  }
  request.cache_entries.insert(request.cache_entries.end(), options.cache_entries.begin(), options.cache_entries.end());
  request.output_to_stderr = context.json();
  return request;
}

std::string toolchain_line(const builder::FileApiReply& reply) {
  std::string line = fmt::format("{} build with {} {}", reply.configuration, reply.cxx_compiler_id, reply.cxx_compiler_version);
  if (auto launcher = reply.cache.find("CMAKE_CXX_COMPILER_LAUNCHER"); launcher != reply.cache.end() && !launcher->second.empty()) {
    line += fmt::format(" through {}", launcher->second);
  }
  return line + fmt::format(" ({})", reply.generator);
}

ExitStatus report_failure(Context& context, const builder::BuildFailure& failure, const std::string& build_dir) {
  using Kind = builder::BuildFailure::Kind;
  if (failure.kind == Kind::missing_artifacts) {
    if (context.json()) {
      std::cout << diagnostics::json_text({{"schema", "modbuild-build"}, {"schema_version", 1}, {"built", false},
                                           {"build_dir", build_dir}, {"modules", builder::summary_json(failure.modules)}})
                << '\n';
    } else {
      std::cerr << builder::summary_table(failure.modules, build_dir);
    }
    for (const builder::BuiltModule& m : failure.modules) {
      if (!m.problem.empty()) context.error(fmt::format("module '{}': {}", m.name, m.problem));
    }
    return ExitStatus::problems;
  }
  context.error(failure.message);
  switch (failure.kind) {
    case Kind::module_unknown: return ExitStatus::usage;
    case Kind::system: return ExitStatus::internal;
    default: return ExitStatus::problems;
  }
}

ExitStatus build(Context& context, const BuildCommandOptions& options) {
  // Checking first reports manifest problems directly, with colour, before
  // CMake would report the same ones through its own messages.
  CheckedWorkspace checked = check_workspace(context, options.check);
  if (checked.findings.has_errors() || checked.resolution() == nullptr) {
    return context.finish(checked.findings, checked.workspace.sources);
  }
  if (!context.json()) context.report(checked.findings, checked.workspace.sources);
  const builder::BuildRequest request = build_request(context, options, checked.workspace);
  std::cout.flush();
  auto built = builder::build_workspace(context.fs(), request);
  if (!built) return report_failure(context, built.error(), request.build_dir);

  if (context.json()) {
    nlohmann::json document = {{"schema", "modbuild-build"},
                               {"schema_version", 1},
                               {"built", true},
                               {"build_dir", request.build_dir},
                               {"configuration", built->reply.configuration},
                               {"generator", built->reply.generator},
                               {"module_index", built->index.path},
                               {"modules", builder::summary_json(built->modules)}};
    return context.finish(checked.findings, checked.workspace.sources, std::move(document));
  }
  context.print(fmt::format("\n{}\n{}", toolchain_line(built->reply), builder::summary_table(built->modules, request.build_dir)));
  context.print(fmt::format("ok: {} built; module index: {}\n", support::count_of(built->modules.size(), "module"),
                            support::relative_path(built->index.path, context.fs().absolute("."))));
  return ExitStatus::success;
}

}  // namespace

CLI::App* define_build(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<BuildCommandOptions>();
  CLI::App* sub = parent.add_subcommand(
      "build", "Check the workspace, build its modules as shared libraries through CMake and summarize the result");
  sub->add_flag("--release", options->release, "Optimized build (CMAKE_BUILD_TYPE=Release; default Debug)");
  sub->add_option("-j,--jobs", options->jobs, "Parallel compile jobs (default: the build tool's choice)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--build-dir", options->build_dir, "Build directory (default: build/ in the workspace)");
  sub->add_option("--target", options->module, "Build only this module and the modules it needs");
  sub->add_option("-G,--generator", options->generator,
                  "CMake generator for a new build directory (default: $CMAKE_GENERATOR, else Ninja)");
  sub->add_option("-D", options->cache_entries,
                  "A CMake cache entry, e.g. -D CMAKE_CXX_COMPILER_LAUNCHER=ccache (repeatable)")
      ->option_text("NAME=VALUE");
  sub->add_flag("--locked", options->check.locked, "Fail if modbuild.lock is out of date (otherwise a warning)");
  sub->add_flag("--deny-warnings", options->check.deny_warnings, "Treat every warning as an error");
  runner = [options](Context& context) { return build(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
