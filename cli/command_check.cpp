// `modbuild check`: load the workspace and report every problem in its manifests.
#include <fmt/format.h>

#include "commands.h"

namespace modbuild::cli {
namespace {

ExitStatus check(Context& context) {
  manifest::LoadResult loaded = context.load_workspace();
  const manifest::Workspace& ws = loaded.workspace;
  nlohmann::json document = {{"schema", "modbuild-check"},
                             {"schema_version", 1},
                             {"modules", ws.modules.size()},
                             {"ok", !loaded.diagnostics.has_errors()}};
  ExitStatus status = context.finish(loaded.diagnostics, ws.sources, std::move(document));
  if (status == ExitStatus::success) {
    context.print(fmt::format("ok: {} modules checked{}\n", ws.modules.size(),
                              loaded.diagnostics.empty() ? ", no problems" : ""));
  }
  return status;
}

}  // namespace

CLI::App* define_check(CLI::App& parent, Runner& runner) {
  CLI::App* sub = parent.add_subcommand("check", "Check every manifest of the workspace and report all problems");
  runner = check;
  return sub;
}

}  // namespace modbuild::cli
