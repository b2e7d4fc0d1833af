// The code table, Diagnostic builders and DiagnosticList.
#include "modbuild/diagnostics/diagnostic.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

namespace modbuild::diagnostics {
namespace {

struct CodeTable {
  std::vector<CodeInfo> codes;
  std::vector<std::string> ids;  // "MB0001" storage for CodeInfo::id
};

const CodeTable& table() {
  static const CodeTable built = [] {
    CodeTable t;
    struct Raw {
      int number;
      std::string_view slug;
      Severity severity;
      std::string_view summary;
    };
    static constexpr Raw raw[] = {
#define MODBUILD_DIAGNOSTIC(n, s, sev, summary) {n, #s, Severity::sev, summary},
#include "modbuild/diagnostics/codes.def"
#undef MODBUILD_DIAGNOSTIC
    };
    t.ids.reserve(std::size(raw));  // CodeInfo::id views these strings: no reallocation after
    for (const Raw& r : raw) t.ids.push_back(fmt::format("MB{:04}", r.number));
    for (std::size_t i = 0; i < std::size(raw); ++i) {
      t.codes.push_back({static_cast<Code>(raw[i].number), t.ids[i], raw[i].slug, raw[i].severity,
                         raw[i].summary});
    }
    // Lookups bisect by code, whatever order codes.def lists them in.
    std::sort(t.codes.begin(), t.codes.end(), [](const CodeInfo& a, const CodeInfo& b) { return a.code < b.code; });
    return t;
  }();
  return built;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const CodeInfo> all_codes() { return table().codes; }

const CodeInfo& info(Code code) {
  const auto& codes = table().codes;
  auto found = std::lower_bound(codes.begin(), codes.end(), code,
                                [](const CodeInfo& i, Code c) { return i.code < c; });
  return *found;  // every enumerator comes from the table, so it is always found
}

const CodeInfo* find_code(std::string_view id_or_slug) {
  for (const CodeInfo& code : table().codes) {
    if (iequals(code.id, id_or_slug) || iequals(code.slug, id_or_slug)) return &code;
  }
  return nullptr;
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

namespace {

// `text` cut to about `limit` bytes at a UTF-8 character boundary.
std::string shortened(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  const std::size_t dropped = text.size() - cut;
  text.resize(cut);
  text += fmt::format("... ({} more bytes)", dropped);
  return text;
}

// The diagnostic that stands for `omitted` ones: the most severe of them
// (errors before warnings), so that counts and exit statuses hold.
Diagnostic omission(const std::vector<const Diagnostic*>& omitted, std::string_view where) {
  const Diagnostic* worst = omitted.front();
  for (const Diagnostic* d : omitted) {
    if (d->severity < worst->severity) worst = d;
  }
  Diagnostic summary = Diagnostic::make(
      worst->code, fmt::format("{} more diagnostic{} {}not shown", omitted.size(), omitted.size() == 1 ? "" : "s",
                               where));
  summary.severity = worst->severity;
  summary.help.push_back("fix the ones shown and run again");
  return summary;
}

}  // namespace

Diagnostic Diagnostic::make(Code code, std::string message, SourceSpan span, std::string label) {
  Diagnostic d;
  d.code = code;
  d.severity = info(code).default_severity;
  d.message = shortened(std::move(message), kMaxTextBytes);
  d.span = span;
  d.label = shortened(std::move(label), kMaxTextBytes);
  return d;
}

DiagnosticList DiagnosticList::limited(const SourceMap& sources, OutputLimits limits) const {
  // Counted per file, not per run of the list, so that an unsorted list is
  // limited the same way; the closing diagnostics follow in first-seen order.
  std::map<FileId, std::vector<const Diagnostic*>> beyond_file;
  std::vector<FileId> overflowing;
  std::map<FileId, std::size_t> shown_of_file;
  std::vector<const Diagnostic*> beyond_total;
  DiagnosticList shown;
  for (const Diagnostic& d : items_) {
    const FileId file = d.span.valid() ? d.span.file : no_file;
    if (file != no_file && shown_of_file[file] >= limits.per_file) {
      if (beyond_file[file].empty()) overflowing.push_back(file);
      beyond_file[file].push_back(&d);
    } else if (shown.size() >= limits.total) {
      beyond_total.push_back(&d);
    } else {
      ++shown_of_file[file];
      shown.add(d);
    }
  }
  for (FileId file : overflowing) {
    // Past the total, a file's overflow joins the rest instead of a line of its own.
    if (shown.size() >= limits.total) {
      beyond_total.insert(beyond_total.end(), beyond_file[file].begin(), beyond_file[file].end());
      continue;
    }
    shown.add(omission(beyond_file[file], fmt::format("in '{}' ", sources.path(file))));
  }
  if (!beyond_total.empty()) shown.add(omission(beyond_total, ""));
  return shown;
}

Diagnostic& Diagnostic::with_secondary(SourceSpan where, std::string text) {
  secondary.push_back({where, std::move(text)});
  return *this;
}

Diagnostic& Diagnostic::with_note(std::string note) {
  notes.push_back(std::move(note));
  return *this;
}

Diagnostic& Diagnostic::with_help(std::string text) {
  help.push_back(std::move(text));
  return *this;
}

void DiagnosticList::append(DiagnosticList other) {
  items_.insert(items_.end(), std::make_move_iterator(other.items_.begin()),
                std::make_move_iterator(other.items_.end()));
}

std::size_t DiagnosticList::count(Severity severity) const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [severity](const Diagnostic& d) { return d.severity == severity; }));
}

void DiagnosticList::sort(const SourceMap& sources) {
  auto key = [&](const Diagnostic& d) {
    std::string_view path = d.span.valid() ? std::string_view(sources.path(d.span.file)) : std::string_view();
    return std::tuple(d.span.valid(), path, d.span.line, d.span.column, d.code, std::string_view(d.message));
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

}  // namespace modbuild::diagnostics
