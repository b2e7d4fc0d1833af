// Registry indexes: read with the module.toml checks, written deterministically,
// updated atomically by publish and yank (see registry.h, docs/registry.md).
#include "modbuild/manifest/registry.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "format_checks.h"
#include "manifest_tables.h"
#include "modbuild/support/path.h"
#include "modbuild/support/sha256.h"
#include "modbuild/support/text.h"
#include "toml_reader.h"
#include "toml_writer.h"
#include "value_checks.h"

namespace modbuild::manifest {
namespace detail {
namespace {

constexpr std::array<std::string_view, 3> index_keys = {"format", "module", "versions"};
constexpr std::array<std::string_view, 2> entry_keys = {"checksum", "yanked"};
constexpr std::string_view index_title = "the registry index";
constexpr std::string_view entry_title = "[[versions]]";

bool same_version(const semver::Version& a, const semver::Version& b) {
  return semver::compare_precedence(a, b) == std::strong_ordering::equal;
}

void sort_versions(std::vector<PublishedVersion>& versions) {
  std::stable_sort(versions.begin(), versions.end(), [](const PublishedVersion& a, const PublishedVersion& b) {
    return semver::compare_precedence(a.manifest.version, b.manifest.version) < 0;
  });
}

// An entry of another module than the index's own.
void report_foreign_entry(DocumentReader& doc, const Manifest& entry, const LocatedString& module) {
  const std::string& name = entry.name.value;
  doc.report(Diagnostic::make(Code::registry_index_invalid,
                              fmt::format("version {} of module '{}' is in the registry index of '{}'",
                                          entry.version.to_string(), name, module.value),
                              entry.name.span, fmt::format("expected '{}'", module.value))
                 .with_secondary(module.span, "the index belongs to this module")
                 .with_help(fmt::format("an index holds the versions of one module; publish '{}' to {}.toml", name,
                                        name)));
}

// An entry is kept when its identity is valid, it belongs to the index's
// module and its checksum is well-formed; anything else is reported and dropped.
std::optional<PublishedVersion> read_version(DocumentReader& doc, const toml::table& entry,
                                             const std::optional<LocatedString>& module) {
  PublishedVersion version;
  version.span = doc.span(entry.source());
  std::optional<LocatedString> checksum;
  ManifestTablesOptions options;
  options.title = entry_title;
  options.extra_keys = entry_keys;
  options.allow_build = false;
  options.read_extra_keys = [&](TableReader& reader) {
    checksum = reader.string("checksum", true, "checksum = \"sha256:<64 hex digits>\"");
    version.yanked = reader.boolean("yanked").value_or(false);
  };
  version.manifest = read_manifest_tables(doc, entry, options);
  version.manifest.file = doc.file();
  bool valid = version.manifest.identity_valid;
  if (valid && module && version.manifest.name.value != module->value) {
    report_foreign_entry(doc, version.manifest, *module);
    valid = false;
  }
  if (checksum && check_checksum(doc, *checksum, Code::registry_index_invalid)) {
    version.checksum = checksum->value;
  } else {
    valid = false;
  }
  if (!valid) return std::nullopt;
  return version;
}

// Versions are unique by precedence: 1.0.0+a and 1.0.0+b are one version.
void drop_repeated_versions(DocumentReader& doc, std::vector<PublishedVersion>& versions) {
  sort_versions(versions);  // stable: of equal versions, the first in the file stays first
  std::vector<PublishedVersion> unique;
  unique.reserve(versions.size());
  for (PublishedVersion& version : versions) {
    if (unique.empty() || !same_version(unique.back().manifest.version, version.manifest.version)) {
      unique.push_back(std::move(version));
      continue;
    }
    const Manifest& first = unique.back().manifest;
    Diagnostic d = Diagnostic::make(Code::registry_index_invalid,
                                    fmt::format("version {} of '{}' is listed twice",
                                                version.manifest.version.to_string(), version.manifest.name.value),
                                    version.manifest.version_span, "listed again here")
                       .with_secondary(first.version_span, "first listed here");
    if (first.version != version.manifest.version) {
      d.with_note("versions that differ only in build metadata are the same version");
    }
    doc.report(std::move(d));
  }
  versions = std::move(unique);
}

void read_versions(DocumentReader& doc, TableReader& top, const std::optional<LocatedString>& module,
                   RegistryIndex& index) {
  const toml::node* node = top.find("versions");
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    top.wrong_type("versions", *node, "an array of tables ([[versions]])");
    return;
  }
  for (const toml::node& element : *array) {
    const toml::table* entry = element.as_table();
    if (entry == nullptr) {
      report_entry_type(doc, element, "an entry of 'versions'", "a table ([[versions]])");
      continue;
    }
    if (auto version = read_version(doc, *entry, module)) index.versions.push_back(std::move(*version));
  }
  drop_repeated_versions(doc, index.versions);
}

// Pointers to the items sorted by a name field, so that output never depends
// on the order the caller built them in.
template <class T>
std::vector<const T*> by_name(const std::vector<T>& items, LocatedString T::*field) {
  std::vector<const T*> sorted;
  for (const T& item : items) sorted.push_back(&item);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [field](const T* a, const T* b) { return (a->*field).value < (b->*field).value; });
  return sorted;
}

void write_module_table(TomlWriter& w, const Manifest& m) {
  w.table({"versions", "module"});
  w.entry("name", toml_string(m.name.value));
  w.entry("version", toml_string(m.version.to_string()));
  w.entry("kind", toml_string(to_string(m.kind)));
  if (!m.description.empty()) w.entry("description", toml_string(m.description));
}

void write_contract_and_implements(TomlWriter& w, const Manifest& m) {
  if (m.contract) {
    w.table({"versions", "contract"});
    if (!m.contract->data.empty()) w.entry("data", toml_string_array(m.contract->data));
    if (!m.contract->api.empty()) w.entry("api", toml_string_array(m.contract->api));
  }
  if (m.implements) {
    w.table({"versions", "implements"});
    w.entry("module", toml_string(m.implements->module.value));
    w.entry("version", toml_string(m.implements->requirement.value));
    if (!m.implements->api.empty()) w.entry("api", toml_string_array(m.implements->api));
  }
}

void write_core(TomlWriter& w, const Manifest& m) {
  if (m.core.empty()) return;
  w.table({"versions", "core"});
  for (const CoreUse* use : by_name(m.core, &CoreUse::module)) {
    if (use->data.empty()) {
      w.entry(use->module.value, toml_string(use->requirement.value));
      continue;
    }
    const std::array<TomlEntry, 2> spec = {TomlEntry{"version", toml_string(use->requirement.value)},
                                           TomlEntry{"data", toml_string_array(use->data)}};
    w.entry(use->module.value, toml_inline_table(spec));
  }
}

void write_dependencies(TomlWriter& w, const Manifest& m) {
  if (m.dependencies.empty()) return;
  w.table({"versions", "dependencies"});
  for (const Dependency* dep : by_name(m.dependencies, &Dependency::module)) {
    if (!dep->optional && dep->options.empty()) {
      w.entry(dep->module.value, toml_string(dep->requirement.value));
      continue;
    }
    std::vector<TomlEntry> spec = {{"version", toml_string(dep->requirement.value)}};
    if (dep->optional) spec.emplace_back("optional", toml_bool(true));
    if (!dep->options.empty()) spec.emplace_back("options", toml_string_array(dep->options));
    w.entry(dep->module.value, toml_inline_table(spec));
  }
}

void write_options(TomlWriter& w, const Manifest& m) {
  if (m.default_options.empty() && m.options.empty()) return;
  w.table({"versions", "options"});
  if (!m.default_options.empty()) w.entry("default", toml_string_array(m.default_options));
  for (const Option* option : by_name(m.options, &Option::name)) {
    w.entry(option->name.value, toml_string_array(option->enables));
  }
}

// "1.0.0", true (no version), or { version = "1.0.0", exclusive = true }.
void write_provided(TomlWriter& w, const Manifest& m) {
  if (m.provides.empty()) return;
  w.table({"versions", "features", "provides"});
  for (const ProvidedFeature* feature : by_name(m.provides, &ProvidedFeature::name)) {
    std::string version = feature->version ? toml_string(feature->version->to_string()) : toml_bool(true);
    if (!feature->exclusive) {
      w.entry(feature->name.value, version);
      continue;
    }
    std::vector<TomlEntry> spec;
    if (feature->version) spec.emplace_back("version", std::move(version));
    spec.emplace_back("exclusive", toml_bool(true));
    w.entry(feature->name.value, toml_inline_table(spec));
  }
}

// "^1.0" ("*" for any version), or { version = "^1.0", exclusive = true }.
void write_required(TomlWriter& w, const Manifest& m) {
  if (m.requires_features.empty()) return;
  w.table({"versions", "features", "requires"});
  for (const RequiredFeature* feature : by_name(m.requires_features, &RequiredFeature::name)) {
    std::string requirement = toml_string(feature->requirement.value);
    if (!feature->exclusive) {
      w.entry(feature->name.value, requirement);
      continue;
    }
    const std::array<TomlEntry, 2> spec = {TomlEntry{"version", std::move(requirement)},
                                           TomlEntry{"exclusive", toml_bool(true)}};
    w.entry(feature->name.value, toml_inline_table(spec));
  }
}

void write_version(TomlWriter& w, const PublishedVersion& version) {
  const Manifest& m = version.manifest;
  w.array_table({"versions"});
  w.entry("checksum", toml_string(version.checksum));
  w.entry("yanked", toml_bool(version.yanked));
  write_module_table(w, m);
  write_contract_and_implements(w, m);
  write_core(w, m);
  write_dependencies(w, m);
  write_options(w, m);
  write_provided(w, m);
  write_required(w, m);
}

// The first error of a text meant to be an index, and how many more there
// are, for a one-line message.
const Diagnostic* first_error(const diagnostics::DiagnosticList& problems) {
  for (const Diagnostic& d : problems) {
    if (d.severity == diagnostics::Severity::error) return &d;
  }
  return nullptr;
}

std::string more_errors(const diagnostics::DiagnosticList& problems) {
  std::size_t errors = problems.count(diagnostics::Severity::error);
  return errors > 1 ? fmt::format(" (and {} more)", errors - 1) : "";
}

// The index at `path` as it is now: empty when there is none yet, an error
// when it cannot be read or has any error, so that a damaged index is never
// replaced by what little could be read from it.
using Kind = RegistryError::Kind;

support::Unexpected<RegistryError> registry_error(Kind kind, std::string message) {
  RegistryError error;
  error.kind = kind;
  error.message = std::move(message);
  return support::unexpected(std::move(error));
}

support::Expected<RegistryIndex, RegistryError> load_index(const support::FileSystem& fs, const std::string& path,
                                                         std::string_view module) {
  if (fs.type(path) == support::FileType::missing) {
    RegistryIndex fresh;
    fresh.module = module;
    return fresh;
  }
  auto text = fs.read(path);
  if (!text) return registry_error(Kind::io, fmt::format("could not read '{}': {}", path, text.error()));
  diagnostics::SourceMap sources;
  diagnostics::DiagnosticList problems;
  FileId file = sources.add(path, *text);
  auto index = parse_registry_index(sources, file, problems);
  problems.sort(sources);
  const Diagnostic* error = first_error(problems);
  if (error != nullptr || !index || index->module != module) {
    auto damaged = registry_error(
        Kind::damaged_index,
        error != nullptr ? fmt::format("registry index '{}' is not valid: line {}, column {}: {}{}; it was left "
                                       "unchanged",
                                       path, error->span.line, error->span.column, error->message,
                                       more_errors(problems))
                         : fmt::format("registry index '{}' belongs to module '{}', not '{}'; it was left unchanged",
                                       path, index ? index->module : "", module));
    damaged.error.index_path = path;
    damaged.error.index_text = std::move(*text);
    if (error != nullptr) damaged.error.span = error->span;
    damaged.error.span.file = diagnostics::no_file;
    return damaged;
  }
  return std::move(*index);
}

// Writes the index after reading the new text back, so that the registry
// never holds an index that the next publish would refuse as damaged.
support::Expected<void, RegistryError> store_index(support::FileSystem& fs, const std::string& path,
                                                 const RegistryIndex& index) {
  const std::string text = write_registry_index(index);
  diagnostics::SourceMap sources;
  diagnostics::DiagnosticList problems;
  FileId file = sources.add(path, text);
  parse_registry_index(sources, file, problems);
  if (const Diagnostic* error = first_error(problems)) {
    return registry_error(Kind::io, fmt::format("refusing to write '{}', the new index would not be valid: {}{}", path,
                                                error->message, more_errors(problems)));
  }
  if (auto written = fs.write(path, text); !written) {
    return registry_error(Kind::io, fmt::format("could not write '{}': {}", path, written.error()));
  }
  return {};
}

// Publishers and yankers of one registry take turns: each reads an index,
// changes it and writes it whole, so two at once would lose one's change.
support::Expected<support::FileLock, RegistryError> lock_registry(support::FileSystem& fs,
                                                                std::string_view registry_dir) {
  const std::string path = support::join_path(registry_dir, ".publish.lock");
  auto lock = fs.lock(path);
  if (!lock) return registry_error(Kind::io, fmt::format("could not lock '{}': {}", path, lock.error()));
  return std::move(*lock);
}

PublishedVersion* find_version(RegistryIndex& index, const semver::Version& version) {
  auto found = std::find_if(index.versions.begin(), index.versions.end(),
                            [&](const PublishedVersion& v) { return same_version(v.manifest.version, version); });
  return found == index.versions.end() ? nullptr : &*found;
}

}  // namespace
}  // namespace detail

