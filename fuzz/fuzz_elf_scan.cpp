// Fuzz target: the runtime's scan of a library's dynamic symbols
// (runtime/src/elf_scan.cpp), which reads untrusted bytes before dlopen().
// It must answer or refuse without reading outside the buffer
// (AddressSanitizer checks that).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "elf_scan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const modbuild::runtime::elf::ScanResult result =
      modbuild::runtime::elf::scan(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!result.ok && result.error.empty()) std::abort();
  if (result.ok && result.unique.count == 0 && !result.unique.first.empty()) std::abort();
  return 0;
}
