// Nothing outside the workspace is read, quoted or built: manifests,
// lockfiles and workspace files that are links to elsewhere, [build] paths
// that climb out or are absolute, files found through links, and file names
// CMake would read as syntax. Real processes on real links, from a copy of
// tests/workspaces/minimal.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"
#include "process.h"

namespace modbuild::testing {
namespace {

namespace fs = std::filesystem;

class ConfinementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(temp_.path()) / "w";
    copy_workspace(MODBUILD_SOURCE_DIR "/tests/workspaces/minimal", root_.string());
  }

  ProcessResult modbuild(const std::vector<std::string>& args, std::map<std::string, std::string> env = {}) {
    env.emplace("NO_COLOR", "1");
    return run_process(MODBUILD_EXE, args, root_.string(), env);
  }

  void append(const fs::path& relative, const std::string& text) { std::ofstream(root_ / relative, std::ios::app) << text; }

  support::TempDir temp_;
  fs::path root_;
};

TEST_F(ConfinementTest, AManifestLinkedToTheEnvironmentIsNeitherReadNorQuoted) {
  fs::remove(root_ / "systems/clock-steady/module.toml");
  fs::create_symlink("/proc/self/environ", root_ / "systems/clock-steady/module.toml");
  const ProcessResult check = modbuild({"check"}, {{"SECRET_TOKEN", "do-not-print-this"}});
  EXPECT_EQ(check.status, 1) << check.err;
  EXPECT_NE(check.err.find("error[MB1022]: 'systems/clock-steady/module.toml' leads outside the workspace"),
            std::string::npos)
      << check.err;
  EXPECT_EQ(check.err.find("do-not-print-this"), std::string::npos) << check.err;
  EXPECT_EQ(check.out.find("do-not-print-this"), std::string::npos) << check.out;
}

TEST_F(ConfinementTest, BuildPathsThatClimbOutOrAreAbsoluteAreRefused) {
  std::string manifest = read_file(root_ / "core/clock/module.toml");
  manifest.replace(manifest.find("sources = "), 0, "include = [\"../../../../../../etc\"]\napi-headers = [\"/etc/passwd\"]\n");
  std::ofstream(root_ / "core/clock/module.toml") << manifest;
  const ProcessResult check = modbuild({"check"});
  EXPECT_EQ(check.status, 1);
  EXPECT_NE(check.err.find("include directory '../../../../../../etc' leads outside the workspace"), std::string::npos)
      << check.err;
  EXPECT_NE(check.err.find("API header '/etc/passwd' leads outside the workspace"), std::string::npos) << check.err;
  for (const char* command : {"plan", "gen"}) {
    const ProcessResult result = modbuild({command});
    EXPECT_EQ(result.status, 1) << command;
    EXPECT_EQ(result.out.find("/etc"), std::string::npos) << command << " listed a path outside:\n" << result.out;
    EXPECT_EQ(result.err.find("root:"), std::string::npos) << command << " quoted /etc/passwd:\n" << result.err;
  }
}

TEST_F(ConfinementTest, ALinkedLockfileOrWorkspaceFileIsRefused) {
  fs::create_symlink("/etc/hostname", root_ / "modbuild.lock");
  const ProcessResult locked = modbuild({"check"});
  EXPECT_EQ(locked.status, 1);
  EXPECT_NE(locked.err.find("error[MB1022]: 'modbuild.lock' leads outside the workspace"), std::string::npos)
      << locked.err;
  fs::remove(root_ / "modbuild.lock");

  fs::rename(root_ / "modbuild.toml", fs::path(temp_.path()) / "elsewhere.toml");
  fs::create_symlink(fs::path(temp_.path()) / "elsewhere.toml", root_ / "modbuild.toml");
  const ProcessResult linked = modbuild({"check"});
  EXPECT_EQ(linked.status, 1);
  EXPECT_NE(linked.err.find("error[MB1022]: 'modbuild.toml' leads outside the workspace"), std::string::npos)
      << linked.err;
}

// Once: a broken modbuild.toml left nothing to judge the lockfile against,
// and an ordinary lockfile was reported as lying outside.
TEST_F(ConfinementTest, ABrokenWorkspaceFileDoesNotMakeTheLockfileLookOutside) {
  ASSERT_EQ(modbuild({"resolve"}).status, 0);
  std::ofstream(root_ / "modbuild.toml", std::ios::app) << "[[[broken\n";
  const ProcessResult check = modbuild({"check"});
  EXPECT_EQ(check.status, 1);
  EXPECT_NE(check.err.find("MB1001"), std::string::npos) << check.err;
  EXPECT_EQ(check.err.find("MB1022"), std::string::npos) << check.err;
}

