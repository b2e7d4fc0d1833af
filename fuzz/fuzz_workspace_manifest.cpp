// Fuzz target: arbitrary bytes as modbuild.toml, loaded as a whole workspace
// over an in-memory tree, so that member expansion runs on what was parsed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "modbuild/diagnostics/render.h"
#include "modbuild/manifest/workspace.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace modbuild;
  support::MemoryFileSystem fs;
  fs.add_file("/w/modbuild.toml", std::string(reinterpret_cast<const char*>(data), size));
  fs.add_file("/w/core/ecs/module.toml", "[module]\nname = \"ecs\"\nversion = \"1.0.0\"\nkind = \"core\"\n");
  fs.add_directory("/w/systems/empty");
  manifest::LoadResult result = manifest::load_workspace(fs, "/w", "", {1});
  for (const diagnostics::Diagnostic& d : result.diagnostics) {
    (void)diagnostics::render_text(d, result.workspace.sources);
  }
  return 0;
}
