#include "manifest_fixture.h"

#include "modbuild/support/file_system.h"

namespace modbuild::manifest::testing {
namespace {

constexpr std::string_view workspace_toml = R"([workspace]
members = ["core/*", "plugins/*"]
)";

std::string module_toml(std::string_view name, std::string_view kind = "plugin", std::string_view extra = "") {
  return "[module]\nname = \"" + std::string(name) + "\"\nversion = \"1.0.0\"\nkind = \"" + std::string(kind) +
         "\"\n" + std::string(extra);
}

class WorkspaceLoaderTest : public ::testing::Test {
 protected:
  LoadResult load(unsigned threads = 2) { return load_workspace(fs_, "/w", "w", {threads}); }

  static std::string rendered(const LoadResult& result) {
    std::string out;
    for (const auto& d : result.diagnostics) out += diagnostics::render_text(d, result.workspace.sources) + "\n";
    return out;
  }
  static std::string codes(const LoadResult& result) {
    std::string out;
    for (const auto& d : result.diagnostics) out += (out.empty() ? "" : " ") + std::string(diagnostics::info(d.code).id);
    return out;
  }

  support::MemoryFileSystem fs_;
};

TEST_F(WorkspaceLoaderTest, LoadsMembersSortedByName) {
  fs_.add_file("/w/modbuild.toml", std::string(workspace_toml));
  fs_.add_file("/w/core/ecs/module.toml", module_toml("ecs", "core"));
  fs_.add_file("/w/plugins/zeta/module.toml", module_toml("alpha"));
  LoadResult result = load();
  EXPECT_EQ(rendered(result), "");
  ASSERT_EQ(result.workspace.modules.size(), 2u);
  EXPECT_EQ(result.workspace.modules[0].name.value, "alpha");
  EXPECT_EQ(result.workspace.modules[0].directory, "plugins/zeta");
  EXPECT_EQ(result.workspace.modules[1].name.value, "ecs");
  EXPECT_NE(result.workspace.find("ecs"), nullptr);
  EXPECT_EQ(result.workspace.find("nope"), nullptr);
  EXPECT_EQ(result.workspace.root, "/w");
}

TEST_F(WorkspaceLoaderTest, ReportsProblemsInEveryFileInOneRun) {
  fs_.add_file("/w/modbuild.toml", std::string(workspace_toml));
  fs_.add_file("/w/core/ecs/module.toml", "[module]\nname = \"ecs\"\nversion = 1\nkind = \"core\"\n");
  fs_.add_file("/w/plugins/physics/module.toml",
               "[module]\nname = \"physics\"\nverion = \"1.0.0\"\nversion = \"1.0\"\nkind = \"plugin\"\n");
  LoadResult result = load();
  EXPECT_EQ(codes(result), "MB1002 MB1004 MB1006");
  EXPECT_TRUE(rendered(result).starts_with(
      "w/core/ecs/module.toml:3:11: error[MB1002]: expected a string for 'version' in [module], found an integer\n"))
      << rendered(result);
  EXPECT_TRUE(result.workspace.modules.empty()) << "modules without a valid identity take no further part";
}

TEST_F(WorkspaceLoaderTest, DuplicateNamesPointAtBothDeclarations) {
  fs_.add_file("/w/modbuild.toml", std::string(workspace_toml));
  fs_.add_file("/w/core/ecs/module.toml", module_toml("ecs", "core"));
  fs_.add_file("/w/plugins/ecs2/module.toml", module_toml("ecs"));
  LoadResult result = load();
  EXPECT_EQ(rendered(result),
            "w/plugins/ecs2/module.toml:2:8: error[MB1008]: module name 'ecs' is used by more than one member\n"
            "  |\n"
            "2 | name = \"ecs\"\n"
            "  |        ^^^^^ declared again here\n"
            " ::: w/core/ecs/module.toml:2:8\n"
            "  |\n"
            "2 | name = \"ecs\"\n"
            "  |        ----- first declared here\n"
            "  |\n"
            "  = note: module names must be unique across the workspace; rename one of the modules\n\n");
  ASSERT_EQ(result.workspace.modules.size(), 1u);
  EXPECT_EQ(result.workspace.modules[0].directory, "core/ecs");
}

TEST_F(WorkspaceLoaderTest, PatternsThatMatchNothingOrNonModules) {
  fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"core/*\", \"plugins/*\", \"apps/*\"]\nexclude = [\"plugins/*\"]\n");
  fs_.add_file("/w/core/ecs/module.toml", module_toml("ecs", "core"));
  fs_.add_directory("/w/core/notes");
  fs_.add_file("/w/plugins/physics/module.toml", module_toml("physics"));
  LoadResult result = load();
  EXPECT_EQ(codes(result), "MB1010 MB1009 MB1009");
  const std::string text = rendered(result);
  EXPECT_NE(text.find("directory 'core/notes' matched by member pattern 'core/*' has no module.toml"),
            std::string::npos) << text;
  EXPECT_NE(text.find("member pattern 'plugins/*' matches no directory"), std::string::npos) << text;
  EXPECT_NE(text.find("^^^^^^^^^^^ every match is excluded"), std::string::npos) << text;
  EXPECT_NE(text.find("member pattern 'apps/*' matches no directory"), std::string::npos) << text;
}

