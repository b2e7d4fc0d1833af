#include "manifest_fixture.h"

namespace modbuild::manifest::testing {
namespace {

using WorkspaceParserTest = ManifestTest;

TEST_F(WorkspaceParserTest, ReadsEveryTable) {
  auto w = parse_workspace(R"([workspace]
name = "engine"
members = ["core/*", "systems/*"]
exclude = ["systems/old-*"]
roots = ["sandbox", "tools"]
[registries]
local = "../registry"
shared = { path = "/opt/registry" }
[providers]
render.backend = "render-raster"
"audio.mixer" = "audio-soft"
)");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(errors(), "");
  EXPECT_EQ(w->name, "engine");
  ASSERT_EQ(w->members.size(), 2u);
  EXPECT_EQ(w->exclude[0].value, "systems/old-*");
  ASSERT_EQ(w->roots.size(), 2u);
  EXPECT_EQ(w->roots[1].value, "tools");
  ASSERT_EQ(w->registries.size(), 2u);
  EXPECT_EQ(w->registries[0].name.value, "local");
  EXPECT_EQ(w->registries[1].path.value, "/opt/registry");
  ASSERT_EQ(w->providers.size(), 2u);
  EXPECT_EQ(w->providers[0].feature.value, "audio.mixer");
  EXPECT_EQ(w->providers[1].feature.value, "render.backend");
  EXPECT_EQ(w->providers[1].module.value, "render-raster");
}

TEST_F(WorkspaceParserTest, MembersAreRequired) {
  parse_workspace("[workspace]\nname = \"x\"\n");
  EXPECT_EQ(codes(), "MB1003");
  parse_workspace("[registries]\n");
  EXPECT_EQ(codes(), "MB1003");
  parse_workspace("[workspace]\nmembers = []\n");
  EXPECT_EQ(codes(), "MB1009") << "a workspace of no members checks nothing";
  EXPECT_NE(errors().find("modbuild.toml:2:11: error[MB1009]: the workspace has no members"), std::string::npos)
      << errors();
}

TEST_F(WorkspaceParserTest, InvalidGlobPointsInsideThePattern) {
  parse_workspace("[workspace]\nmembers = [\"core/[abc\", \"ok/*\"]\n");
  EXPECT_EQ(errors(),
            "modbuild.toml:2:18: error[MB1015]: invalid pattern 'core/[abc': unterminated character class '['\n"
            "  |\n"
            "2 | members = [\"core/[abc\", \"ok/*\"]\n"
            "  |                  ^ unterminated character class '['\n\n");
}

TEST_F(WorkspaceParserTest, BadEntries) {
  parse_workspace(R"([workspace]
members = ["a/*"]
memebrs = []
[registries]
Local = "x"
other = 3
[providers]
render.backend = "Render"
"Bad" = "x"
)");
  EXPECT_EQ(codes(), "MB1004 MB1005 MB1002 MB1005 MB1014");
}

// Once written far above the build directory: the name becomes
// <name>.modules.json and CMake strings, so it follows the rules of names.
TEST_F(WorkspaceParserTest, TheWorkspaceNameIsANameNotAPath) {
  for (const char* name : {"../../../../../../x", "a;b", "$<1:x>", "eng\\u001b]0;PWNED\\u0007"}) {
    auto w = parse_workspace(std::string("[workspace]\nname = \"") + name + "\"\nmembers = [\"a/*\"]\n");
    EXPECT_EQ(codes(), "MB1005") << name;
    ASSERT_TRUE(w.has_value()) << name;
    EXPECT_EQ(w->name, "") << name;
  }
  auto w = parse_workspace("[workspace]\nname = \"My_Game\"\nmembers = [\"a/*\"]\n");
  EXPECT_NE(errors().find("help: did you mean 'my-game'?"), std::string::npos) << errors();
  EXPECT_EQ(parse_workspace("[workspace]\nname = \"my-game\"\nmembers = [\"a/*\"]\n")->name, "my-game");
  EXPECT_EQ(codes(), "");
}

}  // namespace
}  // namespace modbuild::manifest::testing
