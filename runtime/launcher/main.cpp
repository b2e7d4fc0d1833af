// modbuild-launch: runs an engine from its module index, knowing nothing of
// the engine: the runtime loads every module in load order, and the
// application module's frame hook runs until it returns an exit status.
//
//   modbuild-launch <index> [--app NAME] [--copy-dir DIR] [--control PATH | --no-control]
//                   [-- app arguments...]
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/runtime/runtime.h"

namespace {

constexpr int kUsage = 2;
constexpr int kLoadFailed = 1;

// Ctrl-C and SIGTERM end the run between two frames, so that every module
// gets its on_unload and the control socket goes away.
volatile std::sig_atomic_t g_stop_signal = 0;
void request_stop(int signal) { g_stop_signal = signal; }

const char kHelp[] =
    "usage: modbuild-launch <index> [--app NAME] [--copy-dir DIR] [--control PATH | --no-control]\n"
    "                       [-- ARGUMENTS...]\n"
    "\n"
    "Loads the modules of a module index (the <workspace>.modules.json a modbuild\n"
    "build writes) in load order and runs the application module until it exits,\n"
    "answering module commands on a control socket between frames.\n"
    "\n"
    "  <index>          the module index\n"
    "  --app NAME       the application to run, when several are loaded\n"
    "  --copy-dir DIR   where module copies go (default: a new directory in $TMPDIR)\n"
    "  --control PATH   the control socket (default: <workspace>.sock beside the index)\n"
    "  --no-control     no control socket\n"
    "  -- ARGUMENTS     passed to the application\n"
    "  -h, --help       this help\n"
    "\n"
    "Exit status: the application's, 1 when the modules cannot be loaded, 2 for a\n"
    "usage error, 128 + N when the application dies of signal N or the launcher is\n"
    "stopped by signal N (SIGINT, SIGTERM: the modules are unloaded first).\n";

struct Arguments {
  std::string index;
  modbuild::runtime::Options options;
  bool control = true;
};

// engine.modules.json => engine.sock, beside it.
std::string default_control_socket(const std::string& index) {
  const std::string suffix = ".modules.json";
  if (index.size() > suffix.size() && index.compare(index.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return index.substr(0, index.size() - suffix.size()) + ".sock";
  }
  return index + ".sock";
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "modbuild-launch: error: %s\n(modbuild-launch --help shows the usage)\n", message.c_str());
  return kUsage;
}

// Returns -1 when the arguments are good, else the exit status.
int parse(int argc, char** argv, Arguments& out) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") {
      for (++i; i < argc; ++i) out.options.app_args.emplace_back(argv[i]);
      break;
    }
    if (arg == "-h" || arg == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    }
    if (arg == "--app" || arg == "--copy-dir" || arg == "--control") {
      if (i + 1 >= argc) return usage_error(std::string(arg) + " needs a value");
      (arg == "--app" ? out.options.app : arg == "--copy-dir" ? out.options.copy_dir : out.options.control_socket) =
          argv[++i];
      continue;
    }
    if (arg == "--no-control") {
      out.control = false;
      continue;
    }
    if (arg.starts_with("-")) return usage_error("unknown option '" + std::string(arg) + "'");
    if (!out.index.empty()) return usage_error("one index only (extra argument '" + std::string(arg) + "'); application arguments go after '--'");
    out.index = std::string(arg);
  }
  if (out.index.empty()) return usage_error("no module index given");
  if (!out.control) {
    out.options.control_socket.clear();
  } else if (out.options.control_socket.empty()) {
    out.options.control_socket = default_control_socket(out.index);
  }
  return -1;
}

void print_outcome(const modbuild::runtime::Outcome& outcome) {
  std::fprintf(stderr, "modbuild-launch: %s\n", outcome.message.c_str());
  for (const std::string& detail : outcome.details) std::fprintf(stderr, "  %s\n", detail.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Arguments arguments;
  if (const int status = parse(argc, argv, arguments); status >= 0) return status;
  auto runtime = modbuild::runtime::Runtime::open(arguments.index, arguments.options);
  if (!runtime) {
    std::fprintf(stderr, "modbuild-launch: error: %s\n", runtime.error().message.c_str());
    return kLoadFailed;
  }
  const modbuild::runtime::Outcome loaded = (*runtime)->load_all();
  if (!loaded) {
    print_outcome(loaded);
    return kLoadFailed;
  }
  std::signal(SIGINT, &request_stop);
  std::signal(SIGTERM, &request_stop);
  while (g_stop_signal == 0) {
    const int status = (*runtime)->frame();
    if (status != MODBUILD_FRAME_CONTINUE) return status;
  }
  return 128 + g_stop_signal;
}
