// Matching a workspace's module index with the File API's targets.
#include "modbuild/builder/build_summary.h"

#include <gtest/gtest.h>

namespace modbuild::builder {
namespace {

constexpr const char* index_json = R"({"schema": "modbuild-modules", "schema_version": 1, "workspace": "game",
  "root": "/w", "modules": [
    {"name": "ecs", "version": "1.0.0", "kind": "core", "output": "shared", "target": "ecs", "dependencies": []},
    {"name": "sparse", "version": "1.0.0", "kind": "system", "output": "shared", "target": "mb-sparse",
     "dependencies": ["ecs"]},
    {"name": "app", "version": "0.1.0", "kind": "app", "output": "executable", "target": "app",
     "dependencies": ["ecs", "sparse"]}]})";

TEST(ModuleIndexTest, IsFoundThroughTheCacheByWorkspaceRoot) {
  support::MemoryFileSystem fs;
  fs.add_file("/b/modules/game.modules.json", index_json);
  FileApiReply reply;
  reply.cache["MODBUILD_MODULE_INDEX_GAME"] = "/b/modules/game.modules.json";
  auto index = find_module_index(fs, reply, "/w");
  ASSERT_TRUE(index) << index.error();
  ASSERT_EQ(index->modules.size(), 3u);
  EXPECT_EQ(index->modules[1].target, "mb-sparse");
  EXPECT_EQ(index->modules[2].dependencies, (std::vector<std::string>{"ecs", "sparse"}));

  auto other = find_module_index(fs, reply, "/elsewhere");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error(), "the project builds the workspaces /w but not '/elsewhere'");
  auto none = find_module_index(fs, FileApiReply{}, "/w");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().find("never calls modbuild_workspace()"), std::string::npos);
}

TEST(ModuleIndexTest, ATargetBringsItsDependenciesTransitively) {
  support::MemoryFileSystem fs;
  fs.add_file("/i.json", index_json);
  auto index = read_module_index(fs, "/i.json");
  ASSERT_TRUE(index);
  EXPECT_EQ(with_dependencies(*index, "sparse"), (std::set<std::string>{"ecs", "sparse"}));
  EXPECT_EQ(with_dependencies(*index, "app"), (std::set<std::string>{"app", "ecs", "sparse"}));
}

TEST(ModuleIndexTest, OtherJsonIsNotAnIndex) {
  support::MemoryFileSystem fs;
  fs.add_file("/i.json", R"({"schema": "modbuild-plan"})");
  auto index = read_module_index(fs, "/i.json");
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error(), "'/i.json' is not a modbuild module index");
}

TEST(SummaryTest, MissingTargetsAndFilesAreProblems) {
  support::MemoryFileSystem fs;
  fs.add_file("/i.json", index_json);
  auto index = read_module_index(fs, "/i.json");
  ASSERT_TRUE(index);
  FileApiReply reply;
  // The test executable itself stands in for a built artifact: a real file.
  reply.targets = {{"ecs", "SHARED_LIBRARY", {"/proc/self/exe"}}, {"mb-sparse", "SHARED_LIBRARY", {"/nonexistent/libsparse.so"}}};
  const std::vector<BuiltModule> built = summarize_build(*index, reply, {});
  ASSERT_EQ(built.size(), 3u);
  EXPECT_TRUE(built[0].problem.empty()) << built[0].problem;
  EXPECT_TRUE(built[0].size.has_value());
  EXPECT_EQ(built[1].problem, "'/nonexistent/libsparse.so' was not built");
  EXPECT_EQ(built[2].problem, "the CMake File API reply has no target 'app'");
  EXPECT_EQ(summarize_build(*index, reply, {"ecs"}).size(), 1u);
}

TEST(SummaryTest, TheTableAlignsColumnsAndShowsPathsUnderTheBuildDirectory) {
  std::vector<BuiltModule> built = {{"ecs", "1.0.0", "core", "ecs", "/b/modules/libecs-1.0.0.so", 150000, ""},
                                    {"app", "0.1.0", "app", "app", "", std::nullopt, "no target"}};
  EXPECT_EQ(summary_table(built, "/b"),
            "module  version  kind  artifact                    size\n"
            "ecs     1.0.0    core  modules/libecs-1.0.0.so  146 KiB\n"
            "app     0.1.0    app   -                        missing\n");
  const nlohmann::json json = summary_json(built);
  EXPECT_EQ(json[0]["size"], 150000);
  EXPECT_EQ(json[0]["built"], true);
  EXPECT_TRUE(json[1]["artifact"].is_null());
  EXPECT_EQ(json[1]["problem"], "no target");
}

TEST(SummaryTest, SizesReadLikeLs) {
  EXPECT_EQ(human_size(512), "512 B");
  EXPECT_EQ(human_size(820 * 1024), "820 KiB");
  EXPECT_EQ(human_size(1258291), "1.2 MiB");
}

}  // namespace
}  // namespace modbuild::builder
