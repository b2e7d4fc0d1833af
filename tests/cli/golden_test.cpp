// Golden tests: each directory under tests/cli/cases/ holds `args` (one
// command line), and `stdout`, `stderr` and `status` as modbuild must produce
// them when run from tests/. Absolute paths of the source tree print as $SRC.
// MODBUILD_UPDATE_GOLDEN=1 rewrites the expectations from the current output.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "process.h"

namespace modbuild::testing {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(MODBUILD_TESTS_DIR) / "cli" / "cases")) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectedOutput) {
  const fs::path dir = fs::path(MODBUILD_TESTS_DIR) / "cli" / "cases" / GetParam();
  const std::vector<std::string> args = split_arguments(read_file(dir / "args"));
  ProcessResult result = run_process(MODBUILD_EXE, args, MODBUILD_TESTS_DIR, {{"NO_COLOR", "1"}});
  auto normalize = [](const std::string& text) { return replace_all(text, MODBUILD_SOURCE_DIR, "$SRC"); };
  const std::string out = normalize(result.out);
  const std::string err = normalize(result.err);
  const std::string status = std::to_string(result.status) + "\n";
  if (const char* update = std::getenv("MODBUILD_UPDATE_GOLDEN"); update != nullptr && *update == '1') {
    write_file(dir / "stdout", out);
    write_file(dir / "stderr", err);
    write_file(dir / "status", status);
    GTEST_SKIP() << "expectations rewritten";
  }
  EXPECT_EQ(out, read_file(dir / "stdout")) << "stdout of modbuild " << read_file(dir / "args");
  EXPECT_EQ(err, read_file(dir / "stderr")) << "stderr of modbuild " << read_file(dir / "args");
  EXPECT_EQ(status, read_file(dir / "status")) << "exit status of modbuild " << read_file(dir / "args");
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::ValuesIn(case_names()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace modbuild::testing
