// Copying, opening and closing module libraries.
#include "library.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

#include "elf_scan.h"

namespace modbuild::runtime {
namespace {

// Larger libraries are refused rather than read into memory.
constexpr std::size_t kMaxLibraryBytes = std::size_t{1} << 30;

std::string file_name(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Result<std::string> read_library(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{path + ": cannot be read: " + std::strerror(errno)};
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return Error{path + ": not a regular file"};
  }
  if (static_cast<std::size_t>(info.st_size) > kMaxLibraryBytes) {
    ::close(fd);
    return Error{path + ": larger than a module may be (1 GiB)"};
  }
  std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (done != bytes.size()) return Error{path + ": changed while it was read (is the build writing it?)"};
  return bytes;
}

Result<bool> write_copy(const std::string& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
  if (fd < 0) return Error{path + ": cannot be created: " + std::strerror(errno)};
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const bool closed = ::close(fd) == 0;
  if (done != bytes.size() || !closed) {
    ::unlink(path.c_str());
    return Error{path + ": cannot be written: " + std::strerror(errno)};
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Library>> Library::open(const std::string& artifact, const std::string& copy_dir,
                                               std::uint64_t serial, const std::string& entry) {
  Result<std::string> bytes = read_library(artifact);
  if (!bytes) return bytes.error();
  const elf::ScanResult scan = elf::scan(*bytes);
  if (!scan.ok) return Error{artifact + ": " + scan.error + ", so not a module library"};
  std::unique_ptr<Library> library(new Library());
  library->artifact_ = artifact;
  library->copy_path_ = copy_dir + "/" + file_name(artifact) + "." + std::to_string(serial);
  library->unique_symbols_ = scan.unique.count;
  library->first_unique_ = scan.unique.first;
  if (Result<bool> written = write_copy(library->copy_path_, *bytes); !written) return written.error();

  // The one dlopen() of the runtime.
  library->handle_ = ::dlopen(library->copy_path_.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library->handle_ == nullptr) {
    const char* why = ::dlerror();
    return Error{artifact + ": cannot be loaded: " + (why != nullptr ? why : "dlopen failed")};
  }
  using Entry = const ModbuildModuleInfo* (*)();
  auto entry_point = reinterpret_cast<Entry>(::dlsym(library->handle_, entry.c_str()));
  if (entry_point == nullptr) {
    return Error{artifact + ": has no entry point " + entry + "(), so it is not a modbuild module "
                 "(or it was built without modbuild-gen)"};
  }
  library->info_ = entry_point();
  if (library->info_ == nullptr) return Error{artifact + ": its entry point " + entry + "() returned nothing"};
  return library;
}

Library::~Library() { close(); }

std::string Library::close() {
  if (handle_ == nullptr && copy_path_.empty()) return "";
  std::string warning;
  if (handle_ != nullptr) {
    ::dlclose(handle_);
    handle_ = nullptr;
    info_ = nullptr;
    if (is_mapped(copy_path_)) {
      warning = copy_path_ + " is still mapped after dlclose()";
      if (unique_symbols_ > 0) {
        warning += ": it defines " + std::to_string(unique_symbols_) + " STB_GNU_UNIQUE symbol" +
                   (unique_symbols_ == 1 ? "" : "s") + (first_unique_.empty() ? "" : " (" + first_unique_ + ")") +
                   ", which glibc never unloads; build it with -fno-gnu-unique (the CMake package does)";
      } else {
        warning += " (another library still uses it, or it marked itself RTLD_NODELETE)";
      }
    }
  }
  if (!copy_path_.empty()) ::unlink(copy_path_.c_str());
  copy_path_.clear();
  return warning;
}

bool Library::is_mapped(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const std::size_t at = line.find(path);
    if (at == std::string::npos) continue;
    // The path must be the whole file name of the mapping, not a prefix.
    const std::string_view rest = std::string_view(line).substr(at + path.size());
    if (rest.empty() || rest == " (deleted)") return true;
  }
  return false;
}

}  // namespace modbuild::runtime
