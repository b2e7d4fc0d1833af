// File access behind a small interface.
//
// The loader and everything above it read and write through FileSystem, so
// that tests run them on in-memory trees (MemoryFileSystem) and the tool on the
// disk (RealFileSystem). Paths are '/'-separated; relative ones are relative to
// the process's working directory (RealFileSystem) or to the tree's root
// (MemoryFileSystem).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modbuild/support/expected.h"

namespace modbuild::support {

enum class FileType { missing, file, directory, other };

struct DirEntry {
  std::string name;
  FileType type = FileType::other;  ///< of what a symbolic link points to
  bool symlink = false;              ///< the entry itself is a symbolic link
  friend bool operator==(const DirEntry&, const DirEntry&) = default;
};

/// An operating-system error message, e.g. "No such file or directory".
using IoError = std::string;

/// An exclusive lock held until destruction (see FileSystem::lock()).
class FileLock {
 public:
  FileLock() = default;
  explicit FileLock(int fd) : fd_(fd) {}
  FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  int fd_ = -1;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  /// The most read() returns of one file. Manifests, lockfiles, registry
  /// indexes and schemas are far smaller; a larger file is refused rather
  /// than read without bound (a link to /dev/zero, a runaway generator).
  static constexpr std::size_t kMaxReadBytes = std::size_t{64} << 20;

  virtual FileType type(const std::string& path) const = 0;
  /// A regular file's contents. Anything else (a FIFO, a device, a socket, a
  /// directory) and files above kMaxReadBytes are errors, never a wait.
  virtual Expected<std::string, IoError> read(const std::string& path) const = 0;
  /// As read(), and sets `real` to where the path led (see real_path()), so
  /// that a reader can refuse a file that lies elsewhere before using it.
  virtual Expected<std::string, IoError> read_resolved(const std::string& path, std::string& real) const;
  /// Entries of a directory sorted by name, without "." and "..".
  virtual Expected<std::vector<DirEntry>, IoError> list(const std::string& dir) const = 0;
  /// Calls `visit` for the entries of a directory, in no particular order and
  /// without "." and "..", until it returns false, so that a search can stop
  /// reading at the first match. Returns false if the directory cannot be read.
  virtual bool visit_entries(const std::string& dir, const std::function<bool(const DirEntry&)>& visit) const;
  /// Replaces the file's contents atomically: readers see the old contents or
  /// the new ones, never a mix, and a failed write leaves the old file intact.
  /// Creates missing parent directories.
  virtual Expected<void, IoError> write(const std::string& path, std::string_view contents) = 0;
  /// As write(), but without waiting for the data to reach the disk: for
  /// caches, whose readers detect a damaged file and ignore it, and whose
  /// write should not cost a load more than it saves.
  virtual Expected<void, IoError> write_unsynced(const std::string& path, std::string_view contents) {
    return write(path, contents);
  }
  /// An absolute, lexically normalized form of the path.
  virtual std::string absolute(const std::string& path) const = 0;
  /// Where the path leads with every symbolic link followed (realpath(3)), to
  /// tell whether a file really lies inside a directory; an error when it does
  /// not exist. The default, for trees without links, is absolute().
  virtual Expected<std::string, IoError> real_path(const std::string& path) const;
  /// Whether the path itself (its last part) is a symbolic link. The default,
  /// for trees without links, is false.
  virtual bool is_symlink(const std::string& path) const {
    (void)path;
    return false;
  }
  /// Waits for, then holds, an exclusive lock on the file `path` (created,
  /// with its directories, if missing) across processes, so that writers of
  /// one shared file read, change and write it in turn. The default, for
  /// trees that live in one process, locks nothing.
  virtual Expected<FileLock, IoError> lock(const std::string& path) {
    (void)path;
    return FileLock{};
  }
};

/// The disk. write() goes through a temporary file in the same directory,
/// fsync and rename(2).
class RealFileSystem final : public FileSystem {
 public:
  FileType type(const std::string& path) const override;
  Expected<std::string, IoError> read(const std::string& path) const override;
  Expected<std::string, IoError> read_resolved(const std::string& path, std::string& real) const override;
  Expected<std::vector<DirEntry>, IoError> list(const std::string& dir) const override;
  bool visit_entries(const std::string& dir, const std::function<bool(const DirEntry&)>& visit) const override;
  Expected<void, IoError> write(const std::string& path, std::string_view contents) override;
  Expected<void, IoError> write_unsynced(const std::string& path, std::string_view contents) override;
  std::string absolute(const std::string& path) const override;
  Expected<std::string, IoError> real_path(const std::string& path) const override;
  bool is_symlink(const std::string& path) const override;
  /// flock(2) on the file: released when the FileLock closes it, or when the
  /// process dies.
  Expected<FileLock, IoError> lock(const std::string& path) override;

 private:
  static Expected<void, IoError> replace_file(const std::string& path, std::string_view contents, bool sync);
};

/// A tree held in memory, rooted at "/" (relative paths are taken from "/").
/// Directories exist implicitly as parents of files, or explicitly through
/// add_directory(). Safe to read from several threads.
class MemoryFileSystem final : public FileSystem {
 public:
  void add_file(const std::string& path, std::string contents);
  void add_directory(const std::string& path);

  FileType type(const std::string& path) const override;
  Expected<std::string, IoError> read(const std::string& path) const override;
  Expected<std::vector<DirEntry>, IoError> list(const std::string& dir) const override;
  Expected<void, IoError> write(const std::string& path, std::string_view contents) override;
  std::string absolute(const std::string& path) const override;

 private:
  std::string key(const std::string& path) const;
  void add_parents(const std::string& key);

  mutable std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> files_;
  std::map<std::string, bool, std::less<>> directories_;
};

}  // namespace modbuild::support
