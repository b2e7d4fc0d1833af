// Work and output stay bounded whatever a manifest holds: a manifest above
// the size limit is refused before it is parsed, a file's findings are
// counted beyond the first hundred, and a megabyte key neither fills the
// message nor the snippet. Real processes on a copy of tests/workspaces/minimal.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"
#include "process.h"

namespace modbuild::testing {
namespace {

namespace fs = std::filesystem;

class BoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(temp_.path()) / "w";
    copy_workspace(MODBUILD_SOURCE_DIR "/tests/workspaces/minimal", root_.string());
  }

  // The clock module's manifest with `extra` appended to its [module] table.
  void add_to_module_table(const std::string& extra) {
    std::ofstream(root_ / "core/clock/module.toml")
        << "[module]\nname = \"clock\"\nversion = \"1.0.0\"\nkind = \"core\"\n" << extra
        << "[contract]\ndata = [\"Clock\"]\napi = [\"tick\"]\n[build]\nsources = [\"src/*.cpp\"]\n";
  }

  ProcessResult check(const std::vector<std::string>& flags = {}) {
    std::vector<std::string> args = flags;
    args.emplace_back("check");
    return run_process(MODBUILD_EXE, args, root_.string(), {{"NO_COLOR", "1"}});
  }

  support::TempDir temp_;
  fs::path root_;
};

TEST_F(BoundsTest, AManifestAboveTheLimitIsRefusedBeforeItIsParsed) {
  std::string keys;
  for (int i = 0; keys.size() <= (std::size_t{1} << 20); ++i) keys += "unknown" + std::to_string(i) + " = 1\n";
  add_to_module_table(keys);
  const ProcessResult result = check();
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("error[MB0001]: 'core/clock/module.toml' is "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("a manifest may be at most 1024 KiB"), std::string::npos) << result.err;
  EXPECT_LT(result.err.size(), 4000u);
}

TEST_F(BoundsTest, AFilesFindingsAreCountedBeyondTheFirstHundred) {
  std::string keys;
  for (int i = 0; i < 50'000; ++i) keys += "unknown" + std::to_string(i) + " = 1\n";
  add_to_module_table(keys);
  for (const std::vector<std::string>& flags : {std::vector<std::string>{}, {"--format", "json"}}) {
    const ProcessResult result = check(flags);
    EXPECT_EQ(result.status, 1);
    const std::string& output = flags.empty() ? result.err : result.out;
    EXPECT_NE(output.find("49900 more MB1004 problems in 'core/clock/module.toml' not shown: modbuild reports the first 100"),
              std::string::npos)
        << output.substr(0, 2000);
    EXPECT_LT(output.size(), 200'000u) << "50,000 findings were listed";
  }
}

// The left-out findings are summed per code: allowing one code must not
// hide another code's error that came after the first hundred.
TEST_F(BoundsTest, AnAllowedCodeDoesNotHideAnErrorLeftOutBesideIt) {
  std::string keys;
  for (int i = 0; i < 150; ++i) keys += "unknown" + std::to_string(i) + " = 1\n";
  add_to_module_table(keys + "description = 3\n");  // MB1002 after 150 MB1004
  std::ofstream(root_ / "modbuild.toml", std::ios::app) << "[diagnostics]\nMB1004 = \"allow\"\n";
  const ProcessResult result = check();
  EXPECT_EQ(result.status, 1) << result.err.substr(0, 2000);
  EXPECT_NE(result.err.find("1 more MB1002 problem in 'core/clock/module.toml' not shown"), std::string::npos)
      << result.err.substr(0, 4000);
}

TEST_F(BoundsTest, AMegabyteKeyFillsNeitherTheMessageNorTheSnippet) {
  add_to_module_table("\"" + std::string(900'000, 'k') + "\" = 1\n");
  const ProcessResult result = check();
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("error[MB1004]"), std::string::npos) << result.err.substr(0, 3000);
  EXPECT_NE(result.err.find("more bytes)"), std::string::npos) << "the message says it was cut";
  EXPECT_LT(result.err.size(), 6000u) << result.err.substr(0, 3000);
}

}  // namespace
}  // namespace modbuild::testing
