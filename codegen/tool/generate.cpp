// generate_module(): one module's schema, generated code and depfile.
#include "generate.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "modbuild/codegen/emit.h"
#include "modbuild/codegen/schema.h"
#include "modbuild/extract/extract.h"
#include "modbuild/support/glob.h"
#include "modbuild/support/path.h"
#include "modbuild/support/text.h"

namespace modbuild::gen {

namespace {

using diagnostics::Code;
using diagnostics::Diagnostic;
using manifest::Manifest;

bool has_api(const Manifest* module) { return module != nullptr && !module->build.api_headers.empty(); }

// The module whose API headers are parsed for `module`: a Core module's or a
// plugin's own, the Core contract a system implements; null when there is
// nothing to parse (an app, a module without API headers), and the module
// only gets its entry point.
const Manifest* contract_of(const manifest::Workspace& workspace, const Manifest& module) {
  if (module.kind == manifest::ModuleKind::core || module.kind == manifest::ModuleKind::plugin) {
    return has_api(&module) ? &module : nullptr;
  }
  if (!module.implements) return nullptr;
  const Manifest* contract = workspace.find(module.implements->module.value);
  return contract && contract->kind == manifest::ModuleKind::core && has_api(contract) ? contract : nullptr;
}

// The contracts the module calls through slots: every Core module of its
// [core] table and every plugin among its dependencies that has an API,
// but not the contract it implements. Sorted by name, as the manifest keeps them.
std::vector<const Manifest*> imported_contracts(const manifest::Workspace& workspace, const Manifest& module) {
  std::vector<const Manifest*> imports;
  const std::string implemented = module.implements ? module.implements->module.value : std::string();
  for (const manifest::CoreUse& use : module.core) {
    const Manifest* core = workspace.find(use.module.value);
    if (has_api(core) && core->kind == manifest::ModuleKind::core && core->name.value != implemented) {
      imports.push_back(core);
    }
  }
  for (const manifest::Dependency& dependency : module.dependencies) {
    const Manifest* plugin = workspace.find(dependency.module.value);
    if (has_api(plugin) && plugin->kind == manifest::ModuleKind::plugin) imports.push_back(plugin);
  }
  std::sort(imports.begin(), imports.end(),
            [](const Manifest* a, const Manifest* b) { return a->name.value < b->name.value; });
  return imports;
}

std::string module_path(const manifest::Workspace& workspace, const Manifest& module, std::string_view relative = {}) {
  const std::string dir = workspace.absolute(module.directory);
  return relative.empty() ? dir : support::normalize_path(support::join_path(dir, relative));
}

// "include/ecs/ecs.h" is included as "ecs/ecs.h" when "include" is an include directory.
std::string include_name(const Manifest& contract, const std::string& header) {
  for (const auto& dir : contract.build.include) {
    const std::string prefix = support::normalize_path(dir.value) + "/";
    if (prefix != "./" && header.rfind(prefix, 0) == 0) return header.substr(prefix.size());
  }
  return header;
}

std::vector<std::string> derived_flags(const manifest::Workspace& workspace, const Manifest& module, const Manifest& contract) {
  std::vector<const Manifest*> providers{&module};
  if (&contract != &module) providers.push_back(&contract);
  for (const auto& use : module.core) {
    if (const Manifest* core = workspace.find(use.module.value)) providers.push_back(core);
  }
  std::vector<std::string> flags;
  for (const Manifest* provider : providers) {
    for (const auto& dir : provider->build.include) flags.push_back("-I" + module_path(workspace, *provider, dir.value));
  }
  return flags;
}

// Module headers include "<module>_export.h", which the CMake package
// generates. Without the build's flags there is no such file yet, so the
// parse gets in-memory ones, searched last.
void add_export_headers(const manifest::Workspace& workspace, const std::string& out_dir,
                        extract::ExtractOptions& extract_options) {
  const std::string dir = support::join_path(out_dir, ".export-headers");
  for (const Manifest& member : workspace.modules) {
    const std::string ident = support::identifier_of(member.name.value);
    std::string macro;
    for (char c : ident) macro += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    extract_options.memory_files.emplace_back(
        support::join_path(dir, ident + "_export.h"),
        fmt::format("#pragma once\n#define {0}_EXPORT\n#define {0}_NO_EXPORT\n", macro));
  }
  extract_options.flags.push_back("-I" + dir);
}

std::vector<std::string> implementation_sources(const manifest::Workspace& workspace, const Manifest& module,
                                                const support::FileSystem& fs) {
  std::vector<std::string> sources;
  const std::string dir = module_path(workspace, module);
  for (const auto& pattern : module.build.sources) {
    auto glob = support::Glob::parse(pattern.value);
    if (!glob) continue;  // the manifest check reports it
    for (const std::string& path : glob->expand(fs, dir, support::FileType::file)) {
      sources.push_back(support::join_path(dir, path));
    }
  }
  return sources;
}

// Extraction problems become diagnostics quoting the header line.
class ProblemReporter {
 public:
  ProblemReporter(const support::FileSystem& fs, diagnostics::SourceMap& sources, const manifest::Workspace& workspace)
      : fs_(fs), sources_(sources), workspace_(workspace) {}