TEST_F(WorkspaceLoaderTest, RecursivePatternsSkipDirectoriesWithoutManifests) {
  fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"modules/**\"]\n");
  fs_.add_file("/w/modules/group/ecs/module.toml", module_toml("ecs", "core"));
  fs_.add_file("/w/modules/group/ecs/src/ecs.cpp", "");
  LoadResult result = load();
  EXPECT_EQ(codes(result), "");
  ASSERT_EQ(result.workspace.modules.size(), 1u);
  EXPECT_EQ(result.workspace.modules[0].directory, "modules/group/ecs");
}

TEST_F(WorkspaceLoaderTest, ChecksBuildPaths) {
  fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"plugins/*\"]\n");
  fs_.add_file("/w/plugins/physics/module.toml",
               module_toml("physics", "plugin",
                           "[build]\nsources = [\"src/*.cpp\", \"gen/[x\"]\ninclude = [\"inc\"]\n"
                           "api-headers = [\"include/physics.h\"]\n"));
  LoadResult result = load();
  EXPECT_EQ(codes(result), "MB1017 MB1015 MB1016 MB1016");
  const std::string text = rendered(result);
  EXPECT_NE(text.find("warning[MB1017]: source pattern 'src/*.cpp' matches no file"), std::string::npos) << text;
  EXPECT_NE(text.find("include directory 'inc' does not exist"), std::string::npos) << text;
  EXPECT_NE(text.find("API header 'include/physics.h' does not exist"), std::string::npos) << text;

  fs_.add_file("/w/plugins/physics/src/a.cpp", "");
  fs_.add_file("/w/plugins/physics/inc/physics/x.h", "");
  fs_.add_file("/w/plugins/physics/include/physics.h", "");
  EXPECT_EQ(codes(load()), "MB1015");
}

TEST_F(WorkspaceLoaderTest, ChecksTestPatternsOnlyWhenListed) {
  fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"plugins/*\"]\n");
  fs_.add_file("/w/plugins/physics/src/a.cpp", "");
  fs_.add_file("/w/plugins/physics/module.toml", module_toml("physics", "plugin"));
  EXPECT_EQ(codes(load()), "") << "no tests/ directory is fine when tests are not listed";

  fs_.add_file("/w/plugins/physics/module.toml",
               module_toml("physics", "plugin", "[build]\ntests = [\"check/*.cpp\"]\n"));
  LoadResult result = load();
  EXPECT_EQ(codes(result), "MB1017");
  const std::string text = rendered(result);
  EXPECT_NE(text.find("warning[MB1017]: test pattern 'check/*.cpp' matches no file"), std::string::npos) << text;
  fs_.add_file("/w/plugins/physics/check/step_test.cpp", "");
  EXPECT_EQ(codes(load()), "");
}

TEST_F(WorkspaceLoaderTest, MissingWorkspaceManifestAndUnreadableMembers) {
  LoadResult none = load();
  EXPECT_EQ(codes(none), "MB0002");
  fs_.add_file("/w/modbuild.toml", std::string(workspace_toml));
  fs_.add_directory("/w/core/ecs/module.toml");  // a directory where a file should be
  EXPECT_EQ(codes(load()), "MB0001 MB1009");
}

TEST_F(WorkspaceLoaderTest, FindsTheRootUpward) {
  fs_.add_file("/w/modbuild.toml", std::string(workspace_toml));
  fs_.add_directory("/w/core/ecs/src");
  EXPECT_EQ(find_workspace_root(fs_, "/w/core/ecs/src"), "/w");
  EXPECT_EQ(find_workspace_root(fs_, "/elsewhere"), std::nullopt);
}

TEST_F(WorkspaceLoaderTest, OutputDoesNotDependOnThreadCount) {
  fs_.add_file("/w/modbuild.toml", std::string(workspace_toml));
  for (int i = 0; i < 40; ++i) {
    std::string name = "m" + std::to_string(i);
    fs_.add_file("/w/plugins/" + name + "/module.toml", module_toml(i % 7 == 0 ? "dup" : name, "plugin", "bad = 1\n"));
  }
  auto one = load(1);
  auto many = load(4);
  EXPECT_EQ(rendered(one), rendered(many));
  EXPECT_EQ(one.workspace.modules, many.workspace.modules);
}

}  // namespace
}  // namespace modbuild::manifest::testing

namespace modbuild::manifest::testing {
namespace {

TEST_F(WorkspaceLoaderTest, DefaultIncludeDirectoryCountsOnlyWhenPresent) {
  fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"plugins/*\"]\n");
  fs_.add_file("/w/plugins/with/module.toml", module_toml("with"));
  fs_.add_file("/w/plugins/with/include/with/with.h", "");
  fs_.add_file("/w/plugins/without/module.toml", module_toml("without"));
  LoadResult result = load();
  ASSERT_EQ(result.workspace.modules.size(), 2u);
  ASSERT_EQ(result.workspace.modules[0].build.include.size(), 1u);
  EXPECT_EQ(result.workspace.modules[0].build.include[0].value, "include");
  EXPECT_TRUE(result.workspace.modules[1].build.include.empty());
}

}  // namespace
}  // namespace modbuild::manifest::testing
