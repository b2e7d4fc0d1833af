// The API schema's fingerprints and its JSON form (docs/api-schema.md).
#include "modbuild/codegen/schema.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "modbuild/support/sha256.h"

namespace modbuild::codegen {

namespace {

using nlohmann::json;

std::string short_hash(std::string_view text) {
  const auto digest = support::sha256(text);
  std::string out;
  for (std::size_t i = 0; i < 8; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

const char* role_name(StructRole role) { return role == StructRole::data ? "data" : "nested"; }

json location_json(const Location& where) {
  return {{"file", where.file}, {"line", where.line}, {"column", where.column}};
}

json function_json(const Function& f) {
  json parameters = json::array();
  for (const Parameter& p : f.parameters) parameters.push_back({{"name", p.name}, {"type", p.type}});
  return {{"name", f.name},
          {"qualified_name", f.qualified_name},
          {"return_type", f.return_type},
          {"parameters", std::move(parameters)},
          {"signature", f.signature()},
          {"hot", f.hot},
          {"location", location_json(f.location)}};
}

json struct_json(const Struct& s) {
  json fields = json::array();
  for (const Field& f : s.fields) {
    fields.push_back({{"name", f.name}, {"type", f.type}, {"offset", f.offset}, {"size", f.size}, {"align", f.align}});
  }
  return {{"qualified_name", s.qualified_name},
          {"role", role_name(s.role)},
          {"size", s.size},
          {"align", s.align},
          {"fields", std::move(fields)},
          {"fingerprint", layout_fingerprint(s)},
          {"location", location_json(s.location)}};
}

json enum_json(const Enum& e) {
  json enumerators = json::array();
  for (const Enumerator& item : e.enumerators) enumerators.push_back({{"name", item.name}, {"value", item.value}});
  return {{"qualified_name", e.qualified_name},
          {"underlying_type", e.underlying_type},
          {"enumerators", std::move(enumerators)},
          {"location", location_json(e.location)}};
}

// Reading: every accessor checks the member's presence and type and throws a
// SchemaError naming the path, which from_json turns into its error.
struct SchemaError {
  std::string message;
};

// "functions[2].name", or "name" at the top.
std::string member_path(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }

const json& member(const json& object, const std::string& path, const char* key) {
  const std::string where = path.empty() ? "the document" : path;
  if (!object.is_object()) throw SchemaError{fmt::format("{}: expected an object", where)};
  auto found = object.find(key);
  if (found == object.end()) throw SchemaError{fmt::format("{}: missing member '{}'", where, key)};
  return *found;
}

std::string string_at(const json& object, const std::string& path, const char* key) {
  const json& value = member(object, path, key);
  if (!value.is_string()) throw SchemaError{fmt::format("{}: expected a string", member_path(path, key))};
  return value.get<std::string>();
}

std::uint64_t unsigned_at(const json& object, const std::string& path, const char* key) {
  const json& value = member(object, path, key);
  if (!value.is_number_unsigned()) throw SchemaError{fmt::format("{}: expected an unsigned integer", member_path(path, key))};
  return value.get<std::uint64_t>();
}

std::uint32_t small_unsigned_at(const json& object, const std::string& path, const char* key) {
  const std::uint64_t value = unsigned_at(object, path, key);
  if (value > std::numeric_limits<std::uint32_t>::max()) {
    throw SchemaError{fmt::format("{}: {} is out of range", member_path(path, key), value)};
  }
  return static_cast<std::uint32_t>(value);
}

bool bool_at(const json& object, const std::string& path, const char* key) {
  const json& value = member(object, path, key);
  if (!value.is_boolean()) throw SchemaError{fmt::format("{}: expected true or false", member_path(path, key))};
  return value.get<bool>();
}

// Calls read(element, "key[i]") for every element of the array member `key`.
template <class Read>
void for_each_in(const json& object, const std::string& path, const char* key, Read read) {
  const json& array = member(object, path, key);
  const std::string where = member_path(path, key);
  if (!array.is_array()) throw SchemaError{fmt::format("{}: expected an array", where)};
  for (std::size_t i = 0; i < array.size(); ++i) read(array[i], fmt::format("{}[{}]", where, i));
}

Location read_location(const json& object, const std::string& path) {
  const json& where = member(object, path, "location");
  const std::string at = path + ".location";
  return {string_at(where, at, "file"), small_unsigned_at(where, at, "line"), small_unsigned_at(where, at, "column")};
}

Function read_function(const json& object, const std::string& path) {
  Function f;
  f.name = string_at(object, path, "name");
  f.qualified_name = string_at(object, path, "qualified_name");
  f.return_type = string_at(object, path, "return_type");
  for_each_in(object, path, "parameters", [&](const json& p, const std::string& at) {
    f.parameters.push_back({string_at(p, at, "name"), string_at(p, at, "type")});
  });
  f.hot = bool_at(object, path, "hot");
  f.location = read_location(object, path);
  return f;
}

StructRole read_role(const json& object, const std::string& path) {
  const std::string role = string_at(object, path, "role");
  if (role == "data") return StructRole::data;
  if (role == "nested") return StructRole::nested;
  throw SchemaError{fmt::format("{}.role: expected \"data\" or \"nested\", found \"{}\"", path, role)};
}

Struct read_struct(const json& object, const std::string& path) {
  Struct s;
  s.qualified_name = string_at(object, path, "qualified_name");
  s.role = read_role(object, path);
  s.size = unsigned_at(object, path, "size");
  s.align = unsigned_at(object, path, "align");
  for_each_in(object, path, "fields", [&](const json& f, const std::string& at) {
    s.fields.push_back({string_at(f, at, "name"), string_at(f, at, "type"), unsigned_at(f, at, "offset"),
                        unsigned_at(f, at, "size"), unsigned_at(f, at, "align")});
  });
  s.location = read_location(object, path);
  return s;
}

Enum read_enum(const json& object, const std::string& path) {
  Enum e;
  e.qualified_name = string_at(object, path, "qualified_name");
  e.underlying_type = string_at(object, path, "underlying_type");
  for_each_in(object, path, "enumerators", [&](const json& item, const std::string& at) {
    const json& value = member(item, at, "value");
    if (!value.is_number_integer()) throw SchemaError{fmt::format("{}.value: expected an integer", at)};
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()) {
      throw SchemaError{fmt::format("{}.value: out of range", at)};
    }
    e.enumerators.push_back({string_at(item, at, "name"), value.get<std::int64_t>()});
  });
  e.location = read_location(object, path);
  return e;
}

ApiSchema read_schema(const json& root) {
  if (!root.is_object()) throw SchemaError{"the document: expected an object"};
  const json& version = member(root, "", "schema_version");
  if (!version.is_number_integer() || version.get<std::int64_t>() != kSchemaVersion) {
    throw SchemaError{fmt::format("schema_version: expected {}, found {}", kSchemaVersion, version.dump())};
  }
  ApiSchema api;
  api.module = string_at(root, "", "module");
  api.version = string_at(root, "", "version");
  for_each_in(root, "", "headers", [&](const json& h, const std::string& at) {
    if (!h.is_string()) throw SchemaError{fmt::format("{}: expected a string", at)};
    api.headers.push_back(h.get<std::string>());
  });
  for_each_in(root, "", "functions", [&](const json& f, const std::string& at) { api.functions.push_back(read_function(f, at)); });
  for_each_in(root, "", "structs", [&](const json& s, const std::string& at) { api.structs.push_back(read_struct(s, at)); });
  for_each_in(root, "", "enums", [&](const json& e, const std::string& at) { api.enums.push_back(read_enum(e, at)); });
  const json& implements = member(root, "", "implements");
  if (!implements.is_null()) {
    Implementation implementation;
    implementation.contract = string_at(implements, "implements", "contract");
    for_each_in(implements, "implements", "definitions", [&](const json& f, const std::string& at) {
      implementation.definitions.push_back(read_function(f, at));
    });
    api.implementation = std::move(implementation);
  }
  canonicalize(api);
  return api;
}

}  // namespace

std::string Function::signature() const {
  std::string out = return_type + " (";
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (i > 0) out += ", ";
    out += parameters[i].type;
  }
  return out + ")";
}

const Function* ApiSchema::find_function(const std::string& name) const {
  for (const Function& f : functions) {
    if (f.name == name || f.qualified_name == name) return &f;
  }
  return nullptr;
}

const Struct* ApiSchema::find_struct(const std::string& qualified_name) const {
  for (const Struct& s : structs) {
    if (s.qualified_name == qualified_name) return &s;
  }
  return nullptr;
}

std::string layout_fingerprint(const Struct& s) {
  std::string text = fmt::format("struct {} size {} align {}\n", s.qualified_name, s.size, s.align);
  for (const Field& f : s.fields) text += fmt::format("field {} : {} @ {}\n", f.name, f.type, f.offset);
  return short_hash(text);
}

namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }

