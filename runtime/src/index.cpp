// Reading the module index: JSON in, checked ModuleIndex out.
#include "modbuild/runtime/index.h"

#include <sys/stat.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace modbuild::runtime {
namespace {

using nlohmann::json;

// The JSON type names of messages: "expected a string, found a number".
std::string kind_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    default: return "something else";
  }
}

// Walks the document, remembering where it is for messages.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  Error error(const std::string& member, const std::string& problem) const {
    return Error{path_ + ": " + (member.empty() ? "" : member + ": ") + problem};
  }
  Error expected(const std::string& member, const std::string& what, const json& found) const {
    return error(member, "expected " + what + ", found " + kind_of(found));
  }

  // Each returns false with `problem_` set.
  bool string(const json& object, const std::string& member, const std::string& where, std::string& out) {
    const auto it = object.find(member);
    if (it == object.end()) return fail(error(where, "member '" + member + "' is missing"));
    if (!it->is_string()) return fail(expected(join(where, member), "a string", *it));
    out = it->get<std::string>();
    return true;
  }
  bool strings(const json& object, const std::string& member, const std::string& where,
               std::vector<std::string>& out) {
    const auto it = object.find(member);
    if (it == object.end()) return true;  // optional: none
    if (!it->is_array()) return fail(expected(join(where, member), "an array of strings", *it));
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& item = (*it)[i];
      if (!item.is_string()) return fail(expected(join(where, member) + "[" + std::to_string(i) + "]", "a string", item));
      out.push_back(item.get<std::string>());
    }
    return true;
  }
  bool string_map(const json& object, const std::string& where, std::vector<std::pair<std::string, std::string>>& out) {
    if (!object.is_object()) return fail(expected(where, "an object", object));
    for (const auto& [key, value] : object.items()) {
      if (!value.is_string()) return fail(expected(where + "." + key, "a string", value));
      out.emplace_back(key, value.get<std::string>());
    }
    return true;
  }
  bool fail(Error e) {
    problem_ = std::move(e);
    return false;
  }
  const Error& problem() const { return problem_; }
  static std::string join(const std::string& where, const std::string& member) {
    return where.empty() ? member : where + "." + member;
  }

 private:
  std::string path_;
  Error problem_;
};

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A library is named by its file only: the index cannot point elsewhere.
bool is_plain_file_name(const std::string& name) {
  return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}

bool read_features(Reader& reader, const json& module, const std::string& where, IndexedModule& out) {
  const auto features = module.find("features");
  if (features == module.end()) return true;
  if (!features->is_object()) return reader.fail(reader.expected(where + ".features", "an object", *features));
  if (const auto provides = features->find("provides"); provides != features->end()) {
    if (!reader.string_map(*provides, where + ".features.provides", out.provides)) return false;
  }
  if (const auto requires_features = features->find("requires"); requires_features != features->end()) {
    if (!reader.string_map(*requires_features, where + ".features.requires", out.requires_features)) return false;
  }
  return true;
}

bool read_module(Reader& reader, const json& module, const std::string& where, const std::string& directory,
                 IndexedModule& out) {
  if (!module.is_object()) return reader.fail(reader.expected(where, "an object", module));
  std::string artifact;
  std::string role = "default";
  if (!reader.string(module, "name", where, out.name) || !reader.string(module, "version", where, out.version) ||
      !reader.string(module, "kind", where, out.kind) || !reader.string(module, "output", where, out.output) ||
      !reader.string(module, "artifact", where, artifact) || !reader.string(module, "entry", where, out.entry)) {
    return false;
  }
  if (module.contains("role") && !reader.string(module, "role", where, role)) return false;
  if (role != "default" && role != "alternate") {
    return reader.fail(reader.error(where + ".role", "expected \"default\" or \"alternate\", found \"" + role + "\""));
  }
  out.alternate = role == "alternate";
  if (module.contains("implements") && !reader.string(module, "implements", where, out.implements)) return false;
  if (!is_plain_file_name(artifact)) {
    return reader.fail(reader.error(where + ".artifact", "expected a file name in the index's directory, found \"" +
                                                             artifact + "\""));
  }
  out.artifact = directory + "/" + artifact;
  const auto load_index = module.find("load_index");
  if (load_index == module.end() || !load_index->is_number_unsigned()) {
    return reader.fail(reader.error(where + ".load_index", "expected a number from 0"));
  }
  out.load_index = load_index->get<std::size_t>();
  return reader.strings(module, "dependencies", where, out.dependencies) && read_features(reader, module, where, out);
}

