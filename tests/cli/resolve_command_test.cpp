// `modbuild resolve` on a real copy of the example engine: the lockfile is
// written once, left alone when nothing changes, and guarded by --locked.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "process.h"

namespace modbuild::testing {
namespace {

namespace fs = std::filesystem;

void replace_in_file(const fs::path& path, const std::string& from, const std::string& to) {
  std::string text = read_file(path);
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in " << path;
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
}

class ResolveCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "modbuild-resolve-XXXXXX").string();
    root_ = fs::path(::mkdtemp(pattern.data())) / "engine";
    fs::copy(fs::path(MODBUILD_SOURCE_DIR) / "engine-modules", root_, fs::copy_options::recursive);
    fs::remove(root_ / "modbuild.lock");
  }
  void TearDown() override { fs::remove_all(root_.parent_path()); }

  ProcessResult modbuild(const std::vector<std::string>& args) {
    return run_process(MODBUILD_EXE, args, root_.string(), {{"NO_COLOR", "1"}});
  }

  fs::path root_;
};

TEST_F(ResolveCommandTest, WritesOnceThenGuardsTheLockfile) {
  ProcessResult first = modbuild({"resolve"});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("wrote modbuild.lock"), std::string::npos) << first.out;
  const std::string lock = read_file(root_ / "modbuild.lock");
  EXPECT_EQ(lock, read_file(fs::path(MODBUILD_SOURCE_DIR) / "engine-modules" / "modbuild.lock"))
      << "the committed lockfile of engine-modules must be what resolve writes";
  const auto written_at = fs::last_write_time(root_ / "modbuild.lock");

  ProcessResult second = modbuild({"resolve"});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.out.find("modbuild.lock is up to date"), std::string::npos) << second.out;
  EXPECT_EQ(fs::last_write_time(root_ / "modbuild.lock"), written_at) << "an unchanged lockfile is not rewritten";
  EXPECT_EQ(modbuild({"resolve", "--locked"}).status, 0);

  replace_in_file(root_ / "plugins/physics/module.toml", "ecs-sparse = \"^1.2\"", "ecs-sparse = \"^1.1\"");
  ProcessResult locked = modbuild({"resolve", "--locked"});
  EXPECT_EQ(locked.status, 1);
  EXPECT_NE(locked.err.find("error[MB2008]: modbuild.lock is out of date"), std::string::npos) << locked.err;
  EXPECT_NE(locked.err.find("~ physics 0.3.0: manifest changed (checksum)"), std::string::npos) << locked.err;
  EXPECT_EQ(read_file(root_ / "modbuild.lock"), lock) << "--locked never writes";
}

TEST_F(ResolveCommandTest, CorruptLockfileIsReportedAndKept) {
  std::ofstream(root_ / "modbuild.lock") << "version = 1\n[[module]]\nname = \"ecs\"\n";
  ProcessResult result = modbuild({"resolve"});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("MB2007"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(root_ / "modbuild.lock"), "version = 1\n[[module]]\nname = \"ecs\"\n");
  // `update` re-resolves from scratch and may replace it.
  ProcessResult update = modbuild({"update"});
  EXPECT_EQ(update.status, 0) << update.err;
  EXPECT_NE(read_file(root_ / "modbuild.lock").find("name = \"sandbox\""), std::string::npos);
}

// The same versions in other text: --locked must say where it differs and
// why, or the gate fails with nothing to fix.
TEST_F(ResolveCommandTest, ALockfileThatDiffersOnlyInTextSaysWhere) {
  ASSERT_EQ(modbuild({"resolve"}).status, 0);
  const std::string lock = read_file(root_ / "modbuild.lock");
  std::string crlf;
  for (char c : lock) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  std::ofstream(root_ / "modbuild.lock", std::ios::binary) << crlf;
  ProcessResult line_endings = modbuild({"resolve", "--locked"});
  EXPECT_EQ(line_endings.status, 1);
  EXPECT_NE(line_endings.err.find("modbuild.lock:1:1: error[MB2008]: modbuild.lock locks the same versions but is "
                                  "not the text modbuild writes"),
            std::string::npos)
      << line_endings.err;
  EXPECT_NE(line_endings.err.find("Windows line endings (CRLF)"), std::string::npos) << line_endings.err;

  std::string commented = lock;
  commented.insert(commented.find("[[module]]"), "# pinned by hand\n");
  std::ofstream(root_ / "modbuild.lock", std::ios::binary) << commented;
  ProcessResult comment = modbuild({"check", "--locked"});
  EXPECT_EQ(comment.status, 1);
  EXPECT_NE(comment.err.find("# pinned by hand\n"), std::string::npos) << "the line is shown:\n" << comment.err;
  EXPECT_NE(comment.err.find("modbuild writes no comment here"), std::string::npos) << comment.err;

  std::ofstream(root_ / "modbuild.lock", std::ios::binary) << lock.substr(0, lock.size() - 1);
  ProcessResult no_final_newline = modbuild({"resolve", "--locked"});
  EXPECT_EQ(no_final_newline.status, 1);
  EXPECT_NE(no_final_newline.err.find("the last line has no line break at its end"), std::string::npos)
      << no_final_newline.err;
}

