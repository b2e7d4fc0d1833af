// Shell-style glob patterns over '/'-separated relative paths.
//
// Syntax: `*` any run of characters within a segment, `?` one character,
// `[abc]`, `[a-z]` and `[!a-z]` character classes, and a whole segment `**`
// for any number of directories (including none). Wildcards do not match a
// leading '.', so hidden directories are only matched when named. `**` does
// not descend into symbolic links to directories (no loops, no blow-up); a
// literal or `*` segment goes through them.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/support/expected.h"
#include "modbuild/support/file_system.h"

namespace modbuild::support {

struct GlobError {
  std::size_t offset = 0;  ///< byte offset of the problem inside the pattern
  std::string message;
};

class Glob {
 public:
  /// Parses a pattern; rejects unterminated classes, empty segments and
  /// absolute or parent-escaping ("..") patterns.
  static Expected<Glob, GlobError> parse(std::string_view pattern);

  bool matches(std::string_view relative_path) const;
  bool has_recursive_segment() const;
  const std::string& pattern() const { return pattern_; }

  /// Paths under `root` (relative to it, sorted) of the given type that match.
  std::vector<std::string> expand(const FileSystem& fs, const std::string& root,
                                  FileType wanted) const;
  struct Match {
    std::string path;     ///< relative to the root
    bool linked = false;  ///< reached through a symbolic link (the match itself or a directory on the way)
  };
  /// As expand(), saying of each match whether a link was followed to reach
  /// it: only those can lead outside the root, so only those need realpath().
  std::vector<Match> expand_with_links(const FileSystem& fs, const std::string& root, FileType wanted) const;
  /// The existing directories (relative to `root`, "" for root itself,
  /// sorted) whose entries expand() reads: a match can appear or disappear
  /// only by a change to one of them, so a build that must notice one depends
  /// on their modification times.
  std::vector<std::string> searched_directories(const FileSystem& fs, const std::string& root,
                                                FileType wanted) const;

 private:
  explicit Glob(std::string pattern, std::vector<std::string> segments)
      : pattern_(std::move(pattern)), segments_(std::move(segments)) {}
  // Calls `emit` for each match until it returns false; returns false once stopped.
  using Emit = std::function<bool(const std::string&, bool linked)>;
  // The sorted, distinct matches, saying of each whether a link led to it
  // when `track_links`.
  std::vector<Match> collect(const FileSystem& fs, const std::string& root, FileType wanted, bool track_links) const;
  // `searched`, when given, is told each existing directory the walk looks into.
  using Searched = std::function<void(const std::string&)>;
  // With `track_links`, a literal segment costs an lstat too, to tell `emit`
  // whether a link was followed.
  bool walk(const FileSystem& fs, const std::string& root, FileType wanted, const Emit& emit,
            const Searched* searched = nullptr, bool track_links = false) const;

  std::string pattern_;
  std::vector<std::string> segments_;
};

/// Whether one path segment matches one pattern segment (no '/' on either side).
bool glob_segment_matches(std::string_view pattern, std::string_view segment);

/// Whether a pattern segment contains wildcard characters.
bool has_wildcards(std::string_view segment);

}  // namespace modbuild::support
