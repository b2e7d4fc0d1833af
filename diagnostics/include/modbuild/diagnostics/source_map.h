// The text of every file a run read, so that diagnostics can quote it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace modbuild::diagnostics {

using FileId = std::uint32_t;
inline constexpr FileId no_file = ~FileId{0};

/// Owns file texts and their display paths. Files are registered up front with
/// reserve() (single-threaded, so ids follow a deterministic order) and may then
/// be filled in from several threads with set_contents(), one thread per file.
class SourceMap {
 public:
  FileId add(std::string display_path, std::string contents);
  FileId reserve(std::string display_path);
  void set_contents(FileId file, std::string contents);

  std::size_t size() const { return files_.size(); }
  const std::string& path(FileId file) const { return files_[file].path; }
  std::string_view contents(FileId file) const { return files_[file].contents; }
  /// The 1-based line without its terminator; empty when out of range.
  /// Builds the file's line index on first use, so it is not thread-safe.
  std::string_view line(FileId file, std::uint32_t line_number) const;

 private:
  struct File {
    std::string path;
    std::string contents;
    mutable std::vector<std::uint32_t> line_starts;  // built lazily
  };
  std::deque<File> files_;  // deque: references stay valid as files are added
};

}  // namespace modbuild::diagnostics
