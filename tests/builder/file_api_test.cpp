// The CMake File API query and reply, on in-memory build directories laid
// out as cmake-file-api(7) describes (the tests in tests/cmake read real ones).
#include "modbuild/builder/file_api.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace modbuild::builder {
namespace {

constexpr const char* reply_dir = "/b/.cmake/api/v1/reply";

class FileApiTest : public ::testing::Test {
 protected:
  void reply(const std::string& name, const std::string& json) { fs_.add_file(std::string(reply_dir) + "/" + name, json); }

  void add_complete_reply() {
    reply("index-2026-01-01T00-00-00-0000.json", R"({"reply": {"client-modbuild": {"query.json": {}}}})");
    reply("index-2026-02-01T00-00-00-0000.json", R"({
      "cmake": {"generator": {"name": "Ninja"}},
      "reply": {"client-modbuild": {"query.json": {"responses": [
        {"kind": "codemodel", "version": {"major": 2}, "jsonFile": "codemodel-v2-1.json"},
        {"kind": "cache", "version": {"major": 2}, "jsonFile": "cache-v2-1.json"},
        {"kind": "toolchains", "version": {"major": 1}, "jsonFile": "toolchains-v1-1.json"}]}}}})");
    reply("codemodel-v2-1.json", R"({"configurations": [{"name": "Debug", "targets": [
        {"name": "ecs", "jsonFile": "target-ecs.json"}, {"name": "app", "jsonFile": "target-app.json"}]}]})");
    reply("target-ecs.json", R"({"name": "ecs", "type": "SHARED_LIBRARY", "artifacts": [{"path": "modules/libecs-1.0.0.so"}]})");
    reply("target-app.json", R"({"name": "app", "type": "EXECUTABLE", "artifacts": [{"path": "/abs/app"}]})");
    reply("cache-v2-1.json", R"({"entries": [{"name": "CMAKE_CXX_COMPILER_LAUNCHER", "value": "ccache"},
                                              {"name": "MODBUILD_MODULE_INDEX_GAME", "value": "/b/modules/game.modules.json"}]})");
    reply("toolchains-v1-1.json", R"({"toolchains": [{"language": "C", "compiler": {"id": "Clang"}},
        {"language": "CXX", "compiler": {"id": "GNU", "version": "12.2.0"}}]})");
  }

  support::MemoryFileSystem fs_;
};

TEST_F(FileApiTest, TheQueryAsksForCodemodelCacheAndToolchains) {
  ASSERT_TRUE(write_file_api_query(fs_, "/b"));
  auto text = fs_.read("/b/.cmake/api/v1/query/client-modbuild/query.json");
  ASSERT_TRUE(text);
  const nlohmann::json query = nlohmann::json::parse(*text);
  EXPECT_EQ(query["requests"], nlohmann::json::parse(R"([{"kind": "codemodel", "version": 2},
      {"kind": "cache", "version": 2}, {"kind": "toolchains", "version": 1}])"));
}

TEST_F(FileApiTest, TheNewestIndexIsReadWithTargetsCacheAndCompiler) {
  add_complete_reply();
  auto read = read_file_api_reply(fs_, "/b", "Debug");
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->generator, "Ninja");
  EXPECT_EQ(read->configuration, "Debug");
  ASSERT_EQ(read->targets.size(), 2u);
  ASSERT_NE(read->find_target("ecs"), nullptr);
  EXPECT_EQ(read->find_target("ecs")->type, "SHARED_LIBRARY");
  EXPECT_EQ(read->find_target("ecs")->artifacts, (std::vector<std::string>{"/b/modules/libecs-1.0.0.so"}));
  EXPECT_EQ(read->find_target("app")->artifacts, (std::vector<std::string>{"/abs/app"}));
  EXPECT_EQ(read->cache.at("CMAKE_CXX_COMPILER_LAUNCHER"), "ccache");
  EXPECT_EQ(read->cxx_compiler_id, "GNU");
  EXPECT_EQ(read->cxx_compiler_version, "12.2.0");
}

TEST_F(FileApiTest, WithoutAReplyTheErrorSaysConfigureDidNotRun) {
  auto read = read_file_api_reply(fs_, "/b");
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().find("did the configure step run?"), std::string::npos) << read.error();
}

TEST_F(FileApiTest, AMalformedObjectFileIsNamed) {
  add_complete_reply();
  reply("codemodel-v2-1.json", "{\"configurations\": [");
  auto read = read_file_api_reply(fs_, "/b");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error(), "'/b/.cmake/api/v1/reply/codemodel-v2-1.json' is not a JSON object");
}

TEST_F(FileApiTest, AnIndexWithoutModbuildsAnswerIsAnError) {
  reply("index-1.json", R"({"reply": {"client-ide": {}}})");
  auto read = read_file_api_reply(fs_, "/b");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error(), "'/b/.cmake/api/v1/reply/index-1.json' holds no answer to modbuild's query");
}

}  // namespace
}  // namespace modbuild::builder
