// Fuzz target: arbitrary bytes as module.toml. Parsing must never crash, hang
// or read out of bounds, and every diagnostic must render.
#include <cstddef>
#include <cstdint>
#include <string>

#include "modbuild/diagnostics/render.h"
#include "modbuild/manifest/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace modbuild;
  diagnostics::SourceMap sources;
  diagnostics::FileId file = sources.add("module.toml", std::string(reinterpret_cast<const char*>(data), size));
  diagnostics::DiagnosticList out;
  auto manifest = manifest::parse_module_manifest(sources, file, out);
  for (const diagnostics::Diagnostic& d : out) {
    (void)diagnostics::render_text(d, sources, {true});
    (void)diagnostics::json_text(diagnostics::to_json(d, sources));
  }
  // A manifest without a single error must have a valid identity.
  if (manifest && !out.has_errors() && !manifest->identity_valid) __builtin_trap();
  return 0;
}
