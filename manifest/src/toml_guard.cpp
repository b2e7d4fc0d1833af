// The pre-scan described in toml_guard.h: a small TOML lexer that only tracks
// whether it is inside a string or a comment, the way toml++ sees it.
#include "toml_guard.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "modbuild/support/text.h"

namespace modbuild::manifest::detail {
namespace {

struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};

Decoded decode_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (length == 1 || at + length > text.size()) return {lead, 1, lead < 0x80};
  char32_t value = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {lead, 1, false};
    value = (value << 6) | (byte(at + i) & 0x3F);
  }
  return {value, length, true};
}

// Mirrors toml++ 3.3's is_non_ascii_horizontal_whitespace(): true exactly
// where that function falls into its unreachable default case (its switch
// answers for blocks 5 and 7, not for 0, 11 and 63).
bool toml_whitespace_check_is_undefined(char32_t c) {
  if (c < 0xA0 || c > 0xFEFF) return false;
  const std::uint64_t index = (static_cast<std::uint64_t>(c) - 0xA0) / 0x3FA;
  if ((std::uint64_t{1} << index) & 0x7FFFFFFFFFFFF75Eull) return false;
  if (c == 0xA0 || c == 0x3000 || c == 0xFEFF) return false;
  return index != 5 && index != 7;
}

// The non-ASCII characters toml++ 3.3 counts as horizontal whitespace.
bool is_toml_non_ascii_blank(char32_t c) {
  return c == 0xA0 || c == 0x1680 || c == 0x180E || (0x2000 <= c && c <= 0x200B) || c == 0x202F ||
         (0x205F <= c && c <= 0x2060) || c == 0x3000 || c == 0xFEFF;
}

std::string describe(const Decoded& d) {
  if (!d.valid) return fmt::format("byte 0x{:02X}", static_cast<unsigned>(d.code_point));
  return fmt::format("character U+{:04X}", static_cast<std::uint32_t>(d.code_point));
}

bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// A bare key character, a quote, or the ']' toml++ reports itself.
bool may_start_header_key(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '"' || c == '\'' || c == ']';
}

