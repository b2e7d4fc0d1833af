#include "companions.h"

#include <cstdlib>
#include <filesystem>

namespace modbuild::cli {
namespace {

std::filesystem::path executable_dir() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : self.parent_path();
}

bool file_exists(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::exists(path, error);
}

}  // namespace

std::string find_generator() {
  if (const char* configured = std::getenv("MODBUILD_GEN"); configured && *configured) return configured;
  if (const std::filesystem::path dir = executable_dir(); !dir.empty() && file_exists(dir / "modbuild-gen")) {
    return (dir / "modbuild-gen").string();
  }
  return MODBUILD_GEN_BUILD_PATH;
}

std::string find_runtime_include_dir() {
  const std::filesystem::path dir = executable_dir();
  if (!dir.empty()) {
    const std::filesystem::path installed = (dir.parent_path() / "include").lexically_normal();
    if (file_exists(installed / "modbuild" / "module_abi.h")) return installed.string();
  }
  const std::filesystem::path source_tree = MODBUILD_RUNTIME_INCLUDE_DIR;
  return file_exists(source_tree / "modbuild" / "module_abi.h") ? source_tree.string() : std::string();
}

}  // namespace modbuild::cli
