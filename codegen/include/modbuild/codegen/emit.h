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
// For a system implementing a contract:
//   <ident>_module.cpp  the table filled with the system's functions and the
//                    extern "C" entry point modbuild_module_<ident>()
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

/// The identity a system's entry point reports.
struct SystemIdentity {
  std::string module;
  std::string version;
};

/// <system ident>_module.cpp: the system's filled table and entry point.
support::Expected<GeneratedFile, std::string> emit_system(const ApiSchema& contract, const ContractHeaders& headers,
                                                          const SystemIdentity& system);

}  // namespace modbuild::codegen
