// The rules of `modbuild check` on in-memory workspaces, resolved for real.
#include "modbuild/validator/check.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "modbuild/diagnostics/render.h"

namespace modbuild::validator {
namespace {

std::string module(std::string_view name, std::string_view kind, std::string_view rest = "") {
  return fmt::format("[module]\nname = \"{}\"\nversion = \"1.0.0\"\nkind = \"{}\"\n{}", name, kind, rest);
}

constexpr std::string_view ecs_contract = "[contract]\ndata = [\"Transform\"]\napi = [\"spawn\", \"despawn\"]\n";

class RulesTest : public ::testing::Test {
 protected:
  void member(const std::string& name, const std::string& text) { fs_.add_file("/w/" + name + "/module.toml", text); }

  // Loads, resolves (feature problems deferred, as check does) and runs the rules.
  std::string check(bool expect_resolution = true) {
    if (fs_.type("/w/modbuild.toml") == support::FileType::missing) fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"*\"]\n");
    loaded_ = manifest::load_workspace(fs_, "/w", "");
    EXPECT_FALSE(loaded_.diagnostics.has_errors());
    resolver::ResolveOptions options;
    options.defer_feature_problems = true;
    resolved_ = resolver::resolve_workspace(loaded_.workspace, fs_, options);
    EXPECT_EQ(resolved_.resolution.has_value(), expect_resolution);
    result_ = run_rules(loaded_.workspace, resolved_.resolution ? &*resolved_.resolution : nullptr, fs_);
    return codes(result_.findings);
  }

  std::string codes(diagnostics::DiagnosticList list) {
    list.sort(loaded_.workspace.sources);
    std::string out;
    for (const auto& d : list) out += (out.empty() ? "" : " ") + std::string(diagnostics::info(d.code).id);
    return out;
  }
  std::string text() {
    std::string out;
    for (const auto& d : result_.findings) out += diagnostics::render_text(d, loaded_.workspace.sources);
    return out;
  }

