// DocumentReader and TableReader (see toml_reader.h).
#include "toml_reader.h"
#include "toml_guard.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "modbuild/support/spelling.h"
#include "modbuild/support/text.h"

namespace modbuild::manifest::detail {
namespace {

// toml++ prefixes messages with "Error while parsing <what>: "; we keep the
// detail as the message and the context as a note, in our own style.
std::pair<std::string, std::string> split_toml_message(std::string_view description) {
  constexpr std::string_view prefix = "Error while parsing ";
  if (description.starts_with(prefix)) {
    std::string_view rest = description.substr(prefix.size());
    if (std::size_t colon = rest.find(": "); colon != std::string_view::npos) {
      return {std::string(rest.substr(colon + 2)), "while parsing " + std::string(rest.substr(0, colon))};
    }
  }
  std::string message(description);
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return {message, ""};
}

}  // namespace

std::string_view type_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

DocumentReader::DocumentReader(const diagnostics::SourceMap& sources, FileId file, DiagnosticList& out)
    : text_(sources.contents(file)), file_(file), out_(out), path_(sources.path(file)) {
  line_starts_.reserve(64);
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* at = begin; (at = static_cast<const char*>(std::memchr(at, '\n', end - at))) != nullptr;) {
    line_starts_.push_back(static_cast<std::size_t>(++at - begin));
  }
  ascii_ = std::none_of(text_.begin(), text_.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

void DocumentReader::report(Diagnostic diagnostic) {
  if (reported_ < kMaxReported) {
    ++reported_;
    out_.add(std::move(diagnostic));
    return;
  }
  LeftOut& left_out = left_out_[diagnostic.code];
  ++left_out.count;
  left_out.worst = std::min(left_out.worst, diagnostic.severity);  // errors sort first
}

DocumentReader::~DocumentReader() {
  for (const auto& [code, left_out] : left_out_) {
    Diagnostic summary = Diagnostic::make(
        code, fmt::format("{} more {} problem{} in '{}' not shown: modbuild reports the first {} of a file",
                          left_out.count, diagnostics::info(code).id, left_out.count == 1 ? "" : "s", path_,
                          kMaxReported),
        start_of_file());
    summary.severity = left_out.worst;
    summary.help.push_back("fix the ones shown and run again");
    out_.add(std::move(summary));
  }
}

std::optional<toml::table> DocumentReader::parse(std::size_t max_bytes) {
  if (text_.size() > max_bytes) {
    report(Diagnostic::make(Code::io_error,
                            fmt::format("'{}' is {} bytes; a manifest may be at most {} KiB", path_, text_.size(),
                                        max_bytes >> 10))
               .with_help("a module's manifest describes it in a page; generated data belongs in other files"));
    return std::nullopt;
  }
  if (auto unsafe = find_unsafe_text(text_)) {
    report(Diagnostic::make(Code::toml_syntax, "invalid TOML: " + unsafe->message, span_at_offset(unsafe->offset)));
    return std::nullopt;
  }
  try {
    return toml::parse(text_);
  } catch (const toml::parse_error& error) {
    SourceSpan where = span(error.source());
    auto [message, context] = split_toml_message(error.description());
    // toml++ reports a string cut by the end of a line as a control character;
    // what the user did was forget the closing quote.
    if (context == "while parsing string" && message.starts_with("unescaped control characters") &&
        is_end_of_line(where)) {
      message = "unterminated string: expected a closing quote before the end of the line";
    }
    Diagnostic d = Diagnostic::make(Code::toml_syntax, "invalid TOML: " + message, where);
    if (!context.empty()) d.with_note(context);
    report(std::move(d));
    return std::nullopt;
  }
}

SourceSpan DocumentReader::span(const toml::source_region& region) const {
  SourceSpan s;
  s.file = file_;
  s.line = region.begin.line == 0 ? 1 : region.begin.line;
  s.column = region.begin.column == 0 ? 1 : region.begin.column;
  s.end_line = region.end.line < s.line ? s.line : region.end.line;
  s.end_column = (s.end_line == s.line && region.end.column <= s.column) ? s.column + 1 : region.end.column;
  return s;
}

bool DocumentReader::is_end_of_line(const SourceSpan& where) const {
  if (where.line == 0 || where.line > line_starts_.size()) return false;
  std::size_t start = line_starts_[where.line - 1];
  std::size_t end = where.line < line_starts_.size() ? line_starts_[where.line] - 1 : text_.size();
  std::string_view line = text_.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return where.column > support::count_code_points(line);
}

SourceSpan DocumentReader::span_at_offset(std::size_t offset) const {
  auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
  std::string_view before = text_.substr(*line, offset - *line);
  const auto column = static_cast<std::uint32_t>(support::count_code_points(before) + 1);
  return {file_, static_cast<std::uint32_t>(line - line_starts_.begin() + 1), column,
          static_cast<std::uint32_t>(line - line_starts_.begin() + 1), column + 1};
}

SourceSpan DocumentReader::start_of_file() const { return SourceSpan{file_, 1, 1, 1, 1}; }

LocatedString DocumentReader::located_key(const toml::key& key) const {
  return LocatedString{std::string(key.str()), span(key.source()), false};
}

std::string_view DocumentReader::literal_text(const SourceSpan& s) const {
  if (s.line != s.end_line || s.line == 0 || s.line > line_starts_.size()) return {};
  std::size_t start = line_starts_[s.line - 1];
  std::size_t end = s.line < line_starts_.size() ? line_starts_[s.line] : text_.size();
  std::string_view line = text_.substr(start, end - start);
  // Columns count code points; in ASCII text they are byte offsets.
  std::size_t from = ascii_ ? std::min<std::size_t>(s.column - 1, line.size())
                            : support::byte_offset_of_code_point(line, s.column - 1);
  std::size_t to = ascii_ ? std::min<std::size_t>(s.end_column - 1, line.size())
                          : support::byte_offset_of_code_point(line, s.end_column - 1);
  return to > from ? line.substr(from, to - from) : std::string_view{};
}

LocatedString DocumentReader::located_string(const toml::node& node) const {
  LocatedString located{std::string(*node.value<std::string_view>()), span(node.source()), false};
  std::string_view literal = literal_text(located.span);
  if (literal.size() == located.value.size() + 2 && (literal.front() == '"' || literal.front() == '\'') &&
      literal.substr(1, located.value.size()) == located.value) {
    located.verbatim = true;
  }
  return located;
}

TableReader::TableReader(DocumentReader& doc, const toml::table& table, std::string title,
                         std::span<const std::string_view> known_keys)
    : doc_(doc), table_(table), title_(std::move(title)) {
  check_keys(known_keys);
}

SourceSpan TableReader::table_span() const {
  SourceSpan s = doc_.span(table_.source());
  return s.line == 0 ? doc_.start_of_file() : s;
}

void TableReader::check_keys(std::span<const std::string_view> known_keys) {
  for (const auto& [key, node] : table_) {
    std::string_view name = key.str();
    if (std::find(known_keys.begin(), known_keys.end(), name) != known_keys.end()) continue;
    Diagnostic d = Diagnostic::make(Code::unknown_key, fmt::format("unknown key '{}' in {}", name, title_),
                                    doc_.span(key.source()), "unknown key");
    if (auto suggestion = support::closest_match(name, known_keys)) {
      d.with_help(fmt::format("did you mean '{}'?", *suggestion));
    } else {
      std::vector<std::string> names(known_keys.begin(), known_keys.end());
      d.with_note(fmt::format("{} accepts {}", title_, support::join_human(names, " and ")));
    }
    doc_.report(std::move(d));
  }
}

const toml::node* TableReader::find(std::string_view key) const { return table_.get(key); }

void TableReader::wrong_type(std::string_view key, const toml::node& node, std::string_view expected) {
  doc_.report(Diagnostic::make(Code::wrong_type,
                               fmt::format("expected {} for '{}' in {}, found {}", expected, key, title_,
                                           type_phrase(node)),
                               doc_.span(node.source()), fmt::format("expected {}", expected)));
}

void TableReader::missing(std::string_view key, std::string_view example) {
  SourceSpan where = table_span();
  // A whole document or a multi-line inline table: point at where it starts.
  if (where.end_line != where.line) where = {where.file, where.line, where.column, where.line, where.column + 1};
  Diagnostic d = Diagnostic::make(Code::missing_key, fmt::format("missing required key '{}' in {}", key, title_),
                                  where, fmt::format("'{}' is required here", key));
  if (!example.empty()) d.with_help(fmt::format("add it, e.g. {}", example));
  doc_.report(std::move(d));
}

std::optional<LocatedString> TableReader::string(std::string_view key, bool required, std::string_view example) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    if (required) missing(key, example);
    return std::nullopt;
  }
  if (!node->is_string()) {
    wrong_type(key, *node, "a string");
    return std::nullopt;
  }
  return doc_.located_string(*node);
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_boolean()) {
    wrong_type(key, *node, "a boolean (true or false)");
    return std::nullopt;
  }
  return *node->value<bool>();
}