std::string registry_index_path(std::string_view registry_dir, std::string_view module) {
  return support::join_path(registry_dir, fmt::format("{}.toml", module));
}

std::optional<RegistryIndex> parse_registry_index(const diagnostics::SourceMap& sources, FileId file,
                                                  diagnostics::DiagnosticList& out) {
  using namespace detail;
  DocumentReader doc(sources, file, out);
  std::optional<toml::table> root = doc.parse();
  if (!root) return std::nullopt;
  TableReader top(doc, *root, std::string(index_title), index_keys);
  FormatCheck format = check_format_number(doc, top, "format", registry_format_version, Code::registry_index_invalid,
                                           "registry index format",
                                           "a newer modbuild wrote this index; read it with that version");
  if (format == FormatCheck::unsupported) return std::nullopt;
  if (format == FormatCheck::missing) top.missing("format", fmt::format("format = {}", registry_format_version));
  RegistryIndex index;
  index.file = file;
  std::optional<LocatedString> module = top.string("module", true, "module = \"physics\"");
  if (module && !check_module_name(doc, *module, "module name")) module.reset();
  if (module) index.module = module->value;
  read_versions(doc, top, module, index);
  return index;
}

std::string write_registry_index(const RegistryIndex& index) {
  using namespace detail;
  TomlWriter w;
  w.comment("A modbuild registry index: every published version of one module, oldest first.");
  w.comment("modbuild writes it when a version is published or yanked; do not edit it by hand.");
  w.entry("format", std::to_string(registry_format_version));
  w.entry("module", toml_string(index.module));
  std::vector<const PublishedVersion*> versions;
  for (const PublishedVersion& version : index.versions) versions.push_back(&version);
  std::stable_sort(versions.begin(), versions.end(), [](const PublishedVersion* a, const PublishedVersion* b) {
    return semver::compare_precedence(a->manifest.version, b->manifest.version) < 0;
  });
  for (const PublishedVersion* version : versions) write_version(w, *version);
  return w.take();
}

