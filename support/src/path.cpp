// Lexical path operations (see path.h).
#include "modbuild/support/path.h"

#include <vector>

namespace modbuild::support {
namespace {

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

}  // namespace

bool is_absolute_path(std::string_view path) { return !path.empty() && path.front() == '/'; }

bool is_within(std::string_view path, std::string_view dir) {
  const std::string p = normalize_path(path);
  const std::string d = normalize_path(dir);
  if (p == d || d == "/") return d == "/" ? is_absolute_path(p) : true;
  if (d == ".") return p != ".." && !p.starts_with("../") && !is_absolute_path(p);
  return p.size() > d.size() && p.starts_with(d) && p[d.size()] == '/';
}

std::string join_path(std::string_view a, std::string_view b) {
  if (a.empty() || a == "." || is_absolute_path(b)) return std::string(b);
  if (b.empty() || b == ".") return std::string(a);
  std::string out(a);
  if (out.back() != '/') out.push_back('/');
  out.append(b);
  return out;
}

namespace {

// True when normalize_path would return the path unchanged: no empty, "." or
// ".." segment and no trailing slash. Most paths are already normal, and
// checking is far cheaper than splitting and rebuilding them.
bool is_already_normal(std::string_view path) {
  if (path.empty()) return false;
  if (path == "/") return true;
  if (path.back() == '/') return false;
  std::size_t start = path.front() == '/' ? 1 : 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::string normalize_path(std::string_view path) {
  if (is_already_normal(path)) return std::string(path);
  const bool absolute = is_absolute_path(path);
  std::vector<std::string_view> kept;
  for (std::string_view segment : split_segments(path)) {
    if (segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty() && kept.back() != "..") {
        kept.pop_back();
        continue;
      }
      if (absolute) continue;  // "/.." is "/"
    }
    kept.push_back(segment);
  }
  if (kept.empty()) return absolute ? "/" : ".";
  std::string out = absolute ? "/" : "";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(kept[i]);
  }
  return out;
}

std::string parent_path(std::string_view path) {
  std::string normalized = normalize_path(path);
  std::size_t slash = normalized.rfind('/');
  if (slash == std::string::npos) return normalized == ".." ? "../.." : ".";
  if (slash == 0) return "/";
  return normalized.substr(0, slash);
}

std::string_view file_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string relative_path(std::string_view path, std::string_view base) {
  std::string p = normalize_path(path);
  std::string b = normalize_path(base);
  auto ps = split_segments(p == "." ? "" : std::string_view(p));
  auto bs = split_segments(b == "." ? "" : std::string_view(b));
  std::size_t common = 0;
  while (common < ps.size() && common < bs.size() && ps[common] == bs[common]) ++common;
  std::string out;
  for (std::size_t i = common; i < bs.size(); ++i) out = join_path(out, "..");
  for (std::size_t i = common; i < ps.size(); ++i) out = join_path(out, ps[i]);
  return out.empty() ? "." : out;
}

}  // namespace modbuild::support
