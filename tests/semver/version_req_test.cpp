// Version requirements: Cargo's grammar and semantics, case by case.
#include "modbuild/semver/version_req.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace modbuild::semver {
namespace {

Version v(std::string_view text) {
  auto parsed = parse_version(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed ? *parsed : Version{};
}

VersionReq req(std::string_view text) {
  auto parsed = parse_version_req(text);
  EXPECT_TRUE(parsed.has_value()) << "'" << text << "': " << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : VersionReq{};
}

// Checks matches() and, for the same versions, the set view of the requirement.
void expect_matches(std::string_view text, std::initializer_list<std::string_view> yes,
                    std::initializer_list<std::string_view> no) {
  VersionReq r = req(text);
  VersionSet set = r.to_set();
  for (std::string_view version : yes) {
    EXPECT_TRUE(r.matches(v(version))) << "'" << text << "' should match " << version;
    EXPECT_TRUE(set.contains(v(version))) << "set of '" << text << "' should contain " << version;
  }
  for (std::string_view version : no) {
    EXPECT_FALSE(r.matches(v(version))) << "'" << text << "' should not match " << version;
    EXPECT_FALSE(set.contains(v(version))) << "set of '" << text << "' should not contain " << version;
  }
}

struct BadReq {
  std::string_view text;
  std::size_t offset;
  std::string_view message;
};

TEST(VersionReqTest, BareVersionMeansCaret) {
  expect_matches("1.0.0", {"1.0.0", "1.1.0", "1.0.1"}, {"0.9.9", "0.10.0", "0.1.0", "1.0.0-pre", "1.0.1-pre", "2.0.0"});
  EXPECT_EQ(req("1.0.0").to_string(), "^1.0.0");
  EXPECT_EQ(req("1.2").to_string(), "^1.2");
  EXPECT_EQ(req("1.2"), req("^1.2"));
}

TEST(VersionReqTest, Exact) {
  expect_matches("=1.0.0", {"1.0.0", "1.0.0+build"}, {"1.0.1", "0.9.9", "0.10.0", "0.1.0", "1.0.0-pre"});
  expect_matches("=0.9.0", {"0.9.0"}, {"0.9.1", "1.9.0", "0.0.9", "0.9.0-pre"});
  expect_matches("=0.0.2", {"0.0.2"}, {"0.0.1", "0.0.3", "0.0.2-pre"});
  expect_matches("=0.1.0-beta2.a", {"0.1.0-beta2.a"}, {"0.9.1", "0.1.0", "0.1.1-beta2.a", "0.1.0-beta2"});
  expect_matches("=0.1.0+meta", {"0.1.0", "0.1.0+meta", "0.1.0+any"}, {"0.1.1"});
  expect_matches("=1.2", {"1.2.0", "1.2.9"}, {"1.1.9", "1.3.0", "1.2.5-beta"});
  expect_matches("=1", {"1.0.0", "1.9.9"}, {"0.9.0", "2.0.0", "1.5.0-rc.1"});
  expect_matches("=2.1.1-really.0", {"2.1.1-really.0"}, {"2.1.1", "2.1.1-really.1"});
  EXPECT_EQ(req("=0.1.0+meta").to_string(), "=0.1.0");
}

TEST(VersionReqTest, Greater) {
  expect_matches(">1.2.3", {"1.2.4", "1.3.0", "2.0.0"}, {"1.2.3", "1.2.2", "1.2.4-alpha", "1.2.3-rc"});
  expect_matches(">1.2", {"1.3.0", "2.0.0"}, {"1.2.9", "1.2.0", "1.3.0-beta"});
  expect_matches(">1", {"2.0.0", "10.0.0"}, {"1.9.9", "2.0.0-alpha"});
  expect_matches(">1.0.0-alpha, <1.0.0", {"1.0.0-beta"}, {"1.0.0-alpha", "1.0.0"});
  expect_matches(">1.0.0-alpha, <1.0", {}, {"1.0.0-beta"});
  expect_matches(">1.0.0-alpha, <1", {}, {"1.0.0-beta"});
}

TEST(VersionReqTest, GreaterOrEqual) {
  expect_matches(">= 1.0.0", {"1.0.0", "2.0.0"}, {"0.1.0", "0.0.1", "1.0.0-pre", "2.0.0-pre"});
  expect_matches(">= 2.1.0-alpha2", {"2.1.0-alpha2", "2.1.0-alpha3", "2.1.0", "3.0.0"},
                 {"2.0.0", "2.1.0-alpha1", "2.0.0-alpha2", "3.0.0-alpha2"});
  expect_matches(">=1.2", {"1.2.0", "1.9.0", "2.0.0"}, {"1.1.9", "1.2.0-pre", "1.3.0-pre"});
  expect_matches(">=1", {"1.0.0", "5.0.0"}, {"0.9.9", "1.0.0-pre"});
  EXPECT_EQ(req(">= 1.0.0").to_string(), ">=1.0.0");
}

TEST(VersionReqTest, Less) {
  expect_matches("< 1.0.0", {"0.1.0", "0.0.1"}, {"1.0.0", "1.0.0-beta", "1.0.1", "0.9.9-alpha"});
  expect_matches("<1.2", {"1.1.9", "0.5.0"}, {"1.2.0", "1.2.0-pre", "1.1.9-pre"});
  expect_matches("<1", {"0.9.9"}, {"1.0.0", "1.0.0-alpha"});
  expect_matches("<= 2.1.0-alpha2", {"2.1.0-alpha2", "2.1.0-alpha1", "2.0.0", "1.0.0"},
                 {"2.1.0", "2.2.0-alpha1", "2.0.0-alpha2", "1.0.0-alpha2"});
  expect_matches("<=1.2", {"1.2.0", "1.2.9", "1.0.0"}, {"1.3.0", "1.2.5-beta"});
  expect_matches("<=1", {"1.9.9", "0.1.0"}, {"2.0.0", "1.0.0-pre"});
  EXPECT_EQ(req("< 1.0.0").to_string(), "<1.0.0");
}

TEST(VersionReqTest, Tilde) {
  expect_matches("~1", {"1.0.0", "1.0.1", "1.1.1"}, {"0.9.1", "2.9.0", "0.0.9", "1.1.0-pre"});
  expect_matches("~1.2", {"1.2.0", "1.2.1"}, {"1.1.1", "1.3.0", "0.0.9", "1.2.1-pre"});
  expect_matches("~1.2.2", {"1.2.2", "1.2.4"}, {"1.2.1", "1.9.0", "1.0.9", "2.0.1", "0.1.3", "1.2.3-pre"});
  expect_matches("~1.2.3-beta.2", {"1.2.3", "1.2.4", "1.2.3-beta.2", "1.2.3-beta.4"},
                 {"1.3.3", "1.1.4", "1.2.3-beta.1", "1.2.4-beta.2"});
  expect_matches("~0.0.3", {"0.0.3", "0.0.9"}, {"0.1.0", "0.0.2"});
}

TEST(VersionReqTest, Caret) {
  expect_matches("^1", {"1.1.2", "1.1.0", "1.2.1", "1.0.1"},
                 {"0.9.1", "2.9.0", "0.1.4", "1.0.0-beta1", "0.1.0-alpha", "1.0.1-pre"});
  expect_matches("^1.1", {"1.1.2", "1.1.0", "1.2.1"}, {"0.9.1", "2.9.0", "1.0.1", "0.1.4"});
  expect_matches("^1.1.2", {"1.1.2", "1.1.4", "1.2.1"},
                 {"0.9.1", "2.9.0", "1.1.1", "0.0.1", "1.1.2-alpha1", "1.1.3-alpha1", "2.9.0-alpha1"});
  expect_matches("^0.1.2", {"0.1.2", "0.1.4"},
                 {"0.9.1", "2.9.0", "1.1.1", "0.0.1", "0.1.2-beta", "0.1.3-alpha", "0.2.0-pre"});
  expect_matches("^0.5.1-alpha3", {"0.5.1-alpha3", "0.5.1-alpha4", "0.5.1-beta", "0.5.1", "0.5.5"},
                 {"0.5.1-alpha1", "0.5.2-alpha3", "0.5.5-pre", "0.5.0-pre", "0.6.0"});
  expect_matches("^0.0.2", {"0.0.2"}, {"0.9.1", "2.9.0", "1.1.1", "0.0.1", "0.1.4", "0.0.3"});
  expect_matches("^0.0", {"0.0.2", "0.0.0"}, {"0.9.1", "2.9.0", "1.1.1", "0.1.4"});
  expect_matches("^0", {"0.9.1", "0.0.2", "0.0.0"}, {"2.9.0", "1.1.1"});
  expect_matches("^1.4.2-beta.5", {"1.4.2", "1.4.3", "1.4.2-beta.5", "1.4.2-beta.6", "1.4.2-c"},
                 {"0.9.9", "2.0.0", "1.4.2-alpha", "1.4.2-beta.4", "1.4.3-beta.5"});
  expect_matches("^0.2", {"0.2.0", "0.2.9"}, {"0.3.0", "0.1.9"});
  expect_matches("^0.2.3", {"0.2.3", "0.2.9"}, {"0.3.0", "0.2.2"});
}

TEST(VersionReqTest, Wildcards) {
  expect_matches("*", {"0.9.1", "2.9.0", "0.0.9", "1.0.1", "1.1.1"}, {"1.0.0-pre"});
  for (std::string_view same : {"x", "X", " * ", "*  "}) EXPECT_EQ(req(same), req("*")) << same;
  expect_matches("1.*", {"1.2.0", "1.2.1", "1.1.1", "1.3.0"}, {"0.0.9", "1.2.0-pre", "2.0.0"});
  for (std::string_view same : {"1.x", "1.X", "1.*.*", "1.x.X"}) EXPECT_EQ(req(same), req("1.*")) << same;
  expect_matches("1.2.*", {"1.2.0", "1.2.2", "1.2.4"}, {"1.9.0", "1.0.9", "2.0.1", "0.1.3", "1.2.2-pre"});
  for (std::string_view same : {"1.2.x", "1.2.X"}) EXPECT_EQ(req(same), req("1.2.*")) << same;
  expect_matches("0.*.*", {"0.5.0"}, {"1.0.0"});
  EXPECT_EQ(req("0.*.*").to_string(), "0.*");
  EXPECT_EQ(req("0.0.*").to_string(), "0.0.*");
  EXPECT_EQ(req("*").to_string(), "*");
  // An operator keeps its meaning with a wildcard part: ">=1.*" is ">=1".
  expect_matches(">=1.*", {"1.0.0", "3.0.0"}, {"0.9.0"});
  expect_matches("<1.2.*", {"1.1.0"}, {"1.2.0"});
}

TEST(VersionReqTest, CommaMeansAnd) {
  expect_matches("> 0.0.9, <= 2.5.3", {"0.0.10", "1.0.0", "2.5.3"}, {"0.0.8", "2.5.4"});
  expect_matches("0.3.0, 0.4.0", {}, {"0.0.8", "0.3.0", "0.4.0"});
  expect_matches("<= 0.2.0, >= 0.5.0", {}, {"0.0.8", "0.3.0", "0.5.1"});
  expect_matches("0.1.0, 0.1.4, 0.1.6", {"0.1.6", "0.1.9"}, {"0.1.0", "0.1.4", "0.2.0"});
  expect_matches(">=0.5.1-alpha3, <0.6", {"0.5.1-alpha3", "0.5.1-alpha4", "0.5.1-beta", "0.5.1", "0.5.5"},
                 {"0.5.1-alpha1", "0.5.2-alpha3", "0.5.5-pre", "0.5.0-pre", "0.6.0", "0.6.0-pre"});
  expect_matches(">= 1.2, < 1.5", {"1.2.0", "1.4.9"}, {"1.5.0", "1.1.0", "1.3.0-rc.1"});
  EXPECT_EQ(req("> 0.0.9, <= 2.5.3").to_string(), ">0.0.9, <=2.5.3");
  EXPECT_EQ(req("0.1.0,0.1.4").to_string(), "^0.1.0, ^0.1.4");
}

TEST(VersionReqTest, PreReleaseRuleNeedsTheSameMajorMinorPatch) {
  // A pre-release matches only through a comparator naming a pre-release of
  // the same major.minor.patch, even when the ranges would contain it.
  expect_matches(">=1.2.3-alpha, <2", {"1.2.3-beta", "1.9.0"}, {"1.5.0-beta", "1.2.4-alpha"});
  // A comparator naming 1.2.4-rc.1 opens the pre-releases of 1.2.4 too.
  expect_matches("^1.2.3-rc.1, <1.2.4-rc.1", {"1.2.3-rc.2", "1.2.4-rc.0"}, {"1.2.4", "1.2.4-rc.1", "1.3.0-rc.1"});
  expect_matches("=1.2, >=1.2.3-alpha", {"1.2.3", "1.2.9"}, {"1.2.3-beta"});
}

TEST(VersionReqTest, BuildMetadataAndIdentifiersWithDigits) {
  for (std::string_view op : {"=", ">", ">=", "<", "<=", "~", "^"}) {
    for (std::string_view rest : {" 1.2.3-1a", " 1.2.3+1a", " 1.2.3-01a", " 1.2.3+01", " 1.2.3-1+1",
                                  " 1.2.3-1-1+1-1-1", " 1.2.3-1a+1a", " 1.2.3-1a-1a+1a-1a-1a"}) {
      std::string text = std::string(op) + std::string(rest);
      EXPECT_TRUE(parse_version_req(text).has_value()) << text;
    }
  }
}

TEST(VersionReqTest, RejectsWithTheOffendingColumn) {
  const BadReq cases[] = {
      {"", 0, "empty version requirement; use \"*\" for any version, or e.g. \"^1.2\""},
      {"   ", 3, "empty version requirement; use \"*\" for any version, or e.g. \"^1.2\""},
      {"> 0.1.0,", 8, "expected the major version (a number), found the end"},
      {"> 0.3.0, ,", 9, "expected the major version (a number), found ','"},
      {"1.2.3 - 2.3.4", 6, "expected ',' between comparators, found '-'"},
      {"> 0.0.9 <= 2.5.3", 8, "expected ',' between comparators, found '<'"},
      {"=1.2.3 || =2.3.4", 7, "expected ',' between comparators, found '|'"},
      {"6.* || 8.*", 4, "expected ',' between comparators, found '|'"},
      {"\t1.0", 0, "expected the major version (a number), found control character U+0009"},
      {">= >= 0.0.2", 3, "expected the major version (a number), found '>'"},
      {">== 0.0.2", 2, "expected the major version (a number), found '='"},
      {"a.0.0", 0, "expected the major version (a number), found 'a'"},
      {"1.0.0-", 6, "empty pre-release identifier"},
      {">=", 2, "expected the major version (a number), found the end"},
      {"1.2.3-01", 6, "leading zero in a numeric pre-release identifier"},
      {"1.2.3+4.", 8, "empty build metadata identifier"},
      {"1.", 2, "expected the minor version (a number), found the end"},
      {"01.2", 0, "leading zero in the major version"},
      {"1.02", 2, "leading zero in the minor version"},
      {"1.*.", 4, "expected the patch version (a number), found the end"},
      {"*.1", 0, "a wildcard can stand for the minor or patch version only, or for the whole requirement (\"*\")"},
      {"1.*.1", 4, "a patch version cannot follow a wildcard minor version"},
      {">=1.*.1", 6, "a patch version cannot follow a wildcard minor version"},
      {"*, 0.20.0-any", 0, "a wildcard requirement ('*') must be the only comparator"},
      {"0.20.0-any, *", 12, "a wildcard requirement ('*') must be the only comparator"},
      {"0.20.0-any, *, 1.0", 12, "a wildcard requirement ('*') must be the only comparator"},
      {"1.2.3+4\xC3\xBF", 7, "expected ',' between comparators, found '\xC3\xBF'"},
      {"99999999999999999999", 0, "the major version is too large"},
      {"^1.2 extra", 5, "expected ',' between comparators, found 'e'"},
      {"v1.2", 0, "expected the major version (a number), found 'v'"},
  };
  for (const BadReq& c : cases) {
    auto parsed = parse_version_req(c.text);
    ASSERT_FALSE(parsed.has_value()) << "'" << c.text << "' should be rejected";
    EXPECT_EQ(parsed.error().offset, c.offset) << c.text;
    EXPECT_EQ(parsed.error().message, c.message) << c.text;
  }
}

TEST(VersionReqTest, AtMostThirtyTwoComparators) {
  std::string text;
  for (int i = 1; i <= 33; ++i) text += (i > 1 ? ", " : "") + std::string(">") + std::to_string(i);
  auto parsed = parse_version_req(text);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message, "too many comparators (at most 32)");
  text.resize(text.rfind(','));
  EXPECT_TRUE(parse_version_req(text).has_value());
}

TEST(VersionReqTest, ComparatorsRecordWhereTheyWereWritten) {
  VersionReq r = req(">= 1.2,  <1.5");
  ASSERT_EQ(r.comparators.size(), 2u);
  EXPECT_EQ(r.comparators[0].offset, 0u);
  EXPECT_EQ(r.comparators[0].length, 6u);
  EXPECT_EQ(r.comparators[1].offset, 9u);
  EXPECT_EQ(r.comparators[1].length, 4u);
}

}  // namespace
}  // namespace modbuild::semver
