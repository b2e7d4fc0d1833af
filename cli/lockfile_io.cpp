// modbuild.lock next to modbuild.toml.
#include "lockfile_io.h"

#include <fmt/format.h>

#include "modbuild/support/path.h"

namespace modbuild::cli {

LockState read_lockfile(const support::FileSystem& fs, manifest::Workspace& workspace,
                        diagnostics::DiagnosticList& out, support::FileSystem* cache) {
  LockState state;
  state.path = support::join_path(workspace.root, "modbuild.lock");
  if (fs.type(state.path) == support::FileType::missing) return state;
  const std::string shown = workspace.display_root.empty() ? "modbuild.lock"
                                                           : support::join_path(workspace.display_root, "modbuild.lock");
  // A lockfile that is a link to elsewhere is neither read nor quoted.
  if (auto real = fs.real_path(state.path); real && !workspace.allows(*real)) {
    out.add(diagnostics::Diagnostic::make(diagnostics::Code::path_outside_workspace,
                                          fmt::format("'{}' leads outside the workspace, to '{}'", shown, *real))
                .with_help("replace the link with the lockfile itself"));
    state.readable = false;
    return state;
  }
  auto text = fs.read(state.path);
  if (!text) {
    out.add(diagnostics::Diagnostic::make(diagnostics::Code::io_error,
                                          fmt::format("could not read '{}': {}", state.path, text.error())));
    state.readable = false;
    return state;
  }
  state.text = *text;
  diagnostics::FileId file = workspace.sources.add(shown, std::move(*text));
  diagnostics::DiagnosticList problems;
  state.lockfile = manifest::parse_lockfile_cached(workspace.sources, file, problems, cache, workspace.root);
  state.readable = state.lockfile.has_value() && !problems.has_errors();
  out.append(std::move(problems));
  return state;
}

}  // namespace modbuild::cli
