// The deterministic TOML writer (see toml_writer.h).
#include "toml_writer.h"

#include <algorithm>

#include <fmt/format.h>

namespace modbuild::manifest::detail {
namespace {

bool is_bare_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool needs_escape(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return c == '"' || c == '\\' || byte < 0x20 || byte == 0x7F;
}

// Appends `value` as a basic string. Lockfiles of large workspaces are
// megabytes of such strings, so the runs that need no escape are appended whole.
void append_string(std::string& out, std::string_view value) {
  out.push_back('"');
  while (!value.empty()) {
    const auto plain = std::find_if(value.begin(), value.end(), needs_escape);
    out.append(value.begin(), plain);
    value.remove_prefix(static_cast<std::size_t>(plain - value.begin()));
    if (value.empty()) break;
    const char c = value.front();
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else {
      out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
    }
    value.remove_prefix(1);
  }
  out.push_back('"');
}

void append_key(std::string& out, std::string_view key) {
  if (is_bare_key(key)) {
    out += key;
  } else {
    append_string(out, key);
  }
}

template <class Items, class Text>
std::string string_array(const Items& items, Text text) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ", ";
    append_string(out, text(item));
  }
  return out + "]";
}

}  // namespace

std::string toml_string(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  append_string(out, value);
  return out;
}

std::string toml_key(std::string_view key) { return is_bare_key(key) ? std::string(key) : toml_string(key); }

std::string toml_bool(bool value) { return value ? "true" : "false"; }

std::string toml_string_array(std::span<const std::string> items) {
  return string_array(items, [](const std::string& item) -> std::string_view { return item; });
}

std::string toml_string_array(std::span<const LocatedString> items) {
  return string_array(items, [](const LocatedString& item) -> std::string_view { return item.value; });
}

std::string toml_inline_table(std::span<const TomlEntry> entries) {
  std::string out = "{";
  for (const auto& [key, value] : entries) {
    out += out.size() > 1 ? ", " : " ";
    append_key(out, key);
    out += " = ";
    out += value;
  }
  return out + (out.size() > 1 ? " }" : "}");
}

void TomlWriter::comment(std::string_view text) {
  text_ += "# ";
  text_ += text;
  text_ += '\n';
}

void TomlWriter::entry(std::string_view key, std::string_view rendered_value) {
  append_key(text_, key);
  text_ += " = ";
  text_ += rendered_value;
  text_ += '\n';
}

void TomlWriter::table(std::initializer_list<std::string_view> path) { header(path, "[", "]"); }

void TomlWriter::array_table(std::initializer_list<std::string_view> path) { header(path, "[[", "]]"); }

void TomlWriter::header(std::initializer_list<std::string_view> path, std::string_view open,
                        std::string_view close) {
  if (!text_.empty()) text_ += '\n';
  text_ += open;
  bool first = true;
  for (std::string_view key : path) {
    if (!first) text_ += '.';
    append_key(text_, key);
    first = false;
  }
  text_ += close;
  text_ += '\n';
}

}  // namespace modbuild::manifest::detail
