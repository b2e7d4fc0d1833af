// Writing modbuild's File API query and reading CMake's reply to it.
//
// The reply is a tree of JSON files: index-*.json names, for each client's
// query, the object files answering it (codemodel-v2-*.json and so on); the
// codemodel names one file per target. Paths in them are relative to the
// reply directory (object files) or to the top build directory (artifacts).
#include "modbuild/builder/file_api.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "modbuild/support/path.h"

namespace modbuild::builder {
namespace {

using support::Expected;
using support::unexpected;
using Json = nlohmann::json;

Expected<Json, std::string> read_json(const support::FileSystem& fs, const std::string& path) {
  auto text = fs.read(path);
  if (!text) return unexpected(fmt::format("cannot read '{}': {}", path, text.error()));
  Json document = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return unexpected(fmt::format("'{}' is not a JSON object", path));
  }
  return document;
}

std::string string_at(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The index files are named index-<timestamp>.json; the newest sorts last.
Expected<std::string, std::string> newest_index(const support::FileSystem& fs, const std::string& reply_dir) {
  auto entries = fs.list(reply_dir);
  if (!entries) {
    return unexpected(fmt::format("no CMake File API reply in '{}' ({}): did the configure step run?", reply_dir,
                                  entries.error()));
  }
  std::string newest;
  for (const support::DirEntry& entry : *entries) {
    if (entry.name.starts_with("index-") && entry.name.ends_with(".json")) newest = std::max(newest, entry.name);
  }
  if (newest.empty()) return unexpected(fmt::format("no index-*.json in '{}'", reply_dir));
  return support::join_path(reply_dir, newest);
}

// kind => object file, from the index's answer to modbuild's query.
Expected<std::map<std::string, std::string>, std::string> response_files(const Json& index, const std::string& index_path) {
  const Json* responses = nullptr;
  if (auto reply = index.find("reply"); reply != index.end() && reply->is_object()) {
    if (auto client = reply->find(file_api_client); client != reply->end() && client->is_object()) {
      if (auto query = client->find("query.json"); query != client->end() && query->is_object()) {
        if (auto found = query->find("responses"); found != query->end() && found->is_array()) responses = &*found;
      }
    }
  }
  if (responses == nullptr) {
    return unexpected(fmt::format("'{}' holds no answer to modbuild's query", index_path));
  }
  std::map<std::string, std::string> files;
  for (const Json& response : *responses) {
    if (response.is_object() && !string_at(response, "jsonFile").empty()) {
      files[string_at(response, "kind")] = string_at(response, "jsonFile");
    }
  }
  return files;
}

const Json* pick_configuration(const Json& codemodel, const std::string& wanted) {
  auto configurations = codemodel.find("configurations");
  if (configurations == codemodel.end() || !configurations->is_array() || configurations->empty()) return nullptr;
  for (const Json& configuration : *configurations) {
    if (configuration.is_object() && string_at(configuration, "name") == wanted) return &configuration;
  }
  // Single-configuration generators have one, whatever its name.
  return (*configurations)[0].is_object() ? &(*configurations)[0] : nullptr;
}

Expected<std::vector<FileApiTarget>, std::string> read_targets(const support::FileSystem& fs, const std::string& reply_dir,
                                                              const Json& configuration, const std::string& build_dir) {
  std::vector<FileApiTarget> targets;
  auto listed = configuration.find("targets");
  if (listed == configuration.end() || !listed->is_array()) return targets;
  for (const Json& entry : *listed) {
    if (!entry.is_object()) continue;
    const std::string path = support::join_path(reply_dir, string_at(entry, "jsonFile"));
    auto target = read_json(fs, path);
    if (!target) return unexpected(target.error());
    FileApiTarget read{string_at(*target, "name"), string_at(*target, "type"), {}};
    if (auto artifacts = target->find("artifacts"); artifacts != target->end() && artifacts->is_array()) {
      for (const Json& artifact : *artifacts) {
        if (artifact.is_object()) {
          read.artifacts.push_back(support::normalize_path(support::join_path(build_dir, string_at(artifact, "path"))));
        }
      }
    }
    targets.push_back(std::move(read));
  }
  return targets;
}

std::map<std::string, std::string> read_cache(const Json& cache) {
  std::map<std::string, std::string> entries;
  if (auto listed = cache.find("entries"); listed != cache.end() && listed->is_array()) {
    for (const Json& entry : *listed) {
      if (entry.is_object()) entries[string_at(entry, "name")] = string_at(entry, "value");
    }
  }
  return entries;
}

void read_cxx_toolchain(const Json& toolchains, FileApiReply& reply) {
  auto listed = toolchains.find("toolchains");
  if (listed == toolchains.end() || !listed->is_array()) return;
  for (const Json& toolchain : *listed) {
    if (!toolchain.is_object() || string_at(toolchain, "language") != "CXX") continue;
    if (auto compiler = toolchain.find("compiler"); compiler != toolchain.end() && compiler->is_object()) {
      reply.cxx_compiler_id = string_at(*compiler, "id");
      reply.cxx_compiler_version = string_at(*compiler, "version");
    }
  }
}

}  // namespace

const FileApiTarget* FileApiReply::find_target(std::string_view name) const {
  auto found = std::find_if(targets.begin(), targets.end(), [&](const FileApiTarget& t) { return t.name == name; });
  return found == targets.end() ? nullptr : &*found;
}

Expected<void, support::IoError> write_file_api_query(support::FileSystem& fs, const std::string& build_dir) {
  const Json query = {{"requests",
                       {{{"kind", "codemodel"}, {"version", 2}},
                        {{"kind", "cache"}, {"version", 2}},
                        {{"kind", "toolchains"}, {"version", 1}}}}};
  const std::string path =
      support::join_path(build_dir, fmt::format(".cmake/api/v1/query/{}/query.json", file_api_client));
  return fs.write(path, query.dump(2) + "\n");
}

Expected<FileApiReply, std::string> read_file_api_reply(const support::FileSystem& fs, const std::string& build_dir,
                                                        const std::string& configuration) {
  const std::string reply_dir = support::join_path(build_dir, ".cmake/api/v1/reply");
  auto index_path = newest_index(fs, reply_dir);
  if (!index_path) return unexpected(index_path.error());
  auto index = read_json(fs, *index_path);
  if (!index) return unexpected(index.error());
  auto files = response_files(*index, *index_path);
  if (!files) return unexpected(files.error());

  FileApiReply reply;
  if (auto cmake = index->find("cmake"); cmake != index->end() && cmake->is_object()) {
    if (auto generator = cmake->find("generator"); generator != cmake->end() && generator->is_object()) {
      reply.generator = string_at(*generator, "name");
    }
  }
  for (const char* kind : {"codemodel", "cache", "toolchains"}) {
    if (!files->count(kind)) return unexpected(fmt::format("'{}' has no {} reply", *index_path, kind));
  }
  auto codemodel = read_json(fs, support::join_path(reply_dir, files->at("codemodel")));
  if (!codemodel) return unexpected(codemodel.error());
  const Json* picked = pick_configuration(*codemodel, configuration);
  if (picked == nullptr) return unexpected(fmt::format("the codemodel in '{}' has no configuration", reply_dir));
  reply.configuration = string_at(*picked, "name");
  auto targets = read_targets(fs, reply_dir, *picked, build_dir);
  if (!targets) return unexpected(targets.error());
  reply.targets = std::move(*targets);

  auto cache = read_json(fs, support::join_path(reply_dir, files->at("cache")));
  if (!cache) return unexpected(cache.error());
  reply.cache = read_cache(*cache);
  auto toolchains = read_json(fs, support::join_path(reply_dir, files->at("toolchains")));
  if (!toolchains) return unexpected(toolchains.error());
  read_cxx_toolchain(*toolchains, reply);
  return reply;
}

}  // namespace modbuild::builder
