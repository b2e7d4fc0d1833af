// modbuild.lock: read with every problem reported, written deterministically
// (see lockfile.h, docs/lockfile.md).
#include "modbuild/manifest/lockfile.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "format_checks.h"
#include "modbuild/support/path.h"
#include "modbuild/support/spelling.h"
#include "toml_reader.h"
#include "toml_writer.h"
#include "value_checks.h"

namespace modbuild::manifest {
namespace detail {
namespace {

constexpr std::array<std::string_view, 2> top_level_keys = {"version", "module"};
constexpr std::array<std::string_view, 7> entry_keys = {
    "name", "version", "source", "checksum", "dependencies", "options", "features"};
constexpr std::string_view lockfile_title = "modbuild.lock";
constexpr std::string_view workspace_prefix = "workspace:";
constexpr std::string_view registry_prefix = "registry:";
constexpr std::string_view rewrite_help = "run `modbuild resolve` to write the lockfile again";

// The lockfile is written by modbuild, so a missing key means a damaged file:
// MB2007 rather than the manifests' MB1003, in the same shape.
void report_missing(DocumentReader& doc, std::string_view key, std::string_view where_title, SourceSpan where) {
  if (where.end_line != where.line) where = {where.file, where.line, where.column, where.line, where.column + 1};
  doc.report(Diagnostic::make(Code::lockfile_invalid,
                              fmt::format("missing required key '{}' in {}", key, where_title), where,
                              fmt::format("'{}' is required here", key))
                 .with_help(std::string(rewrite_help)));
}

std::optional<LocatedString> required_string(DocumentReader& doc, TableReader& table, std::string_view key) {
  if (table.find(key) == nullptr) {
    report_missing(doc, key, table.title(), table.table_span());
    return std::nullopt;
  }
  return table.string(key);
}

void report_source(DocumentReader& doc, const LocatedString& source, std::size_t offset, std::size_t length,
                   std::string label) {
  doc.report(Diagnostic::make(Code::lockfile_invalid, fmt::format("invalid source '{}'", source.value),
                              source.sub_span(offset, length), std::move(label))
                 .with_note("a source is 'workspace:<directory relative to the workspace root>' or "
                            "'registry:<registry name>'"));
}

// What is wrong with the directory of a "workspace:" source, if anything.
const char* workspace_directory_problem(std::string_view dir) {
  if (dir.empty()) return "expected a directory after 'workspace:'";
  if (support::is_absolute_path(dir)) return "expected a directory relative to the workspace root";
  std::string normalized = support::normalize_path(dir);
  if (normalized == ".." || normalized.starts_with("../")) return "expected a directory inside the workspace";
  return nullptr;
}

// "workspace:<relative directory inside the workspace>" or "registry:<registry name>".
bool check_source(DocumentReader& doc, const LocatedString& source) {
  std::string_view text = source.value;
  if (text.starts_with(workspace_prefix)) {
    std::string_view dir = text.substr(workspace_prefix.size());
    const char* problem = workspace_directory_problem(dir);
    if (problem == nullptr) return true;
    report_source(doc, source, workspace_prefix.size(), dir.size(), problem);
    return false;
  }
  if (text.starts_with(registry_prefix)) {
    std::string_view name = text.substr(registry_prefix.size());
    if (is_valid_module_name(name)) return true;
    report_source(doc, source, registry_prefix.size(), name.size(),
                  name.empty() ? "expected a registry name after 'registry:'" : "not a valid registry name");
    return false;
  }
  std::size_t colon = text.find(':');
  report_source(doc, source, 0, colon == std::string_view::npos ? text.size() : colon + 1,
                "expected 'workspace:' or 'registry:'");
  return false;
}

// Dependencies and options: valid names, each once. The names are returned
// with their spans, so that references can be checked once every entry is read.
std::vector<LocatedString> read_names(DocumentReader& doc, std::vector<LocatedString> items, std::string_view what) {
  std::vector<LocatedString> names;
  for (LocatedString& item : check_unique(doc, std::move(items), what)) {
    if (check_module_name(doc, item, what)) names.push_back(std::move(item));
  }
  return names;
}

std::vector<std::string> sorted_values(const std::vector<LocatedString>& items) {
  std::vector<std::string> values;
  for (const LocatedString& item : items) values.push_back(item.value);
  std::sort(values.begin(), values.end());
  return values;
}

// One [[module]] entry as far as it could be read.
struct EntryRead {
  LockedModule module;
  bool named = false;     // `name` is valid
  bool complete = false;  // every required key is valid
  std::vector<LocatedString> references;  // modules it names: dependencies, feature providers
};

// features = { "feature.name" = "provider" }, sorted by feature.
void read_features(DocumentReader& doc, const toml::table& table, EntryRead& read) {
  const std::vector<DottedEntry> entries = flatten_dotted(doc, table);  // sorted by name
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DottedEntry& entry = entries[i];
    // `"a.b" = ...` and `a.b = ...` are different TOML keys but one feature.
    if (i > 0 && entries[i - 1].name == entry.name) {
      auto [first, again] = std::minmax(entries[i - 1].key_span, entry.key_span);
      doc.report(Diagnostic::make(Code::duplicate_entry, fmt::format("feature '{}' is listed twice", entry.name),
                                  again, "listed again here")
                     .with_secondary(first, "first listed here"));
      continue;
    }
    LocatedString feature{entry.name, entry.key_span, false};
    if (!check_feature_name(doc, feature)) continue;
    if (!entry.value->is_string()) {
      report_entry_type(doc, *entry.value, fmt::format("the provider of feature '{}'", entry.name),
                        "a module name string");
      continue;
    }
    LocatedString provider = doc.located_string(*entry.value);
    if (!check_module_name(doc, provider, "provider module name")) continue;
    read.module.features.emplace_back(entry.name, provider.value);
    read.references.push_back(std::move(provider));
  }
}

// The keys every entry must have; each problem is reported.
bool read_required_keys(DocumentReader& doc, TableReader& reader, EntryRead& read) {
  LockedModule& locked = read.module;
  if (auto name = required_string(doc, reader, "name"); name && check_module_name(doc, *name, "module name")) {
    locked.name = std::move(*name);
    read.named = true;
  }
  std::optional<semver::Version> version;
  if (auto text = required_string(doc, reader, "version")) {
    version = parse_located_version(doc, *text);
    if (version) locked.version_span = text->span;
  }
  if (version) locked.version = std::move(*version);
  auto source = required_string(doc, reader, "source");
  const bool source_valid = source && check_source(doc, *source);
  if (source_valid) locked.source = std::move(source->value);
  auto checksum = required_string(doc, reader, "checksum");
  const bool checksum_valid = checksum && check_checksum(doc, *checksum, Code::lockfile_invalid);
  if (checksum_valid) locked.checksum = std::move(checksum->value);
  return read.named && version && source_valid && checksum_valid;
}

EntryRead read_entry(DocumentReader& doc, const toml::table& entry) {
  const toml::node* name_node = entry.get("name");
  std::string title = name_node != nullptr && name_node->is_string()
                          ? fmt::format("the [[module]] entry of '{}'", *name_node->value<std::string_view>())
                          : std::string("a [[module]] entry");
  TableReader reader(doc, entry, std::move(title), entry_keys);
  EntryRead read;
  read.module.span = reader.table_span();
  read.complete = read_required_keys(doc, reader, read);
  if (auto dependencies = reader.string_array("dependencies")) {
    std::vector<LocatedString> names = read_names(doc, std::move(*dependencies), "dependency");
    read.module.dependencies = sorted_values(names);
    read.references.insert(read.references.end(), names.begin(), names.end());
  }
  if (auto options = reader.string_array("options")) {
    read.module.options = sorted_values(read_names(doc, std::move(*options), "option"));
  }
  if (const toml::table* features = reader.sub_table("features")) read_features(doc, *features, read);
  return read;
}

// Module names are the lockfile's keys: of the entries with one name, the
// first stays and the others are reported.
void drop_repeated_modules(DocumentReader& doc, std::vector<EntryRead>& entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const EntryRead& a, const EntryRead& b) {
    return a.module.name.value < b.module.name.value;
  });
  std::vector<EntryRead> unique;
  unique.reserve(entries.size());
  for (EntryRead& entry : entries) {
    const LocatedString& name = entry.module.name;
    if (unique.empty() || unique.back().module.name.value != name.value) {
      unique.push_back(std::move(entry));
      continue;
    }
    doc.report(Diagnostic::make(Code::lockfile_invalid, fmt::format("module '{}' is locked twice", name.value),
                                name.span, "locked again here")
                   .with_secondary(unique.back().module.name.span, "first locked here")
                   .with_help(std::string(rewrite_help)));
  }
  entries = std::move(unique);
}

