#include "modbuild/support/file_system.h"

#include <gtest/gtest.h>

#include "temp_dir.h"
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace modbuild::support {
namespace {

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

// A writer killed between creating its temporary and renaming it leaves the
// temporary behind; the next write of the same file removes it.
TEST(RealFileSystemTest, AWriteRemovesTheTemporariesOfKilledWriters) {
  TempDir dir;
  RealFileSystem fs;
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);  // a pid that no process has now
  const std::string lock = dir.path() + "/modbuild.lock";
  const std::string dead = lock + ".tmp-" + std::to_string(child) + "-12345";
  const std::string living = lock + ".tmp-1-777";  // pid 1 exists
  const std::string other = dir.path() + "/other.lock.tmp-" + std::to_string(child) + "-1";
  for (const std::string& file : {dead, living, other}) ASSERT_TRUE(fs.write_unsynced(file, "partial").has_value());

  ASSERT_TRUE(fs.write(lock, "complete").has_value());
  EXPECT_EQ(fs.type(dead), FileType::missing);
  EXPECT_EQ(fs.type(living), FileType::file);
  EXPECT_EQ(fs.type(other), FileType::file);  // another file's business
  EXPECT_EQ(*fs.read(lock), "complete");
}

// A FIFO would block open() until a writer came and /dev/zero never ends:
// both are refused at once, as is a file above the limit.
TEST(RealFileSystemTest, RefusesSpecialFilesInsteadOfWaitingOrReadingWithoutBound) {
  TempDir dir;
  RealFileSystem fs;
  const std::string fifo = dir.path() + "/module.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto from_fifo = fs.read(fifo);
  ASSERT_FALSE(from_fifo.has_value());
  EXPECT_EQ(from_fifo.error(), "is a FIFO, not a regular file");

  const std::string zero = dir.path() + "/modbuild.lock";
  ASSERT_EQ(::symlink("/dev/zero", zero.c_str()), 0);
  auto from_device = fs.read(zero);
  ASSERT_FALSE(from_device.has_value());
  EXPECT_EQ(from_device.error(), "is a character device, not a regular file");

  const std::string huge = dir.path() + "/huge.toml";
  ASSERT_EQ(::truncate(huge.c_str(), 0), -1);  // absent yet
  ASSERT_TRUE(fs.write(huge, "").has_value());
  ASSERT_EQ(::truncate(huge.c_str(), static_cast<off_t>(FileSystem::kMaxReadBytes) + 1), 0);  // sparse
  auto from_huge = fs.read(huge);
  ASSERT_FALSE(from_huge.has_value());
  EXPECT_EQ(from_huge.error(), "is larger than the 64 MiB modbuild reads from one file");
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