// The order the runtime loads in must put every module after what it needs.
bool check_order(Reader& reader, const std::vector<IndexedModule>& modules) {
  std::set<std::string> earlier;
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const IndexedModule& m = modules[i];
    const std::string where = "modules[" + std::to_string(i) + "]";
    if (m.load_index != i) {
      return reader.fail(reader.error(where + ".load_index", "expected " + std::to_string(i) + " (the modules are listed in load order), found " +
                                                                 std::to_string(m.load_index)));
    }
    if (!earlier.insert(m.name).second) return reader.fail(reader.error(where + ".name", "module '" + m.name + "' is listed twice"));
    for (const std::string& needed : m.dependencies) {
      if (earlier.count(needed) == 0 || needed == m.name) {
        return reader.fail(reader.error(where + ".dependencies", "'" + m.name + "' needs '" + needed +
                                                                     "', which is not listed before it"));
      }
    }
  }
  return true;
}

// Each module's own metadata file, written by the same configure as the
// index: when the two disagree, one of them is left from another configure.
std::optional<std::string> disagreement_with_metadata(const IndexedModule& m) {
  const std::string file = directory_of(m.artifact) + "/" + m.name + "-" + m.version + ".module.json";
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;  // not written by every build (a project of its own may skip it)
  std::ostringstream text;
  text << in.rdbuf();
  const json document = json::parse(text.str(), nullptr, false);
  const json* module = document.is_object() && document.contains("module") ? &document["module"] : nullptr;
  if (module == nullptr || !module->is_object()) return file + ": not a module metadata file";
  for (const auto& [member, expected] : {std::pair{"name", m.name}, std::pair{"version", m.version},
                                         std::pair{"kind", m.kind}, std::pair{"entry", m.entry}}) {
    const auto it = module->find(member);
    if (it == module->end() || !it->is_string() || it->get<std::string>() != expected) {
      return "module '" + m.name + "' " + m.version + " disagrees with " + file + " on its " + member +
             ": the index is stale (configure the build again)";
    }
  }
  return std::nullopt;
}

}  // namespace

std::string IndexedModule::schema_path() const {
  return directory_of(artifact) + "/" + name + "-" + version + ".api.json";
}

const IndexedModule* ModuleIndex::find(std::string_view name) const {
  for (const IndexedModule& m : modules) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> ModuleIndex::names() const {
  std::vector<std::string> list;
  for (const IndexedModule& m : modules) list.push_back(m.name);
  return list;
}

Result<ModuleIndex> parse_index(std::string_view text, const std::string& path) {
  Reader reader(path);
  const json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) return reader.error("", "not valid JSON (truncated or damaged?)");
  if (!document.is_object()) return reader.expected("", "an object", document);
  ModuleIndex index;
  index.path = path;
  index.directory = directory_of(path);
  std::string schema;
  if (!reader.string(document, "schema", "", schema)) return reader.problem();
  if (schema != "modbuild-modules") return reader.error("schema", "expected \"modbuild-modules\", found \"" + schema + "\"");
  const auto version = document.find("schema_version");
  if (version == document.end() || !version->is_number_integer()) return reader.error("schema_version", "expected a number");
  if (version->get<std::int64_t>() != kIndexSchemaVersion) {
    return reader.error("schema_version", "this runtime reads version " + std::to_string(kIndexSchemaVersion) +
                                              ", the index is version " + std::to_string(version->get<std::int64_t>()) +
                                              ": rebuild with the modbuild this runtime comes with");
  }
  if (!reader.string(document, "workspace", "", index.workspace) || !reader.string(document, "root", "", index.root)) {
    return reader.problem();
  }
  const auto modules = document.find("modules");
  if (modules == document.end() || !modules->is_array()) return reader.error("modules", "expected an array");
  for (std::size_t i = 0; i < modules->size(); ++i) {
    IndexedModule module;
    if (!read_module(reader, (*modules)[i], "modules[" + std::to_string(i) + "]", index.directory, module)) {
      return reader.problem();
    }
    index.modules.push_back(std::move(module));
  }
  if (!check_order(reader, index.modules)) return reader.problem();
  return index;
}

Result<ModuleIndex> read_index(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Error{path + ": no module index here (build the workspace first: it writes <workspace>.modules.json)"};
  }
  if (!S_ISREG(info.st_mode)) return Error{path + ": not a regular file"};
  if (static_cast<std::size_t>(info.st_size) > kMaxIndexBytes) {
    return Error{path + ": " + std::to_string(info.st_size) + " bytes, more than the " +
                 std::to_string(kMaxIndexBytes) + " an index may have"};
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return Error{path + ": cannot be read"};
  Result<ModuleIndex> index = parse_index(text.str(), path);
  if (!index) return index;
  for (const IndexedModule& m : index->modules) {
    if (::stat(m.artifact.c_str(), &info) != 0) {
      return Error{path + ": module '" + m.name + "' " + m.version + " should be " + m.artifact +
                   ", which does not exist: the index is stale or the build did not finish (build again)"};
    }
    if (std::optional<std::string> stale = disagreement_with_metadata(m)) return Error{path + ": " + *stale};
  }
  return index;
}

}  // namespace modbuild::runtime
