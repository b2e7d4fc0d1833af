// Renders the generated C++ of emit.h from the embedded templates/codegen/.
#include "modbuild/codegen/emit.h"

#include <fmt/format.h>

#include "modbuild/codegen/template.h"
#include "modbuild/support/embedded.h"
#include "modbuild/support/text.h"

namespace modbuild::generated {
std::span<const support::EmbeddedFile> codegen_templates();
}

namespace modbuild::codegen {

namespace {

using nlohmann::json;

support::Expected<std::string, std::string> render(std::string_view template_name, const json& data) {
  const support::EmbeddedFile* file = support::find_embedded(generated::codegen_templates(), template_name);
  if (!file) return support::unexpected(fmt::format("template '{}' is missing", template_name));
  auto parsed = Template::parse(file->contents);
  if (!parsed) {
    const TemplateError& e = parsed.error();
    return support::unexpected(fmt::format("templates/codegen/{}:{}:{}: {}", template_name, e.line, e.column, e.message));
  }
  auto text = parsed->render(data);
  if (!text) {
    const TemplateError& e = text.error();
    return support::unexpected(fmt::format("templates/codegen/{}:{}:{}: {}", template_name, e.line, e.column, e.message));
  }
  return std::move(*text);
}

// A type spelling usable before a declarator name: "int", "const ecs::World &".
// Spellings of function pointers or arrays ("void (*)(int)") need the
// declarator inside them, which std::type_identity_t<> sidesteps.
std::string declarable(const std::string& type) {
  if (type.find_first_of("([") == std::string::npos) return type;
  return "std::type_identity_t<" + type + ">";
}

json parameters_data(const Function& f) {
  json parameters = json::array();
  for (std::size_t i = 0; i < f.parameters.size(); ++i) {
    const Parameter& p = f.parameters[i];
    // Unnamed parameters still need a name in the proxy's definition.
    parameters.push_back({{"name", p.name.empty() ? fmt::format("arg{}", i) : p.name},
                          {"type", p.type},
                          {"declared_type", declarable(p.type)},
                          {"last", i + 1 == f.parameters.size()}});
  }
  return parameters;
}

json function_data(const Function& f) {
  return {{"name", f.name},
          {"qualified_name", f.qualified_name},
          {"return_type", f.return_type},
          {"declared_return_type", declarable(f.return_type)},
          {"parameters", parameters_data(f)},
          {"hot", f.hot}};
}

json struct_data(const ApiSchema& api, const Struct& s) {
  const std::string ident = support::identifier_of(s.qualified_name);
  json fields = json::array();
  for (const Field& f : s.fields) {
    fields.push_back({{"name", f.name}, {"type", f.type}, {"offset", f.offset}, {"struct_ident", ident}});
  }
  return {{"qualified_name", s.qualified_name},
          {"ident", ident},
          {"role", s.role == StructRole::data ? "data" : "nested"},
          {"size", s.size},
          {"align", s.align},
          {"fingerprint", layout_fingerprint(s)},
          {"data_fingerprint", data_fingerprint(api, s)},
          {"fields", std::move(fields)}};
}

}  // namespace

json template_data(const ApiSchema& contract, const ContractHeaders& headers) {
  json functions = json::array();
  for (const Function& f : contract.functions) functions.push_back(function_data(f));
  json structs = json::array();
  for (const Struct& s : contract.structs) structs.push_back(struct_data(contract, s));
  const std::string ident = support::identifier_of(contract.module);
  return {{"module", contract.module},
          {"ident", ident},
          {"module_ident", ident},
          {"version", contract.version},
          {"includes", headers.includes},
          {"api_fingerprint", api_fingerprint(contract)},
          {"functions", std::move(functions)},
          {"structs", std::move(structs)},
          {"struct_count", contract.structs.size()}};
}

support::Expected<std::vector<GeneratedFile>, std::string> emit_contract(const ApiSchema& contract,
                                                                          const ContractHeaders& headers) {
  const json data = template_data(contract, headers);
  const std::string ident = support::identifier_of(contract.module);
  std::vector<GeneratedFile> files;
  for (const auto& [template_name, suffix] : {std::pair{"api.h.tmpl", "_api.h"}, std::pair{"state.h.tmpl", "_state.h"}}) {
    auto text = render(template_name, data);
    if (!text) return support::unexpected(text.error());
    files.push_back({ident + suffix, std::move(*text)});
  }
  return files;
}

namespace {

json export_data(const ApiSchema& contract) {
  json functions = json::array();
  for (const Function& f : contract.functions) functions.push_back({{"qualified_name", f.qualified_name}});
  return {{"contract_ident", support::identifier_of(contract.module)}, {"functions", std::move(functions)}};
}

json data_types_data(const ApiSchema* core) {
  json types = json::array();
  if (core == nullptr) return types;
  for (const Struct& s : core->structs) {
    if (s.role != StructRole::data) continue;
    types.push_back({{"qualified_name", s.qualified_name},
                     {"ident", support::identifier_of(s.qualified_name)},
                     {"fingerprint", data_fingerprint(*core, s)}});
  }
  return types;
}

}  // namespace

support::Expected<GeneratedFile, std::string> emit_module(const ModuleEntry& entry) {
  json includes = json::array();
  // A Core module defines its contract (its entry point carries the
  // contract's fingerprints, which every user is checked against) but does
  // not fill the table: systems do.
  const ApiSchema* contract = entry.exported != nullptr ? entry.exported : entry.data;
  if (contract != nullptr) includes.push_back(support::identifier_of(contract->module) + "_api.h");
  json imports = json::array();
  for (const std::string& imported : entry.imports) {
    includes.push_back(support::identifier_of(imported) + "_api.h");
    imports.push_back({{"ident", support::identifier_of(imported)}});
  }
  const json data_types = data_types_data(entry.data);
  if (!data_types.empty()) includes.push_back(support::identifier_of(entry.data->module) + "_state.h");
  const std::string ident = support::identifier_of(entry.module);
  const json data = {{"module", entry.module},
                     {"version", entry.version},
                     {"kind", entry.kind},
                     {"ident", ident},
                     {"api_includes", std::move(includes)},
                     {"export", entry.exported != nullptr ? export_data(*entry.exported) : json(false)},
                     {"defines", entry.exported == nullptr && entry.data != nullptr
                                     ? json{{"contract_ident", support::identifier_of(entry.data->module)}}
                                     : json(false)},
                     {"imports", imports},
                     {"import_count", imports.size()},
                     {"has_imports", !imports.empty()},
                     {"data_types", data_types},
                     {"data_type_count", data_types.size()},
                     {"has_data_types", !data_types.empty()}};
  auto text = render("module.cpp.tmpl", data);
  if (!text) return support::unexpected(text.error());
  return GeneratedFile{ident + "_module.cpp", std::move(*text)};
}

}  // namespace modbuild::codegen
