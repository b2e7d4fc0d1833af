// Workspace resolution on in-memory workspaces: roots, feature providers,
// options, registries, the lockfile, and every diagnostic it reports.
#include "modbuild/resolver/resolve.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "modbuild/diagnostics/render.h"
#include "modbuild/manifest/registry.h"
#include "modbuild/semver/version.h"

namespace modbuild::resolver {
namespace {

std::string module(std::string_view name, std::string_view version, std::string_view kind, std::string_view rest = "") {
  return fmt::format("[module]\nname = \"{}\"\nversion = \"{}\"\nkind = \"{}\"\n{}", name, version, kind, rest);
}

class ResolveTest : public ::testing::Test {
 protected:
  void member(const std::string& dir, const std::string& text) { fs_.add_file("/w/" + dir + "/module.toml", text); }

  ResolveResult resolve(const ResolveOptions& options = {}) {
    loaded_ = manifest::load_workspace(fs_, "/w", "");
    EXPECT_FALSE(loaded_.diagnostics.has_errors()) << render(loaded_.diagnostics);
    return resolve_workspace(loaded_.workspace, fs_, options);
  }

  std::string render(const diagnostics::DiagnosticList& list) {
    std::string out;
    for (const auto& d : list) out += diagnostics::render_text(d, loaded_.workspace.sources) + "\n";
    return out;
  }
  std::string codes(const diagnostics::DiagnosticList& list) {
    std::string out;
    for (const auto& d : list) out += (out.empty() ? "" : " ") + std::string(diagnostics::info(d.code).id);
    return out;
  }
  static std::string selection(const Resolution& r) {
    std::string out;
    for (const auto& m : r.modules) out += (out.empty() ? "" : ", ") + m.name + " " + m.version.to_string();
    return out;
  }

  void workspace(std::string extra = "") {
    fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"*\"]\n" + extra);
  }

  void publish(const std::string& text) {
    diagnostics::SourceMap sources;
    diagnostics::DiagnosticList problems;
    auto m = manifest::parse_module_manifest(sources, sources.add("m.toml", text), problems);
    ASSERT_TRUE(m && !problems.has_errors());
    ASSERT_TRUE(manifest::publish_version(fs_, "/registry", *m, text).has_value());
  }

