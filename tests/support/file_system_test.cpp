#include "modbuild/support/file_system.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace modbuild::support {
namespace {

// A real directory under the system's temporary directory, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "modbuild-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(RealFileSystemTest, WritesAtomicallyAndReadsBack) {
  TempDir dir;
  RealFileSystem fs;
  const std::string file = dir.path() + "/nested/deeper/out.txt";
  ASSERT_TRUE(fs.write(file, "first").has_value());
  ASSERT_TRUE(fs.write(file, "second, longer").has_value());
  auto text = fs.read(file);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "second, longer");
  // No temporary file is left next to the target.
  auto entries = fs.list(dir.path() + "/nested/deeper");
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(*entries, (std::vector<DirEntry>{{"out.txt", FileType::file}}));
}

TEST(RealFileSystemTest, FailedWriteKeepsTheOldFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  TempDir dir;
  RealFileSystem fs;
  const std::string file = dir.path() + "/kept.txt";
  ASSERT_TRUE(fs.write(file, "original").has_value());
  ::chmod(dir.path().c_str(), 0500);  // no new entries: the temporary file cannot be created
  auto result = fs.write(file, "replacement");
  ::chmod(dir.path().c_str(), 0700);
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(*fs.read(file), "original");
}

TEST(RealFileSystemTest, FailedRenameLeavesNoTemporaryFile) {
  TempDir dir;
  RealFileSystem fs;
  const std::string target = dir.path() + "/occupied";
  ASSERT_TRUE(fs.write(target + "/inside.txt", "x").has_value());  // the target is a non-empty directory
  EXPECT_FALSE(fs.write(target, "contents").has_value());
  auto entries = fs.list(dir.path());
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(*entries, (std::vector<DirEntry>{{"occupied", FileType::directory}}));
}

TEST(RealFileSystemTest, ReportsMissingFilesAndTypes) {
  TempDir dir;
  RealFileSystem fs;
  EXPECT_EQ(fs.type(dir.path()), FileType::directory);
  EXPECT_EQ(fs.type(dir.path() + "/absent"), FileType::missing);
  auto missing = fs.read(dir.path() + "/absent");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error(), "No such file or directory");
  EXPECT_EQ(fs.read(dir.path()).error(), "is a directory");
}

TEST(RealFileSystemTest, VisitsEntriesUntilToldToStop) {
  TempDir dir;
  RealFileSystem fs;
  for (const char* name : {"a", "b", "c"}) ASSERT_TRUE(fs.write(dir.path() + "/" + name, "").has_value());
  std::vector<std::string> seen;
  EXPECT_TRUE(fs.visit_entries(dir.path(), [&](const DirEntry& entry) {
    seen.push_back(entry.name);
    return seen.size() < 2;
  }));
  EXPECT_EQ(seen.size(), 2u);
  EXPECT_FALSE(fs.visit_entries(dir.path() + "/absent", [](const DirEntry&) { return true; }));
}

TEST(MemoryFileSystemTest, HasImplicitParentDirectories) {
  MemoryFileSystem fs;
  fs.add_file("w/core/ecs/module.toml", "x");
  EXPECT_EQ(fs.type("/w/core"), FileType::directory);
  EXPECT_EQ(fs.type("w/core/ecs/module.toml"), FileType::file);
  auto entries = fs.list("/w/core");
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(*entries, (std::vector<DirEntry>{{"ecs", FileType::directory}}));
  EXPECT_FALSE(fs.read("/w/none").has_value());
  EXPECT_EQ(fs.absolute("a/../b"), "/b");
}

}  // namespace
}  // namespace modbuild::support
