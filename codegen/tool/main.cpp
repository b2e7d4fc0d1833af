// modbuild-gen: API schemas, binding tables, host proxies and state
// serializers from a workspace's annotated headers. `modbuild gen` runs it;
// the CMake package runs it per module at build time.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "generate.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/extract/extract.h"
#include "modbuild/manifest/workspace.h"
#include "modbuild/support/path.h"

namespace {

using modbuild::diagnostics::Code;
using modbuild::diagnostics::Diagnostic;

// The exit statuses of the modbuild CLI (cli/exit_status.h).
enum class Exit { success = 0, problems = 1, usage = 2, internal = 3 };

struct Options {
  std::string workspace = ".";
  std::string out_dir;
  std::string resource_dir;
  std::string depfile;
  std::vector<std::string> modules;
  std::vector<std::string> flags;
  bool quiet = false;
};

// The runtime headers (modbuild/annotate.h) of an installed prefix,
// <prefix>/include beside <prefix>/bin/modbuild-gen, else of the source tree
// this generator was built from.
std::string runtime_include_dir() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path installed = (self.parent_path().parent_path() / "include").lexically_normal();
    if (std::filesystem::exists(installed / "modbuild" / "annotate.h", error)) return installed.string();
  }
  return MODBUILD_RUNTIME_INCLUDE_DIR;
}

void print(const modbuild::diagnostics::DiagnosticList& list, const modbuild::diagnostics::SourceMap& sources) {
  const modbuild::diagnostics::TextStyle style{::isatty(STDERR_FILENO) != 0};
  for (const Diagnostic& d : list) std::cerr << modbuild::diagnostics::render_text(d, sources, style);
}

// Systems re-parse their contract's headers, so a problem in them would be
// reported once per system; once is enough.
modbuild::diagnostics::DiagnosticList without_repeats(const modbuild::diagnostics::DiagnosticList& list,
                                                      const modbuild::diagnostics::SourceMap& sources) {
  modbuild::diagnostics::DiagnosticList out;
  std::set<std::string> seen;
  for (const Diagnostic& d : list) {
    if (seen.insert(modbuild::diagnostics::render_text(d, sources)).second) out.add(d);
  }
  return out;
}

std::vector<const modbuild::manifest::Manifest*> selected_modules(const modbuild::manifest::Workspace& ws,
                                                                  const Options& options,
                                                                  modbuild::diagnostics::DiagnosticList& out) {
  std::vector<const modbuild::manifest::Manifest*> selected;
  if (options.modules.empty()) {
    for (const auto& module : ws.modules) {
      if (modbuild::gen::generates_for(ws, module)) selected.push_back(&module);
    }
    return selected;
  }
  for (const std::string& name : options.modules) {
    const auto* module = ws.find(name);
    if (!module) {
      out.add(Diagnostic::make(Code::unknown_module, fmt::format("no module named '{}' in the workspace", name)));
    } else if (!modbuild::gen::generates_for(ws, *module)) {
      out.add(Diagnostic::make(Code::unknown_module,
                               fmt::format("module '{}' is built as an executable, which has no entry point", name))
                  .with_help("modules built as libraries (`output = \"shared\"` or \"module\") get one"));
    } else {
      selected.push_back(module);
    }
  }
  return selected;
}

Exit run(const Options& options) {
  modbuild::support::RealFileSystem fs;
  auto resource_dir = modbuild::extract::find_resource_dir(options.resource_dir);
  if (!resource_dir) {
    modbuild::diagnostics::SourceMap none;
    modbuild::diagnostics::DiagnosticList list;
    list.add(Diagnostic::make(Code::clang_resources_missing, resource_dir.error()));
    print(list, none);
    return Exit::problems;
  }
  auto root = modbuild::manifest::find_workspace_root(fs, options.workspace);
  if (!root) {
    std::cerr << "error[MB0002]: no modbuild.toml in '" << fs.absolute(options.workspace) << "' or any parent directory\n";
    return Exit::problems;
  }
  std::string display = modbuild::support::relative_path(*root, fs.absolute("."));
  if (display == ".") display.clear();
  modbuild::manifest::LoadResult loaded = modbuild::manifest::load_workspace(fs, *root, display);
  modbuild::diagnostics::DiagnosticList findings = std::move(loaded.diagnostics);
  if (findings.has_errors()) {
    print(findings, loaded.workspace.sources);
    return Exit::problems;
  }
  const auto modules = selected_modules(loaded.workspace, options, findings);
  if (!options.depfile.empty() && modules.size() != 1) {
    std::cerr << "error: --depfile needs exactly one --module\n";
    return Exit::usage;
  }
  modbuild::gen::GenerateOptions generate{fs.absolute(options.out_dir.empty() ? loaded.workspace.absolute(".modbuild/gen") : options.out_dir),
                                          *resource_dir, runtime_include_dir(), options.flags, options.depfile};
  if (!generate.depfile.empty()) generate.depfile = fs.absolute(generate.depfile);
  bool failed = findings.has_errors();
  std::size_t written = 0;
  for (const auto* module : modules) {
    auto result = modbuild::gen::generate_module(loaded.workspace, *module, generate, fs, loaded.workspace.sources, findings);
    failed = failed || result.failed;
    written += result.written.size();
  }
  findings.sort(loaded.workspace.sources);
  print(without_repeats(findings, loaded.workspace.sources), loaded.workspace.sources);
  if (!options.quiet && !failed) {
    std::cout << fmt::format("generated {} module{} into {} ({} file{} changed)\n", modules.size(),
                             modules.size() == 1 ? "" : "s", generate.out_dir, written, written == 1 ? "" : "s");
  }
  return failed || findings.has_errors() ? Exit::problems : Exit::success;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"modbuild-gen: API schemas, binding tables, host proxies and state serializers from annotated headers",
               "modbuild-gen"};
  Options options;
  app.add_option("-C,--workspace", options.workspace, "Workspace directory (default: search upward from here)");
  app.add_option("-o,--out", options.out_dir, "Output directory; each module writes into <out>/<module>/ "
                                              "(default: <workspace>/.modbuild/gen)");
  // One value per -m, so that "-m ecs -- -Iinclude" leaves the flags to the positional list.
  app.add_option("-m,--module", options.modules, "Generate for this module only (repeatable; default: every module built as a library)")
      ->allow_extra_args(false);
  app.add_option("--resource-dir", options.resource_dir, "Clang's resource directory (default: found at configure time)");
  app.add_option("--depfile", options.depfile, "Write the depfile here (needs exactly one --module)");
  app.add_flag("-q,--quiet", options.quiet, "Print only problems");
  app.add_option("flags", options.flags, "The module's compile flags (-I, -D, -std=...) after '--'; "
                                         "default: its manifests' include directories");
  app.footer("Exit status: 0 success, 1 problems found, 2 usage error, 3 internal error.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : static_cast<int>(Exit::usage);
  }
  try {
    return static_cast<int>(run(options));
  } catch (const std::exception& error) {
    std::cerr << "error: internal error: " << error.what() << '\n';
    return static_cast<int>(Exit::internal);
  }
}
