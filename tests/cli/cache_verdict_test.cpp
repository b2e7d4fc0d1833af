// The parse cache never changes a verdict: on every fixture workspace of the
// repository, `modbuild check` says the same, byte for byte and with the same
// exit status, without the cache, with a cold one, with a warm one, and with
// a cache another machine (another secret) wrote, as a workspace from
// someone else could carry it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "../support/temp_dir.h"
#include "process.h"

namespace modbuild::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> fixture_workspaces() {
  std::vector<std::string> found{"engine-modules"};
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(MODBUILD_TESTS_DIR) / "workspaces")) {
    if (entry.path().filename() == "modbuild.toml" && entry.path().string().find("/.modbuild/") == std::string::npos) {
      found.push_back(fs::relative(entry.path().parent_path(), MODBUILD_SOURCE_DIR).string());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

class CacheVerdictTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CacheVerdictTest, CheckSaysTheSameWithAndWithoutTheCache) {
  support::TempDir temp;
  const fs::path workspace = fs::path(temp.path()) / "w";
  copy_workspace((fs::path(MODBUILD_SOURCE_DIR) / GetParam()).string(), workspace.string());
  auto check = [&](const std::vector<std::string>& flags, const std::string& cache_home) {
    std::vector<std::string> args = flags;
    args.insert(args.end(), {"--color", "never", "check"});
    return run_process(MODBUILD_EXE, args, workspace.string(),
                       {{"XDG_CACHE_HOME", (fs::path(temp.path()) / cache_home).string()}});
  };
  const ProcessResult uncached = check({"--no-cache"}, "home-a");
  ASSERT_FALSE(fs::exists(workspace / ".modbuild" / "cache")) << "--no-cache wrote a cache";
  const fs::path cache_file = workspace / ".modbuild" / "cache" / "manifests";
  const ProcessResult cold = check({}, "home-a");
  const ProcessResult warm = check({}, "home-a");
  const std::string sealed_by_a = read_file(cache_file.string());
  const ProcessResult foreign = check({}, "home-b");  // finds the cache home-a's secret sealed
  if (uncached.status == 0) {
    EXPECT_NE(sealed_by_a, "") << "a clean workspace was not cached";
    EXPECT_NE(read_file(cache_file.string()), sealed_by_a) << "a foreign cache was kept";
  }
  for (const auto& [name, result] : {std::pair{"cold", &cold}, {"warm", &warm}, {"foreign", &foreign}}) {
    EXPECT_EQ(result->status, uncached.status) << name;
    EXPECT_EQ(result->out, uncached.out) << name;
    EXPECT_EQ(result->err, uncached.err) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CacheVerdictTest, ::testing::ValuesIn(fixture_workspaces()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
                           return name;
                         });

}  // namespace
}  // namespace modbuild::testing
