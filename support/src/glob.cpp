// Glob parsing, matching and expansion over a FileSystem (see glob.h).
#include "modbuild/support/glob.h"

#include <algorithm>

#include "modbuild/support/path.h"

namespace modbuild::support {
namespace {

// Validates one segment's syntax; returns the offset of a problem or npos.
std::size_t find_class_error(std::string_view segment) {
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '[') continue;
    std::size_t j = i + 1;
    if (j < segment.size() && segment[j] == '!') ++j;
    if (j < segment.size() && segment[j] == ']') ++j;  // "[]a]" names ']' literally
    while (j < segment.size() && segment[j] != ']') ++j;
    if (j >= segment.size()) return i;
    i = j;
  }
  return std::string_view::npos;
}

// Matches a character class starting at pattern[p] == '['; advances p past it.
bool class_matches(std::string_view pattern, std::size_t& p, char c) {
  ++p;
  bool negated = p < pattern.size() && pattern[p] == '!';
  if (negated) ++p;
  bool matched = false;
  bool first = true;
  while (p < pattern.size() && (pattern[p] != ']' || first)) {
    first = false;
    char low = pattern[p];
    char high = low;
    if (p + 2 < pattern.size() && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
      high = pattern[p + 2];
      p += 2;
    }
    if (low <= c && c <= high) matched = true;
    ++p;
  }
  ++p;  // the closing ']'
  return matched != negated;
}

}  // namespace

bool has_wildcards(std::string_view segment) {
  return segment.find_first_of("*?[") != std::string_view::npos;
}

bool glob_segment_matches(std::string_view pattern, std::string_view segment) {
  // Wildcards never match a leading dot: hidden entries must be named.
  if (!segment.empty() && segment.front() == '.' && (pattern.empty() || pattern.front() != '.')) {
    return false;
  }
  // Iterative matcher with one backtrack point for the last '*' (linear-ish, no recursion).
  std::size_t p = 0, s = 0, star_p = std::string_view::npos, star_s = 0;
  while (s < segment.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_s = s;
      continue;
    }
    if (p < pattern.size()) {
      std::size_t next = p;
      bool ok = false;
      if (pattern[p] == '?') {
        ok = true;
        next = p + 1;
      } else if (pattern[p] == '[') {
        ok = class_matches(pattern, next, segment[s]);
      } else {
        ok = pattern[p] == segment[s];
        next = p + 1;
      }
      if (ok) {
        p = next;
        ++s;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    s = ++star_s;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Expected<Glob, GlobError> Glob::parse(std::string_view pattern) {
  if (pattern.empty()) return unexpected(GlobError{0, "empty pattern"});
  if (pattern.front() == '/') return unexpected(GlobError{0, "pattern must be relative to the workspace root"});
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= pattern.size()) {
    std::size_t end = std::min(pattern.find('/', start), pattern.size());
    std::string_view segment = pattern.substr(start, end - start);
    if (segment.empty() && end < pattern.size()) return unexpected(GlobError{start, "empty path segment"});
    if (segment == "..") return unexpected(GlobError{start, "'..' may not leave the workspace root"});
    if (std::size_t bad = find_class_error(segment); bad != std::string_view::npos) {
      return unexpected(GlobError{start + bad, "unterminated character class '['"});
    }
    if (segment.find("**") != std::string_view::npos && segment != "**") {
      return unexpected(GlobError{start, "'**' must be a whole path segment"});
    }
    // `**/**` means what `**` means; keeping one bounds the walk's steps.
    const bool repeated_recursion = segment == "**" && !segments.empty() && segments.back() == "**";
    if (!segment.empty() && segment != "." && !repeated_recursion) segments.emplace_back(segment);
    start = end + 1;
  }
  if (segments.empty()) segments.emplace_back(".");
  return Glob(std::string(pattern), std::move(segments));
}

bool Glob::has_recursive_segment() const {
  return std::find(segments_.begin(), segments_.end(), "**") != segments_.end();
}

bool Glob::matches(std::string_view relative_path) const {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; start <= relative_path.size();) {
    std::size_t end = std::min(relative_path.find('/', start), relative_path.size());
    if (end > start) parts.push_back(relative_path.substr(start, end - start));
    start = end + 1;
  }
  // Dynamic programming over (segment, part) so that '**' needs no recursion.
  std::vector<std::vector<char>> reach(segments_.size() + 1, std::vector<char>(parts.size() + 1, 0));
  reach[0][0] = 1;
  for (std::size_t g = 0; g < segments_.size(); ++g) {
    for (std::size_t p = 0; p <= parts.size(); ++p) {
      if (!reach[g][p]) continue;
      if (segments_[g] == "**") {
        for (std::size_t q = p; q <= parts.size(); ++q) {
          if (q > p && !parts[q - 1].empty() && parts[q - 1].front() == '.') break;
          reach[g + 1][q] = 1;
        }
      } else if (p < parts.size() && glob_segment_matches(segments_[g], parts[p])) {
        reach[g + 1][p + 1] = 1;
      }
    }
  }
  return reach[segments_.size()][parts.size()] != 0;
}

std::vector<Glob::Match> Glob::collect(const FileSystem& fs, const std::string& root, FileType wanted,
                                       bool track_links) const {
  std::vector<Match> out;
  if (segments_.size() == 1 && segments_[0] == ".") {
    if (fs.type(root) == wanted) out.push_back({".", false});
    return out;
  }
  walk(
      fs, root, wanted,
      [&](const std::string& path, bool linked) {
        out.push_back({path, linked});
        return true;
      },
      nullptr, track_links);
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.path < b.path; });
  out.erase(std::unique(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.path == b.path; }),
            out.end());
  return out;
}