// A damaged index in the registry is shown where it is damaged, never rewritten.
TEST_F(ResolveCommandTest, ADamagedRegistryIndexIsShownWhereItIsDamaged) {
  const fs::path registry = root_.parent_path() / "registry";
  fs::create_directories(registry);
  const std::string damaged = "format = 1\nmodule = \"physics\"\n[[versions]\n";
  std::ofstream(registry / "physics.toml") << damaged;
  ProcessResult published = modbuild({"publish", "physics", "--registry", registry.string()});
  EXPECT_EQ(published.status, 1);
  EXPECT_NE(published.err.find("physics.toml:3:"), std::string::npos) << published.err;
  EXPECT_NE(published.err.find("error[MB2009]"), std::string::npos) << published.err;
  EXPECT_NE(published.err.find("3 | [[versions]"), std::string::npos) << "the damaged line is shown:\n" << published.err;
  EXPECT_EQ(read_file(registry / "physics.toml"), damaged);
  ProcessResult yanked = modbuild({"yank", "physics@0.3.0", "--registry", registry.string()});
  EXPECT_EQ(yanked.status, 1);
  EXPECT_NE(yanked.err.find("error[MB2009]"), std::string::npos) << yanked.err;
}

TEST_F(ResolveCommandTest, PublishedModulesResolveFromARegistry) {
  const fs::path registry = root_.parent_path() / "registry";
  for (const char* module : {"physics", "ecs", "ecs-sparse", "console", "console-stdio"}) {
    ProcessResult published = modbuild({"publish", module, "--registry", registry.string()});
    ASSERT_EQ(published.status, 0) << published.err;
  }
  EXPECT_EQ(modbuild({"publish", "physics", "--registry", registry.string()}).status, 1) << "never republish";
  for (const char* unpublished : {"physics@0.4.0", "render-raster@1.0.0"}) {
    ProcessResult yanked = modbuild({"yank", unpublished, "--registry", registry.string()});
    EXPECT_EQ(yanked.status, 1) << unpublished;
    EXPECT_NE(yanked.err.find("error[MB2017]: "), std::string::npos) << yanked.err;
  }
  EXPECT_NE(modbuild({"yank", "physics@0.4.0", "--registry", registry.string()}).err.find("(published: 0.3.0)"),
            std::string::npos);
  // A second workspace that has only an app and finds the rest in the registry.
  const fs::path app = root_.parent_path() / "app-only";
  fs::create_directories(app / "apps");
  fs::copy(root_ / "apps/sandbox", app / "apps/sandbox", fs::copy_options::recursive);
  for (const char* module : {"core/rendering", "systems/render-raster"}) {
    fs::create_directories(app / module);
    fs::copy(root_ / module, app / module, fs::copy_options::recursive);
  }
  std::ofstream(app / "modbuild.toml") << "[workspace]\nmembers = [\"apps/*\", \"core/*\", \"systems/*\"]\n"
                                       << "[registries]\nlocal = \"" << registry.string() << "\"\n";
  ProcessResult resolved = run_process(MODBUILD_EXE, {"resolve"}, app.string(), {{"NO_COLOR", "1"}});
  ASSERT_EQ(resolved.status, 0) << resolved.err;
  const std::string lock = read_file(app / "modbuild.lock");
  EXPECT_NE(lock.find("name = \"physics\"\nversion = \"0.3.0\"\nsource = \"registry:local\""), std::string::npos) << lock;
}

// Once lost versions with exit 0: two publishers read the same index, each
// added its version and wrote the file whole. Every reported success must be
// in the index.
TEST_F(ResolveCommandTest, ConcurrentPublishesIntoOneRegistryKeepEveryVersion) {
  const fs::path registry = root_.parent_path() / "shared-registry";
  constexpr int kPublishers = 12;
  std::vector<fs::path> workspaces;
  for (int i = 0; i < kPublishers; ++i) {
    const fs::path workspace = root_.parent_path() / ("publisher-" + std::to_string(i));
    fs::create_directories(workspace / "core/clock");
    std::ofstream(workspace / "modbuild.toml") << "[workspace]\nmembers = [\"core/*\"]\n";
    std::ofstream(workspace / "core/clock/module.toml")
        << "[module]\nname = \"clock\"\nversion = \"1.0." << i << "\"\nkind = \"core\"\n";
    workspaces.push_back(workspace);
  }
  std::vector<std::future<ProcessResult>> running;
  for (const fs::path& workspace : workspaces) {
    running.push_back(std::async(std::launch::async, [&, workspace] {
      return run_process(MODBUILD_EXE, {"publish", "clock", "--registry", registry.string()}, workspace.string(),
                         {{"NO_COLOR", "1"}});
    }));
  }
  int succeeded = 0;
  for (auto& publish : running) {
    ProcessResult result = publish.get();
    EXPECT_EQ(result.status, 0) << result.err;
    succeeded += result.status == 0;
  }
  const std::string index = read_file(registry / "clock.toml");
  int listed = 0;
  for (std::size_t at = index.find("[[versions]]"); at != std::string::npos; at = index.find("[[versions]]", at + 1)) {
    ++listed;
  }
  EXPECT_EQ(listed, succeeded) << index;
  EXPECT_EQ(listed, kPublishers) << index;
  for (const auto& entry : fs::directory_iterator(registry)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace modbuild::testing
