// RealFileSystem over POSIX calls, and the in-memory tree the tests use.
#include "modbuild/support/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
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

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

Expected<std::string, IoError> FileSystem::read_resolved(const std::string& path, std::string& real) const {
  auto resolved = real_path(path);
  if (!resolved) return unexpected(resolved.error());
  real = std::move(*resolved);
  return read(path);
}

Expected<std::string, IoError> FileSystem::real_path(const std::string& path) const {
  if (type(path) == FileType::missing) return unexpected(IoError("No such file or directory"));
  return absolute(path);
}

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

bool RealFileSystem::is_symlink(const std::string& path) const {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode);
}

static std::string file_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

namespace {

// The contents of an open file, refusing what read() refuses.
Expected<std::string, IoError> read_open_file(const FileDescriptor& fd) {
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return unexpected(errno_message(errno));
  if (S_ISDIR(info.st_mode)) return unexpected(IoError("is a directory"));
  if (!S_ISREG(info.st_mode)) return unexpected(IoError("is " + file_kind(info.st_mode) + ", not a regular file"));
  const auto too_large = [] {
    return unexpected(IoError("is larger than the " + std::to_string(FileSystem::kMaxReadBytes >> 20) +
                              " MiB modbuild reads from one file"));
  };
  if (static_cast<std::uintmax_t>(info.st_size) > FileSystem::kMaxReadBytes) return too_large();
  // Asking for one byte more than the size lets a single read() both fill the
  // buffer and show that the end was reached; a file that grew meanwhile
  // takes more rounds, up to the limit.
  std::string contents(static_cast<std::size_t>(info.st_size) + 1, '\0');
  std::size_t filled = 0;
  for (;;) {
    if (filled == contents.size()) {
      if (contents.size() > FileSystem::kMaxReadBytes) return too_large();
      contents.resize(std::min(contents.size() * 2, FileSystem::kMaxReadBytes + 1));
    }
    ssize_t got = ::read(fd.get(), contents.data() + filled, contents.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      return unexpected(errno_message(errno));
    }
    filled += static_cast<std::size_t>(got);
    if (got == 0 || filled < contents.size()) break;
  }
  if (filled > FileSystem::kMaxReadBytes) return too_large();
  contents.resize(filled);
  return contents;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
int open_for_reading(const std::string& path) { return ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK); }

}  // namespace

Expected<std::string, IoError> RealFileSystem::read(const std::string& path) const {
  FileDescriptor fd(open_for_reading(path));
  if (fd.get() < 0) return unexpected(errno_message(errno));
  return read_open_file(fd);
}

// The open descriptor names the file it reached: one readlink(2) of
// /proc/self/fd instead of realpath(3)'s one per path component.
Expected<std::string, IoError> RealFileSystem::read_resolved(const std::string& path, std::string& real) const {
  FileDescriptor fd(open_for_reading(path));
  if (fd.get() < 0) return unexpected(errno_message(errno));
  char target[4096];
  const std::string link = "/proc/self/fd/" + std::to_string(fd.get());
  const ssize_t length = ::readlink(link.c_str(), target, sizeof target);
  if (length > 0 && static_cast<std::size_t>(length) < sizeof target) {
    real.assign(target, static_cast<std::size_t>(length));
  } else if (auto resolved = real_path(path)) {
    real = std::move(*resolved);
  } else {
    return unexpected(resolved.error());
  }
  return read_open_file(fd);
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
      DirEntry found{std::string(name)};
      switch (entry->d_type) {
        case DT_REG: found.type = FileType::file; break;
        case DT_DIR: found.type = FileType::directory; break;
        case DT_LNK:
          found.symlink = true;
          found.type = fs.type(join_path(dir, name));  // what it points to
          break;
        default: {  // file systems that do not fill d_type
          const std::string path = join_path(dir, name);
          struct stat info {};
          found.symlink = ::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode);
          found.type = fs.type(path);
          break;
        }
      }
      if (!visit(found)) return true;
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

// Temporaries of `path` that a killed writer left (named as
// temporary_name_for() names them, by a process that no longer exists).
// Without this, a `kill -9` during a write leaves files that show in
// `git status` for good.
static void remove_stale_temporaries(const std::string& path) {
  const std::string dir = parent_path(path);
  const std::string prefix = std::string(file_name(path)) + ".tmp-";
  std::vector<std::string> stale;
  // A directory that cannot be listed has nothing to clean.
  (void)scan_directory(RealFileSystem{}, dir, [&](const DirEntry& entry) {
    if (entry.type != FileType::file || !entry.name.starts_with(prefix)) return true;
    const std::string rest = entry.name.substr(prefix.size());
    const std::size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos) return true;
    const std::string pid_text = rest.substr(0, dash);
    if (!std::all_of(pid_text.begin(), pid_text.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        pid_text.size() > 9) {
      return true;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) stale.push_back(join_path(dir, entry.name));
    return true;
  });
  for (const std::string& file : stale) ::unlink(file.c_str());
}

// Makes a rename in `dir` durable: the new directory entry reaches the disk.
static void sync_directory(const std::string& dir) {
  FileDescriptor fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

Expected<void, IoError> RealFileSystem::replace_file(const std::string& path, std::string_view contents, bool sync) {
  if (auto made = create_directories(parent_path(path)); !made) return made;
  // Only for the files people see (lockfiles, indexes, reports): a cache
  // directory of thousands of entries is not scanned on every write.
  if (sync) remove_stale_temporaries(path);
  const std::string temporary = temporary_name_for(path);
  FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (fd.get() < 0) return unexpected(errno_message(errno));
  auto written = write_all(fd.get(), contents);
  if (written && sync && ::fsync(fd.get()) != 0) written = unexpected(errno_message(errno));
  if (::close(fd.release()) != 0 && written) written = unexpected(errno_message(errno));
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) written = unexpected(errno_message(errno));
  if (!written) ::unlink(temporary.c_str());
  if (written && sync) sync_directory(parent_path(path));
  return written;
}

Expected<FileLock, IoError> RealFileSystem::lock(const std::string& path) {
  if (auto made = create_directories(parent_path(path)); !made) return unexpected(made.error());
  FileDescriptor fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666));
  if (fd.get() < 0) return unexpected(errno_message(errno));
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) return unexpected(errno_message(errno));
  }
  return FileLock(fd.release());
}

std::string RealFileSystem::absolute(const std::string& path) const {
  if (is_absolute_path(path)) return normalize_path(path);
  char buffer[4096];
  const char* cwd = ::getcwd(buffer, sizeof buffer);
  return normalize_path(join_path(cwd ? cwd : "/", path));
}

Expected<std::string, IoError> RealFileSystem::real_path(const std::string& path) const {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return unexpected(IoError(std::strerror(errno)));
  std::string result(resolved);
  std::free(resolved);
  return result;
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
