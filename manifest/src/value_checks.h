// Internal: checks of single manifest values (names, versions, enumerations,
// identifier lists), shared by the module and workspace readers. Each reports
// its own diagnostic and tells the caller whether the value can be used.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "modbuild/semver/version.h"
#include "toml_reader.h"

namespace modbuild::manifest::detail {

/// A module or option name (see is_valid_module_name); MB1005 otherwise.
bool check_module_name(DocumentReader& doc, const LocatedString& name, std::string_view what);

/// A dotted feature name; MB1014 otherwise.
bool check_feature_name(DocumentReader& doc, const LocatedString& name);

/// A SemVer version, with the error pointing inside the string; MB1006 otherwise.
std::optional<semver::Version> parse_located_version(DocumentReader& doc, const LocatedString& text);

/// The index of `value` among `allowed`; MB1007 (with a suggestion) otherwise.
std::optional<std::size_t> check_enum(DocumentReader& doc, const LocatedString& value, std::string_view what,
                                      std::span<const std::string_view> allowed);

/// Keeps the entries that are C++ identifiers (MB1012) and not repeated (MB1013).
std::vector<LocatedString> check_identifiers(DocumentReader& doc, std::vector<LocatedString> items,
                                             std::string_view what);

/// Drops repeated entries, reporting each repetition (MB1013).
std::vector<LocatedString> check_unique(DocumentReader& doc, std::vector<LocatedString> items, std::string_view what);

/// A table entry of the wrong type (MB1002): "expected <expected> for <what>, found ...".
void report_entry_type(DocumentReader& doc, const toml::node& node, std::string_view what, std::string_view expected);

}  // namespace modbuild::manifest::detail
