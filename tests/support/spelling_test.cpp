#include "modbuild/support/spelling.h"

#include <gtest/gtest.h>

#include <array>

namespace modbuild::support {
namespace {

TEST(SpellingTest, EditDistanceCountsTranspositionsOnce) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("verison", "version"), 1u);
  EXPECT_EQ(edit_distance("version", "verion"), 1u);
}

TEST(SpellingTest, SuggestsOnlyCloseCandidates) {
  constexpr std::array<std::string_view, 4> keys = {"name", "version", "kind", "description"};
  EXPECT_EQ(closest_match("verion", keys), "version");
  EXPECT_EQ(closest_match("knd", keys), "kind");
  EXPECT_EQ(closest_match("descrption", keys), "description");
  EXPECT_EQ(closest_match("license", keys), std::nullopt);
  EXPECT_EQ(closest_match("name", keys), std::nullopt) << "an exact match is not a suggestion";
}

}  // namespace
}  // namespace modbuild::support