support::Expected<void, RegistryError> publish_version(support::FileSystem& fs, std::string_view registry_dir,
                                                       const Manifest& manifest, std::string_view manifest_text) {
  using namespace detail;
  if (!manifest.identity_valid || !is_valid_module_name(manifest.name.value)) {
    return registry_error(Kind::invalid_request, "the manifest cannot be published without a valid name, version and kind");
  }
  const std::string& name = manifest.name.value;
  const std::string path = registry_index_path(registry_dir, name);
  auto lock = lock_registry(fs, registry_dir);
  if (!lock) return support::unexpected(lock.error());
  auto index = load_index(fs, path, name);
  if (!index) return support::unexpected(index.error());
  if (const PublishedVersion* existing = find_version(*index, manifest.version)) {
    return registry_error(Kind::already_published,
                          fmt::format("{} {} is already published in '{}'{}; publish a new version instead", name,
                                      existing->manifest.version.to_string(), registry_dir,
                                      existing->yanked ? " (yanked)" : ""));
  }
  PublishedVersion added;
  added.manifest = manifest;
  added.manifest.build = {};  // not part of the index
  added.manifest.directory.clear();
  added.checksum = support::sha256_checksum(manifest_text);
  index->versions.push_back(std::move(added));
  sort_versions(index->versions);
  return store_index(fs, path, *index);
}

