// File access behind a small interface.
//
// The loader and everything above it read and write through FileSystem, so
// that tests run them on in-memory trees (MemoryFileSystem) and the tool on the
// disk (RealFileSystem). Paths are '/'-separated; relative ones are relative to
// the process's working directory (RealFileSystem) or to the tree's root
// (MemoryFileSystem).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/support/expected.h"

namespace modbuild::support {

enum class FileType { missing, file, directory, other };

struct DirEntry {
  std::string name;
  FileType type = FileType::other;
  friend bool operator==(const DirEntry&, const DirEntry&) = default;
};

/// An operating-system error message, e.g. "No such file or directory".
using IoError = std::string;

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual FileType type(const std::string& path) const = 0;
  virtual Expected<std::string, IoError> read(const std::string& path) const = 0;
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
};

/// The disk. write() goes through a temporary file in the same directory,
/// fsync and rename(2).
class RealFileSystem final : public FileSystem {
 public:
  FileType type(const std::string& path) const override;
  Expected<std::string, IoError> read(const std::string& path) const override;
  Expected<std::vector<DirEntry>, IoError> list(const std::string& dir) const override;
  bool visit_entries(const std::string& dir, const std::function<bool(const DirEntry&)>& visit) const override;
  Expected<void, IoError> write(const std::string& path, std::string_view contents) override;
  Expected<void, IoError> write_unsynced(const std::string& path, std::string_view contents) override;
  std::string absolute(const std::string& path) const override;

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
