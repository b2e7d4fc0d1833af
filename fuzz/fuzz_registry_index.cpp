// Fuzz target: arbitrary bytes as a registry index. Parsing must never crash,
// hang or read out of bounds, every diagnostic must render, and an index read
// without errors must survive writing: write(parse(write(x))) == write(x).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "modbuild/diagnostics/render.h"
#include "modbuild/manifest/registry.h"

namespace {

using namespace modbuild;

std::optional<manifest::RegistryIndex> parse(diagnostics::SourceMap& sources, std::string text,
                                             diagnostics::DiagnosticList& out) {
  diagnostics::FileId file = sources.add("registry/physics.toml", std::move(text));
  auto index = manifest::parse_registry_index(sources, file, out);
  for (const diagnostics::Diagnostic& d : out) {
    (void)diagnostics::render_text(d, sources, {true});
    (void)diagnostics::json_text(diagnostics::to_json(d, sources));
  }
  return index;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  diagnostics::SourceMap sources;
  diagnostics::DiagnosticList out;
  auto index = parse(sources, std::string(reinterpret_cast<const char*>(data), size), out);
  if (!index || out.has_errors()) return 0;
  for (const manifest::PublishedVersion& version : index->versions) {
    if (!version.manifest.identity_valid) __builtin_trap();
  }
  const std::string written = manifest::write_registry_index(*index);
  diagnostics::DiagnosticList again;
  auto reread = parse(sources, written, again);
  if (!reread || again.has_errors()) __builtin_trap();
  if (reread->versions.size() != index->versions.size()) __builtin_trap();
  if (manifest::write_registry_index(*reread) != written) __builtin_trap();
  return 0;
}
