// `modbuild gen`: runs modbuild-gen, the code generator. It is a separate
// executable because it links Clang, which `modbuild` itself does not.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "commands.h"
#include "companions.h"

namespace modbuild::cli {
namespace {

struct GenCommandOptions {
  std::vector<std::string> modules;
  std::string out_dir;
  std::string resource_dir;
  std::vector<std::string> flags;
};

ExitStatus gen(Context& context, const GenCommandOptions& options) {
  const std::string generator = find_generator();
  if (generator.empty() || access(generator.c_str(), X_OK) != 0) {
    context.error(fmt::format("modbuild-gen was not found{}; it is built when Clang's CMake package "
                              "(libclang-14-dev) is installed, or name it with MODBUILD_GEN",
                              generator.empty() ? "" : " at '" + generator + "'"));
    return ExitStatus::problems;
  }
  std::vector<std::string> args{generator};
  if (!context.options().workspace.empty()) args.insert(args.end(), {"-C", context.options().workspace});
  for (const std::string& module : options.modules) args.insert(args.end(), {"-m", module});
  if (!options.out_dir.empty()) args.insert(args.end(), {"-o", options.out_dir});
  if (!options.resource_dir.empty()) args.insert(args.end(), {"--resource-dir", options.resource_dir});
  if (context.options().quiet) args.push_back("-q");
  if (!options.flags.empty()) {
    args.push_back("--");
    args.insert(args.end(), options.flags.begin(), options.flags.end());
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execv(generator.c_str(), argv.data());
  context.error(fmt::format("cannot run '{}': {}", generator, std::strerror(errno)));
  return ExitStatus::internal;
}

}  // namespace

CLI::App* define_gen(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<GenCommandOptions>();
  CLI::App* sub = parent.add_subcommand(
      "gen", "Generate API schemas, binding tables, host proxies and state serializers from annotated headers");
  sub->add_option("-m,--module", options->modules, "Only this module (repeatable; default: every module with an API)")
      ->allow_extra_args(false);
  sub->add_option("-o,--out", options->out_dir, "Output directory (default: <workspace>/.modbuild/gen)");
  sub->add_option("--resource-dir", options->resource_dir, "Clang's resource directory (default: found at configure time)");
  sub->add_option("flags", options->flags, "Compile flags for the headers after '--' (default: from the manifests)");
  runner = [options](Context& context) { return gen(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