  void report(const extract::Problem& problem, diagnostics::DiagnosticList& out) {
    const Code code = problem.kind == extract::ProblemKind::compile_error ? Code::header_does_not_compile
                                                                          : Code::unsupported_declaration;
    Diagnostic d = Diagnostic::make(code, problem.message, span_of(problem));
    for (const std::string& note : problem.notes) d.with_note(note);
    if (code == Code::header_does_not_compile) {
      d.with_help("the API headers are parsed with the module's include directories and definitions; "
                  "pass its real flags after '--' if they differ");
    }
    out.add(std::move(d));
  }

 private:
  diagnostics::SourceSpan span_of(const extract::Problem& problem) {
    if (problem.file.empty() || problem.line == 0) return {};
    auto [it, inserted] = files_.try_emplace(problem.file, diagnostics::no_file);
    if (inserted) {
      auto text = fs_.read(problem.file);
      // Files of the workspace are shown like the manifests' paths, from the
      // working directory; others (system and third-party headers) by their
      // absolute path, which reads better than a climb of "../".
      const std::string relative = support::relative_path(problem.file, workspace_.root);
      const std::string display = relative.starts_with("../") ? problem.file
                                                               : support::join_path(workspace_.display_root, relative);
      if (text) it->second = sources_.add(display, std::move(*text));
    }
    if (it->second == diagnostics::no_file) return {};
    return {it->second, problem.line, problem.column, problem.line, problem.column + 1};
  }

