#include "modbuild/support/path.h"

#include <gtest/gtest.h>

namespace modbuild::support {
namespace {

TEST(PathTest, JoinKeepsAbsoluteRightSide) {
  EXPECT_EQ(join_path("a", "b"), "a/b");
  EXPECT_EQ(join_path("a/", "b"), "a/b");
  EXPECT_EQ(join_path("", "b"), "b");
  EXPECT_EQ(join_path(".", "b"), "b");
  EXPECT_EQ(join_path("a", "/b"), "/b");
  EXPECT_EQ(join_path("a", ""), "a");
}

TEST(PathTest, NormalizeFoldsDotsAndSlashes) {
  EXPECT_EQ(normalize_path("a/./b//c/"), "a/b/c");
  EXPECT_EQ(normalize_path("a/b/../c"), "a/c");
  EXPECT_EQ(normalize_path("../a/../../b"), "../../b");
  EXPECT_EQ(normalize_path("/../a"), "/a");
  EXPECT_EQ(normalize_path(""), ".");
  EXPECT_EQ(normalize_path("a/.."), ".");
  EXPECT_EQ(normalize_path("/"), "/");
  // Paths that are normal already come back unchanged.
  EXPECT_EQ(normalize_path("a/b"), "a/b");
  EXPECT_EQ(normalize_path("/src/a.b/c"), "/src/a.b/c");
  EXPECT_EQ(normalize_path("."), ".");
  EXPECT_EQ(normalize_path("a//b"), "a/b");
  EXPECT_EQ(normalize_path("./a"), "a");
  EXPECT_EQ(normalize_path("a/."), "a");
}

TEST(PathTest, ParentAndFileName) {
  EXPECT_EQ(parent_path("a/b/c"), "a/b");
  EXPECT_EQ(parent_path("a"), ".");
  EXPECT_EQ(parent_path("/a"), "/");
  EXPECT_EQ(file_name("a/b/module.toml"), "module.toml");
  EXPECT_EQ(file_name("a/b/"), "b");
  EXPECT_EQ(file_name("x"), "x");
}

TEST(PathTest, RelativeClimbsOutOfTheBase) {
  EXPECT_EQ(relative_path("/w/engine/core", "/w"), "engine/core");
  EXPECT_EQ(relative_path("/w", "/w/engine/core"), "../..");
  EXPECT_EQ(relative_path("/w/a", "/w/b"), "../a");
  EXPECT_EQ(relative_path("/w", "/w"), ".");
}

}  // namespace
}  // namespace modbuild::support