// Whether `type` mentions `name` as a whole qualified name.
bool mentions(const std::string& type, const std::string& name) {
  for (std::size_t at = type.find(name); at != std::string::npos; at = type.find(name, at + 1)) {
    const std::size_t end = at + name.size();
    if ((at == 0 || !is_name_char(type[at - 1])) && (end == type.size() || !is_name_char(type[end]))) return true;
  }
  return false;
}

}  // namespace

std::string data_fingerprint(const ApiSchema& api, const Struct& s) {
  std::set<std::string> reached;
  std::vector<const Struct*> todo{&s};
  while (!todo.empty()) {
    const Struct* current = todo.back();
    todo.pop_back();
    if (!reached.insert(current->qualified_name).second) continue;
    for (const Field& f : current->fields) {
      for (const Struct& other : api.structs) {
        if (!reached.count(other.qualified_name) && mentions(f.type, other.qualified_name)) todo.push_back(&other);
      }
    }
  }
  std::string text;
  for (const std::string& name : reached) text += name + " " + layout_fingerprint(*api.find_struct(name)) + "\n";
  return short_hash(text);
}

std::string api_fingerprint(const ApiSchema& api) {
  std::string text;
  for (const Function& f : api.functions) text += fmt::format("function {} : {}\n", f.qualified_name, f.signature());
  return short_hash(text);
}