support::Expected<void, RegistryError> set_yanked(support::FileSystem& fs, std::string_view registry_dir,
                                                  std::string_view module, const semver::Version& version,
                                                  bool yanked) {
  using namespace detail;
  if (!is_valid_module_name(module)) {
    return registry_error(Kind::invalid_request, fmt::format("invalid module name '{}'", module));
  }
  const std::string path = registry_index_path(registry_dir, module);
  if (fs.type(path) == support::FileType::missing) {  // before the lock, which would create the directory
    return registry_error(Kind::not_published, fmt::format("no version of {} is published in '{}'", module, registry_dir));
  }
  auto lock = lock_registry(fs, registry_dir);
  if (!lock) return support::unexpected(lock.error());
  auto index = load_index(fs, path, module);
  if (!index) return support::unexpected(index.error());
  PublishedVersion* found = find_version(*index, version);
  if (found == nullptr) {
    std::vector<std::string> published;
    for (const PublishedVersion& v : index->versions) published.push_back(v.manifest.version.to_string());
    std::string listed = published.empty() ? "none" : support::join_human(published);
    return registry_error(Kind::not_published, fmt::format("{} {} is not published in '{}' (published: {})", module,
                                                          version.to_string(), registry_dir, listed));
  }
  if (found->yanked == yanked) return {};
  found->yanked = yanked;
  return store_index(fs, path, *index);
}

}  // namespace modbuild::manifest