// Every module an entry names must be locked too: the lockfile is a closed
// set. Entries that are incomplete still count as locked, so that one damaged
// entry is reported once.
void check_references(DocumentReader& doc, const std::vector<EntryRead>& entries) {
  std::vector<std::string> locked;
  for (const EntryRead& entry : entries) locked.push_back(entry.module.name.value);
  for (const EntryRead& entry : entries) {
    for (const LocatedString& target : entry.references) {
      if (std::binary_search(locked.begin(), locked.end(), target.value)) continue;
      Diagnostic d = Diagnostic::make(Code::lockfile_invalid,
                                      fmt::format("'{}' names '{}', which is not in the lockfile",
                                                  entry.module.name.value, target.value),
                                      target.span, "not locked");
      if (auto suggestion = support::closest_match(target.value, locked)) {
        d.with_help(fmt::format("did you mean '{}'?", *suggestion));
      } else {
        d.with_help(std::string(rewrite_help));
      }
      doc.report(std::move(d));
    }
  }
}

std::vector<LockedModule> read_entries(DocumentReader& doc, TableReader& top) {
  const toml::node* node = top.find("module");
  if (node == nullptr) return {};
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    top.wrong_type("module", *node, "an array of tables ([[module]])");
    return {};
  }
  std::vector<EntryRead> entries;
  for (const toml::node& element : *array) {
    const toml::table* entry = element.as_table();
    if (entry == nullptr) {
      report_entry_type(doc, element, "an entry of 'module'", "a table ([[module]])");
      continue;
    }
    EntryRead read = read_entry(doc, *entry);
    if (read.named) entries.push_back(std::move(read));
  }
  drop_repeated_modules(doc, entries);  // sorts by name
  check_references(doc, entries);
  std::vector<LockedModule> modules;
  for (EntryRead& entry : entries) {
    if (entry.complete) modules.push_back(std::move(entry.module));
  }
  return modules;
}

