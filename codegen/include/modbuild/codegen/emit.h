// The generated C++ of a module, rendered from its API schema through the
// templates in templates/codegen/ (compiled into the library).
//
// For a Core module (the contract):
//   <ident>_api.h    the table of function pointers, the typed host proxy,
//                    the fingerprints, and a bind() that refuses a module
//                    built against another API or layout
//   <ident>_state.h  modbuild::state::Fields for every data struct, and
//                    static_asserts on sizeof/alignof/offsetof so that the
//                    compiler building the module re-checks Clang's layout
// For every module loaded at run time:
//   <ident>_module.cpp  the extern "C" entry point modbuild_module_<ident>():
//                    identity, the filled table of the contract it implements,
//                    its imports, its Core data types' operations, its hooks
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modbuild/codegen/schema.h"
#include "modbuild/support/expected.h"

namespace modbuild::codegen {

struct GeneratedFile {
  std::string name;  ///< file name, without directory
  std::string contents;
  friend bool operator==(const GeneratedFile&, const GeneratedFile&) = default;
};

/// The names by which generated code includes the API headers, e.g.
/// "ecs/ecs.h" for "include/ecs/ecs.h" with include directory "include".
struct ContractHeaders {
  std::vector<std::string> includes;
};

/// The data the templates see for a contract (documented in docs/codegen.md).
nlohmann::json template_data(const ApiSchema& contract, const ContractHeaders& headers);

/// <ident>_api.h and <ident>_state.h of a Core module.
support::Expected<std::vector<GeneratedFile>, std::string> emit_contract(const ApiSchema& contract,
                                                                          const ContractHeaders& headers);

/// What a module's entry point describes (templates/codegen/module.cpp.tmpl).
struct ModuleEntry {
  std::string module;
  std::string version;
  std::string kind;  ///< "core", "system", "plugin" or "app"
  /// The contract whose table the module fills with its own definitions: the
  /// Core contract a system implements, or a plugin's own API. Null if none.
  const ApiSchema* exported = nullptr;
  /// The modules whose contracts it calls (Core modules, plugins with an
  /// API), by name; their generated <ident>_api.h is on its include path.
  std::vector<std::string> imports;
  /// A Core module's own schema: create, destroy, save, load and describe
  /// are generated for each of its data structs. Null for other kinds.
  const ApiSchema* data = nullptr;
};

/// <module ident>_module.cpp: the module's entry point modbuild_module_<ident>().
support::Expected<GeneratedFile, std::string> emit_module(const ModuleEntry& entry);

}  // namespace modbuild::codegen
