// `modbuild metadata`: the workspace as JSON (docs/metadata.md).
#include <iostream>

#include "commands.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/manifest/metadata.h"

namespace modbuild::cli {

CLI::App* define_metadata(CLI::App& parent, Runner& runner) {
  CLI::App* sub = parent.add_subcommand(
      "metadata", "Print every module, relation, feature and path of the workspace as versioned JSON");
  runner = [](Context& context) {
    manifest::LoadResult loaded = context.load_workspace();
    nlohmann::json document = manifest::workspace_metadata(loaded.workspace);
    // The JSON document goes to stdout whatever --format says: it is this
    // command's result. In text mode the diagnostics are also rendered for
    // people on stderr.
    if (context.json()) return context.finish(loaded.diagnostics, loaded.workspace.sources, std::move(document));
    document["diagnostics"] = diagnostics::to_json(loaded.diagnostics, loaded.workspace.sources);
    std::cout << diagnostics::json_text(document) << '\n';
    return context.finish(loaded.diagnostics, loaded.workspace.sources);
  };
  return sub;
}

}  // namespace modbuild::cli
