// The module manifest model: what one module.toml declares.
//
// Values keep the spans they were read from, so that every later stage (the
// resolver's explanations, the validator's rules) can still point at the key
// that caused a problem. docs/manifest.md documents the format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/semver/version.h"

namespace modbuild::manifest {

using diagnostics::FileId;
using diagnostics::SourceSpan;

enum class ModuleKind { core, system, plugin, app };
enum class OutputKind { shared, module, executable };

std::string_view to_string(ModuleKind kind);
std::string_view to_string(OutputKind kind);

/// A string as written in a manifest, with the span of its literal (quotes
/// included) or of its key.
struct LocatedString {
  std::string value;
  SourceSpan span;
  /// True when the characters between the quotes are exactly `value` (no
  /// escapes), so that an offset inside the value maps to a column.
  bool verbatim = false;

  /// The span of value[offset, offset + length) when the literal is verbatim
  /// and on one line; otherwise the whole literal.
  SourceSpan sub_span(std::size_t offset, std::size_t length) const;

  friend bool operator==(const LocatedString&, const LocatedString&) = default;
};

/// Core data a module needs from one Core module ([core] table).
struct CoreUse {
  LocatedString module;       ///< span: the key
  LocatedString requirement;  ///< version requirement, stored as written
  std::vector<LocatedString> data;
  friend bool operator==(const CoreUse&, const CoreUse&) = default;
};

/// A System or Plugin this module depends on ([dependencies] table).
struct Dependency {
  LocatedString module;
  LocatedString requirement;
  bool optional = false;
  std::vector<LocatedString> options;  ///< options of the dependency to turn on
  friend bool operator==(const Dependency&, const Dependency&) = default;
};

/// What a Core module defines ([contract] table).
struct Contract {
  std::vector<LocatedString> data;
  std::vector<LocatedString> api;
  SourceSpan span;  ///< the table
  friend bool operator==(const Contract&, const Contract&) = default;
};

/// The Core contract a system implements ([implements] table).
struct Implements {
  LocatedString module;
  LocatedString requirement;
  std::vector<LocatedString> api;
  SourceSpan span;  ///< the table
  friend bool operator==(const Implements&, const Implements&) = default;
};

/// A feature this module provides ([features.provides]).
struct ProvidedFeature {
  LocatedString name;                     ///< dotted, e.g. "render.backend"
  std::optional<semver::Version> version;  ///< none: provided without a version
  SourceSpan version_span;
  bool exclusive = false;  ///< at most one selected module may provide it
  friend bool operator==(const ProvidedFeature&, const ProvidedFeature&) = default;
};

/// A feature this module requires ([features.requires]).
struct RequiredFeature {
  LocatedString name;
  LocatedString requirement;  ///< "*" when any version will do
  bool exclusive = false;     ///< exactly one selected module may provide it
  friend bool operator==(const RequiredFeature&, const RequiredFeature&) = default;
};

/// A named switch that turns on optional dependencies and other options ([options]).
struct Option {
  LocatedString name;
  std::vector<LocatedString> enables;
  friend bool operator==(const Option&, const Option&) = default;
};

/// How the module is built ([build]); paths relative to the module directory.
struct BuildSpec {
  std::vector<LocatedString> sources;      ///< globs; default "src/**/*.cpp"
  std::vector<LocatedString> include;      ///< public include directories; default "include"
  std::vector<LocatedString> api_headers;  ///< headers the code generator parses
  std::vector<LocatedString> tests;        ///< globs, one test program per file; default "tests/*.cpp"
  OutputKind output = OutputKind::shared;
  bool defaulted_sources = false;
  bool defaulted_include = false;
  bool defaulted_tests = false;
  friend bool operator==(const BuildSpec&, const BuildSpec&) = default;
};

struct Manifest {
  FileId file = diagnostics::no_file;
  std::string directory;  ///< the module's directory, relative to the workspace root

  LocatedString name;
  semver::Version version;
  SourceSpan version_span;
  ModuleKind kind = ModuleKind::core;
  SourceSpan kind_span;
  std::string description;

  std::optional<Contract> contract;
  std::optional<Implements> implements;
  std::vector<CoreUse> core;                ///< sorted by module name
  std::vector<Dependency> dependencies;     ///< sorted by module name
  std::vector<LocatedString> default_options;
  std::vector<Option> options;              ///< sorted by name
  std::vector<ProvidedFeature> provides;    ///< sorted by name
  std::vector<RequiredFeature> requires_features;  ///< sorted by name
  BuildSpec build;

  /// False when the identity (name, version or kind) could not be read; such a
  /// manifest is reported but takes no part in later stages.
  bool identity_valid = true;

  friend bool operator==(const Manifest&, const Manifest&) = default;
};

/// Whether a module name follows the rules: lowercase ASCII letters, digits
/// and single '-' between them, starting with a letter, at most 64 characters.
bool is_valid_module_name(std::string_view name);

/// Whether a feature name is dot-separated segments of [a-z][a-z0-9_-]*.
bool is_valid_feature_name(std::string_view name);

/// Parses one module.toml held in `sources` as `file`. Every problem goes to
/// `out`; parsing never stops at the first. Returns nullopt only when the text
/// is not TOML at all. Pure: no file access (see check_build_paths()).
std::optional<Manifest> parse_module_manifest(const diagnostics::SourceMap& sources, FileId file,
                                              diagnostics::DiagnosticList& out);

}  // namespace modbuild::manifest
