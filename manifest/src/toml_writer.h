// Internal: a small deterministic TOML writer for the files modbuild writes
// (registry indexes, the lockfile). Callers choose the order of tables and
// keys; the writer fixes everything else, so equal input gives equal bytes.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modbuild/manifest/manifest.h"

namespace modbuild::manifest::detail {

/// A basic string: "..." with '"' and '\' escaped and every control character
/// (U+0000-U+001F, U+007F) written as \uXXXX; other UTF-8 is kept as is.
std::string toml_string(std::string_view value);

/// A key: bare when it matches [A-Za-z0-9_-]+, a quoted basic string otherwise
/// (so a dotted feature name stays one key: "render.backend").
std::string toml_key(std::string_view key);

/// "true" or "false".
std::string toml_bool(bool value);

/// An array of strings on one line: ["a", "b"].
std::string toml_string_array(std::span<const std::string> items);
std::string toml_string_array(std::span<const LocatedString> items);

/// A key and its rendered value, for inline tables.
using TomlEntry = std::pair<std::string_view, std::string>;

/// An inline table on one line, keys in the given order: { version = "^1.2", data = ["A"] }.
std::string toml_inline_table(std::span<const TomlEntry> entries);

/// Builds a document line by line: a blank line before each table header
/// (except at the very start), none anywhere else, '\n' line endings.
class TomlWriter {
 public:
  /// "# text"; `text` must be one line.
  void comment(std::string_view text);
  /// "key = value", the value already rendered by one of the functions above.
  void entry(std::string_view key, std::string_view rendered_value);
  /// "[a.b]" from the key path {"a", "b"}.
  void table(std::initializer_list<std::string_view> path);
  /// "[[a]]" from the key path {"a"}.
  void array_table(std::initializer_list<std::string_view> path);

  /// The document so far; the writer is empty afterwards.
  std::string take() { return std::exchange(text_, {}); }

 private:
  void header(std::initializer_list<std::string_view> path, std::string_view open, std::string_view close);

  std::string text_;
};

}  // namespace modbuild::manifest::detail