void canonicalize(ApiSchema& api) {
  auto by_name = [](const auto& a, const auto& b) { return a.qualified_name < b.qualified_name; };
  std::sort(api.functions.begin(), api.functions.end(), by_name);
  std::sort(api.structs.begin(), api.structs.end(), by_name);
  std::sort(api.enums.begin(), api.enums.end(), by_name);
}

std::string to_json(const ApiSchema& api) {
  json functions = json::array();
  for (const Function& f : api.functions) functions.push_back(function_json(f));
  json structs = json::array();
  for (const Struct& s : api.structs) structs.push_back(struct_json(s));
  json enums = json::array();
  for (const Enum& e : api.enums) enums.push_back(enum_json(e));
  // nlohmann's default object keeps keys sorted, so the text is deterministic.
  json root = {{"schema_version", kSchemaVersion},
               {"module", api.module},
               {"version", api.version},
               {"headers", api.headers},
               {"api_fingerprint", api_fingerprint(api)},
               {"functions", std::move(functions)},
               {"structs", std::move(structs)},
               {"enums", std::move(enums)},
               {"implements", nullptr}};
  if (api.implementation) {
    json definitions = json::array();
    for (const Function& f : api.implementation->definitions) definitions.push_back(function_json(f));
    root["implements"] = {{"contract", api.implementation->contract}, {"definitions", std::move(definitions)}};
  }
  return root.dump(2) + "\n";
}

support::Expected<ApiSchema, std::string> from_json(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return support::unexpected(std::string("not valid JSON"));
  try {
    return read_schema(root);
  } catch (const SchemaError& error) {
    return support::unexpected(error.message);
  }
}

}  // namespace modbuild::codegen
