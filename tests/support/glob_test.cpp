#include "modbuild/support/glob.h"

#include <gtest/gtest.h>

#include "temp_dir.h"
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace modbuild::support {
namespace {

Glob must_parse(std::string_view pattern) {
  auto glob = Glob::parse(pattern);
  EXPECT_TRUE(glob.has_value()) << pattern;
  return std::move(glob).value();
}

TEST(GlobTest, SegmentWildcards) {
  EXPECT_TRUE(glob_segment_matches("*", "ecs"));
  EXPECT_TRUE(glob_segment_matches("render-*", "render-raster"));
  EXPECT_FALSE(glob_segment_matches("render-*", "renderer"));
  EXPECT_TRUE(glob_segment_matches("e?s", "ecs"));
  EXPECT_TRUE(glob_segment_matches("[a-c]*", "core"));
  EXPECT_FALSE(glob_segment_matches("[!a-c]*", "core"));
  EXPECT_TRUE(glob_segment_matches("*.cpp", "main.cpp"));
  EXPECT_FALSE(glob_segment_matches("*.cpp", "main.cpp.o"));
  EXPECT_TRUE(glob_segment_matches("a*b*c", "axxbyyc"));
  EXPECT_FALSE(glob_segment_matches("a*b*c", "axxbyy"));
}

TEST(GlobTest, WildcardsSkipHiddenEntries) {
  EXPECT_FALSE(glob_segment_matches("*", ".git"));
  EXPECT_TRUE(glob_segment_matches(".*", ".git"));
}

TEST(GlobTest, MatchesWholePaths) {
  EXPECT_TRUE(must_parse("core/*").matches("core/ecs"));
  EXPECT_FALSE(must_parse("core/*").matches("core/ecs/src"));
  EXPECT_TRUE(must_parse("**/*.cpp").matches("a.cpp"));
  EXPECT_TRUE(must_parse("**/*.cpp").matches("src/x/y/a.cpp"));
  EXPECT_TRUE(must_parse("src/**").matches("src/a/b"));
  EXPECT_FALSE(must_parse("src/**/*.cpp").matches("src/.hidden/a.cpp"));
  EXPECT_TRUE(must_parse("./core/ecs").matches("core/ecs"));
}

TEST(GlobTest, RejectsBadPatternsWithOffsets) {
  auto unterminated = Glob::parse("core/[abc");
  ASSERT_FALSE(unterminated.has_value());
  EXPECT_EQ(unterminated.error().offset, 5u);
  EXPECT_EQ(unterminated.error().message, "unterminated character class '['");

  auto parent = Glob::parse("core/../x");
  ASSERT_FALSE(parent.has_value());
  EXPECT_EQ(parent.error().offset, 5u);

  EXPECT_FALSE(Glob::parse("/abs/*").has_value());
  EXPECT_FALSE(Glob::parse("src**").has_value());
  EXPECT_FALSE(Glob::parse("").has_value());
  EXPECT_FALSE(Glob::parse("a//b").has_value());
}

TEST(GlobTest, ExpandsOverAFileSystem) {
  MemoryFileSystem fs;
  fs.add_file("/w/core/ecs/module.toml", "");
  fs.add_file("/w/core/console/module.toml", "");
  fs.add_file("/w/core/README.md", "");
  fs.add_directory("/w/core/.cache");
  fs.add_file("/w/systems/ecs/src/a.cpp", "");
  fs.add_file("/w/systems/ecs/src/deep/b.cpp", "");

  EXPECT_EQ(must_parse("core/*").expand(fs, "/w", FileType::directory),
            (std::vector<std::string>{"core/console", "core/ecs"}));
  EXPECT_EQ(must_parse("core/*").expand(fs, "/w", FileType::file), (std::vector<std::string>{"core/README.md"}));
  EXPECT_EQ(must_parse("systems/**/*.cpp").expand(fs, "/w", FileType::file),
            (std::vector<std::string>{"systems/ecs/src/a.cpp", "systems/ecs/src/deep/b.cpp"}));
  EXPECT_EQ(must_parse("core/ecs").expand(fs, "/w", FileType::directory), (std::vector<std::string>{"core/ecs"}));
  EXPECT_TRUE(must_parse("nothing/*").expand(fs, "/w", FileType::directory).empty());
}

TEST(GlobTest, SearchedDirectoriesAreTheOnesWhoseEntriesDecideTheMatches) {
  MemoryFileSystem fs;
  fs.add_file("/w/core/ecs/module.toml", "");
  fs.add_file("/w/plugins/group/physics/module.toml", "");
  fs.add_directory("/w/plugins/empty");
  fs.add_directory("/w/apps");
  EXPECT_EQ(must_parse("core/*").searched_directories(fs, "/w", FileType::directory),
            (std::vector<std::string>{"core"}));
  EXPECT_EQ(must_parse("plugins/**").searched_directories(fs, "/w", FileType::directory),
            (std::vector<std::string>{"plugins", "plugins/empty", "plugins/group", "plugins/group/physics"}))
      << "an empty directory is searched too: a module may appear in it";
  EXPECT_EQ(must_parse("apps/game").searched_directories(fs, "/w", FileType::directory),
            (std::vector<std::string>{"apps"}))
      << "a literal name is looked up in its parent, which changes when it is created";
  fs.add_directory("/w/games/old");
  EXPECT_EQ(must_parse("games/*/modules/*").searched_directories(fs, "/w", FileType::directory),
            (std::vector<std::string>{"games", "games/old"}))
      << "games/old/modules does not exist yet: creating it changes games/old";
  EXPECT_EQ(must_parse("missing/*").searched_directories(fs, "/w", FileType::directory),
            (std::vector<std::string>{""}))
      << "a directory that is not there cannot be depended on, but the one it would appear in can";
  EXPECT_EQ(must_parse("*").searched_directories(fs, "/w", FileType::directory), (std::vector<std::string>{""}));
}

// Once a crash: the walk recursed per level, with a 16 KiB buffer each (a
// thousand levels need twice the default 8 MiB stack).
TEST(GlobTest, WalksATreeAThousandLevelsDeep) {
  TempDir tree;
  std::string relative = "src";
  ASSERT_EQ(::mkdir((tree.path() + "/src").c_str(), 0700), 0);
  for (int level = 0; level < 1000; ++level) {
    relative += "/d";
    ASSERT_EQ(::mkdir((tree.path() + "/" + relative).c_str(), 0700), 0) << level;
  }
  RealFileSystem fs;
  ASSERT_TRUE(fs.write(tree.path() + "/" + relative + "/deep.cpp", "").has_value());
  EXPECT_EQ(must_parse("src/**/*.cpp").expand(fs, tree.path(), FileType::file),
            (std::vector<std::string>{relative + "/deep.cpp"}));
}

// Once a hang: two links to their own directory made `**` walk 2^depth paths.
TEST(GlobTest, RecursionDoesNotFollowLinkedDirectories) {
  TempDir tree;
  RealFileSystem fs;
  ASSERT_TRUE(fs.write(tree.path() + "/src/main.cpp", "").has_value());
  ASSERT_EQ(::symlink(".", (tree.path() + "/src/self").c_str()), 0);
  ASSERT_EQ(::symlink(".", (tree.path() + "/src/again").c_str()), 0);
  ASSERT_EQ(::symlink("..", (tree.path() + "/src/up").c_str()), 0);
  EXPECT_EQ(must_parse("src/**/*.cpp").expand(fs, tree.path(), FileType::file),
            (std::vector<std::string>{"src/main.cpp"}));
  EXPECT_EQ(must_parse("**/*.cpp").expand(fs, tree.path(), FileType::file),
            (std::vector<std::string>{"src/main.cpp"}));
  // A link named by a literal or `*` segment is still gone through.
  EXPECT_EQ(must_parse("src/self/*.cpp").expand(fs, tree.path(), FileType::file),
            (std::vector<std::string>{"src/self/main.cpp"}));
  EXPECT_EQ(must_parse("src/*/main.cpp").expand(fs, tree.path(), FileType::file),
            (std::vector<std::string>{"src/again/main.cpp", "src/self/main.cpp"}));
}

TEST(GlobTest, RepeatedRecursionMeansOneRecursion) {
  MemoryFileSystem fs;
  fs.add_file("/m/a/b/c.cpp", "");
  EXPECT_EQ(must_parse("**/**/**/*.cpp").expand(fs, "/m", FileType::file), (std::vector<std::string>{"a/b/c.cpp"}));
  EXPECT_TRUE(must_parse("**/**/*.cpp").matches("a/b/c.cpp"));
  EXPECT_TRUE(must_parse("**/**/*.cpp").matches("c.cpp"));
}

}  // namespace
}  // namespace modbuild::support
