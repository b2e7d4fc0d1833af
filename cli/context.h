// What every subcommand shares: the global options, the file system, and the
// way results and diagnostics reach the user.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "exit_status.h"
#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/workspace.h"
#include "modbuild/support/file_system.h"

namespace modbuild::cli {

enum class OutputFormat { text, json };
enum class ColorMode { automatic, always, never };

struct GlobalOptions {
  std::string workspace;  ///< -C; empty: search upward from the working directory
  ColorMode color = ColorMode::automatic;
  OutputFormat format = OutputFormat::text;
  bool quiet = false;
  int verbosity = 0;
  bool no_cache = false;  ///< --no-cache: neither read nor write the parse cache
};

class Context {
 public:
  explicit Context(GlobalOptions options) : options_(std::move(options)) {}

  const GlobalOptions& options() const { return options_; }
  support::FileSystem& fs() { return fs_; }
  /// Where the parse cache of manifests and the lockfile is read and
  /// written; null under --no-cache.
  support::FileSystem* parse_cache() { return options_.no_cache ? nullptr : &fs_; }
  bool json() const { return options_.format == OutputFormat::json; }

  /// Finds and loads the workspace. Diagnostics are not printed here: the
  /// command prints them with its result (see finish()).
  manifest::LoadResult load_workspace();

  /// Renders diagnostics for people on stderr, with a summary line; --quiet
  /// keeps only errors.
  void report(const diagnostics::DiagnosticList& list, const diagnostics::SourceMap& sources);

  /// Ends a command: in JSON mode prints `document` with a "diagnostics"
  /// member on stdout, in text mode report()s. Returns the exit status the
  /// diagnostics call for.
  ExitStatus finish(const diagnostics::DiagnosticList& list, const diagnostics::SourceMap& sources,
                    nlohmann::json document = nlohmann::json::object());

  /// Plain text for the user on stdout, unless --quiet or JSON output.
  void print(const std::string& text);
  /// A message that is not a diagnostic (usage problems), on stderr.
  void error(const std::string& message);
  bool color_stderr() const;
  bool color_stdout() const;

 private:
  GlobalOptions options_;
  support::RealFileSystem fs_;
};

}  // namespace modbuild::cli
