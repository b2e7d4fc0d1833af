// `modbuild watch`: rebuild what a save changed and reload it into the
// running engine (builder/watch.h has the pieces).
#include <csignal>
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "modbuild/builder/cmake_build.h"
#include "modbuild/builder/file_api.h"
#include "modbuild/builder/process.h"
#include "modbuild/builder/watch.h"
#include "modbuild/support/path.h"

namespace modbuild::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void stop_watching(int) { g_stop = 1; }

struct WatchCommandOptions {
  std::string build_dir;
  std::string socket;
  unsigned jobs = 0;
  unsigned max_cycles = 0;
  unsigned quiet_ms = 20;
};

// The module index of the build directory, from the File API reply of its
// last configure, as `modbuild build` finds it.
support::Expected<builder::ModuleIndex, std::string> index_of(Context& context, const std::string& build_dir,
                                                               const std::string& root) {
  auto reply = builder::read_file_api_reply(context.fs(), build_dir);
  if (!reply) {
    return support::unexpected(fmt::format("{}: no configured build here ({}); run `modbuild build --build-dir {}` first",
                                           build_dir, reply.error(), build_dir));
  }
  return builder::find_module_index(context.fs(), *reply, root);
}

std::vector<builder::WatchedModule> watched_modules(const manifest::Workspace& ws) {
  std::vector<builder::WatchedModule> modules;
  for (const manifest::Manifest& m : ws.modules) {
    modules.push_back({m.name.value, support::normalize_path(ws.absolute(m.directory))});
  }
  return modules;
}

void print_cycle(Context& context, const builder::CycleReport& report) {
  if (context.json()) {
    std::cout << builder::cycle_json(report).dump() << std::endl;
  } else if (!context.options().quiet || !report.built) {
    std::cout << "watch: " << builder::cycle_line(report) << std::endl;
  }
}

// One cycle: build what changed, then reload what the build rewrote.
builder::CycleReport run_cycle(Context& context, const builder::ChangeSet& changes, const std::string& build_dir,
                               builder::ModuleIndex& index, const WatchCommandOptions& options, const std::string& root) {
  builder::CycleReport report;
  report.changes = changes;
  const builder::LibraryStamps before = builder::stamp_libraries(index);
  std::vector<std::string> command{"cmake", "--build", build_dir};
  if (options.jobs > 0) command.insert(command.end(), {"--parallel", std::to_string(options.jobs)});
  // A manifest change makes CMake configure again: build everything then.
  if (!changes.manifests) {
    report.targets = builder::targets_to_build(index, changes.modules);
    if (report.targets.empty()) {
      report.built = true;
      return report;
    }
    command.push_back("--target");
    command.insert(command.end(), report.targets.begin(), report.targets.end());
  }
  const auto started = std::chrono::steady_clock::now();
  auto status = builder::run_process(command, {context.json()});
  report.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  report.built = status && *status == 0;
  if (!report.built) return report;
  if (changes.manifests) {
    if (auto reread = index_of(context, build_dir, root)) index = std::move(*reread);
  }
  report.rebuilt = builder::rebuilt_modules(index, before, builder::stamp_libraries(index));
  if (report.rebuilt.empty()) return report;
  const std::string socket = options.socket.empty() ? builder::control_socket_of(index.path) : options.socket;
  std::string line = "refresh";
  for (const std::string& name : report.rebuilt) line += " " + name;
  const auto sent = std::chrono::steady_clock::now();
  auto reply = builder::send_command(socket, line, std::chrono::seconds(30));
  report.reload_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent).count();
  if (reply) {
    report.reply = std::move(*reply);
  } else {
    report.engine_problem = reply.error() + ", so nothing was reloaded";
  }
  return report;
}

ExitStatus watch(Context& context, const WatchCommandOptions& options) {
  manifest::LoadResult loaded = context.load_workspace();
  if (loaded.diagnostics.has_errors()) return context.finish(loaded.diagnostics, loaded.workspace.sources);
  const manifest::Workspace& ws = loaded.workspace;
  const std::string build_dir =
      context.fs().absolute(options.build_dir.empty() ? support::join_path(ws.root, "build") : options.build_dir);
  auto index = index_of(context, build_dir, ws.root);
  if (!index) {
    context.error(index.error());
    return ExitStatus::problems;
  }
  auto watcher = builder::FileWatcher::watch({ws.root}, {build_dir});
  if (!watcher) {
    context.error(watcher.error());
    return ExitStatus::internal;
  }
  std::signal(SIGINT, &stop_watching);
  std::signal(SIGTERM, &stop_watching);
  const std::string socket = options.socket.empty() ? builder::control_socket_of(index->path) : options.socket;
  if (!context.json()) {
    std::cerr << fmt::format("watch: watching {} for changes; building in {}, reloading through {} (Ctrl-C stops)\n",
                             support::relative_path(ws.root, context.fs().absolute(".")), build_dir, socket);
  }
  const std::vector<builder::WatchedModule> modules = watched_modules(ws);
  for (unsigned cycle = 0; g_stop == 0 && (options.max_cycles == 0 || cycle < options.max_cycles);) {
    const std::vector<std::string> changed =
        (*watcher)->wait(std::chrono::milliseconds(250), std::chrono::milliseconds(options.quiet_ms));
    if (changed.empty()) continue;
    const builder::ChangeSet changes = builder::classify_changes(changed, ws.root, modules);
    if (changes.modules.empty() && !changes.manifests) continue;  // nothing a module is built from
    print_cycle(context, run_cycle(context, changes, build_dir, *index, options, ws.root));
    ++cycle;
  }
  return ExitStatus::success;
}

}  // namespace

CLI::App* define_watch(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<WatchCommandOptions>();
  CLI::App* sub = parent.add_subcommand(
      "watch", "Rebuild the modules a save changed and reload them into the running engine, until interrupted");
  sub->add_option("--build-dir", options->build_dir,
                  "The build directory of `modbuild build` (default: build/ in the workspace)");
  sub->add_option("--socket", options->socket,
                  "The engine's control socket (default: <workspace>.sock beside the module index)");
  sub->add_option("-j,--jobs", options->jobs, "Parallel compile jobs (default: the build tool's choice)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--max-cycles", options->max_cycles, "Stop after this many rebuilds (default: never)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--quiet-ms", options->quiet_ms,
                  "How long the files must stay unchanged before a burst of saves is over (default: 20)")
      ->check(CLI::Range(1u, 5000u));
  runner = [options](Context& context) { return watch(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
