// Fuzz target: the module index the runtime reads (runtime/src/index.cpp).
// Any bytes must parse or be refused with a message naming the file; what
// parses must hold only libraries inside the index's directory, in an order
// that puts every module after what it needs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "modbuild/runtime/index.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = "/fuzz/modules/engine.modules.json";
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const modbuild::runtime::Result<modbuild::runtime::ModuleIndex> index = modbuild::runtime::parse_index(text, path);
  if (!index) {
    if (index.error().message.rfind(path + ": ", 0) != 0) std::abort();
    return 0;
  }
  std::set<std::string> earlier;
  for (const modbuild::runtime::IndexedModule& m : index->modules) {
    if (m.artifact.rfind("/fuzz/modules/", 0) != 0 || m.artifact.find('/', 14) != std::string::npos) std::abort();
    for (const std::string& needed : m.dependencies) {
      if (earlier.count(needed) == 0) std::abort();
    }
    earlier.insert(m.name);
  }
  return 0;
}
