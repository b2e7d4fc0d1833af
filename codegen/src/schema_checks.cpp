// check_api_schemas(): contract signatures and API semver from schema files.
#include "modbuild/codegen/schema_checks.h"

#include <map>
#include <optional>

#include <fmt/format.h>

#include "modbuild/codegen/api_check.h"
#include "modbuild/codegen/schema.h"
#include "modbuild/semver/version.h"
#include "modbuild/support/path.h"

namespace modbuild::codegen {

namespace {

using diagnostics::Code;
using diagnostics::Diagnostic;
using diagnostics::SourceSpan;
using manifest::Manifest;

const Manifest* core_contract(const manifest::Workspace& workspace, const Manifest& module) {
  if (module.kind == manifest::ModuleKind::core) return &module;
  if (!module.implements) return nullptr;
  const Manifest* contract = workspace.find(module.implements->module.value);
  return contract && contract->kind == manifest::ModuleKind::core ? contract : nullptr;
}

class Checker {
 public:
  Checker(const manifest::Workspace& workspace, const support::FileSystem& fs, diagnostics::SourceMap& sources)
      : workspace_(workspace), fs_(fs), sources_(sources) {}

  // The schema at <dir>/<module>/<module>.api.json, else <dir>/<module>.api.json.
  std::optional<ApiSchema> read_schema(const std::string& dir, const Manifest& module, bool required) {
    const std::string name = module.name.value + ".api.json";
    std::string path = support::join_path(support::join_path(dir, module.name.value), name);
    if (fs_.type(path) != support::FileType::file) path = support::join_path(dir, name);
    return read_schema_file(path, module, required);
  }

  // The baseline of `module` in a registry: the schema published with its
  // newest version up to the module's own (the same version when it is
  // published already, so that a change without a bump shows), none when
  // no earlier version published a schema.
  std::optional<ApiSchema> read_registry_schema(const std::string& registry, const Manifest& module) {
    const std::string dir = support::join_path(registry_api_dir(registry), module.name.value);
    auto entries = fs_.list(dir);
    if (!entries) return std::nullopt;
    std::optional<semver::Version> newest;
    std::string newest_file;
    for (const support::DirEntry& entry : *entries) {
      constexpr std::string_view suffix = ".api.json";
      if (entry.type != support::FileType::file || !entry.name.ends_with(suffix)) continue;
      auto version = semver::parse_version(std::string_view(entry.name).substr(0, entry.name.size() - suffix.size()));
      if (!version || module.version < *version || (newest && !(*newest < *version))) continue;
      newest = *version;
      newest_file = entry.name;
    }
    if (!newest) return std::nullopt;
    return read_schema_file(support::join_path(dir, newest_file), module, false);
  }

  std::optional<ApiSchema> read_schema_file(const std::string& path, const Manifest& module, bool required) {
    auto text = fs_.read(path);
    if (!text) {
      if (required) {
        add(Diagnostic::make(Code::api_schema_unreadable, fmt::format("cannot read the API schema of '{}': {}",
                                                                      module.name.value, text.error()),
                             module.name.span, "this module has an API")
                .with_note(fmt::format("looked for '{}'", path))
                .with_help("run `modbuild gen` (or build through the CMake package) to write the schemas"));
      }
      return std::nullopt;
    }
    auto schema = from_json(*text);
    if (!schema) {
      add(Diagnostic::make(Code::api_schema_unreadable,
                           fmt::format("the API schema '{}' is not valid: {}", path, schema.error())));
      return std::nullopt;
    }
    return std::move(*schema);
  }

  // A span on a header line of `module`, when the file can be read.
  SourceSpan header_span(const Manifest& module, const Location& where) {
    if (where.file.empty() || where.line == 0) return {};
    const std::string path = support::is_absolute_path(where.file)
                                 ? where.file
                                 : workspace_.absolute(support::join_path(module.directory, where.file));
    auto [it, inserted] = files_.try_emplace(path, diagnostics::no_file);
    if (inserted) {
      if (auto text = fs_.read(path)) {
        it->second = sources_.add(support::join_path(workspace_.display_root,
                                                     support::relative_path(path, workspace_.root)),
                                  std::move(*text));
      }
    }
    if (it->second == diagnostics::no_file) return {};
    return {it->second, where.line, where.column, where.line, where.column + 1};
  }