std::vector<std::string> Glob::expand(const FileSystem& fs, const std::string& root, FileType wanted) const {
  std::vector<std::string> paths;
  for (Match& match : collect(fs, root, wanted, false)) paths.push_back(std::move(match.path));
  return paths;
}

std::vector<Glob::Match> Glob::expand_with_links(const FileSystem& fs, const std::string& root,
                                                 FileType wanted) const {
  return collect(fs, root, wanted, true);
}

std::vector<std::string> Glob::searched_directories(const FileSystem& fs, const std::string& root,
                                                    FileType wanted) const {
  std::vector<std::string> out;
  if (segments_.size() == 1 && segments_[0] == ".") return out;  // only root itself is looked at
  const Searched record = [&](const std::string& relative) { out.push_back(relative); };
  walk(fs, root, wanted, [](const std::string&, bool) { return true; }, &record);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// An explicit stack instead of recursion: a tree hundreds of levels deep
// costs heap, not stack. `**` does not descend into symbolic links to
// directories, so links cannot make the walk loop or grow exponentially; a
// linked directory is still reached where a literal or `*` segment names it.
bool Glob::walk(const FileSystem& fs, const std::string& root, FileType wanted, const Emit& emit,
                const Searched* searched, bool track_links) const {
  struct Step {
    std::string relative;
    std::size_t segment;
    bool linked = false;     // a link was followed to get here
    bool unchecked = false;  // reached by a literal segment not yet checked for a link
  };
  std::vector<Step> pending{{"", 0, false, false}};
  while (!pending.empty()) {
    Step step = std::move(pending.back());
    pending.pop_back();
    const std::string& pattern = segments_[step.segment];
    const bool last = step.segment + 1 == segments_.size();
    const std::string dir = join_path(root, step.relative);
    // Whether a link led here, asked only once something is found here: a
    // directory a literal segment names costs an lstat only when it matters.
    auto linked_here = [&] {
      if (step.unchecked) {
        step.linked = step.linked || (track_links && fs.is_symlink(dir));
        step.unchecked = false;
      }
      return step.linked;
    };
    if (pattern == "**") {
      if (last) {
        if (!step.relative.empty() && fs.type(dir) == wanted && !emit(step.relative, linked_here())) return false;
      } else {
        pending.push_back({step.relative, step.segment + 1, step.linked, step.unchecked});  // zero directories
      }
      const bool listed = fs.visit_entries(dir, [&](const DirEntry& entry) {
        if (entry.type == FileType::directory && !entry.symlink && entry.name.front() != '.') {
          pending.push_back({join_path(step.relative, entry.name), step.segment, linked_here(), false});
        }
        return true;
      });
      if (listed && searched) (*searched)(step.relative);
      continue;
    }
    bool going = true;
    auto visit = [&](const std::string& name, FileType type, bool symlink) {
      std::string child = join_path(step.relative, name);
      const bool linked = linked_here() || symlink;
      if (last) return type == wanted ? emit(child, linked) : true;
      if (type == FileType::directory) pending.push_back({std::move(child), step.segment + 1, linked, false});
      return true;
    };
    if (!has_wildcards(pattern)) {
      // A literal segment needs no listing: the last one costs a stat, and an
      // inner one is simply descended into (a missing directory lists nothing).
      const std::string path = join_path(dir, pattern);
      if (!last) {
        // A name not there yet is looked up here: creating it changes this
        // directory (one that is there is searched itself).
        if (searched && fs.type(path) == FileType::missing && fs.type(dir) == FileType::directory) {
          (*searched)(step.relative);
        }
        // A chain of literal segments checks all but its last eagerly.
        pending.push_back({join_path(step.relative, pattern), step.segment + 1,
                           step.unchecked ? linked_here() : step.linked, true});
        continue;
      }
      if (searched && fs.type(dir) == FileType::directory) (*searched)(step.relative);
      FileType type = fs.type(path);
      if (type != FileType::missing) going = visit(pattern, type, track_links && fs.is_symlink(path));
    } else {
      const bool listed = fs.visit_entries(dir, [&](const DirEntry& entry) {
        if (glob_segment_matches(pattern, entry.name)) going = visit(entry.name, entry.type, entry.symlink);
        return going;
      });
      if (listed && searched) (*searched)(step.relative);
    }
    if (!going) return false;
  }
  return true;
}

}  // namespace modbuild::support
