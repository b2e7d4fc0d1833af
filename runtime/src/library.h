// library.h: the one place where the runtime opens and closes shared libraries.
//
// A module is never opened where the build wrote it: the build may be
// rewriting that file, and a second dlopen() of a path already open returns
// the old handle. Each load copies the library to a path of its own, checks
// the copy's dynamic symbols (elf_scan.h), opens it with RTLD_NOW |
// RTLD_LOCAL (every symbol resolved now, none shared with other modules)
// and asks its entry point for its ModbuildModuleInfo.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "modbuild/module_abi.h"
#include "modbuild/runtime/result.h"

namespace modbuild::runtime {

class Library {
 public:
  /// Copies `artifact` to `<copy_dir>/<file name>.<serial>` and opens the
  /// copy. The error names the library and what failed (dlerror()'s text,
  /// a missing entry point).
  static Result<std::unique_ptr<Library>> open(const std::string& artifact, const std::string& copy_dir,
                                               std::uint64_t serial, const std::string& entry);
  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  /// dlclose()s and deletes the copy. Returns "" when the copy is gone from
  /// the address space, else a warning saying why it stays (GNU unique
  /// symbols, most often).
  std::string close();

  const ModbuildModuleInfo& info() const { return *info_; }
  const std::string& artifact() const { return artifact_; }
  const std::string& copy_path() const { return copy_path_; }
  /// Defined STB_GNU_UNIQUE symbols: such a library cannot be unloaded.
  std::size_t unique_symbols() const { return unique_symbols_; }
  const std::string& first_unique_symbol() const { return first_unique_; }

  /// Whether a file at `path` is mapped into this process (/proc/self/maps).
  static bool is_mapped(const std::string& path);

 private:
  Library() = default;

  void* handle_ = nullptr;
  const ModbuildModuleInfo* info_ = nullptr;
  std::string artifact_;
  std::string copy_path_;
  std::size_t unique_symbols_ = 0;
  std::string first_unique_;
};

}  // namespace modbuild::runtime