  void check_signatures(const Manifest& system, const ApiSchema& system_schema, const Manifest& contract,
                        const ApiSchema& contract_schema) {
    for (const SignatureMismatch& m : signature_mismatches(contract_schema, system_schema)) {
      Diagnostic d = Diagnostic::make(
          Code::contract_signature_mismatch,
          fmt::format("system '{}' defines '{}' as '{}', but contract '{}' declares '{}'", system.name.value,
                      m.declared.qualified_name, m.defined.signature(), contract.name.value, m.declared.signature()),
          header_span(system, m.defined.location), "defined here");
      const SourceSpan declared = header_span(contract, m.declared.location);
      if (declared.valid()) {
        d.with_secondary(declared, "declared here by the contract");
      } else {
        d.with_note(fmt::format("the contract declares it at {}:{}", m.declared.location.file, m.declared.location.line));
      }
      d.with_help("give the definition exactly the contract's signature; a different one is another overload, "
                  "which the generated table cannot hold");
      add(std::move(d));
    }
  }

  void check_semver(const Manifest& module, const ApiSchema& current, const ApiSchema& baseline) {
    const std::vector<ApiChange> changes = compare_api(baseline, current);
    auto from = semver::parse_version(baseline.version);
    if (changes.empty() || !from) return;
    const semver::Version& to = module.version;
    for (const ApiChange& change : changes) {
      const bool breaking = change.kind == ApiChange::Kind::breaking;
      const Bump needed = breaking ? Bump::breaking : Bump::addition;
      if (bump_allows(*from, to, needed)) continue;
      const std::string next = next_version(*from, needed).to_string();
      SourceSpan where = header_span(module, change.current);
      Diagnostic d = Diagnostic::make(
          breaking ? Code::api_break_without_major_bump : Code::api_addition_without_minor_bump,
          fmt::format("{}, but '{}' goes from {} to {}", change.message, module.name.value, baseline.version,
                      to.to_string()),
          where.valid() ? where : module.version_span, where.valid() ? "changed here" : "version here");
      if (where.valid()) d.with_secondary(module.version_span, "the version stays compatible here");
      if (!change.baseline.file.empty()) {
        d.with_note(fmt::format("in {} it was declared at {}:{}:{}", baseline.version, change.baseline.file,
                                change.baseline.line, change.baseline.column));
      }
      d.with_help(fmt::format("{} needs at least version {}{}", breaking ? "a breaking change" : "an addition", next,
                              breaking ? ", or undo the change" : ""));
      add(std::move(d));
    }
  }

  void add(Diagnostic d) { out_.add(std::move(d)); }
  diagnostics::DiagnosticList take() { return std::move(out_); }

 private:
  const manifest::Workspace& workspace_;
  const support::FileSystem& fs_;
  diagnostics::SourceMap& sources_;
  std::map<std::string, diagnostics::FileId> files_;
  diagnostics::DiagnosticList out_;
};

}  // namespace

std::string registry_api_dir(const std::string& registry) { return support::join_path(registry, "api"); }

std::string registry_schema_path(const std::string& registry, std::string_view module, std::string_view version) {
  return support::join_path(support::join_path(registry_api_dir(registry), module), fmt::format("{}.api.json", version));
}

bool has_api_schema(const manifest::Workspace& workspace, const Manifest& module) {
  const Manifest* contract = core_contract(workspace, module);
  return contract && !contract->build.api_headers.empty();
}

diagnostics::DiagnosticList check_api_schemas(const manifest::Workspace& workspace, const support::FileSystem& fs,
                                              const SchemaCheckOptions& options, diagnostics::SourceMap& sources) {
  Checker checker(workspace, fs, sources);
  std::map<std::string, ApiSchema> schemas;
  for (const Manifest& module : workspace.modules) {
    if (!has_api_schema(workspace, module)) continue;
    if (auto schema = checker.read_schema(options.schemas_dir, module, true)) schemas.emplace(module.name.value, std::move(*schema));
  }
  for (const Manifest& module : workspace.modules) {
    auto system = schemas.find(module.name.value);
    const Manifest* contract = core_contract(workspace, module);
    if (system == schemas.end() || !contract || contract == &module) continue;
    auto contract_schema = schemas.find(contract->name.value);
    if (contract_schema != schemas.end()) checker.check_signatures(module, system->second, *contract, contract_schema->second);
  }
  if (!options.baseline_dir.empty()) {
    const bool registry = fs.type(registry_api_dir(options.baseline_dir)) == support::FileType::directory;
    for (const Manifest& module : workspace.modules) {
      auto current = schemas.find(module.name.value);
      if (current == schemas.end() || module.kind != manifest::ModuleKind::core) continue;
      // A module absent from the baseline is new: nothing to compare with.
      auto baseline = registry ? checker.read_registry_schema(options.baseline_dir, module)
                               : checker.read_schema(options.baseline_dir, module, false);
      if (baseline) checker.check_semver(module, current->second, *baseline);
    }
  }
  return checker.take();
}

}  // namespace modbuild::codegen