constexpr std::string_view triple_double = "\"\"\"";
constexpr std::string_view triple_single = "'''";

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::optional<UnsafeText> run() {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a UTF-8 byte order mark is allowed
    while (pos_ < text_.size()) {
      if (auto problem = step()) return problem;
    }
    return std::nullopt;
  }

 private:
  enum class State { normal, comment, basic, literal, multi_basic, multi_literal };

  bool at(std::string_view token) const { return text_.substr(pos_).starts_with(token); }

  std::optional<UnsafeText> step() {
    const char c = text_[pos_];
    switch (state_) {
      case State::normal: return step_normal(c);
      case State::comment:
        if (c == '\n') {
          end_token('\n');
          end_line();
        }
        ++pos_;
        return std::nullopt;
      case State::basic:
        if (c == '\\') {
          pos_ = std::min(pos_ + 2, text_.size());
          return std::nullopt;
        }
        if (c == '"' || c == '\n') end_token(c);
        ++pos_;
        return std::nullopt;
      case State::literal:
        if (c == '\'' || c == '\n') end_token(c);
        ++pos_;
        return std::nullopt;
      case State::multi_basic: return step_multi_basic(c);
      case State::multi_literal:
        if (at(triple_single)) {
          close_multi_line('\'');
        } else {
          ++pos_;
        }
        return std::nullopt;
    }
    return std::nullopt;
  }

  std::optional<UnsafeText> step_normal(char c) {
    if (is_non_ascii(c)) {
      return UnsafeText{pos_, fmt::format("unexpected {}; outside strings and comments TOML allows only ASCII",
                                          describe(decode_utf8(text_, pos_)))};
    }
    if (bare_token_ && is_token_end(c)) bare_token_ = false;
    if (c == '#') {
      state_ = State::comment;
    } else if (!bare_token_ && string_may_start()) {
      open_string_or_token(c);
    } else if (!bare_token_) {
      track_structure(c);
    }
    if (header_problem_) return header_problem_;
    if (key_parts_ > kMaxKeyParts) {
      return UnsafeText{pos_, fmt::format("a key of more than {} dotted parts; modbuild reads keys of up to {} "
                                          "parts (deeper ones exhaust the parser's stack)",
                                          kMaxKeyParts, kMaxKeyParts)};
    }
    if (c != ' ' && c != '\t' && c != '\r') last_significant_ = c;
    if (c == '\n') end_line();
    ++pos_;
    return std::nullopt;
  }

  // toml++ starts a string only where a key or a value may start; elsewhere a
  // quote belongs to a bare token that it reads character by character.
  bool string_may_start() const {
    if (std::string_view("\n=[,{").find(last_significant_) != std::string_view::npos) return true;
    return last_significant_ == '.' && in_key_;  // the next part of a dotted key
  }

  static bool is_token_end(char c) { return std::string_view(" \t\r\n,]}#").find(c) != std::string_view::npos; }

  void open_string_or_token(char c) {
    if (at(triple_double)) {
      state_ = State::multi_basic;
      pos_ += 2;
    } else if (at(triple_single)) {
      state_ = State::multi_literal;
      pos_ += 2;
    } else if (c == '"') {
      state_ = State::basic;
    } else if (c == '\'') {
      state_ = State::literal;
    } else {
      track_structure(c);
    }
  }

  // Keys and values, brackets and braces: enough structure to know whether a
  // bare token (a number, date or boolean) is being read.
  void track_structure(char c) {
    switch (c) {
      case '=': in_key_ = false; key_parts_ = 1; return;
      case '[':
        if (last_significant_ == '\n' && brackets_.empty()) {
          in_header_ = true;  // a table header: a key, not an array
          in_key_ = true;
          key_parts_ = 1;
          check_header_start();
        } else if (!in_header_) {
          brackets_.push_back('[');
          in_key_ = false;
        }
        return;
      case ']':
        if (in_header_) {
          in_header_ = false;
        } else if (!brackets_.empty()) {
          brackets_.pop_back();
        }
        return;
      case '{': brackets_.push_back('{'); in_key_ = true; key_parts_ = 1; return;
      case '}': if (!brackets_.empty()) brackets_.pop_back(); return;
      case ',': in_key_ = !brackets_.empty() && brackets_.back() == '{'; key_parts_ = 1; return;
      case '.':
        if (in_key_ || in_header_) ++key_parts_;
        return;
      case ' ': case '\t': case '\r': case '\n': return;
      default:
        if (!in_key_ && !in_header_) bare_token_ = true;  // a value such as 1, true or 1979-05-27
        return;
    }
  }

  // toml++ 3.3 starts reading a header's key without checking that one
  // begins there (`[#`, `[[[1]]]`, `[[=`): an assertion in debug builds and
  // undefined behaviour through __builtin_assume in optimized header-only
  // ones. Whatever toml++ itself reports (end of input, `]`, `[ [`) is left
  // to it.
  void check_header_start() {
    std::size_t next = pos_ + 1;
    const bool blank_first = next < text_.size() && (text_[next] == ' ' || text_[next] == '\t');
    while (next < text_.size() && (text_[next] == ' ' || text_[next] == '\t')) ++next;
    if (next < text_.size() && text_[next] == '[' && !blank_first) {
      ++next;  // [[array of tables]]
      while (next < text_.size() && (text_[next] == ' ' || text_[next] == '\t')) ++next;
    } else if (next < text_.size() && text_[next] == '[') {
      return;  // "[ [": toml++ says the brackets must be contiguous
    }
    if (next >= text_.size() || may_start_header_key(text_[next])) return;
    header_problem_ =
        UnsafeText{next, "expected a key in the table header, found " + support::quote_character(text_, next)};
  }

  void end_line() {
    bare_token_ = false;
    in_header_ = false;
    key_parts_ = 1;
    if (brackets_.empty()) in_key_ = true;
  }

  std::optional<UnsafeText> step_multi_basic(char c) {
    if (at(triple_double)) {
      close_multi_line('"');
      return std::nullopt;
    }
    if (c != '\\') {
      ++pos_;
      return std::nullopt;
    }
    // toml++ asks whether the character after a backslash is whitespace.
    std::size_t next = pos_ + 1;
    if (auto problem = check_whitespace_query(next)) return problem;
    const std::size_t blanks_start = next;
    while (next < text_.size() && (text_[next] == ' ' || text_[next] == '\t')) ++next;
    // After a backslash and blanks, toml++ asks of the first other character
    // whether it is whitespace too, whatever follows.
    if (next > blanks_start) {
      if (auto problem = check_whitespace_query(next)) return problem;
    }
    if (next >= text_.size() || (text_[next] != '\n' && text_[next] != '\r')) {
      pos_ = std::min(pos_ + 2, text_.size());  // an ordinary escape
      return std::nullopt;
    }
    // A line-ending backslash trims all whitespace up to the next text,
    // across lines, asking of every character whether it is whitespace:
    // toml++'s non-ASCII blanks (U+3000...) are trimmed too, and the question
    // is asked of the character after them.
    for (;;) {
      while (next < text_.size() && std::string_view(" \t\r\n").find(text_[next]) != std::string_view::npos) ++next;
      if (auto problem = check_whitespace_query(next)) return problem;
      if (next >= text_.size() || !is_non_ascii(text_[next])) break;
      const Decoded d = decode_utf8(text_, next);
      if (!is_toml_non_ascii_blank(d.code_point)) break;
      next += d.length;
    }
    pos_ = next;
    return std::nullopt;
  }

  // A character toml++ will classify as whitespace or not: fine unless the
  // classification is undefined for it.
  std::optional<UnsafeText> check_whitespace_query(std::size_t offset) const {
    if (offset >= text_.size() || !is_non_ascii(text_[offset])) return std::nullopt;
    Decoded d = decode_utf8(text_, offset);
    if (d.valid && !toml_whitespace_check_is_undefined(d.code_point)) return std::nullopt;
    return UnsafeText{offset, fmt::format("{} after a backslash in a multi-line string is not supported by "
                                          "this TOML parser; start the line with an ASCII character or an "
                                          "escape such as \\u{:04X}",
                                          describe(d), static_cast<std::uint32_t>(d.code_point))};
  }

  void end_token(char terminator) {
    state_ = State::normal;
    last_significant_ = terminator;
  }

  // A multi-line string may end with up to two extra quotes that belong to it.
  void close_multi_line(char quote) {
    pos_ += 3;
    for (int extra = 0; extra < 2 && pos_ < text_.size() && text_[pos_] == quote; ++extra) ++pos_;
    end_token(quote);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  State state_ = State::normal;
  char last_significant_ = '\n';  // in normal state: the last character other than blanks
  bool in_key_ = true;             // a key may come next (line start, inline-table entries)
  bool in_header_ = false;         // inside [table] or [[array]] brackets
  bool bare_token_ = false;        // inside an unquoted value
  std::string brackets_;           // open arrays ('[') and inline tables ('{')
  std::size_t key_parts_ = 1;      // parts of the dotted key being read
  std::optional<UnsafeText> header_problem_;
};

}  // namespace

// Whether some '[' is followed (past a second '[' and blanks) by something
// that cannot start a key: only then can a header trip toml++. Arrays give
// false alarms ("[\n"), which only cost the full scan.
bool may_have_bad_header(std::string_view text) {
  for (std::size_t at = text.find('['); at != std::string_view::npos; at = text.find('[', at + 1)) {
    std::size_t next = at + 1;
    const auto skip_blanks = [&] {
      while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
    };
    skip_blanks();
    if (next < text.size() && text[next] == '[') {
      ++next;
      skip_blanks();
    }
    if (next < text.size() && !may_start_header_key(text[next])) return true;
  }
  return false;
}

std::optional<UnsafeText> find_unsafe_text(std::string_view text) {
  // The common case costs a few passes of byte counting: ASCII text with too
  // few dots for any key to be deep, and no header that starts badly.
  if (std::none_of(text.begin(), text.end(), is_non_ascii) &&
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '.')) < kMaxKeyParts &&
      !may_have_bad_header(text)) {
    return std::nullopt;
  }
  return Scanner(text).run();
}

}  // namespace modbuild::manifest::detail