std::optional<std::vector<LocatedString>> TableReader::string_array(std::string_view key, bool required,
                                                                    std::string_view example) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    if (required) missing(key, example);
    return std::nullopt;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    wrong_type(key, *node, "an array of strings");
    return std::nullopt;
  }
  std::vector<LocatedString> items;
  items.reserve(array->size());
  for (const toml::node& element : *array) {
    if (!element.is_string()) {
      doc_.report(Diagnostic::make(Code::wrong_type,
                                   fmt::format("expected a string in '{}' of {}, found {}", key, title_,
                                               type_phrase(element)),
                                   doc_.span(element.source()), "expected a string"));
      continue;
    }
    items.push_back(doc_.located_string(element));
  }
  return items;
}

const toml::table* TableReader::sub_table(std::string_view key, bool required, std::string_view example) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    if (required) missing(key, example);
    return nullptr;
  }
  if (!node->is_table()) {
    wrong_type(key, *node, "a table");
    return nullptr;
  }
  return node->as_table();
}

std::vector<DottedEntry> flatten_dotted(const DocumentReader& doc, const toml::table& table) {
  std::vector<DottedEntry> entries;
  // Iterative walk (explicit stack) so that a deeply nested document cannot overflow.
  struct Frame {
    const toml::table* table;
    std::string prefix;
    SourceSpan first_key;
  };
  std::vector<Frame> stack{{&table, "", {}}};
  while (!stack.empty()) {
    Frame frame = std::move(stack.back());
    stack.pop_back();
    for (const auto& [key, node] : *frame.table) {
      std::string name = frame.prefix.empty() ? std::string(key.str()) : frame.prefix + "." + std::string(key.str());
      SourceSpan key_span = doc.span(key.source());
      // A dotted key on one line is underlined from its first segment to its last.
      SourceSpan shown = key_span;
      if (frame.first_key.valid() && frame.first_key.line == key_span.line) {
        shown.column = frame.first_key.column;
      }
      const toml::table* nested = node.as_table();
      if (nested != nullptr && !nested->is_inline()) {
        stack.push_back({nested, name, frame.first_key.valid() ? frame.first_key : key_span});
      } else {
        entries.push_back({std::move(name), shown, &node});
      }
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const DottedEntry& a, const DottedEntry& b) { return a.name < b.name; });
  return entries;
}

}  // namespace modbuild::manifest::detail
