// module.toml: one read function per table, each reporting and moving on.
#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "modbuild/support/spelling.h"
#include "modbuild/support/text.h"
#include "manifest_tables.h"
#include "value_checks.h"
#include "toml_reader.h"

namespace modbuild::manifest {
namespace detail {
namespace {

// The top-level tables of module.toml besides [build], which only module.toml has.
constexpr std::array<std::string_view, 7> table_keys = {
    "module", "contract", "implements", "core", "dependencies", "options", "features"};
constexpr std::array<std::string_view, 4> module_keys = {"name", "version", "kind", "description"};
constexpr std::array<std::string_view, 2> contract_keys = {"data", "api"};
constexpr std::array<std::string_view, 3> implements_keys = {"module", "version", "api"};
constexpr std::array<std::string_view, 2> core_use_keys = {"version", "data"};
constexpr std::array<std::string_view, 3> dependency_keys = {"version", "optional", "options"};
constexpr std::array<std::string_view, 2> features_keys = {"provides", "requires"};
constexpr std::array<std::string_view, 2> feature_spec_keys = {"version", "exclusive"};
constexpr std::array<std::string_view, 5> build_keys = {"sources", "include", "api-headers", "tests", "output"};

constexpr std::array<std::string_view, 4> kind_names = {"core", "system", "plugin", "app"};
constexpr std::array<std::string_view, 3> output_names = {"shared", "module", "executable"};

// Reads [module]: the identity every later stage relies on.
void read_module(DocumentReader& doc, TableReader& top, Manifest& m) {
  const toml::table* table = top.sub_table("module", true, "[module] with name, version and kind");
  if (table == nullptr) {
    m.identity_valid = false;
    return;
  }
  TableReader module(doc, *table, "[module]", module_keys);
  auto name = module.string("name", true, "name = \"physics\"");
  auto version = module.string("version", true, "version = \"0.1.0\"");
  auto kind = module.string("kind", true, "kind = \"system\"");
  if (auto description = module.string("description")) m.description = description->value;

  if (name && check_module_name(doc, *name, "module name")) {
    m.name = *name;
  } else {
    m.identity_valid = false;
  }
  if (version) {
    if (auto parsed = parse_located_version(doc, *version)) {
      m.version = *parsed;
      m.version_span = version->span;
    } else {
      m.identity_valid = false;
    }
  } else {
    m.identity_valid = false;
  }
  if (kind) {
    if (auto index = check_enum(doc, *kind, "module kind", kind_names)) {
      m.kind = static_cast<ModuleKind>(*index);
      m.kind_span = kind->span;
    } else {
      m.identity_valid = false;
    }
  } else {
    m.identity_valid = false;
  }
}

// Reads [contract]: the Core data and API entries a Core module defines.
void read_contract(DocumentReader& doc, const toml::table& table, Manifest& m) {
  TableReader contract(doc, table, "[contract]", contract_keys);
  Contract c;
  c.span = contract.table_span();
  if (auto data = contract.string_array("data")) c.data = check_identifiers(doc, std::move(*data), "data item");
  if (auto api = contract.string_array("api")) c.api = check_identifiers(doc, std::move(*api), "API entry");
  m.contract = std::move(c);
}

// Reads [implements]: the Core contract a system implements.
void read_implements(DocumentReader& doc, const toml::table& table, Manifest& m) {
  TableReader implements(doc, table, "[implements]", implements_keys);
  Implements i;
  i.span = implements.table_span();
  if (auto module = implements.string("module", true, "module = \"ecs\"")) {
    if (check_module_name(doc, *module, "Core module name")) i.module = *module;
  }
  if (auto version = implements.string("version", true, "version = \"^1.0\"")) i.requirement = *version;
  if (auto api = implements.string_array("api")) i.api = check_identifiers(doc, std::move(*api), "API entry");
  m.implements = std::move(i);
}

// Reads [core]: `name = "req"` or `name = { version = "req", data = [...] }`.
void read_core(DocumentReader& doc, const toml::table& table, Manifest& m) {
  for (const auto& [key, node] : table) {
    CoreUse use;
    use.module = doc.located_key(key);
    if (!check_module_name(doc, use.module, "Core module name")) continue;
    if (node.is_string()) {
      use.requirement = doc.located_string(node);
    } else if (const toml::table* spec = node.as_table()) {
      TableReader reader(doc, *spec, fmt::format("[core.{}]", key.str()), core_use_keys);
      if (auto version = reader.string("version", true, "version = \"^1.0\"")) use.requirement = *version;
      if (auto data = reader.string_array("data")) use.data = check_identifiers(doc, std::move(*data), "data item");
    } else {
      report_entry_type(doc, node, fmt::format("Core module '{}' in [core]", key.str()),
                        "a version requirement string or a table with 'version' and 'data'");
      continue;
    }
    m.core.push_back(std::move(use));
  }
}

// Reads [dependencies]: `name = "req"` or a table with version, optional, options.
void read_dependencies(DocumentReader& doc, const toml::table& table, Manifest& m) {
  for (const auto& [key, node] : table) {
    Dependency dep;
    dep.module = doc.located_key(key);
    if (!check_module_name(doc, dep.module, "dependency name")) continue;
    if (node.is_string()) {
      dep.requirement = doc.located_string(node);
    } else if (const toml::table* spec = node.as_table()) {
      TableReader reader(doc, *spec, fmt::format("[dependencies.{}]", key.str()), dependency_keys);
      if (auto version = reader.string("version", true, "version = \"^1.0\"")) dep.requirement = *version;
      dep.optional = reader.boolean("optional").value_or(false);
      if (auto options = reader.string_array("options")) dep.options = check_unique(doc, std::move(*options), "option");
    } else {
      report_entry_type(doc, node, fmt::format("dependency '{}'", key.str()),
                        "a version requirement string or a table with 'version'");
      continue;
    }
    m.dependencies.push_back(std::move(dep));
  }
}

// Reads [options]: `default = [...]` and `name = ["optional-dep", "other-option"]`.
void read_options(DocumentReader& doc, const toml::table& table, Manifest& m) {
  for (const auto& [key, node] : table) {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      report_entry_type(doc, node, fmt::format("option '{}'", key.str()),
                        "an array of optional dependency and option names");
      continue;
    }
    std::vector<LocatedString> values;
    for (const toml::node& element : *array) {
      if (!element.is_string()) {
        report_entry_type(doc, element, fmt::format("an entry of option '{}'", key.str()), "a string");
        continue;
      }
      values.push_back(doc.located_string(element));
    }
    values = check_unique(doc, std::move(values), "entry");
    LocatedString name = doc.located_key(key);
    if (name.value == "default") {
      m.default_options = std::move(values);
    } else if (check_module_name(doc, name, "option name")) {
      m.options.push_back({std::move(name), std::move(values)});
    }
  }
}

// One feature under [features.provides]: "1.2.0", true, or { version, exclusive }.
void read_provided(DocumentReader& doc, const DottedEntry& entry, Manifest& m) {
  ProvidedFeature feature;
  feature.name = {entry.name, entry.key_span, false};
  if (!check_feature_name(doc, feature.name)) return;
  const toml::node& node = *entry.value;
  std::optional<LocatedString> version;
  if (node.is_string()) {
    version = doc.located_string(node);
  } else if (node.is_boolean() && *node.value<bool>()) {
    // provided without a version
  } else if (const toml::table* spec = node.as_table()) {
    TableReader reader(doc, *spec, fmt::format("provided feature '{}'", entry.name), feature_spec_keys);
    version = reader.string("version");
    feature.exclusive = reader.boolean("exclusive").value_or(false);
  } else {
    report_entry_type(doc, node, fmt::format("provided feature '{}'", entry.name),
                      "a version string, true, or a table with 'version' and 'exclusive'");
    return;
  }
  if (version) {
    auto parsed = parse_located_version(doc, *version);
    if (!parsed) return;
    feature.version = std::move(*parsed);
    feature.version_span = version->span;
  }
  m.provides.push_back(std::move(feature));
}

// One feature under [features.requires]: "^1.0", true, or { version, exclusive }.
void read_required(DocumentReader& doc, const DottedEntry& entry, Manifest& m) {
  RequiredFeature feature;
  feature.name = {entry.name, entry.key_span, false};
  if (!check_feature_name(doc, feature.name)) return;
  feature.requirement = {"*", entry.key_span, false};
  const toml::node& node = *entry.value;
  if (node.is_string()) {
    feature.requirement = doc.located_string(node);
  } else if (node.is_boolean() && *node.value<bool>()) {
    // any version
  } else if (const toml::table* spec = node.as_table()) {
    TableReader reader(doc, *spec, fmt::format("required feature '{}'", entry.name), feature_spec_keys);
    if (auto version = reader.string("version")) feature.requirement = *version;
    feature.exclusive = reader.boolean("exclusive").value_or(false);
  } else {
    report_entry_type(doc, node, fmt::format("required feature '{}'", entry.name),
                      "a version requirement string, true, or a table with 'version' and 'exclusive'");
    return;
  }
  m.requires_features.push_back(std::move(feature));
}

void read_features(DocumentReader& doc, const toml::table& table, Manifest& m) {
  TableReader features(doc, table, "[features]", features_keys);
  if (const toml::table* provides = features.sub_table("provides")) {
    for (const DottedEntry& entry : flatten_dotted(doc, *provides)) read_provided(doc, entry, m);
  }
  if (const toml::table* requires_table = features.sub_table("requires")) {
    for (const DottedEntry& entry : flatten_dotted(doc, *requires_table)) read_required(doc, entry, m);
  }
}

// Paths of [build] reach CMake: a ';' would split one into two, a '$' could
// start a generator expression. Refused where they are written.
std::vector<LocatedString> check_cmake_safe(DocumentReader& doc, std::vector<LocatedString> paths, std::string_view what) {
  std::vector<LocatedString> safe;
  for (LocatedString& path : paths) {
    const auto [at, meaning] = support::find_cmake_syntax(path.value);
    if (at == std::string_view::npos) {
      safe.push_back(std::move(path));
      continue;
    }
    doc.report(Diagnostic::make(Code::path_unsafe_for_cmake,
                                fmt::format("{} '{}' has '{}', which CMake reads as {}", what,
                                            path.value, path.value[at], meaning),
                                path.sub_span(at, 1), "CMake syntax")
                   .with_help("rename the file or directory without ';' and '$'"));
  }
  return safe;
}

// Reads [build]; absent keys take the conventional layout (src/, include/, tests/).
void read_build(DocumentReader& doc, const toml::table* table, Manifest& m) {
  BuildSpec& build = m.build;
  build.output = m.kind == ModuleKind::app ? OutputKind::executable : OutputKind::shared;
  std::optional<TableReader> reader;
  if (table != nullptr) reader.emplace(doc, *table, "[build]", build_keys);
  auto list = [&](std::string_view key) { return reader ? reader->string_array(key) : std::nullopt; };
  if (auto sources = list("sources")) {
    build.sources = check_cmake_safe(doc, check_unique(doc, std::move(*sources), "source pattern"), "source pattern");
  } else {
    build.sources = {{"src/**/*.cpp", {}, false}};
    build.defaulted_sources = true;
  }
  if (auto include = list("include")) {
    build.include = check_cmake_safe(doc, check_unique(doc, std::move(*include), "include directory"), "include directory");
  } else {
    build.include = {{"include", {}, false}};
    build.defaulted_include = true;
  }
  if (auto headers = list("api-headers")) build.api_headers = check_cmake_safe(doc, check_unique(doc, std::move(*headers), "API header"), "API header");
  if (auto tests = list("tests")) {
    build.tests = check_cmake_safe(doc, check_unique(doc, std::move(*tests), "test pattern"), "test pattern");
  } else {
    build.tests = {{"tests/*.cpp", {}, false}};
    build.defaulted_tests = true;
  }
  if (auto output = reader ? reader->string("output") : std::nullopt) {
    if (auto index = check_enum(doc, *output, "build output", output_names)) {
      build.output = static_cast<OutputKind>(*index);
      if (build.output == OutputKind::executable && m.kind != ModuleKind::app) {
        doc.report(Diagnostic::make(Code::invalid_value,
                                    fmt::format("a {} module cannot be built as an executable", to_string(m.kind)),
                                    output->span, "only app modules may be executables")
                       .with_help("use output = \"shared\" or \"module\""));
      }
    }
  }
}

// Kind-specific tables: [contract] only in Core modules, [implements] only in
// (and required for) systems.
void check_kind_tables(DocumentReader& doc, const toml::table& root, Manifest& m) {
  if (!m.identity_valid) return;
  auto not_allowed = [&](std::string_view key, std::string_view allowed_in) {
    const toml::node* node = root.get(key);
    SourceSpan where = doc.span(node->source());
    doc.report(Diagnostic::make(Code::section_not_allowed,
                                fmt::format("[{}] is not allowed in a {} module", key, to_string(m.kind)), where,
                                fmt::format("only {} modules have [{}]", allowed_in, key))
                   .with_secondary(m.kind_span, fmt::format("the module is a {} here", to_string(m.kind))));
  };
  if (m.contract && m.kind != ModuleKind::core) {
    not_allowed("contract", "core");
    m.contract.reset();
  }
  if (m.implements && m.kind != ModuleKind::system) {
    not_allowed("implements", "system");
    m.implements.reset();
  }
  if (m.kind == ModuleKind::system && !m.implements && !root.contains("implements")) {
    doc.report(Diagnostic::make(Code::missing_key, "missing [implements] in a system module", m.kind_span,
                                "a system implements a Core contract")
                   .with_help("add [implements] with module = \"<core module>\" and version = \"<requirement>\""));
  }
}

// A module may not name itself in [core], [dependencies] or [implements].
void check_self_references(DocumentReader& doc, const Manifest& m) {
  if (!m.identity_valid) return;
  auto check = [&](const LocatedString& target, std::string_view where) {
    if (target.value != m.name.value) return;
    doc.report(Diagnostic::make(Code::self_dependency,
                                fmt::format("module '{}' names itself in {}", m.name.value, where), target.span,
                                "a module cannot depend on itself"));
  };
  for (const CoreUse& use : m.core) check(use.module, "[core]");
  for (const Dependency& dep : m.dependencies) check(dep.module, "[dependencies]");
  if (m.implements) check(m.implements->module, "[implements]");
}

// The same module in both [core] and [dependencies] is one relation declared twice.
void check_core_dependency_overlap(DocumentReader& doc, const Manifest& m) {
  for (const Dependency& dep : m.dependencies) {
    for (const CoreUse& use : m.core) {
      if (use.module.value != dep.module.value) continue;
      doc.report(Diagnostic::make(Code::duplicate_entry,
                                  fmt::format("'{}' is listed in both [core] and [dependencies]", dep.module.value),
                                  dep.module.span, "listed again here")
                     .with_secondary(use.module.span, "first listed here")
                     .with_help("list a Core module under [core] only"));
    }
  }
}

// Options may enable optional dependencies and other options; every optional
// dependency should be reachable from some option.
void check_options(DocumentReader& doc, const Manifest& m) {
  std::vector<std::string> targets;
  for (const Dependency& dep : m.dependencies) {
    if (dep.optional) targets.push_back(dep.module.value);
  }
  for (const Option& option : m.options) targets.push_back(option.name.value);
  auto check_entry = [&](const LocatedString& entry, std::string_view owner) {
    if (std::find(targets.begin(), targets.end(), entry.value) != targets.end()) return;
    Diagnostic d = Diagnostic::make(
        Code::unknown_option_entry,
        fmt::format("{} enables '{}', which is neither an optional dependency nor an option", owner, entry.value),
        entry.span, "not found");
    if (auto suggestion = support::closest_match(entry.value, targets)) {
      d.with_help(fmt::format("did you mean '{}'?", *suggestion));
    }
    doc.report(std::move(d));
  };
  for (const LocatedString& entry : m.default_options) check_entry(entry, "option 'default'");
  for (const Option& option : m.options) {
    for (const LocatedString& entry : option.enables) check_entry(entry, fmt::format("option '{}'", option.name.value));
  }
  for (const Dependency& dep : m.dependencies) {
    if (!dep.optional) continue;
    bool enabled = std::any_of(m.options.begin(), m.options.end(), [&](const Option& option) {
      return std::any_of(option.enables.begin(), option.enables.end(),
                         [&](const LocatedString& e) { return e.value == dep.module.value; });
    });
    if (enabled) continue;
    doc.report(Diagnostic::make(Code::unused_optional_dependency,
                                fmt::format("optional dependency '{}' is enabled by no option", dep.module.value),
                                dep.module.span, "never enabled")
                   .with_help(fmt::format("add an option under [options], e.g. with-{0} = [\"{0}\"]",
                                          dep.module.value)));
  }
}

template <class T>
void sort_by_name(std::vector<T>& items, LocatedString T::*field) {
  std::sort(items.begin(), items.end(), [field](const T& a, const T& b) { return (a.*field).value < (b.*field).value; });
}

}  // namespace

Manifest read_manifest_tables(DocumentReader& doc, const toml::table& root, const ManifestTablesOptions& options) {
  std::vector<std::string_view> known(table_keys.begin(), table_keys.end());
  if (options.allow_build) known.push_back("build");
  known.insert(known.end(), options.extra_keys.begin(), options.extra_keys.end());
  Manifest m;
  TableReader top(doc, root, options.title, known);
  if (options.read_extra_keys) options.read_extra_keys(top);
  read_module(doc, top, m);
  if (const toml::table* t = top.sub_table("contract")) read_contract(doc, *t, m);
  if (const toml::table* t = top.sub_table("implements")) read_implements(doc, *t, m);
  if (const toml::table* t = top.sub_table("core")) read_core(doc, *t, m);
  if (const toml::table* t = top.sub_table("dependencies")) read_dependencies(doc, *t, m);
  if (const toml::table* t = top.sub_table("options")) read_options(doc, *t, m);
  if (const toml::table* t = top.sub_table("features")) read_features(doc, *t, m);
  if (options.allow_build) read_build(doc, top.sub_table("build"), m);

  check_kind_tables(doc, root, m);
  check_self_references(doc, m);
  check_core_dependency_overlap(doc, m);
  check_options(doc, m);

  sort_by_name(m.core, &CoreUse::module);
  sort_by_name(m.dependencies, &Dependency::module);
  sort_by_name(m.options, &Option::name);
  sort_by_name(m.provides, &ProvidedFeature::name);
  sort_by_name(m.requires_features, &RequiredFeature::name);
  return m;
}

}  // namespace detail

std::optional<Manifest> parse_module_manifest(const diagnostics::SourceMap& sources, FileId file,
                                              diagnostics::DiagnosticList& out) {
  using namespace detail;
  DocumentReader doc(sources, file, out);
  std::optional<toml::table> root = doc.parse(DocumentReader::kMaxManifestBytes);
  if (!root) return std::nullopt;
  ManifestTablesOptions options;
  options.title = "module.toml";
  Manifest m = read_manifest_tables(doc, *root, options);
  m.file = file;
  return m;
}

}  // namespace modbuild::manifest