  const support::FileSystem& fs_;
  diagnostics::SourceMap& sources_;
  const manifest::Workspace& workspace_;
  std::map<std::string, diagnostics::FileId> files_;
};

bool declares(const codegen::ApiSchema& api, const std::string& name, bool data) {
  auto last_component = [](const std::string& qualified) {
    const std::size_t colon = qualified.rfind("::");
    return colon == std::string::npos ? qualified : qualified.substr(colon + 2);
  };
  if (!data) return api.find_function(name) != nullptr;
  for (const auto& s : api.structs) {
    if (s.role == codegen::StructRole::data && last_component(s.qualified_name) == name) return true;
  }
  for (const auto& e : api.enums) {
    if (last_component(e.qualified_name) == name) return true;
  }
  return false;
}

// Every data item and API entry of the manifest's [contract] must be an
// annotated declaration, or the generated table would silently lack it.
void check_contract_entries(const Manifest& contract, const codegen::ApiSchema& api, diagnostics::DiagnosticList& out) {
  if (!contract.contract) return;
  auto check = [&](const manifest::LocatedString& entry, bool data) {
    if (declares(api, entry.value, data)) return;
    out.add(Diagnostic::make(Code::contract_entry_not_annotated,
                             fmt::format("{} '{}' of the contract has no {} declaration in the API headers",
                                         data ? "data item" : "API entry", entry.value,
                                         data ? "MODBUILD_DATA" : "MODBUILD_API"),
                             entry.span, "declared here")
                .with_help(fmt::format("mark its declaration in {}{} with {} (modbuild/annotate.h)",
                                       api.headers.size() == 1 ? "" : "one of ", fmt::join(api.headers, ", "),
                                       data ? "MODBUILD_DATA" : "MODBUILD_API")));
  };
  for (const auto& entry : contract.contract->data) check(entry, true);
  for (const auto& entry : contract.contract->api) check(entry, false);
}

std::string escape_for_depfile(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#' || c == '\\') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

std::string depfile_text(const std::string& target, const std::vector<std::string>& inputs) {
  std::string text = escape_for_depfile(target) + ":";
  for (const std::string& input : inputs) text += " \\\n  " + escape_for_depfile(input);
  return text + "\n";
}

// Writes only when the content differs, so that a no-op run touches nothing
// and the build recompiles nothing.
bool write_if_changed(support::FileSystem& fs, const std::string& path, const std::string& contents,
                      GenerateResult& result, diagnostics::DiagnosticList& out) {
  auto existing = fs.read(path);
  if (existing && *existing == contents) {
    result.unchanged.push_back(path);
    return true;
  }
  auto written = fs.write(path, contents);
  if (!written) {
    out.add(Diagnostic::make(Code::io_error, fmt::format("cannot write '{}': {}", path, written.error())));
    result.failed = true;
    return false;
  }
  result.written.push_back(path);
  return true;
}

struct Outputs {
  std::string schema_path;
  std::vector<codegen::GeneratedFile> files;
};

// `schema` is the parsed contract (null if nothing was parsed): a Core
// module's data types, or the table a system or plugin fills.
support::Expected<codegen::GeneratedFile, std::string> render_entry(const manifest::Workspace& workspace,
                                                                    const Manifest& module,
                                                                    const codegen::ApiSchema* schema) {
  codegen::ModuleEntry entry;
  entry.module = module.name.value;
  entry.version = module.version.to_string();
  entry.kind = manifest::to_string(module.kind);
  if (schema != nullptr && module.kind == manifest::ModuleKind::core) {
    entry.data = schema;
  } else if (schema != nullptr && !schema->functions.empty()) {
    entry.exported = schema;
  }
  for (const Manifest* imported : imported_contracts(workspace, module)) entry.imports.push_back(imported->name.value);
  return codegen::emit_module(entry);
}

support::Expected<Outputs, std::string> render_outputs(const manifest::Workspace& workspace, const Manifest& module,
                                                       const Manifest& contract,
                                                       const extract::ExtractResult& extracted,
                                                       const std::string& out_dir) {
  codegen::ContractHeaders headers;
  for (const auto& header : contract.build.api_headers) headers.includes.push_back(include_name(contract, header.value));
  auto files = codegen::emit_contract(*extracted.schema, headers);
  if (!files) return support::unexpected(files.error());
  Outputs outputs{support::join_path(out_dir, module.name.value + ".api.json"), std::move(*files)};
  auto entry = render_entry(workspace, module, &*extracted.schema);
  if (!entry) return support::unexpected(entry.error());
  outputs.files.push_back(std::move(*entry));
  if (&module == &contract) {
    outputs.files.push_back({module.name.value + ".api.json", codegen::to_json(*extracted.schema)});
    return outputs;
  }
  codegen::ApiSchema system;
  system.module = module.name.value;
  system.version = module.version.to_string();
  system.implementation = codegen::Implementation{contract.name.value, extracted.definitions};
  outputs.files.push_back({module.name.value + ".api.json", codegen::to_json(system)});
  return outputs;
}

// The manifests that what is generated for `module` is made from: its own
// (identity, kind, imports), its contract's and its imports' (their names).
std::vector<std::string> manifest_inputs(const manifest::Workspace& workspace, const Manifest& module,
                                         const Manifest* contract) {
  std::set<std::string> inputs{module_path(workspace, module, "module.toml")};
  if (contract != nullptr) inputs.insert(module_path(workspace, *contract, "module.toml"));
  for (const Manifest* imported : imported_contracts(workspace, module)) {
    inputs.insert(module_path(workspace, *imported, "module.toml"));
  }
  return {inputs.begin(), inputs.end()};
}

}  // namespace

bool generates_for(const manifest::Workspace&, const Manifest& module) {
  return module.build.output != manifest::OutputKind::executable;
}

bool parses_headers(const manifest::Workspace& workspace, const Manifest& module) {
  return contract_of(workspace, module) != nullptr;
}

namespace {

// A module with nothing to parse: its entry point only, from its manifests.
GenerateResult generate_entry_only(const manifest::Workspace& workspace, const Manifest& module,
                                   const GenerateOptions& options, support::FileSystem& fs,
                                   diagnostics::DiagnosticList& out) {
  GenerateResult result;
  auto entry = render_entry(workspace, module, nullptr);
  if (!entry) {
    out.add(Diagnostic::make(Code::io_error, "cannot render the generated code: " + entry.error()));
    result.failed = true;
    return result;
  }
  const std::string out_dir = support::join_path(options.out_dir, module.name.value);
  const std::string entry_path = support::join_path(out_dir, entry->name);
  write_if_changed(fs, entry_path, entry->contents, result, out);
  const std::string depfile = options.depfile.empty() ? support::join_path(out_dir, module.name.value + ".d") : options.depfile;
  write_if_changed(fs, depfile, depfile_text(entry_path, manifest_inputs(workspace, module, nullptr)), result, out);
  return result;
}

}  // namespace

GenerateResult generate_module(const manifest::Workspace& workspace, const Manifest& module,
                               const GenerateOptions& options, support::FileSystem& fs,
                               diagnostics::SourceMap& sources, diagnostics::DiagnosticList& out) {
  const Manifest* found = contract_of(workspace, module);
  if (found == nullptr) return generate_entry_only(workspace, module, options, fs, out);
  const Manifest& contract = *found;
  GenerateResult result;
  extract::ExtractOptions extract_options;
  extract_options.module = contract.name.value;
  extract_options.version = contract.version.to_string();
  extract_options.module_dir = module_path(workspace, contract);
  for (const auto& header : contract.build.api_headers) {
    extract_options.headers.push_back(module_path(workspace, contract, header.value));
    extract_options.header_names.push_back(header.value);
  }
  extract_options.flags = options.flags.empty() ? derived_flags(workspace, module, contract) : options.flags;
  extract_options.flags.push_back("-I" + options.runtime_include_dir);
  if (options.flags.empty()) add_export_headers(workspace, options.out_dir, extract_options);
  extract_options.resource_dir = options.resource_dir;
  for (const Manifest& member : workspace.modules) {
    if (&member != &contract) extract_options.foreign_dirs.push_back(module_path(workspace, member));
  }
  if (&contract != &module) {
    extract_options.implementation_sources = implementation_sources(workspace, module, fs);
    extract_options.implementation_dir = module_path(workspace, module);
  }

  const extract::ExtractResult extracted = extract::extract_api(extract_options);
  ProblemReporter reporter(fs, sources, workspace);
  for (const extract::Problem& problem : extracted.problems) reporter.report(problem, out);
  if (!extracted.schema || !extracted.problems.empty()) {
    result.failed = true;
    return result;
  }
  if (&contract == &module) check_contract_entries(contract, *extracted.schema, out);

  const std::string out_dir = support::join_path(options.out_dir, module.name.value);
  auto outputs = render_outputs(workspace, module, contract, extracted, out_dir);
  if (!outputs) {
    out.add(Diagnostic::make(Code::io_error, "cannot render the generated code: " + outputs.error()));
    result.failed = true;
    return result;
  }
  for (const codegen::GeneratedFile& file : outputs->files) {
    write_if_changed(fs, support::join_path(out_dir, file.name), file.contents, result, out);
  }
  const std::string depfile = options.depfile.empty() ? support::join_path(out_dir, module.name.value + ".d") : options.depfile;
  std::vector<std::string> inputs = extracted.files_read;
  for (std::string& manifest_file : manifest_inputs(workspace, module, &contract)) inputs.push_back(std::move(manifest_file));
  write_if_changed(fs, depfile, depfile_text(outputs->schema_path, inputs), result, out);
  return result;
}

}  // namespace modbuild::gen
