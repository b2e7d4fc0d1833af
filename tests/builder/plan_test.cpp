// The build plan of in-memory workspaces, resolved and checked for real.
#include "modbuild/builder/plan.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace modbuild::builder {
namespace {

class PlanTest : public ::testing::Test {
 protected:
  void member(const std::string& dir, const std::string& text) { fs_.add_file("/w/" + dir + "/module.toml", text); }

  PlanResult plan() {
    fs_.add_file("/w/modbuild.toml", "[workspace]\nname = \"game\"\nmembers = [\"*/*\"]\n");
    loaded_ = manifest::load_workspace(fs_, "/w", "");
    EXPECT_FALSE(loaded_.diagnostics.has_errors());
    resolved_ = resolver::resolve_workspace(loaded_.workspace, fs_, {});
    EXPECT_TRUE(resolved_.resolution.has_value());
    return make_plan(loaded_.workspace, *resolved_.resolution, fs_);
  }

  const ModulePlan& module(const PlanResult& result, std::string_view name) {
    for (const ModulePlan& m : result.plan.modules) {
      if (m.name == name) return m;
    }
    throw std::runtime_error("no module " + std::string(name));
  }

  void add_engine() {
    member("core/ecs", "[module]\nname = \"ecs\"\nversion = \"1.2.0\"\nkind = \"core\"\n"
                       "[contract]\ndata = [\"World\"]\napi = [\"spawn\"]\n"
                       "[build]\nsources = [\"src/**/*.cpp\"]\napi-headers = [\"include/ecs/ecs.h\"]\n");
    fs_.add_file("/w/core/ecs/include/ecs/ecs.h", "#pragma once\n");
    fs_.add_file("/w/core/ecs/src/ecs.cpp", "");
    fs_.add_file("/w/core/ecs/src/detail/columns.cpp", "");
    fs_.add_file("/w/core/ecs/src/notes.txt", "");
    member("systems/sparse", "[module]\nname = \"sparse\"\nversion = \"1.0.0\"\nkind = \"system\"\n"
                             "[implements]\nmodule = \"ecs\"\nversion = \"^1.2\"\napi = [\"spawn\"]\n"
                             "[core]\necs = { version = \"^1.2\", data = [\"World\"] }\n"
                             "[features.provides]\necs.storage = \"1.0.0\"\n[build]\ninclude = []\n");
    fs_.add_file("/w/systems/sparse/src/sparse.cpp", "#include \"ecs/ecs.h\"\n");
    member("plugins/physics", "[module]\nname = \"physics\"\nversion = \"0.3.0\"\nkind = \"plugin\"\n"
                              "[core]\necs = { version = \"^1.2\", data = [\"World\"] }\n"
                              "[features.requires]\necs.storage = \"^1.0\"\n"
                              "[options]\nfast-math = []\ndefault = [\"fast-math\"]\n");
    fs_.add_file("/w/plugins/physics/include/physics/physics.h", "#include \"ecs/ecs.h\"\n");
    fs_.add_file("/w/plugins/physics/src/physics.cpp", "");
    fs_.add_file("/w/plugins/physics/tests/step_test.cpp", "");
    fs_.add_file("/w/plugins/physics/tests/energy_test.cpp", "");
    fs_.add_file("/w/plugins/physics/tests/data/notes.txt", "");
  }

