// modbuild: the command-line entry point. Parses global options, dispatches
// to the subcommand table (commands.h) and maps failures to exit statuses.
#include <malloc.h>

#include <exception>
#include <iostream>
#include <algorithm>
#include <map>
#include <optional>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "modbuild/support/spelling.h"
#include "version.h"

namespace {

using modbuild::cli::ColorMode;
using modbuild::cli::ExitStatus;
using modbuild::cli::GlobalOptions;
using modbuild::cli::OutputFormat;

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("-C,--workspace", options.workspace,
                 "Workspace directory (default: the nearest directory upward holding modbuild.toml)");
  app.add_option("--color", options.color, "When to colour output: auto, always or never")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ColorMode>{
              {"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}},
          CLI::ignore_case))
      ->option_text("auto|always|never");
  app.add_option("--format", options.format, "Output format: text for people, json for tools")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, OutputFormat>{{"text", OutputFormat::text}, {"json", OutputFormat::json}},
          CLI::ignore_case))
      ->option_text("text|json");
  app.add_flag("-q,--quiet", options.quiet, "Print only errors");
  app.add_flag("-v,--verbose", options.verbosity, "Print more detail (repeat for more)");
  app.add_flag("--no-cache", options.no_cache,
               "Parse every manifest, without reading or writing the cache in .modbuild/cache");
}

// CLI11 reports a misspelt subcommand as "a subcommand is required"; find the
// word that was meant as the command and say what is wrong with it instead.
std::optional<std::string> unknown_command(int argc, char** argv, const CLI::App& app) {
  static constexpr std::string_view options_with_values[] = {"-C", "--workspace", "--color", "--format"};
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (std::find(std::begin(options_with_values), std::end(options_with_values), arg) !=
        std::end(options_with_values)) {
      ++i;
      continue;
    }
    if (arg.starts_with("-")) continue;
    for (const CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == arg) return std::nullopt;
    }
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    std::string message = "unknown command '" + std::string(arg) + "'";
    if (auto suggestion = modbuild::support::closest_match(arg, names)) message += "; did you mean '" + *suggestion + "'?";
    return message;
  }
  return std::nullopt;
}

int run(int argc, char** argv) {
  CLI::App app{"modbuild: manifests, dependency resolution, validation and builds for modular C++ engines",
               "modbuild"};
  app.set_version_flag("-V,--version", std::string("modbuild ") + modbuild::cli::version);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand
  app.footer("Exit status: 0 success, 1 problems found in the input, 2 usage error, 3 internal error.\n"
             "Run 'modbuild <command> --help' for a command's options, 'modbuild explain <code>' for a diagnostic.");
  GlobalOptions options;
  add_global_options(app, options);

  std::vector<std::pair<CLI::App*, modbuild::cli::Runner>> runners;
  for (const modbuild::cli::Command& command : modbuild::cli::commands) {
    modbuild::cli::Runner runner;
    CLI::App* sub = command.define(app, runner);
    runners.emplace_back(sub, std::move(runner));
  }

  if (auto message = unknown_command(argc, argv, app)) {
    std::cerr << "error: " << *message << "\nRun 'modbuild --help' for the list of commands.\n";
    return static_cast<int>(ExitStatus::usage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version arrive here too, with a success code.
    int code = app.exit(error);
    return code == 0 ? 0 : static_cast<int>(ExitStatus::usage);
  }

  modbuild::cli::Context context(options);
  for (auto& [sub, runner] : runners) {
    if (sub->parsed()) return static_cast<int>(runner(context));
  }
  return static_cast<int>(ExitStatus::usage);
}

}  // namespace

int main(int argc, char** argv) {
  // Loading a large workspace allocates from several threads; a generous top
  // pad lets each malloc arena grow in few steps instead of thousands of
  // mprotect calls (about 10% of `modbuild check` on 10,000 modules).
  mallopt(M_TOP_PAD, 16 << 20);
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "error: internal error: " << error.what() << '\n'
              << "note: this is a bug in modbuild; please report it with the command that caused it\n";
    return static_cast<int>(ExitStatus::internal);
  }
}
