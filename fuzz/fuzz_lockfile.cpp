// Fuzz target: arbitrary bytes as modbuild.lock. Parsing must never crash,
// hang or read out of bounds, every diagnostic must render, and a lockfile
// read without errors must survive writing: write(parse(write(x))) == write(x).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "modbuild/diagnostics/render.h"
#include "modbuild/manifest/lockfile.h"

namespace {

using namespace modbuild;

std::optional<manifest::Lockfile> parse(diagnostics::SourceMap& sources, std::string text,
                                        diagnostics::DiagnosticList& out) {
  diagnostics::FileId file = sources.add("modbuild.lock", std::move(text));
  auto lockfile = manifest::parse_lockfile(sources, file, out);
  for (const diagnostics::Diagnostic& d : out) {
    (void)diagnostics::render_text(d, sources, {true});
    (void)diagnostics::json_text(diagnostics::to_json(d, sources));
  }
  return lockfile;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  diagnostics::SourceMap sources;
  diagnostics::DiagnosticList out;
  auto lockfile = parse(sources, std::string(reinterpret_cast<const char*>(data), size), out);
  if (!lockfile || out.has_errors()) return 0;
  const std::string written = manifest::write_lockfile(*lockfile);
  diagnostics::DiagnosticList again;
  auto reread = parse(sources, written, again);
  if (!reread || again.has_errors()) __builtin_trap();
  if (reread->modules.size() != lockfile->modules.size()) __builtin_trap();
  if (manifest::write_lockfile(*reread) != written) __builtin_trap();
  return 0;
}
