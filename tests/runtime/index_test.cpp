// Reading the module index: every problem names the file and the member.
#include "modbuild/runtime/index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "runtime_fixture.h"

namespace modbuild::runtime {
namespace {

using ::testing::HasSubstr;

constexpr const char* kPath = "/b/modules/engine.modules.json";

std::string one_module(const std::string& module) {
  return R"({"schema": "modbuild-modules", "schema_version": 2, "workspace": "engine", "root": "/w",
             "modules": [)" + module + "]}";
}

constexpr const char* kGood =
    R"({"name": "ecs", "version": "1.2.0", "kind": "core", "output": "shared", "artifact": "libecs-1.2.0.so",
        "entry": "modbuild_module_ecs", "load_index": 0, "role": "default", "dependencies": [],
        "features": {"provides": {"ecs.storage": "1.0.0"}, "requires": {}}})";

std::string error_of(const std::string& text) {
  Result<ModuleIndex> index = parse_index(text, kPath);
  EXPECT_FALSE(index) << "parsed: " << text;
  return index ? "" : index.error().message;
}

TEST(IndexTest, ReadsModulesWithAbsoluteLibraries) {
  Result<ModuleIndex> index = parse_index(one_module(kGood), kPath);
  ASSERT_TRUE(index) << index.error().message;
  ASSERT_EQ(index->modules.size(), 1u);
  const IndexedModule& ecs = index->modules[0];
  EXPECT_EQ(ecs.artifact, "/b/modules/libecs-1.2.0.so");
  EXPECT_EQ(ecs.schema_path(), "/b/modules/ecs-1.2.0.api.json");
  EXPECT_EQ(ecs.entry, "modbuild_module_ecs");
  EXPECT_FALSE(ecs.alternate);
  EXPECT_EQ(ecs.provides, (std::vector<std::pair<std::string, std::string>>{{"ecs.storage", "1.0.0"}}));
  EXPECT_EQ(index->workspace, "engine");
}

TEST(IndexTest, TruncatedOrDamagedTextIsNamed) {
  const std::string text = one_module(kGood);
  EXPECT_EQ(error_of(text.substr(0, text.size() / 2)), std::string(kPath) + ": not valid JSON (truncated or damaged?)");
  EXPECT_EQ(error_of(""), std::string(kPath) + ": not valid JSON (truncated or damaged?)");
  EXPECT_EQ(error_of("[1, 2]"), std::string(kPath) + ": expected an object, found an array");
}

TEST(IndexTest, OtherSchemasAndVersionsAreRefused) {
  EXPECT_THAT(error_of(R"({"schema": "modbuild-module", "schema_version": 2})"),
              HasSubstr("schema: expected \"modbuild-modules\", found \"modbuild-module\""));
  std::string old = one_module(kGood);
  old.replace(old.find("\"schema_version\": 2"), 19, "\"schema_version\": 1");
  EXPECT_THAT(error_of(old), HasSubstr("schema_version: this runtime reads version 2, the index is version 1: rebuild"));
}

TEST(IndexTest, WrongMembersAreNamedWithTheirPath) {
  std::string text = one_module(kGood);
  text.replace(text.find("\"version\": \"1.2.0\""), 18, "\"version\": 12");
  EXPECT_EQ(error_of(text), std::string(kPath) + ": modules[0].version: expected a string, found a number");

  text = one_module(kGood);
  text.replace(text.find("\"entry\": \"modbuild_module_ecs\", "), 32, "");
  EXPECT_EQ(error_of(text), std::string(kPath) + ": modules[0]: member 'entry' is missing");

  text = one_module(kGood);
  text.replace(text.find("\"dependencies\": []"), 18, "\"dependencies\": [3]");
  EXPECT_EQ(error_of(text), std::string(kPath) + ": modules[0].dependencies[0]: expected a string, found a number");

  text = one_module(kGood);
  text.replace(text.find("\"role\": \"default\""), 17, "\"role\": \"spare\"");
  EXPECT_THAT(error_of(text), HasSubstr("modules[0].role: expected \"default\" or \"alternate\", found \"spare\""));
}

TEST(IndexTest, LibrariesMustBeFilesOfTheIndexDirectory) {
  for (const char* artifact : {"../../etc/passwd", "/usr/lib/libc.so.6", "..", ""}) {
    std::string text = one_module(kGood);
    text.replace(text.find("libecs-1.2.0.so"), 15, artifact);
    EXPECT_THAT(error_of(text), HasSubstr("modules[0].artifact: expected a file name in the index's directory"))
        << artifact;
  }
}

TEST(IndexTest, LoadOrderIsChecked) {
  const std::string second =
      R"({"name": "ecs-sparse", "version": "1.2.0", "kind": "system", "output": "shared", "artifact": "l.so",
          "entry": "e", "load_index": 1, "dependencies": ["ecs"]})";
  EXPECT_TRUE(parse_index(one_module(std::string(kGood) + "," + second), kPath));
  // Listed before what it needs.
  std::string swapped = second;
  swapped.replace(swapped.find("\"load_index\": 1"), 15, "\"load_index\": 0");
  std::string good = kGood;
  good.replace(good.find("\"load_index\": 0"), 15, "\"load_index\": 1");
  EXPECT_THAT(error_of(one_module(swapped + "," + good)),
              HasSubstr("modules[0].dependencies: 'ecs-sparse' needs 'ecs', which is not listed before it"));
  EXPECT_THAT(error_of(one_module(std::string(kGood) + "," + kGood)),
              HasSubstr("modules[1].load_index: expected 1 (the modules are listed in load order), found 0"));
}

TEST(IndexTest, AMissingLibraryMeansAStaleIndex) {
  testing::IndexDirectory dir;
  dir.write(testing::counter_engine());
  std::filesystem::remove(dir.dir() + "/libcounter-add-1.0.0.so");
  Result<ModuleIndex> index = read_index(dir.index_path());
  ASSERT_FALSE(index);
  EXPECT_THAT(index.error().message, HasSubstr("module 'counter-add' 1.0.0 should be " + dir.dir() +
                                               "/libcounter-add-1.0.0.so, which does not exist: the index is stale"));
}

TEST(IndexTest, AModuleFileThatDisagreesMeansAStaleIndex) {
  testing::IndexDirectory dir;
  dir.write(testing::counter_engine());
  EXPECT_TRUE(read_index(dir.index_path()));
  std::ofstream(dir.dir() + "/counter-add-1.0.0.module.json")
      << R"({"schema": "modbuild-module", "schema_version": 2, "module": {"name": "counter-add", "version": "1.0.0",
             "kind": "plugin", "entry": "modbuild_module_counter_add"}})";
  Result<ModuleIndex> index = read_index(dir.index_path());
  ASSERT_FALSE(index);
  EXPECT_THAT(index.error().message,
              HasSubstr("module 'counter-add' 1.0.0 disagrees with " + dir.dir() +
                        "/counter-add-1.0.0.module.json on its kind: the index is stale (configure the build again)"));
}

TEST(IndexTest, MissingAndSpecialFilesAreRefused) {
  Result<ModuleIndex> missing = read_index("/nonexistent/engine.modules.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "/nonexistent/engine.modules.json: no module index here (build the workspace first: it writes "
            "<workspace>.modules.json)");
  Result<ModuleIndex> directory = read_index("/tmp");
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().message, "/tmp: not a regular file");
}

}  // namespace
}  // namespace modbuild::runtime
