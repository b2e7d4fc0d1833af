// Single-value checks shared by the manifest readers (see value_checks.h).
#include "value_checks.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "modbuild/support/spelling.h"
#include "modbuild/support/text.h"

namespace modbuild::manifest {

bool is_valid_module_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !(name.front() >= 'a' && name.front() <= 'z')) return false;
  if (name.back() == '-') return false;
  char previous = 0;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

bool is_valid_feature_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = std::min(name.find('.', start), name.size());
    std::string_view segment = name.substr(start, end - start);
    if (segment.empty() || !(segment.front() >= 'a' && segment.front() <= 'z')) return false;
    for (char c : segment) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    }
    start = end + 1;
  }
  return true;
}

namespace detail {
namespace {

// The name a user probably meant: lower-cased, '_' and ' ' as '-', runs folded.
std::string normalized_module_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == '_' || lower == ' ' || lower == '.') lower = '-';
    if (lower == '-' && (out.empty() || out.back() == '-')) continue;
    out.push_back(lower);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

bool check_module_name(DocumentReader& doc, const LocatedString& name, std::string_view what) {
  if (is_valid_module_name(name.value)) return true;
  std::string problem = name.value.size() > 64 ? "is longer than 64 characters"
                                               : "may only use lowercase letters, digits and single '-', "
                                                 "and must start with a letter";
  Diagnostic d = Diagnostic::make(Code::invalid_name, fmt::format("invalid {} '{}': a name {}", what, name.value, problem),
                                  name.span, "invalid name");
  std::string fixed = normalized_module_name(name.value);
  if (fixed != name.value && is_valid_module_name(fixed)) d.with_help(fmt::format("did you mean '{}'?", fixed));
  doc.report(std::move(d));
  return false;
}

bool check_feature_name(DocumentReader& doc, const LocatedString& name) {
  if (is_valid_feature_name(name.value)) return true;
  doc.report(Diagnostic::make(Code::invalid_feature_name, fmt::format("invalid feature name '{}'", name.value),
                              name.span, "invalid feature name")
                 .with_note("a feature name is one or more dot-separated segments, each a lowercase letter "
                            "followed by lowercase letters, digits, '-' or '_', e.g. 'render.backend'"));
  return false;
}

std::optional<semver::Version> parse_located_version(DocumentReader& doc, const LocatedString& text) {
  auto parsed = semver::parse_version(text.value);
  if (parsed) return std::move(*parsed);
  const semver::VersionError& error = parsed.error();
  SourceSpan where = text.sub_span(error.offset, std::max<std::size_t>(1, error.length));
  // The label repeats only the first clause; the message carries the advice.
  std::string label = error.message.substr(0, error.message.find("; "));
  doc.report(Diagnostic::make(Code::invalid_version, fmt::format("invalid version '{}': {}", text.value, error.message),
                              where, std::move(label))
                 .with_note("versions follow Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH, optionally followed "
                            "by -PRERELEASE and +BUILD, e.g. 1.4.0 or 2.0.0-rc.1"));
  return std::nullopt;
}

std::optional<std::size_t> check_enum(DocumentReader& doc, const LocatedString& value, std::string_view what,
                                      std::span<const std::string_view> allowed) {
  auto found = std::find(allowed.begin(), allowed.end(), value.value);
  if (found != allowed.end()) return static_cast<std::size_t>(found - allowed.begin());
  std::vector<std::string> quoted;
  for (std::string_view a : allowed) quoted.push_back(fmt::format("'{}'", a));
  Diagnostic d = Diagnostic::make(Code::invalid_value,
                                  fmt::format("invalid {} '{}': expected {}", what, value.value,
                                              support::join_human(quoted, " or ")),
                                  value.span, fmt::format("not a {}", what));
  if (auto suggestion = support::closest_match(value.value, allowed)) {
    d.with_help(fmt::format("did you mean '{}'?", *suggestion));
  }
  doc.report(std::move(d));
  return std::nullopt;
}

std::vector<LocatedString> check_identifiers(DocumentReader& doc, std::vector<LocatedString> items,
                                             std::string_view what) {
  std::vector<LocatedString> valid;
  valid.reserve(items.size());
  for (LocatedString& item : items) {
    if (support::is_identifier(item.value)) {
      valid.push_back(std::move(item));
      continue;
    }
    doc.report(Diagnostic::make(Code::invalid_identifier,
                                fmt::format("invalid {} '{}': expected a C++ identifier", what, item.value),
                                item.span, "not an identifier")
                   .with_note("identifiers start with a letter or '_' and continue with letters, digits or '_'"));
  }
  return check_unique(doc, std::move(valid), what);
}

std::vector<LocatedString> check_unique(DocumentReader& doc, std::vector<LocatedString> items, std::string_view what) {
  std::vector<LocatedString> unique;
  unique.reserve(items.size());
  for (LocatedString& item : items) {
    auto first = std::find_if(unique.begin(), unique.end(),
                              [&](const LocatedString& seen) { return seen.value == item.value; });
    if (first == unique.end()) {
      unique.push_back(std::move(item));
      continue;
    }
    doc.report(Diagnostic::make(Code::duplicate_entry, fmt::format("{} '{}' is listed twice", what, item.value),
                                item.span, "listed again here")
                   .with_secondary(first->span, "first listed here"));
  }
  return unique;
}

void report_entry_type(DocumentReader& doc, const toml::node& node, std::string_view what, std::string_view expected) {
  doc.report(Diagnostic::make(Code::wrong_type,
                              fmt::format("expected {} for {}, found {}", expected, what, type_phrase(node)),
                              doc.span(node.source()), fmt::format("expected {}", expected)));
}

}  // namespace detail
}  // namespace modbuild::manifest
