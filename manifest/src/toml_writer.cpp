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

template <class Items, class Text>
std::string string_array(const Items& items, Text text) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ", ";
    out += toml_string(text(item));
  }
  return out + "]";
}

}  // namespace

std::string toml_string(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out.push_back('"');
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\u{:04X}", byte);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
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
    out += fmt::format("{} = {}", toml_key(key), value);
  }
  return out + (out.size() > 1 ? " }" : "}");
}

void TomlWriter::comment(std::string_view text) { text_ += fmt::format("# {}\n", text); }

void TomlWriter::entry(std::string_view key, std::string_view rendered_value) {
  text_ += fmt::format("{} = {}\n", toml_key(key), rendered_value);
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
    text_ += toml_key(key);
    first = false;
  }
  text_ += close;
  text_ += '\n';
}

}  // namespace modbuild::manifest::detail
