// Context: workspace discovery, diagnostic printing, colour decisions.
#include "context.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "modbuild/diagnostics/render.h"
#include "modbuild/support/path.h"

namespace modbuild::cli {
namespace {

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

bool color_for(ColorMode mode, int fd) {
  switch (mode) {
    case ColorMode::always: return true;
    case ColorMode::never: return false;
    case ColorMode::automatic: break;
  }
  // The conventions of no-color.org and of CLICOLOR_FORCE.
  if (env_set("NO_COLOR")) return false;
  if (env_set("CLICOLOR_FORCE")) return true;
  const char* term = std::getenv("TERM");
  return ::isatty(fd) != 0 && !(term != nullptr && std::string_view(term) == "dumb");
}

}  // namespace

bool Context::color_stderr() const { return color_for(options_.color, STDERR_FILENO); }
bool Context::color_stdout() const { return color_for(options_.color, STDOUT_FILENO); }

manifest::LoadResult Context::load_workspace() {
  const std::string start = options_.workspace.empty() ? "." : options_.workspace;
  std::optional<std::string> root = manifest::find_workspace_root(fs_, start);
  if (!root) {
    manifest::LoadResult result;
    result.diagnostics.add(
        diagnostics::Diagnostic::make(diagnostics::Code::no_workspace,
                                      fmt::format("no modbuild.toml in '{}' or any parent directory",
                                                  fs_.absolute(start)))
            .with_help("run modbuild inside a workspace, point at one with -C <dir>, or create modbuild.toml"));
    return result;
  }
  // Paths in messages are relative to the working directory, as compilers print them.
  std::string display = support::relative_path(*root, fs_.absolute("."));
  if (display == ".") display.clear();
  manifest::LoadOptions load_options;
  load_options.cache = parse_cache();
  return manifest::load_workspace(fs_, *root, display, load_options);
}

void Context::report(const diagnostics::DiagnosticList& list, const diagnostics::SourceMap& sources) {
  const diagnostics::TextStyle style{color_stderr()};
  for (const diagnostics::Diagnostic& d : list.limited(sources)) {
    if (options_.quiet && d.severity != diagnostics::Severity::error) continue;
    std::cerr << diagnostics::render_text(d, sources, style) << '\n';
  }
  const bool failed = list.has_errors();
  if (!failed && (options_.quiet || list.empty())) return;
  const char* color = style.color ? (failed ? "\x1b[1;31m" : "\x1b[1;33m") : "";
  const char* reset = style.color ? "\x1b[0m" : "";
  std::cerr << fmt::format("{}{}{}: {}{}\n", color, failed ? "error" : "warning", reset, failed ? "found " : "",
                           diagnostics::summarize(list));
}

ExitStatus Context::finish(const diagnostics::DiagnosticList& list, const diagnostics::SourceMap& sources,
                           nlohmann::json document) {
  if (json()) {
    document["diagnostics"] = diagnostics::to_json(list.limited(sources), sources);
    std::cout << diagnostics::json_text(document) << '\n';
  } else {
    report(list, sources);
  }
  std::cout.flush();
  return list.has_errors() ? ExitStatus::problems : ExitStatus::success;
}

void Context::print(const std::string& text) {
  if (options_.quiet || json()) return;
  std::cout << text;
}

void Context::error(const std::string& message) {
  const bool color = color_stderr();
  std::cerr << fmt::format("{}error{}: {}\n", color ? "\x1b[1;31m" : "", color ? "\x1b[0m" : "", message);
}

}  // namespace modbuild::cli
