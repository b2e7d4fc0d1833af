// The API schema: what modbuild-gen extracts from a module's headers.
//
// Extraction (codegen/extract, the only code linking Clang) fills an ApiSchema;
// everything else reads it: the code emitters, `modbuild check`'s contract
// and semver checks, tools reading the JSON. The JSON form is documented in
// docs/api-schema.md and carries kSchemaVersion. Types are spelled fully
// qualified as written (`std::size_t`, `const ecs::World &`), so that the
// generated C++ can use them and the spelling is the same on every machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modbuild/support/expected.h"

namespace modbuild::codegen {

inline constexpr int kSchemaVersion = 1;

/// A position in a header; `file` is relative to the module's directory when
/// the header lies inside it.
struct Location {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const Location&, const Location&) = default;
};

struct Parameter {
  std::string name;
  std::string type;
  friend bool operator==(const Parameter&, const Parameter&) = default;
};

struct Function {
  std::string name;            ///< unqualified: the table slot's name
  std::string qualified_name;  ///< "ecs::spawn_entity"
  std::string return_type;
  std::vector<Parameter> parameters;
  bool hot = false;
  Location location;

  /// "ecs::Entity (ecs::World &)": what must match exactly between a contract and its systems.
  std::string signature() const;
  friend bool operator==(const Function&, const Function&) = default;
};

struct Field {
  std::string name;
  std::string type;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint64_t align = 0;
  friend bool operator==(const Field&, const Field&) = default;
};

/// `data`: annotated Core data. `nested`: a struct reached through a data
/// struct's fields (a component type, a template specialization such as
/// `ecs::Column<ecs::Transform>`), serialized and checked the same way.
enum class StructRole { data, nested };

struct Struct {
  std::string qualified_name;
  StructRole role = StructRole::data;
  std::uint64_t size = 0;
  std::uint64_t align = 0;
  std::vector<Field> fields;
  Location location;
  friend bool operator==(const Struct&, const Struct&) = default;
};

struct Enumerator {
  std::string name;
  std::int64_t value = 0;
  friend bool operator==(const Enumerator&, const Enumerator&) = default;
};

struct Enum {
  std::string qualified_name;
  std::string underlying_type;
  std::vector<Enumerator> enumerators;
  Location location;
  friend bool operator==(const Enum&, const Enum&) = default;
};

/// For a system: the contract it implements and the definitions of the
/// contract's functions found in its sources, with the signatures they have
/// there, for the two-sided signature check of `modbuild check`.
struct Implementation {
  std::string contract;
  std::vector<Function> definitions;
  friend bool operator==(const Implementation&, const Implementation&) = default;
};

/// One module's API. Functions, structs and enums are sorted by qualified
/// name so that the schema and everything generated from it are deterministic.
struct ApiSchema {
  std::string module;
  std::string version;
  std::vector<std::string> headers;  ///< the API headers parsed, as named in the manifest
  std::vector<Function> functions;
  std::vector<Struct> structs;
  std::vector<Enum> enums;
  std::optional<Implementation> implementation;
  friend bool operator==(const ApiSchema&, const ApiSchema&) = default;

  const Function* find_function(const std::string& name) const;
  const Struct* find_struct(const std::string& qualified_name) const;
};

/// 16 hex digits (the first 64 bits of a SHA-256) over the struct's size,
/// alignment, and its fields' names, types and offsets, in order.
std::string layout_fingerprint(const Struct& s);
/// Over the layout fingerprints of `s` and of every struct of `api` it
/// reaches through its fields, so that a change deep inside Core data (a
/// field added to a component stored in a vector of the World) changes it:
/// what the runtime compares to decide that data must be migrated, and that
/// a module reaching the data was built against its layout.
std::string data_fingerprint(const ApiSchema& api, const Struct& s);
/// Over every function's qualified name and signature, in name order.
std::string api_fingerprint(const ApiSchema& api);

/// Sorts the lists into their canonical order.
void canonicalize(ApiSchema& api);

/// The JSON text, with fingerprints, two-space indented and newline-terminated.
std::string to_json(const ApiSchema& api);
/// Parses and validates schema JSON. The error names the member that is wrong,
/// e.g. "functions[2].parameters: expected an array".
support::Expected<ApiSchema, std::string> from_json(std::string_view text);

}  // namespace modbuild::codegen
