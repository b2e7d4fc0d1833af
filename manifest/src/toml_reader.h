// Internal: checked access to a parsed TOML document, with spans and diagnostics.
//
// Loading a manifest runs: text => toml::table (toml++) => TableReader (keys
// and types checked, each problem reported with its span) => model structs
// (manifest.h). TableReader never throws and never stops at a problem: a bad
// value is reported and treated as absent, so one run reports everything.
#pragma once

#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/manifest.h"

namespace modbuild::manifest::detail {

using diagnostics::Code;
using diagnostics::Diagnostic;
using diagnostics::DiagnosticList;

/// "a string", "an integer", ... for messages.
std::string_view type_phrase(const toml::node& node);

/// One manifest file being read: converts toml++ positions to spans, checks
/// string literals for escapes, and collects diagnostics.
class DocumentReader {
 public:
  DocumentReader(const diagnostics::SourceMap& sources, FileId file, DiagnosticList& out);

  /// A module or workspace manifest is a page of text; one far larger is
  /// refused before toml++ builds a table of it (lockfiles and registry
  /// indexes grow with the workspace and keep the file system's limit).
  static constexpr std::size_t kMaxManifestBytes = std::size_t{1} << 20;

  /// Parses the text; reports a syntax error (MB1001) and returns nullopt on
  /// failure, and refuses (MB0001) a text longer than `max_bytes`.
  std::optional<toml::table> parse(std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

  SourceSpan span(const toml::source_region& region) const;
  SourceSpan start_of_file() const;
  /// A one-character span at a byte offset of the text.
  SourceSpan span_at_offset(std::size_t offset) const;
  LocatedString located_key(const toml::key& key) const;
  /// A string node as a LocatedString; the node must hold a string.
  LocatedString located_string(const toml::node& node) const;

  /// Whether a position lies past the last character of its line.
  bool is_end_of_line(const SourceSpan& where) const;

  /// Keeps the first kMaxReported diagnostics and counts the rest, so that a
  /// file of a million bad keys costs neither memory nor output; the
  /// destructor adds, per code, one diagnostic that stands for those left out.
  void report(Diagnostic diagnostic);
  FileId file() const { return file_; }

  static constexpr std::size_t kMaxReported = 100;
  ~DocumentReader();
  DocumentReader(const DocumentReader&) = delete;
  DocumentReader& operator=(const DocumentReader&) = delete;

 private:
  std::string_view literal_text(const SourceSpan& span) const;

  std::string_view text_;
  FileId file_;
  DiagnosticList& out_;
  std::vector<std::size_t> line_starts_;
  bool ascii_ = true;  // no byte above 0x7F: columns are byte offsets
  struct LeftOut {
    std::size_t count = 0;
    diagnostics::Severity worst = diagnostics::Severity::note;
  };
  std::size_t reported_ = 0;
  // Per code, so that a [diagnostics] override of one code cannot hide
  // another's errors behind a shared summary.
  std::map<Code, LeftOut> left_out_;
  std::string path_;
};

/// Reads the keys of one table. Construct it with every key the table may
/// hold; unknown keys are reported at once (MB1004, with a suggestion).
class TableReader {
 public:
  /// `title` names the table in messages, e.g. "[module]" or "dependency 'physics'".
  TableReader(DocumentReader& doc, const toml::table& table, std::string title,
              std::span<const std::string_view> known_keys);

  const toml::table& table() const { return table_; }
  const std::string& title() const { return title_; }
  SourceSpan table_span() const;

  /// The node under `key`, or nullptr.
  const toml::node* find(std::string_view key) const;
  /// A required key that is absent is reported (MB1003) with `example` as help.
  std::optional<LocatedString> string(std::string_view key, bool required = false,
                                      std::string_view example = {});
  std::optional<bool> boolean(std::string_view key);
  /// An array of strings; elements of the wrong type are reported and skipped.
  std::optional<std::vector<LocatedString>> string_array(std::string_view key, bool required = false,
                                                         std::string_view example = {});
  /// A sub-table (standard or inline).
  const toml::table* sub_table(std::string_view key, bool required = false, std::string_view example = {});

  /// Reports that `node` under `key` should have been `expected` (MB1002).
  void wrong_type(std::string_view key, const toml::node& node, std::string_view expected);
  void missing(std::string_view key, std::string_view example);

 private:
  void check_keys(std::span<const std::string_view> known_keys);

  DocumentReader& doc_;
  const toml::table& table_;
  std::string title_;
};

/// Flattens nested standard tables into dotted names: for
///   [features.provides]
///   render.backend = "2.1.0"
/// it yields ("render.backend", key span, value). Inline tables are leaves,
/// so `a.b = { version = "1.0.0" }` is the leaf "a.b".
struct DottedEntry {
  std::string name;
  SourceSpan key_span;
  const toml::node* value;
};
std::vector<DottedEntry> flatten_dotted(const DocumentReader& doc, const toml::table& table);

}  // namespace modbuild::manifest::detail