// A member checked out beside the workspace and linked in: refused until the
// workspace file names the directory.
TEST_F(ConfinementTest, AllowOutsideLetsANamedDirectoryIn) {
  const fs::path outside = fs::path(temp_.path()) / "outside";
  fs::create_directories(outside);
  fs::rename(root_ / "systems/clock-steady", outside / "clock-steady");
  fs::create_directory_symlink(outside / "clock-steady", root_ / "systems/clock-steady");
  const ProcessResult refused = modbuild({"check"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("error[MB1022]"), std::string::npos) << refused.err;

  append("modbuild.toml", "allow-outside = [\"../outside\"]\n");
  const ProcessResult allowed = modbuild({"check"});
  EXPECT_EQ(allowed.status, 0) << allowed.err;
  EXPECT_EQ(modbuild({"plan"}).status, 0);

  std::string text = read_file(root_ / "modbuild.toml");
  text.replace(text.find("../outside"), 10, "../missing");
  std::ofstream(root_ / "modbuild.toml") << text;
  const ProcessResult missing = modbuild({"check"});
  EXPECT_NE(missing.err.find("allowed directory '../missing' does not exist"), std::string::npos) << missing.err;
}

// The workspace file travels with the workspace: it cannot open the machine.
TEST_F(ConfinementTest, AllowOutsideCannotOpenTheMachine) {
  fs::remove(root_ / "systems/clock-steady/module.toml");
  fs::create_symlink("/proc/self/environ", root_ / "systems/clock-steady/module.toml");
  for (const char* wide : {"/", "..", "/proc", "/etc"}) {
    std::ofstream(root_ / "modbuild.toml")
        << "[workspace]\nmembers = [\"core/*\", \"systems/*\"]\nallow-outside = [\"" << wide << "\"]\n";
    const ProcessResult check = modbuild({"check"}, {{"SECRET_TOKEN", "do-not-print-this"}});
    EXPECT_EQ(check.status, 1) << wide;
    EXPECT_NE(check.err.find("may not be allowed"), std::string::npos) << wide << "\n" << check.err;
    EXPECT_EQ(check.err.find("do-not-print-this"), std::string::npos) << wide << "\n" << check.err;
  }
}

// A registry inside the workspace whose index is a link elsewhere.
TEST_F(ConfinementTest, ARegistryIndexLinkedElsewhereIsNotParsed) {
  fs::create_directories(root_ / "registry");
  fs::create_symlink("/proc/self/environ", root_ / "registry/clock.toml");
  std::ofstream(root_ / "modbuild.toml") << "[workspace]\nmembers = [\"systems/*\"]\n[registries]\nlocal = \"registry\"\n";
  const ProcessResult check = modbuild({"check"}, {{"SECRET_TOKEN", "do-not-print-this"}});
  EXPECT_EQ(check.status, 1);
  EXPECT_NE(check.err.find("leads outside its registry"), std::string::npos) << check.err;
  EXPECT_EQ(check.err.find("do-not-print-this"), std::string::npos) << check.err;
}

TEST_F(ConfinementTest, FilesFoundThroughALinkToElsewhereAreNotBuilt) {
  const fs::path outside = fs::path(temp_.path()) / "outside-src";
  fs::create_directories(outside);
  std::ofstream(outside / "stolen.cpp") << "int stolen;\n";
  fs::create_directory_symlink(outside, root_ / "core/clock/src/vendor");
  std::string manifest = read_file(root_ / "core/clock/module.toml");
  manifest.replace(manifest.find("\"src/*.cpp\""), 11, "\"src/*.cpp\", \"src/*/*.cpp\"");
  std::ofstream(root_ / "core/clock/module.toml") << manifest;
  // check, the gate, refuses what plan and build would not build.
  for (const char* command : {"check", "plan"}) {
    const ProcessResult result = modbuild({command});
    EXPECT_EQ(result.status, 1) << command;
    EXPECT_NE(result.err.find("error[MB1022]: source file 'src/vendor/stolen.cpp' leads outside the workspace, to '" +
                              (outside / "stolen.cpp").string() + "'"),
              std::string::npos)
        << command << "\n" << result.err;
    EXPECT_NE(result.err.find("'src/*/*.cpp' matches 'src/vendor/stolen.cpp'"), std::string::npos) << result.err;
  }
}

TEST_F(ConfinementTest, ALinkIsFollowedWhateverPartOfThePatternReachesIt) {
  const fs::path outside = fs::path(temp_.path()) / "outside-src";
  fs::create_directories(outside);
  std::ofstream(outside / "stolen.cpp") << "int stolen;\n";
  fs::create_symlink(outside / "stolen.cpp", root_ / "core/clock/src/linked.cpp");  // the file is the link
  fs::create_directory_symlink(outside, root_ / "core/clock/vendor");             // a literal segment is
  std::string manifest = read_file(root_ / "core/clock/module.toml");
  manifest.replace(manifest.find("\"src/*.cpp\""), 11, "\"src/*.cpp\", \"vendor/stolen.cpp\"");
  std::ofstream(root_ / "core/clock/module.toml") << manifest;
  const ProcessResult check = modbuild({"check"});
  EXPECT_EQ(check.status, 1);
  for (const char* file : {"src/linked.cpp", "vendor/stolen.cpp"}) {
    EXPECT_NE(check.err.find(std::string("error[MB1022]: source file '") + file + "' leads outside the workspace"),
              std::string::npos)
        << file << "\n" << check.err;
  }
}

TEST_F(ConfinementTest, AModuleDirectoryReachedThroughALinkHasItsFilesResolved) {
  // systems/clock-steady is a link to a directory outside whose module.toml
  // links back into the workspace: the manifest is inside, its sources not.
  const fs::path outside = fs::path(temp_.path()) / "outside-module";
  fs::create_directories(outside / "src");
  std::ofstream(outside / "src/clock_steady.cpp") << "int steady;\n";
  fs::rename(root_ / "systems/clock-steady/module.toml", root_ / "clock-steady.toml");
  fs::remove_all(root_ / "systems/clock-steady");
  fs::create_symlink(root_ / "clock-steady.toml", outside / "module.toml");
  fs::create_directory_symlink(outside, root_ / "systems/clock-steady");
  const ProcessResult check = modbuild({"check"});
  EXPECT_EQ(check.status, 1);
  EXPECT_NE(check.err.find("error[MB1022]: source file 'src/clock_steady.cpp' leads outside the workspace"),
            std::string::npos)
      << check.err;
}

TEST_F(ConfinementTest, AWorkspaceDirectoryCMakeWouldSplitIsRefused) {
  const fs::path split = fs::path(temp_.path()) / "w;x";
  fs::rename(root_, split);
  const ProcessResult check = run_process(MODBUILD_EXE, {"check"}, split.string(), {{"NO_COLOR", "1"}});
  EXPECT_EQ(check.status, 1);
  EXPECT_NE(check.err.find("error[MB1023]: the workspace directory '" + split.string() +
                           "' has ';', which CMake reads as a list separator"),
            std::string::npos)
      << check.err;
}

TEST_F(ConfinementTest, FileNamesCMakeWouldSplitAreRefused) {
  std::ofstream(root_ / "core/clock/src/a;b.cpp") << "int ab;\n";
  for (const char* command : {"check", "plan"}) {
    const ProcessResult result = modbuild({command});
    EXPECT_EQ(result.status, 1) << command;
    EXPECT_NE(result.err.find("error[MB1023]: source file 'src/a;b.cpp' has ';', which CMake reads as a list separator"),
              std::string::npos)
        << command << "\n" << result.err;
  }
}

TEST_F(ConfinementTest, DefaultPatternsAndMemberDirectoriesAreCheckedToo) {
  // The default test pattern tests/*.cpp, located at the module's name.
  fs::create_directories(root_ / "systems/clock-steady/tests");
  std::ofstream(root_ / "systems/clock-steady/tests/x$y.cpp") << "int main() {}\n";
  const ProcessResult defaulted = modbuild({"check"});
  EXPECT_EQ(defaulted.status, 1);
  EXPECT_NE(defaulted.err.find("systems/clock-steady/module.toml:2:8: error[MB1023]: test file 'tests/x$y.cpp' has "
                               "'$', which CMake reads as"),
            std::string::npos)
      << defaulted.err;
  EXPECT_NE(defaulted.err.find("'tests/*.cpp' matches 'tests/x$y.cpp'"), std::string::npos) << defaulted.err;
  fs::remove(root_ / "systems/clock-steady/tests/x$y.cpp");

  fs::rename(root_ / "systems/clock-steady", root_ / "systems/clock;steady");
  const ProcessResult member = modbuild({"check"});
  EXPECT_EQ(member.status, 1);
  EXPECT_NE(member.err.find("error[MB1023]: member directory 'systems/clock;steady' has ';'"), std::string::npos)
      << member.err;
}

}  // namespace
}  // namespace modbuild::testing