  support::MemoryFileSystem fs_;
  manifest::LoadResult loaded_;
  resolver::ResolveResult resolved_;
  CheckResult result_;
};

TEST_F(RulesTest, ACleanWorkspaceHasNoFindingsAndALoadOrder) {
  member("ecs", module("ecs", "core", std::string(ecs_contract)));
  member("sparse", module("sparse", "system",
                          "[implements]\nmodule = \"ecs\"\nversion = \"^1\"\napi = [\"spawn\", \"despawn\"]\n"
                          "[core]\necs = { version = \"^1\", data = [\"Transform\"] }\n"));
  member("app", module("app", "app", "[core]\necs = \"^1\"\n[dependencies]\nsparse = \"^1\"\n"));
  EXPECT_EQ(check(), "") << text();
  EXPECT_EQ(result_.load_order, (std::vector<std::string>{"ecs", "sparse", "app"}));
  EXPECT_EQ(result_.modules, (std::vector<std::string>{"app", "ecs", "sparse"}));
  EXPECT_TRUE(result_.resolved);
}

TEST_F(RulesTest, TheLoadOrderPutsAProviderSelectedForAnotherReasonFirst) {
  // mixer sorts before sound, and sound is selected as app's dependency, not
  // for mixer's feature: only the resolved dependencies say mixer needs it.
  member("sound", module("sound", "plugin", "[features.provides]\naudio = \"1.0.0\"\n"));
  member("mixer", module("mixer", "plugin", "[features.requires]\naudio = \"^1\"\n"));
  member("app", module("app", "app", "[dependencies]\nmixer = \"^1\"\nsound = \"^1\"\n"));
  EXPECT_EQ(check(), "MB3009 MB3009") << text();  // app uses nothing of either: not what this test is about
  EXPECT_EQ(result_.load_order, (std::vector<std::string>{"sound", "mixer", "app"}));
}

TEST_F(RulesTest, ExclusiveProvidersSelectedTogetherAreReported) {
  // The solver never selects both; a resolution made another way can.
  member("gl", module("gl", "plugin", "[features.provides]\n\"render.backend\" = { version = \"1.0.0\", exclusive = true }\n"));
  member("vk", module("vk", "plugin", "[features.provides]\n\"render.backend\" = \"1.0.0\"\n"));
  member("app", module("app", "app"));
  check();
  resolver::Resolution forced = std::move(*resolved_.resolution);
  for (const char* name : {"gl", "vk"}) {
    resolver::SelectedModule m;
    m.name = name;
    m.manifest = loaded_.workspace.find(name);
    m.version = m.manifest->version;
    forced.modules.push_back(std::move(m));
  }
  std::sort(forced.modules.begin(), forced.modules.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  CheckResult result = run_rules(loaded_.workspace, &forced, fs_);
  EXPECT_EQ(codes(result.findings), "MB3002");
  EXPECT_NE(diagnostics::render_text(*result.findings.begin(), loaded_.workspace.sources)
                .find("exclusive feature 'render.backend' is provided by 2 selected modules: gl, vk"),
            std::string::npos);
}

TEST_F(RulesTest, RulesStillRunWhenResolutionFails) {
  member("ecs", module("ecs", "core", std::string(ecs_contract)));
  member("app", module("app", "app", "[core]\necs = { version = \"^2\", data = [\"Transfrom\"] }\n"));
  // ^2 matches no version: no resolution, but the members are still checked.
  EXPECT_EQ(check(false), "MB3010 MB3003");
  EXPECT_FALSE(result_.resolved);
}

TEST_F(RulesTest, UsedThroughHeadersFeaturesAndContracts) {
  member("ecs", module("ecs", "core", std::string(ecs_contract)));
  member("sparse", module("sparse", "system", "[implements]\nmodule = \"ecs\"\nversion = \"^1\"\napi = [\"spawn\", \"despawn\"]\n"));
  member("physics", module("physics", "plugin", "[build]\ninclude = [\"include\"]\n"));
  fs_.add_file("/w/physics/include/physics/physics.h", "#pragma once\n");
  member("log", module("log", "plugin", "[features.provides]\nlog = \"1.0.0\"\n"));
  member("app", module("app", "app",
                       "[core]\necs = \"^1\"\n[dependencies]\nsparse = \"^1\"\nphysics = \"^1\"\nlog = \"^1\"\n"
                       "[features.requires]\nlog = \"^1\"\n[build]\nsources = [\"src/*.cpp\"]\n"));
  fs_.add_file("/w/app/src/main.cpp", "#include <cstdio>\n#include \"physics/physics.h\"\nint main() {}\n");
  EXPECT_EQ(check(), "") << text();
  fs_.add_file("/w/app/src/main.cpp", "int main() {}\n");
  EXPECT_EQ(check(), "MB3009");
}

TEST_F(RulesTest, SeverityOverridesAndDenyWarnings) {
  fs_.add_file("/w/modbuild.toml",
               "[workspace]\nmembers = [\"*\"]\n[diagnostics]\nunused_dependency = \"allow\"\nMB3010 = \"deny\"\n");
  member("log", module("log", "plugin"));
  member("tool", module("tool", "plugin", "[dependencies]\nlog = \"^2\"\n"));
  member("app", module("app", "app", "[dependencies]\nlog = \"^1\"\n"));
  EXPECT_EQ(check(), "MB3009 MB3009 MB3010") << "tool, which no root needs, is checked too";
  diagnostics::DiagnosticList findings = result_.findings;
  apply_severities(findings, loaded_.workspace.manifest, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings.begin()->code, diagnostics::Code::requirement_matches_nothing);
  EXPECT_EQ(findings.begin()->severity, diagnostics::Severity::error);

  fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"*\"]\n");
  check();
  findings = result_.findings;
  apply_severities(findings, loaded_.workspace.manifest, {true});
  EXPECT_EQ(findings.count(diagnostics::Severity::error), 3u) << "--deny-warnings";
}

TEST(LoadOrderTest, DependenciesFirstTiesByNameAndCyclesHaveNone) {
  std::vector<std::string> order;
  EXPECT_TRUE(load_order({"a", "b", "c", "d"}, {{2}, {}, {1}, {}}, order));
  EXPECT_EQ(order, (std::vector<std::string>{"b", "c", "a", "d"}));
  EXPECT_FALSE(load_order({"a", "b"}, {{1}, {0}}, order));
}

}  // namespace
}  // namespace modbuild::validator
