// Lexical operations on '/'-separated paths, the only form modbuild passes around.
//
// They never touch the disk, so that the loader runs the same on the real file
// system and on the in-memory one the tests use.
#pragma once

#include <string>
#include <string_view>

namespace modbuild::support {

/// `a/b` from `a` and `b`; `b` when `b` is absolute or `a` is empty or ".".
std::string join_path(std::string_view a, std::string_view b);

/// Removes "." segments, folds "x/.." pairs and duplicate slashes. Leading ".."
/// segments of a relative path are kept; "" becomes ".".
std::string normalize_path(std::string_view path);

/// The path without its last segment ("a/b" -> "a", "a" -> ".", "/a" -> "/").
std::string parent_path(std::string_view path);

/// The last segment of a path.
std::string_view file_name(std::string_view path);

/// `path` relative to `base`, both normalized and both absolute or both relative.
std::string relative_path(std::string_view path, std::string_view base);

bool is_absolute_path(std::string_view path);

/// Whether the normalized `path` is `dir` or lies below it (both absolute, or
/// both relative to one place).
bool is_within(std::string_view path, std::string_view dir);

}  // namespace modbuild::support