  support::MemoryFileSystem fs_;
  manifest::LoadResult loaded_;
};

TEST_F(ResolveTest, ProvidersComeFromThePolicyAndExclusiveAlternativesStayOut) {
  workspace("[providers]\n\"render.backend\" = \"raster\"\n");
  member("rendering", module("rendering", "2.1.0", "core"));
  member("raster", module("raster", "2.1.0", "system",
                          "[implements]\nmodule = \"rendering\"\nversion = \"^2\"\n"
                          "[features.provides]\n\"render.backend\" = { version = \"2.1.0\", exclusive = true }\n"));
  member("ascii", module("ascii", "2.0.0", "system",
                         "[implements]\nmodule = \"rendering\"\nversion = \"^2\"\n"
                         "[features.provides]\n\"render.backend\" = { version = \"2.0.0\", exclusive = true }\n"));
  member("app", module("app", "0.1.0", "app", "[features.requires]\n\"render.backend\" = \"^2.0\"\n"));
  ResolveResult result = resolve();
  ASSERT_TRUE(result.resolution) << render(result.diagnostics);
  EXPECT_EQ(selection(*result.resolution), "app 0.1.0, raster 2.1.0, rendering 2.1.0");
  const SelectedModule* app = result.resolution->find("app");
  EXPECT_EQ(app->features, (std::vector<std::pair<std::string, std::string>>{{"render.backend", "raster"}}));
  EXPECT_EQ(app->dependencies, std::vector<std::string>{"raster"});
  ASSERT_EQ(result.resolution->providers.size(), 1u);
  EXPECT_EQ(result.resolution->providers[0].why, ProviderChoice::Why::policy);
  EXPECT_EQ(result.resolution->roots, std::vector<std::string>{"app"});
}

TEST_F(ResolveTest, AnAlreadySelectedProviderWinsOverThePolicy) {
  workspace("[providers]\n\"render.backend\" = \"raster\"\n");
  member("raster", module("raster", "2.1.0", "plugin", "[features.provides]\n\"render.backend\" = \"2.1.0\"\n"));
  member("ascii", module("ascii", "2.0.0", "plugin", "[features.provides]\n\"render.backend\" = \"2.0.0\"\n"));
  member("app", module("app", "0.1.0", "app",
                       "[dependencies]\nascii = \"^2\"\n[features.requires]\n\"render.backend\" = \"^2.0\"\n"));
  ResolveResult result = resolve();
  ASSERT_TRUE(result.resolution) << render(result.diagnostics);
  EXPECT_EQ(selection(*result.resolution), "app 0.1.0, ascii 2.0.0");
  EXPECT_EQ(result.resolution->providers[0].why, ProviderChoice::Why::already_selected);
}

TEST_F(ResolveTest, AProviderSelectedForAnotherReasonIsADependencyOfTheRequirer) {
  // app brings in sound through a dependency before mixer's feature is looked
  // at, so the feature adds no requirement edge from mixer to sound.
  workspace();
  member("sound", module("sound", "1.0.0", "plugin", "[features.provides]\naudio = \"1.0.0\"\n"));
  member("mixer", module("mixer", "1.0.0", "plugin", "[features.requires]\naudio = \"^1\"\n"));
  member("app", module("app", "0.1.0", "app", "[dependencies]\nmixer = \"^1\"\nsound = \"^1\"\n"));
  ResolveResult result = resolve();
  ASSERT_TRUE(result.resolution) << render(result.diagnostics);
  ASSERT_EQ(result.resolution->providers.size(), 1u);
  EXPECT_EQ(result.resolution->providers[0].why, ProviderChoice::Why::already_selected);
  const SelectedModule* mixer = result.resolution->find("mixer");
  EXPECT_EQ(mixer->features, (std::vector<std::pair<std::string, std::string>>{{"audio", "sound"}}));
  EXPECT_EQ(mixer->dependencies, std::vector<std::string>{"sound"});
  EXPECT_EQ(result.resolution->find("app")->dependencies, (std::vector<std::string>{"mixer", "sound"}));
}

TEST_F(ResolveTest, AModuleProvidingWhatItRequiresDoesNotDependOnItself) {
  workspace();
  member("mixer", module("mixer", "1.0.0", "app",
                         "[features.provides]\naudio = \"1.0.0\"\n[features.requires]\naudio = \"^1\"\n"));
  ResolveResult result = resolve();
  ASSERT_TRUE(result.resolution) << render(result.diagnostics);
  const SelectedModule* mixer = result.resolution->find("mixer");
  EXPECT_EQ(mixer->features, (std::vector<std::pair<std::string, std::string>>{{"audio", "mixer"}}));
  EXPECT_TRUE(mixer->dependencies.empty());
}

TEST_F(ResolveTest, AmbiguousMissingAndWrongProviders) {
  workspace();
  member("raster", module("raster", "2.1.0", "plugin", "[features.provides]\n\"render.backend\" = \"2.1.0\"\n"));
  member("ascii", module("ascii", "2.0.0", "plugin", "[features.provides]\n\"render.backend\" = \"2.0.0\"\n"));
  member("app", module("app", "0.1.0", "app", "[features.requires]\n\"render.backend\" = \"^2.0\"\naudio = \"^1\"\n"));
  ResolveResult result = resolve();
  EXPECT_FALSE(result.resolution);
  EXPECT_EQ(codes(result.diagnostics), "MB2004 MB2005");
  const std::string text = render(result.diagnostics);
  EXPECT_NE(text.find("error[MB2004]: feature 'render.backend' required by app could be provided by 2 modules: ascii, "
                      "raster"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("= help: choose one in modbuild.toml:\n          [providers]\n          \"render.backend\" = \"ascii\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("no module provides feature 'audio' ^1 required by app"), std::string::npos) << text;

  fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"*\"]\n[providers]\n\"render.backend\" = \"app\"\n");
  member("app", module("app", "0.1.0", "app", "[features.requires]\n\"render.backend\" = \"^2.0\"\n"));
  result = resolve();
  EXPECT_EQ(codes(result.diagnostics), "MB2006");
}

TEST_F(ResolveTest, OptionsTurnOnOptionalDependencies) {
  workspace();
  member("log", module("log", "1.0.0", "plugin"));
  member("physics", module("physics", "0.3.0", "plugin",
                           "[dependencies]\nlog = { version = \"^1\", optional = true }\n[options]\ntrace = [\"log\"]\n"));
  member("app", module("app", "0.1.0", "app", "[dependencies]\nphysics = { version = \"^0.3\", options = [\"trace\"] }\n"));
  ResolveResult result = resolve();
  ASSERT_TRUE(result.resolution) << render(result.diagnostics);
  EXPECT_EQ(selection(*result.resolution), "app 0.1.0, log 1.0.0, physics 0.3.0");
  EXPECT_EQ(result.resolution->find("physics")->options, std::vector<std::string>{"trace"});
  EXPECT_EQ(result.resolution->rounds, 2u);

  member("app", module("app", "0.1.0", "app", "[dependencies]\nphysics = { version = \"^0.3\", options = [\"tarce\"] }\n"));
  result = resolve();
  EXPECT_EQ(codes(result.diagnostics), "MB2014");
}

TEST_F(ResolveTest, BadRequirementsUnknownModulesAndRoots) {
  workspace("roots = [\"ap\"]\n");
  member("app", module("app", "0.1.0", "app", "[dependencies]\nphysics = \"^0.3 || ^0.4\"\n"));
  EXPECT_EQ(codes(resolve().diagnostics), "MB2013");

  workspace();
  ResolveResult result = resolve();
  EXPECT_EQ(codes(result.diagnostics), "MB2001");
  EXPECT_NE(render(result.diagnostics).find("app/module.toml:6:17: error[MB2001]: invalid version requirement"),
            std::string::npos)
      << render(result.diagnostics);

  member("app", module("app", "0.1.0", "app", "[dependencies]\nphysic = \"^0.3\"\n"));
  member("physics", module("physics", "0.3.0", "plugin"));
  result = resolve();
  EXPECT_EQ(codes(result.diagnostics), "MB2002");
  EXPECT_NE(render(result.diagnostics).find("did you mean 'physics'?"), std::string::npos);
}

TEST_F(ResolveTest, ExclusiveProvidersSelectedTogetherAreExplained) {
  workspace();
  member("raster", module("raster", "2.1.0", "plugin",
                          "[features.provides]\n\"render.backend\" = { version = \"2.1.0\", exclusive = true }\n"));
  member("ascii", module("ascii", "2.0.0", "plugin", "[features.provides]\n\"render.backend\" = \"2.0.0\"\n"));
  member("app", module("app", "0.1.0", "app", "[dependencies]\nraster = \"^2\"\nascii = \"^2\"\n"));
  ResolveResult result = resolve();
  EXPECT_FALSE(result.resolution);
  EXPECT_EQ(codes(result.diagnostics), "MB2003");
  const std::string text = render(result.diagnostics);
  EXPECT_NE(text.find("ascii 2.0.0 and raster 2.1.0 all provide the exclusive feature render.backend "
                      "(raster/module.toml:6)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("select a single provider of render.backend"), std::string::npos) << text;
  ASSERT_TRUE(result.derivation);
  EXPECT_TRUE(result.derivation->contains("incompatibilities"));
}

TEST_F(ResolveTest, RegistryVersionsLockingYankingAndChecksums) {
  workspace("[registries]\nlocal = \"/registry\"\n");
  publish(module("physics", "0.3.0", "plugin"));
  publish(module("physics", "0.3.1", "plugin"));
  publish(module("physics", "0.4.0", "plugin"));
  member("app", module("app", "0.1.0", "app", "[dependencies]\nphysics = \"^0.3\"\n"));
  ResolveResult result = resolve();
  ASSERT_TRUE(result.resolution) << render(result.diagnostics);
  EXPECT_EQ(selection(*result.resolution), "app 0.1.0, physics 0.3.1");
  EXPECT_EQ(result.resolution->find("physics")->source, "registry:local");

  // A locked version is preferred while it still matches; update unlocks it.
  manifest::Lockfile lock = result.resolution->to_lockfile();
  lock.modules[1].version = *semver::parse_version("0.3.0");
  lock.modules[1].checksum = result.resolution->find("physics")->checksum;
  ResolveOptions locked;
  locked.lockfile = &lock;
  result = resolve(locked);
  EXPECT_EQ(codes(result.diagnostics), "MB2015") << "the lock's checksum belongs to 0.3.1, not 0.3.0";
  ASSERT_TRUE(result.resolution);
  EXPECT_EQ(result.resolution->find("physics")->version.to_string(), "0.3.0");
  EXPECT_TRUE(result.resolution->find("physics")->locked);
  locked.unlock = {"physics"};
  EXPECT_EQ(resolve(locked).resolution->find("physics")->version.to_string(), "0.3.1");

  // Yanked: skipped for new resolutions, kept (with a warning) when locked.
  ASSERT_TRUE(manifest::set_yanked(fs_, "/registry", "physics", *semver::parse_version("0.3.1"), true).has_value());
  EXPECT_EQ(resolve().resolution->find("physics")->version.to_string(), "0.3.0");
  manifest::Lockfile yanked_lock = lock;
  yanked_lock.modules[1].version = *semver::parse_version("0.3.1");
  locked = {};
  locked.lockfile = &yanked_lock;
  result = resolve(locked);
  EXPECT_EQ(result.resolution->find("physics")->version.to_string(), "0.3.1");
  EXPECT_EQ(codes(result.diagnostics), "MB2016");
}

TEST_F(ResolveTest, MissingRegistryAndStepLimit) {
  workspace("[registries]\nnowhere = \"../nowhere\"\n");
  member("app", module("app", "0.1.0", "app"));
  EXPECT_EQ(codes(resolve().diagnostics), "MB2010");

  workspace();
  member("a", module("a", "1.0.0", "plugin"));
  member("app", module("app", "0.1.0", "app", "[dependencies]\na = \"^1\"\n"));
  ResolveOptions tiny;
  tiny.max_steps = 1;
  EXPECT_EQ(codes(resolve(tiny).diagnostics), "MB2012");
}

TEST(LockChangesTest, NamesEveryChangedModule) {
  manifest::Lockfile before, after;
  auto entry = [](std::string name, std::string version, std::vector<std::string> deps) {
    manifest::LockedModule m;
    m.name.value = std::move(name);
    m.version = *semver::parse_version(version);
    m.source = "workspace:x";
    m.checksum = "sha256:" + std::string(64, 'a');
    m.dependencies = std::move(deps);
    return m;
  };
  before.modules = {entry("a", "1.0.0", {}), entry("b", "1.0.0", {"a"}), entry("c", "1.0.0", {})};
  after.modules = {entry("a", "1.1.0", {}), entry("b", "1.0.0", {"d"}), entry("d", "2.0.0", {})};
  EXPECT_EQ(describe_lock_changes(before, after),
            (std::vector<std::string>{"~ a 1.0.0 -> 1.1.0", "~ b 1.0.0: dependencies +d -a", "- c 1.0.0", "+ d 2.0.0"}));
  EXPECT_TRUE(describe_lock_changes(after, after).empty());
}

}  // namespace
}  // namespace modbuild::resolver
