// Structured diagnostics: what every modbuild stage reports problems with.
//
// A Diagnostic carries a stable code, a severity, a message, a primary span
// into a source file, labelled secondary spans, notes and help. Spans refer to
// files by FileId into a SourceMap, which keeps the text so that renderers can
// show the offending line with a caret, long after the manifest was parsed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/diagnostics/source_map.h"

namespace modbuild::diagnostics {

enum class Code : std::uint16_t {
#define MODBUILD_DIAGNOSTIC(number, slug, severity, summary) slug = number,
#include "modbuild/diagnostics/codes.def"
#undef MODBUILD_DIAGNOSTIC
};

enum class Severity : std::uint8_t { error, warning, note };

/// Facts about a code from the table in codes.def.
struct CodeInfo {
  Code code;
  std::string_view id;       ///< "MB1004"
  std::string_view slug;     ///< "unknown_key"
  Severity default_severity;
  std::string_view summary;  ///< one line, lower-case
};

/// Every code, in numeric order.
std::span<const CodeInfo> all_codes();
const CodeInfo& info(Code code);
/// Looks a code up by its id ("MB1004", case-insensitive) or slug; nullptr if unknown.
const CodeInfo* find_code(std::string_view id_or_slug);

std::string_view to_string(Severity severity);

/// A 1-based region of a source file; end_column is exclusive and counted in
/// code points, like the columns.
struct SourceSpan {
  FileId file = no_file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;

  bool valid() const { return file != no_file && line > 0; }
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
  friend auto operator<=>(const SourceSpan&, const SourceSpan&) = default;
};

struct Label {
  SourceSpan span;
  std::string message;
  friend bool operator==(const Label&, const Label&) = default;
};

struct Diagnostic {
  Code code{};
  Severity severity = Severity::error;
  std::string message;
  SourceSpan span;    ///< primary location; may be invalid for file-less problems
  std::string label;  ///< text under the primary caret
  std::vector<Label> secondary;
  std::vector<std::string> notes;
  std::vector<std::string> help;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;

  /// The most of a message or label kept, in bytes: a 5 MB key quoted in a
  /// message would otherwise make a 5 MB diagnostic.
  static constexpr std::size_t kMaxTextBytes = 1024;

  /// A diagnostic with the code's default severity. A message or label longer
  /// than kMaxTextBytes is cut at a character boundary, saying how much was cut.
  static Diagnostic make(Code code, std::string message, SourceSpan span = {}, std::string label = {});
  Diagnostic& with_secondary(SourceSpan where, std::string text);
  Diagnostic& with_note(std::string note);
  Diagnostic& with_help(std::string help);
};

/// The most diagnostics shown for one file and for one run; the rest are
/// counted in a closing diagnostic (see limited()).
struct OutputLimits {
  std::size_t per_file = 100;
  std::size_t total = 1000;
};

/// The diagnostics of one run: collected from every stage, never stopping at
/// the first.
class DiagnosticList {
 public:
  void add(Diagnostic diagnostic) { items_.push_back(std::move(diagnostic)); }
  void append(DiagnosticList other);

  std::size_t count(Severity severity) const;
  bool has_errors() const { return count(Severity::error) > 0; }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }

  /// Orders by file, position and code, so that output does not depend on
  /// which thread found what first. Files without a location come first.
  void sort(const SourceMap& sources);

  /// The list to show (sorted first): at most `limits.per_file` of each
  /// file and `limits.total` in all, each cut counted by one diagnostic of
  /// the most severe omitted, so that the summary and the exit status stay
  /// what the whole list says.
  DiagnosticList limited(const SourceMap& sources, OutputLimits limits = {}) const;

  const std::vector<Diagnostic>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace modbuild::diagnostics
