// RealFileSystem over POSIX calls, and the in-memory tree the tests use.
#include "modbuild/support/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

#include "modbuild/support/path.h"

namespace modbuild::support {
namespace {

IoError errno_message(int error) { return std::strerror(error); }

// Closes a descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

FileType type_from_mode(mode_t mode) {
  if (S_ISREG(mode)) return FileType::file;
  if (S_ISDIR(mode)) return FileType::directory;
  return FileType::other;
}

Expected<void, IoError> write_all(int fd, std::string_view contents) {
  while (!contents.empty()) {
    ssize_t written = ::write(fd, contents.data(), contents.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return unexpected(errno_message(errno));
    }
    contents.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

Expected<void, IoError> create_directories(const std::string& dir) {
  if (dir.empty() || dir == "." || dir == "/") return {};
  struct stat info {};
  if (::stat(dir.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return {};
    return unexpected(IoError("'" + dir + "' exists and is not a directory"));
  }
  if (auto parent = create_directories(parent_path(dir)); !parent) return parent;
  if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) return unexpected(errno_message(errno));
  return {};
}

std::string temporary_name_for(const std::string& path) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1000000007);
}

}  // namespace

bool FileSystem::visit_entries(const std::string& dir, const std::function<bool(const DirEntry&)>& visit) const {
  auto entries = list(dir);
  if (!entries) return false;
  for (const DirEntry& entry : *entries) {
    if (!visit(entry)) break;
  }
  return true;
}

FileType RealFileSystem::type(const std::string& path) const {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return FileType::missing;
  return type_from_mode(info.st_mode);
}

Expected<std::string, IoError> RealFileSystem::read(const std::string& path) const {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return unexpected(errno_message(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return unexpected(errno_message(errno));
  if (S_ISDIR(info.st_mode)) return unexpected(IoError("is a directory"));
  // Asking for one byte more than the size lets a single read() both fill the
  // buffer and show that the end was reached; a file that grew meanwhile
  // takes more rounds.
  std::string contents(static_cast<std::size_t>(info.st_size) + 1, '\0');
  std::size_t filled = 0;
  for (;;) {
    if (filled == contents.size()) contents.resize(contents.size() * 2);
    ssize_t got = ::read(fd.get(), contents.data() + filled, contents.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      return unexpected(errno_message(errno));
    }
    filled += static_cast<std::size_t>(got);
    if (got == 0 || filled < contents.size()) break;
  }
  contents.resize(filled);
  return contents;
}

// Reads a directory with getdents64 on a plain descriptor: opendir() would add
// an fstat and a 32 KiB allocation per directory, which shows when loading
// 10,000 modules. `visit` returns false to stop early.
static Expected<bool, IoError> scan_directory(const RealFileSystem& fs, const std::string& dir,
                                              const std::function<bool(const DirEntry&)>& visit) {
  FileDescriptor fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return unexpected(errno_message(errno));
  alignas(dirent64) char buffer[16384];
  for (;;) {
    ssize_t got = ::getdents64(fd.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return unexpected(errno_message(errno));
    }
    if (got == 0) return true;
    for (ssize_t offset = 0; offset < got;) {
      const auto* entry = reinterpret_cast<const dirent64*>(buffer + offset);
      offset += entry->d_reclen;
      std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      FileType kind = FileType::other;
      switch (entry->d_type) {
        case DT_REG: kind = FileType::file; break;
        case DT_DIR: kind = FileType::directory; break;
        default: kind = fs.type(join_path(dir, name)); break;  // symlinks and unknown: follow
      }
      if (!visit(DirEntry{std::string(name), kind})) return true;
    }
  }
}

Expected<std::vector<DirEntry>, IoError> RealFileSystem::list(const std::string& dir) const {
  std::vector<DirEntry> entries;
  auto scanned = scan_directory(*this, dir, [&](const DirEntry& entry) {
    entries.push_back(entry);
    return true;
  });
  if (!scanned) return unexpected(scanned.error());
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return entries;
}

bool RealFileSystem::visit_entries(const std::string& dir,
                                   const std::function<bool(const DirEntry&)>& visit) const {
  return scan_directory(*this, dir, visit).has_value();
}

Expected<void, IoError> RealFileSystem::write(const std::string& path, std::string_view contents) {
  return replace_file(path, contents, true);
}

Expected<void, IoError> RealFileSystem::write_unsynced(const std::string& path, std::string_view contents) {
  return replace_file(path, contents, false);
}

Expected<void, IoError> RealFileSystem::replace_file(const std::string& path, std::string_view contents, bool sync) {
  if (auto made = create_directories(parent_path(path)); !made) return made;
  const std::string temporary = temporary_name_for(path);
  FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (fd.get() < 0) return unexpected(errno_message(errno));
  auto written = write_all(fd.get(), contents);
  if (written && sync && ::fsync(fd.get()) != 0) written = unexpected(errno_message(errno));
  if (::close(fd.release()) != 0 && written) written = unexpected(errno_message(errno));
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) written = unexpected(errno_message(errno));
  if (!written) ::unlink(temporary.c_str());
  return written;
}

std::string RealFileSystem::absolute(const std::string& path) const {
  if (is_absolute_path(path)) return normalize_path(path);
  char buffer[4096];
  const char* cwd = ::getcwd(buffer, sizeof buffer);
  return normalize_path(join_path(cwd ? cwd : "/", path));
}

std::string MemoryFileSystem::key(const std::string& path) const { return absolute(path); }

void MemoryFileSystem::add_parents(const std::string& file_key) {
  for (std::string dir = parent_path(file_key); dir != "/"; dir = parent_path(dir)) {
    directories_[dir] = true;
  }
  directories_["/"] = true;
}

void MemoryFileSystem::add_file(const std::string& path, std::string contents) {
  std::lock_guard lock(mutex_);
  std::string k = key(path);
  add_parents(k);
  files_[k] = std::move(contents);
}

void MemoryFileSystem::add_directory(const std::string& path) {
  std::lock_guard lock(mutex_);
  std::string k = key(path);
  add_parents(k);
  directories_[k] = true;
}

FileType MemoryFileSystem::type(const std::string& path) const {
  std::lock_guard lock(mutex_);
  std::string k = key(path);
  if (files_.count(k)) return FileType::file;
  if (directories_.count(k)) return FileType::directory;
  return FileType::missing;
}

Expected<std::string, IoError> MemoryFileSystem::read(const std::string& path) const {
  std::lock_guard lock(mutex_);
  std::string k = key(path);
  if (auto found = files_.find(k); found != files_.end()) return found->second;
  if (directories_.count(k)) return unexpected(IoError("is a directory"));
  return unexpected(IoError("No such file or directory"));
}

Expected<std::vector<DirEntry>, IoError> MemoryFileSystem::list(const std::string& dir) const {
  std::lock_guard lock(mutex_);
  std::string k = key(dir);
  if (!directories_.count(k)) return unexpected(IoError("No such file or directory"));
  std::vector<DirEntry> entries;
  auto add_children = [&](const auto& map, FileType kind) {
    for (const auto& [path, unused] : map) {
      if (path != "/" && parent_path(path) == k) entries.push_back({std::string(file_name(path)), kind});
    }
  };
  add_children(files_, FileType::file);
  add_children(directories_, FileType::directory);
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return entries;
}

Expected<void, IoError> MemoryFileSystem::write(const std::string& path, std::string_view contents) {
  std::lock_guard lock(mutex_);
  std::string k = key(path);
  if (directories_.count(k)) return unexpected(IoError("is a directory"));
  add_parents(k);
  files_[k] = std::string(contents);
  return {};
}

std::string MemoryFileSystem::absolute(const std::string& path) const {
  return normalize_path(join_path("/", path));
}

}  // namespace modbuild::support
