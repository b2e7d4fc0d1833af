// elf_scan.h: what the runtime reads of a shared library before it opens it.
//
// One question only: does the library define STB_GNU_UNIQUE symbols? GCC
// gives inline and template statics that binding unless -fno-gnu-unique,
// and glibc then never unloads the library, so dlclose() after a reload
// would leave the old code mapped. The bytes are untrusted: every offset
// and size is checked against the file before it is read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace modbuild::runtime::elf {

struct UniqueSymbols {
  std::size_t count = 0;  ///< defined symbols of the dynamic symbol table bound STB_GNU_UNIQUE
  std::string first;      ///< the name of the first, for the message
};

/// For a 64-bit little-endian ELF file; an error message for anything else
/// (not ELF, another class, truncated, offsets outside the file).
struct ScanResult {
  bool ok = false;
  std::string error;
  UniqueSymbols unique;
};
ScanResult scan(std::string_view bytes);

}  // namespace modbuild::runtime::elf
