#include "modbuild/semver/version.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace modbuild::semver {
namespace {

Version v(std::string_view text) {
  auto parsed = parse_version(text);
  EXPECT_TRUE(parsed.has_value()) << text << ": " << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : Version{};
}

struct BadVersion {
  std::string_view text;
  std::size_t offset;
  std::string_view message;
};

TEST(VersionTest, ParsesAllParts) {
  Version version = v("1.22.333-alpha.7+build.5");
  EXPECT_EQ(version.major, 1u);
  EXPECT_EQ(version.minor, 22u);
  EXPECT_EQ(version.patch, 333u);
  ASSERT_EQ(version.pre_release.size(), 2u);
  EXPECT_EQ(version.pre_release[0].text, "alpha");
  EXPECT_TRUE(version.pre_release[1].numeric);
  EXPECT_EQ(version.pre_release[1].number, 7u);
  EXPECT_EQ(version.build, "build.5");
  EXPECT_EQ(version.to_string(), "1.22.333-alpha.7+build.5");
}

TEST(VersionTest, AcceptsTheSpecificationsExamples) {
  for (std::string_view text : {"0.0.0", "1.0.0-0.3.7", "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0+20130313144700",
                                "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD", "1.0.0-0A.is.legal",
                                "18446744073709551615.0.0"}) {
    EXPECT_TRUE(parse_version(text).has_value()) << text;
    EXPECT_EQ(v(text).to_string(), text);
  }
}

TEST(VersionTest, RejectsWithTheOffendingPosition) {
  const BadVersion cases[] = {
      {"", 0, "empty version; expected MAJOR.MINOR.PATCH, e.g. 1.0.0"},
      {"v1.0.0", 0, "unexpected 'v' prefix; write the version as MAJOR.MINOR.PATCH, e.g. 1.0.0"},
      {"1.0", 3, "expected '.' after the minor version, found the end; versions have three parts, MAJOR.MINOR.PATCH"},
      {"1.02.0", 2, "leading zero in minor version"},
      {"01.0.0", 0, "leading zero in major version"},
      {"1.0.0-", 6, "expected a pre-release identifier ([0-9A-Za-z-]+), found the end"},
      {"1.0.0-01", 6, "leading zero in numeric pre-release identifier"},
      {"1.0.0-a..b", 8, "expected a pre-release identifier ([0-9A-Za-z-]+), found '.'"},
      {"1.0.0+", 6, "expected a build metadata identifier ([0-9A-Za-z-]+), found the end"},
      {"1.0.0 ", 5, "unexpected ' ' after the version"},
      {"1.x.0", 2, "expected minor version (a number), found 'x'"},
      {"18446744073709551616.0.0", 0, "major version is too large"},
      {"1.0.0-é", 6, "expected a pre-release identifier ([0-9A-Za-z-]+), found '\xC3\xA9'"},
  };
  for (const BadVersion& c : cases) {
    auto parsed = parse_version(c.text);
    ASSERT_FALSE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed.error().offset, c.offset) << c.text;
    EXPECT_EQ(parsed.error().message, c.message) << c.text;
  }
}

TEST(VersionTest, PrecedenceFollowsTheSpecification) {
  // The ordering example from SemVer 2.0.0, section 11.
  const std::vector<std::string_view> ordered = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                                 "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
                                                 "1.0.1", "1.1.0", "2.0.0"};
  for (std::size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_TRUE(compare_precedence(v(ordered[i]), v(ordered[i + 1])) < 0) << ordered[i] << " < " << ordered[i + 1];
  }
}

TEST(VersionTest, BuildMetadataDoesNotAffectPrecedence) {
  EXPECT_TRUE(compare_precedence(v("1.0.0+a"), v("1.0.0+b")) == 0);
  EXPECT_NE(v("1.0.0+a"), v("1.0.0+b"));
  EXPECT_LT(v("1.0.0+a"), v("1.0.0+b")) << "operator<=> breaks the tie so that it agrees with ==";
}

