// `modbuild new` in a real temporary workspace: every template must produce a
// module that loads without a single diagnostic.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "process.h"

namespace modbuild::testing {
namespace {

namespace fs = std::filesystem;

class NewCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "modbuild-new-XXXXXX").string();
    root_ = ::mkdtemp(pattern.data());
    std::ofstream(root_ / "modbuild.toml") << "[workspace]\nmembers = [\"core/*\", \"systems/*\", \"plugins/*\", \"apps/*\"]\n";
  }
  void TearDown() override { fs::remove_all(root_); }

  ProcessResult modbuild(const std::vector<std::string>& args) {
    return run_process(MODBUILD_EXE, args, root_.string(), {{"NO_COLOR", "1"}});
  }

  fs::path root_;
};

TEST_F(NewCommandTest, EveryKindScaffoldsAModuleThatChecksCleanly) {
  ProcessResult core = modbuild({"new", "core", "clock"});
  ASSERT_EQ(core.status, 0) << core.err;
  EXPECT_EQ(core.out, "created core module 'clock' in core/clock (4 files)\n");
  ASSERT_EQ(modbuild({"new", "system", "clock-steady", "--implements", "clock"}).status, 0);
  ASSERT_EQ(modbuild({"new", "plugin", "timers"}).status, 0);
  ASSERT_EQ(modbuild({"new", "app", "demo"}).status, 0);

  EXPECT_TRUE(fs::exists(root_ / "core/clock/include/clock/clock.h"));
  EXPECT_TRUE(fs::exists(root_ / "core/clock/tests/clock_test.cpp"));
  EXPECT_TRUE(fs::exists(root_ / "systems/clock-steady/src/clock_steady.cpp"));
  EXPECT_TRUE(fs::exists(root_ / "apps/demo/src/main.cpp"));

  ProcessResult check = modbuild({"check"});
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_EQ(check.err, "") << "templates must produce manifests without warnings";
  EXPECT_EQ(check.out, "ok: 4 modules checked, no problems\n");
}

TEST_F(NewCommandTest, RefusesToOverwriteAndExplainsMembership) {
  ASSERT_EQ(modbuild({"new", "core", "clock"}).status, 0);
  ProcessResult again = modbuild({"new", "core", "clock"});
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.err.find("already exists and is not empty"), std::string::npos) << again.err;

  ProcessResult outside = modbuild({"new", "plugin", "extra", "--path", "elsewhere/extra"});
  EXPECT_EQ(outside.status, 0) << outside.err;
  EXPECT_NE(outside.out.find("note: no member pattern in modbuild.toml selects 'elsewhere/extra'"), std::string::npos)
      << outside.out;
}

}  // namespace
}  // namespace modbuild::testing
