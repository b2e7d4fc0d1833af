// UTF-8 counting, line splitting and list phrasing.
#include "modbuild/support/text.h"

#include <cstdio>

namespace modbuild::support {
namespace {

bool is_continuation_byte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Built by appending: GCC 12's -Wrestrict misfires on "'" + std::string(...)
// at -O3 (GCC bug 105329).
std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('\'');
  out.append(text);
  out.push_back('\'');
  return out;
}

}  // namespace

std::size_t count_code_points(std::string_view utf8) {
  std::size_t count = 0;
  for (char c : utf8) {
    if (!is_continuation_byte(static_cast<unsigned char>(c))) ++count;
  }
  return count;
}

std::size_t byte_offset_of_code_point(std::string_view utf8, std::size_t index) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (is_continuation_byte(static_cast<unsigned char>(utf8[i]))) continue;
    if (seen == index) return i;
    ++seen;
  }
  return utf8.size();
}

std::string quote_character(std::string_view text, std::size_t at) {
  if (at >= text.size()) return "the end";
  const auto lead = static_cast<unsigned char>(text[at]);
  char hex[16];
  if (lead < 0x20 || lead == 0x7F) {
    std::snprintf(hex, sizeof hex, "U+%04X", lead);
    return std::string("control character ") + hex;
  }
  if (lead < 0x80) return quoted(text.substr(at, 1));
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  bool valid = length > 0 && lead < 0xF5 && at + length <= text.size();
  for (std::size_t i = 1; valid && i < length; ++i) {
    valid = is_continuation_byte(static_cast<unsigned char>(text[at + i]));
  }
  if (valid) return quoted(text.substr(at, length));
  std::snprintf(hex, sizeof hex, "0x%02X", lead);
  return std::string("byte ") + hex;
}

namespace {

bool is_c0_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f; }

// U+0080 to U+009F, encoded in UTF-8 as C2 80 to C2 9F.
bool is_c1_control_at(std::string_view text, std::size_t at) {
  return at + 1 < text.size() && static_cast<unsigned char>(text[at]) == 0xC2 &&
         static_cast<unsigned char>(text[at + 1]) >= 0x80 && static_cast<unsigned char>(text[at + 1]) <= 0x9F;
}

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_c0_control(c)) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else if (is_c1_control_at(text, i)) {
      const auto code = static_cast<unsigned char>(text[++i]);
      out += "\\u{";
      out += kHex[code >> 4];
      out += kHex[code & 0xF];
      out += '}';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::size_t escaped_width_at(std::string_view text, std::size_t at) {
  const auto c = static_cast<unsigned char>(text[at]);
  if (is_c0_control(c)) return 4;
  if (is_c1_control_at(text, at)) return 6;
  return (c & 0xC0) == 0x80 ? 0 : 1;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string count_of(std::size_t n, std::string_view word, std::string_view plural) {
  std::string out = std::to_string(n) + ' ';
  if (n == 1) return out.append(word);
  return plural.empty() ? out.append(word).append("s") : out.append(plural);
}

std::string join_human(const std::vector<std::string>& items, std::string_view last_separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? std::string(last_separator) : std::string(", ");
    out += items[i];
  }
  return out;
}

std::pair<std::size_t, std::string_view> find_cmake_syntax(std::string_view path) {
  const std::size_t at = path.find_first_of(";$");
  if (at == std::string_view::npos) return {at, ""};
  return {at, path[at] == ';' ? "a list separator" : "the start of a variable or generator expression"};
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!alpha(text.front())) return false;
  for (char c : text) {
    if (!alpha(c) && !digit(c)) return false;
  }
  return true;
}

std::string identifier_of(std::string_view name) {
  std::string out;
  bool pending_separator = false;
  for (char c : name) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word) {
      pending_separator = !out.empty();
      continue;
    }
    if (pending_separator) out += '_';
    pending_separator = false;
    out += c;
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(0, "m_");
  return out;
}

std::string macro_name(std::string_view name) {
  std::string macro;
  macro.reserve(name.size());
  for (char c : name) {
    if (c >= 'a' && c <= 'z') {
      macro += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      macro += c;
    } else {
      macro += '_';
    }
  }
  return macro;
}

}  // namespace modbuild::support