// Property: the total order is consistent over a generated population.
TEST(VersionTest, OrderingIsATotalOrder) {
  std::mt19937 random(1234);
  const std::vector<std::string> pre = {"", "alpha", "alpha.1", "beta", "1", "2", "rc.1", "rc.10"};
  const std::vector<std::string> build = {"", "b1", "b2"};
  std::vector<Version> versions;
  for (int i = 0; i < 300; ++i) {
    std::string text = std::to_string(random() % 3) + "." + std::to_string(random() % 3) + "." +
                       std::to_string(random() % 3);
    const std::string& p = pre[random() % pre.size()];
    const std::string& b = build[random() % build.size()];
    if (!p.empty()) text += "-" + p;
    if (!b.empty()) text += "+" + b;
    versions.push_back(v(text));
  }
  for (const Version& a : versions) {
    for (const Version& b : versions) {
      auto ab = a <=> b;
      auto ba = b <=> a;
      ASSERT_EQ(ab == 0, ba == 0);
      ASSERT_EQ(ab < 0, ba > 0);
      ASSERT_EQ(ab == 0, a == b);
    }
  }
  std::sort(versions.begin(), versions.end());
  for (std::size_t i = 0; i + 1 < versions.size(); ++i) {
    ASSERT_TRUE(compare_precedence(versions[i], versions[i + 1]) <= 0);
  }
}

std::vector<std::string> texts(const PreRelease& pre) {
  std::vector<std::string> out;
  for (const PreReleaseIdentifier& identifier : pre) out.push_back(identifier.text);
  return out;
}

// One identifier is stored inline, two or more on the heap: every size must
// read back, compare and copy the same.
TEST(PreReleaseTest, GrowsFromInlineToTheHeapKeepingItsIdentifiers) {
  PreRelease pre;
  EXPECT_TRUE(pre.empty());
  EXPECT_EQ(pre.begin(), pre.end());
  pre.push_back({"alpha", false, 0});
  EXPECT_EQ(texts(pre), (std::vector<std::string>{"alpha"}));
  pre.push_back({"7", true, 7});
  EXPECT_EQ(texts(pre), (std::vector<std::string>{"alpha", "7"}));
  pre.push_back({"x", false, 0});
  ASSERT_EQ(pre.size(), 3u);
  EXPECT_EQ(pre.front().text, "alpha");
  EXPECT_EQ(pre[1].number, 7u);
  EXPECT_EQ(pre.back().text, "x");
  pre.clear();
  EXPECT_TRUE(pre.empty());
}

TEST(PreReleaseTest, CopiesAndMovesAreEqualAndIndependent) {
  for (std::string_view text : {"1.0.0", "1.0.0-0", "1.0.0-alpha.1", "1.0.0-a.b.c.4+meta"}) {
    const Version original = v(text);
    Version copy = original;
    EXPECT_EQ(copy, original) << text;
    EXPECT_EQ(copy.to_string(), text);
    copy.pre_release.push_back({"extra", false, 0});
    EXPECT_NE(copy, original) << text;
    EXPECT_EQ(original.to_string(), text) << "the copy must not share storage";
    Version moved = std::move(copy);
    ASSERT_EQ(moved.pre_release.size(), original.pre_release.size() + 1) << text;
    EXPECT_EQ(moved.pre_release.back().text, "extra");
    EXPECT_TRUE(std::equal(original.pre_release.begin(), original.pre_release.end(), moved.pre_release.begin()));
    Version assigned;
    assigned = original;
    EXPECT_EQ(assigned, original) << text;
  }
}

TEST(PreReleaseTest, EqualityAndPrecedenceDoNotDependOnTheStorage) {
  // "1.0.0-0" keeps its identifier inline, "1.0.0-0.0" on the heap.
  EXPECT_EQ(v("1.0.0-0"), (Version{1, 0, 0, {PreReleaseIdentifier{"0", true, 0}}, {}}));
  EXPECT_NE(v("1.0.0-0"), v("1.0.0-0.0"));
  EXPECT_TRUE(compare_precedence(v("1.0.0-0"), v("1.0.0-0.0")) < 0);
  EXPECT_TRUE(compare_precedence(v("1.0.0-0.0"), v("1.0.0-1")) < 0);
  EXPECT_TRUE(compare_precedence(v("1.0.0-1"), v("1.0.0-alpha")) < 0);
  EXPECT_TRUE(compare_precedence(v("1.0.0-alpha"), v("1.0.0-alpha.0")) < 0);
  EXPECT_TRUE(compare_precedence(v("1.0.0-alpha.0"), v("1.0.0")) < 0);
  EXPECT_TRUE(compare_precedence(v("0.9.9"), v("1.0.0-0")) < 0);
  PreRelease grown;
  grown.push_back({"alpha", false, 0});
  grown.push_back({"0", true, 0});
  EXPECT_EQ(grown, v("1.0.0-alpha.0").pre_release);
  EXPECT_EQ((PreRelease{{"alpha", false, 0}, {"0", true, 0}}), grown);
}

}  // namespace
}  // namespace modbuild::semver