  support::MemoryFileSystem fs_;
  manifest::LoadResult loaded_;
  resolver::ResolveResult resolved_;
};

TEST_F(PlanTest, ModulesComeInLoadOrderWithTheirFilesFound) {
  add_engine();
  const PlanResult result = plan();
  ASSERT_TRUE(result.problems.empty());
  EXPECT_EQ(result.plan.workspace_name, "game");
  ASSERT_EQ(result.plan.modules.size(), 3u);
  EXPECT_EQ(result.plan.modules[0].name, "ecs");
  // physics needs sparse, the provider of its ecs.storage, loaded first,
  // although the resolution selected sparse as a root, not for physics.
  EXPECT_EQ(result.plan.modules[1].name, "sparse");
  EXPECT_EQ(result.plan.modules[2].name, "physics");
  const ModulePlan& ecs = module(result, "ecs");
  EXPECT_EQ(ecs.sources, (std::vector<std::string>{"/w/core/ecs/src/detail/columns.cpp", "/w/core/ecs/src/ecs.cpp"}));
  // The default include directory exists for ecs; sparse lists none.
  EXPECT_EQ(ecs.include_dirs, (std::vector<std::string>{"/w/core/ecs/include"}));
  EXPECT_EQ(ecs.api_headers, (std::vector<std::string>{"/w/core/ecs/include/ecs/ecs.h"}));
  EXPECT_TRUE(module(result, "sparse").include_dirs.empty());
  EXPECT_EQ(ecs.manifest_path, "/w/core/ecs/module.toml");
  EXPECT_EQ(module(result, "physics").load_index, 2u);
}

TEST_F(PlanTest, CoreModulesLinkPubliclyAndChosenProvidersPrivately) {
  add_engine();
  const PlanResult result = plan();
  const ModulePlan& physics = module(result, "physics");
  EXPECT_EQ(physics.public_links, (std::vector<std::string>{"ecs"}));
  EXPECT_EQ(physics.private_links, (std::vector<std::string>{"sparse"}));
  EXPECT_EQ(physics.requires_features, (std::vector<std::pair<std::string, std::string>>{{"ecs.storage", "sparse"}}));
  EXPECT_EQ(module(result, "sparse").provides, (std::vector<std::pair<std::string, std::string>>{{"ecs.storage", "1.0.0"}}));
}

TEST_F(PlanTest, EnabledOptionsAndChosenProvidersBecomeCompileDefinitions) {
  add_engine();
  const PlanResult result = plan();
  const ModulePlan& physics = module(result, "physics");
  EXPECT_EQ(physics.options, (std::vector<std::string>{"fast-math"}));
  // The provider as the identifier its generated entry point is named by.
  EXPECT_EQ(physics.definitions,
            (std::vector<std::string>{"PHYSICS_FAST_MATH", "MODBUILD_PROVIDER_ECS_STORAGE=sparse"}));
}

TEST_F(PlanTest, SystemsNameTheContractTheirBindingsAreGeneratedFrom) {
  add_engine();
  const PlanResult result = plan();
  EXPECT_EQ(module(result, "sparse").implements, "ecs");
  EXPECT_EQ(module(result, "ecs").implements, "");
  EXPECT_EQ(module(result, "physics").implements, "");
}

TEST_F(PlanTest, TestProgramsComeFromTheDefaultTestsDirectory) {
  add_engine();
  const PlanResult result = plan();
  EXPECT_EQ(module(result, "physics").tests,
            (std::vector<std::string>{"/w/plugins/physics/tests/energy_test.cpp", "/w/plugins/physics/tests/step_test.cpp"}));
  EXPECT_TRUE(module(result, "ecs").tests.empty());
  const std::vector<std::string>& depends = result.plan.configure_depends;
  EXPECT_NE(std::find(depends.begin(), depends.end(), "/w/plugins/physics/tests"), depends.end())
      << "adding a test re-runs the configure";
}

TEST_F(PlanTest, ConfigureDependsOnManifestsAndSourceDirectories) {
  add_engine();
  const std::vector<std::string> depends = plan().plan.configure_depends;
  for (const char* path : {"/w/modbuild.toml", "/w/core/ecs/module.toml", "/w/core/ecs/src", "/w/core/ecs/src/detail",
                           "/w/plugins/physics/module.toml"}) {
    EXPECT_NE(std::find(depends.begin(), depends.end(), path), depends.end()) << path;
  }
  // The member patterns' directories, so that a new member re-runs it too.
  for (const char* path : {"/w/core", "/w/plugins", "/w/systems"}) {
    EXPECT_NE(std::find(depends.begin(), depends.end(), path), depends.end()) << path;
  }
  // No lockfile yet: nothing to depend on.
  EXPECT_EQ(std::find(depends.begin(), depends.end(), "/w/modbuild.lock"), depends.end());
  EXPECT_TRUE(std::is_sorted(depends.begin(), depends.end()));
}

TEST_F(PlanTest, MetadataHoldsWhatTheLoaderNeeds) {
  add_engine();
  const nlohmann::json metadata = module_metadata(module(plan(), "physics"));
  EXPECT_EQ(metadata["name"], "physics");
  EXPECT_EQ(metadata["version"], "0.3.0");
  EXPECT_EQ(metadata["kind"], "plugin");
  EXPECT_EQ(metadata["load_index"], 2);
  EXPECT_EQ(metadata["dependencies"], nlohmann::json({"ecs", "sparse"}));
  EXPECT_EQ(metadata["features"]["requires"]["ecs.storage"], "sparse");
  EXPECT_EQ(metadata["artifact"], artifact_placeholder);
  EXPECT_EQ(metadata["target"], target_placeholder);
}

}  // namespace
}  // namespace modbuild::builder