template <class Items>
Items sorted_unique(Items items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

void write_entry(TomlWriter& w, const LockedModule& locked) {
  w.array_table({"module"});
  w.entry("name", toml_string(locked.name.value));
  w.entry("version", toml_string(locked.version.to_string()));
  w.entry("source", toml_string(locked.source));
  w.entry("checksum", toml_string(locked.checksum));
  if (!locked.dependencies.empty()) w.entry("dependencies", toml_string_array(sorted_unique(locked.dependencies)));
  if (!locked.options.empty()) w.entry("options", toml_string_array(sorted_unique(locked.options)));
  if (locked.features.empty()) return;
  auto features = sorted_unique(locked.features);
  std::vector<TomlEntry> entries;
  for (const auto& [feature, provider] : features) {
    // One provider per feature: the first in order, as a reader would keep it.
    if (!entries.empty() && entries.back().first == feature) continue;
    entries.emplace_back(feature, toml_string(provider));
  }
  w.entry("features", toml_inline_table(entries));
}

}  // namespace
}  // namespace detail

const LockedModule* Lockfile::find(std::string_view name) const {
  auto found = std::lower_bound(modules.begin(), modules.end(), name,
                                [](const LockedModule& m, std::string_view n) { return m.name.value < n; });
  return (found != modules.end() && found->name.value == name) ? &*found : nullptr;
}

std::optional<Lockfile> parse_lockfile(const diagnostics::SourceMap& sources, FileId file,
                                       diagnostics::DiagnosticList& out) {
  using namespace detail;
  DocumentReader doc(sources, file, out);
  std::optional<toml::table> root = doc.parse();
  if (!root) return std::nullopt;
  TableReader top(doc, *root, std::string(lockfile_title), top_level_keys);
  FormatCheck format = check_format_number(doc, top, "version", lockfile_format_version, Code::lockfile_invalid,
                                           "lockfile version",
                                           "a newer modbuild wrote this lockfile; use that version, or delete the "
                                           "lockfile and run `modbuild resolve`");
  if (format == FormatCheck::unsupported) return std::nullopt;
  if (format == FormatCheck::missing) report_missing(doc, "version", top.title(), doc.span_at_offset(0));
  Lockfile lockfile;
  lockfile.file = file;
  lockfile.modules = read_entries(doc, top);
  return lockfile;
}

std::string write_lockfile(const Lockfile& lockfile) {
  using namespace detail;
  TomlWriter w;
  w.comment("This file is written by modbuild from the manifests; do not edit it by hand.");
  w.comment("`modbuild resolve` updates it, `modbuild resolve --locked` checks it.");
  w.entry("version", std::to_string(lockfile_format_version));
  std::vector<const LockedModule*> modules;
  for (const LockedModule& locked : lockfile.modules) modules.push_back(&locked);
  std::stable_sort(modules.begin(), modules.end(), [](const LockedModule* a, const LockedModule* b) {
    return a->name.value < b->name.value;
  });
  for (const LockedModule* locked : modules) write_entry(w, *locked);
  return w.take();
}

}  // namespace modbuild::manifest
