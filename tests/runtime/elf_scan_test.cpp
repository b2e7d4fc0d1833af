// The ELF scan reads untrusted bytes: anything that is not a well-formed
// 64-bit shared library is refused with a reason, never read past its end.
#include "elf_scan.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace modbuild::runtime::elf {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(RUNTIME_FIXTURES) + "/" + name + ".so", std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(ElfScanTest, CountsGnuUniqueSymbolsOfAReadLibrary) {
  const ScanResult sticky = scan(fixture("sticky"));
  ASSERT_TRUE(sticky.ok) << sticky.error;
  EXPECT_EQ(sticky.unique.count, 1u);
  EXPECT_EQ(sticky.unique.first, "_ZZ12shared_countvE5count");
  const ScanResult clean = scan(fixture("counter_add_v1"));
  ASSERT_TRUE(clean.ok) << clean.error;
  EXPECT_EQ(clean.unique.count, 0u);
}

TEST(ElfScanTest, RefusesWhatIsNotASharedLibrary) {
  EXPECT_EQ(scan("").error, "not an ELF file");
  EXPECT_EQ(scan("#!/bin/sh\necho hi\n").error, "not an ELF file");
  std::string thirty_two = fixture("counter_add_v1");
  thirty_two[4] = 1;  // ELFCLASS32
  EXPECT_EQ(scan(thirty_two).error, "not a 64-bit little-endian ELF file");
}

TEST(ElfScanTest, EveryTruncationIsRefusedOrReadWithinBounds) {
  const std::string library = fixture("sticky");
  for (std::size_t size = 0; size < library.size(); size += 97) {
    const ScanResult result = scan(std::string_view(library).substr(0, size));
    if (!result.ok) {
      EXPECT_FALSE(result.error.empty()) << size;
    }
  }
  // Section headers pointing past the end.
  std::string damaged = library;
  damaged[0x28] = static_cast<char>(0xff);
  damaged[0x2f] = 0x7f;
  EXPECT_EQ(scan(damaged).error, "the section headers lie outside the file (truncated?)");
}

}  // namespace
}  // namespace modbuild::runtime::elf
