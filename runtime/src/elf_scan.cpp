// Scanning an ELF file's dynamic symbol table for STB_GNU_UNIQUE symbols.
#include "elf_scan.h"

#include <elf.h>

#include <cstdint>
#include <cstring>

namespace modbuild::runtime::elf {
namespace {

// Reads a T at `offset` if the whole of it lies inside `bytes`.
template <class T>
bool read_at(std::string_view bytes, std::uint64_t offset, T& out) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return false;
  std::memcpy(&out, bytes.data() + offset, sizeof(T));
  return true;
}

bool fits(std::string_view bytes, std::uint64_t offset, std::uint64_t size) {
  return offset <= bytes.size() && size <= bytes.size() - offset;
}

ScanResult failure(std::string message) {
  ScanResult result;
  result.error = std::move(message);
  return result;
}

// A NUL-terminated name inside the string table, or "" when it runs off it.
std::string name_at(std::string_view bytes, const Elf64_Shdr& strings, std::uint32_t offset) {
  if (!fits(bytes, strings.sh_offset, strings.sh_size) || offset >= strings.sh_size) return "";
  const std::string_view table = bytes.substr(strings.sh_offset, strings.sh_size);
  const std::size_t end = table.find('\0', offset);
  return end == std::string_view::npos ? "" : std::string(table.substr(offset, end - offset));
}

}  // namespace

ScanResult scan(std::string_view bytes) {
  Elf64_Ehdr header{};
  if (!read_at(bytes, 0, header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    return failure("not an ELF file");
  }
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB) {
    return failure("not a 64-bit little-endian ELF file");
  }
  if (header.e_type != ET_DYN) return failure("not a shared library (ELF type " + std::to_string(header.e_type) + ")");
  if (header.e_shentsize != sizeof(Elf64_Shdr)) return failure("unexpected ELF section header size");
  if (!fits(bytes, header.e_shoff, std::uint64_t{header.e_shnum} * sizeof(Elf64_Shdr))) {
    return failure("the section headers lie outside the file (truncated?)");
  }
  ScanResult result;
  result.ok = true;
  for (std::uint16_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr section{};
    read_at(bytes, header.e_shoff + std::uint64_t{i} * sizeof(Elf64_Shdr), section);
    if (section.sh_type != SHT_DYNSYM) continue;
    if (section.sh_entsize != sizeof(Elf64_Sym) || !fits(bytes, section.sh_offset, section.sh_size)) {
      return failure("the dynamic symbol table lies outside the file (truncated?)");
    }
    Elf64_Shdr strings{};
    const bool has_strings = section.sh_link < header.e_shnum &&
                             read_at(bytes, header.e_shoff + std::uint64_t{section.sh_link} * sizeof(Elf64_Shdr), strings);
    for (std::uint64_t at = 0; at + sizeof(Elf64_Sym) <= section.sh_size; at += sizeof(Elf64_Sym)) {
      Elf64_Sym symbol{};
      read_at(bytes, section.sh_offset + at, symbol);
      if (ELF64_ST_BIND(symbol.st_info) != STB_GNU_UNIQUE || symbol.st_shndx == SHN_UNDEF) continue;
      if (result.unique.count++ == 0 && has_strings) result.unique.first = name_at(bytes, strings, symbol.st_name);
    }
  }
  return result;
}

}  // namespace modbuild::runtime::elf
