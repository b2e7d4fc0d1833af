// Property tests of the version-set algebra against pointwise evaluation.
#include "modbuild/semver/version_set.h"

#include <gtest/gtest.h>

#include <random>

#include "modbuild/semver/version_req.h"

namespace modbuild::semver {
namespace {

Version v(std::string_view text) { return *parse_version(text); }

// A small universe where every interesting boundary case occurs: releases,
// pre-releases before and after them, numeric and textual identifiers.
std::vector<Version> universe() {
  std::vector<Version> out;
  const std::vector<std::string> pre = {"", "0", "1", "alpha", "alpha.0", "alpha.1", "beta", "rc.1"};
  for (int major = 0; major <= 2; ++major) {
    for (int minor = 0; minor <= 2; ++minor) {
      for (int patch = 0; patch <= 2; ++patch) {
        for (const std::string& p : pre) {
          std::string text = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
          if (!p.empty()) text += "-" + p;
          out.push_back(v(text));
        }
      }
    }
  }
  return out;
}

std::string random_requirement(std::mt19937& random) {
  static const std::vector<std::string> ops = {"", "=", ">", ">=", "<", "<=", "~", "^"};
  static const std::vector<std::string> pres = {"", "-alpha", "-alpha.1", "-0", "-beta", "-rc.1"};
  std::string text;
  int comparators = 1 + static_cast<int>(random() % 3);
  for (int i = 0; i < comparators; ++i) {
    std::string c = ops[random() % ops.size()] + std::to_string(random() % 3);
    int parts = static_cast<int>(random() % 3);
    if (parts >= 1) c += "." + (random() % 5 == 0 ? std::string("*") : std::to_string(random() % 3));
    if (parts >= 2 && c.back() != '*') {
      c += "." + std::to_string(random() % 3);
      c += pres[random() % pres.size()];
    }
    text += (i ? ", " : "") + c;
  }
  return text;
}

class VersionSetProperties : public ::testing::Test {
 protected:
  std::vector<Version> versions_ = universe();
  std::mt19937 random_{20261123};

  VersionSet random_set(std::string* description) {
    for (;;) {
      std::string text = random_requirement(random_);
      auto req = parse_version_req(text);
      if (!req) continue;
      *description = text;
      // Mix in complements and single versions so that sets of every shape occur.
      switch (random_() % 5) {
        case 0: return req->to_set().complement();
        case 1: {
          const Version& point = versions_[random_() % versions_.size()];
          *description = "exactly " + point.to_string();
          return VersionSet::exactly(point);
        }
        case 2: {
          // Several intervals with gaps between them: what the walks of
          // subset_of, disjoint_from and minus step through.
          auto other = parse_version_req(random_requirement(random_));
          if (!other) return req->to_set();
          *description = text + " | !(" + other->to_string() + ")";
          return req->to_set().unite(other->to_set().complement());
        }
        default: return req->to_set();
      }
    }
  }
};

TEST_F(VersionSetProperties, RequirementSetsAgreeWithMatching) {
  for (int round = 0; round < 400; ++round) {
    std::string text = random_requirement(random_);
    auto req = parse_version_req(text);
    if (!req) continue;
    VersionSet set = req->to_set();
    for (const Version& version : versions_) {
      ASSERT_EQ(req->matches(version), set.contains(version)) << "'" << text << "' and " << version.to_string();
    }
  }
}

TEST_F(VersionSetProperties, OperationsAgreePointwise) {
  for (int round = 0; round < 300; ++round) {
    std::string a_text, b_text;
    VersionSet a = random_set(&a_text);
    VersionSet b = random_set(&b_text);
    VersionSet both = a.intersect(b), either = a.unite(b), not_a = a.complement(), a_not_b = a.minus(b);
    for (const Version& version : versions_) {
      const bool in_a = a.contains(version), in_b = b.contains(version);
      ASSERT_EQ(both.contains(version), in_a && in_b) << a_text << " & " << b_text << " at " << version.to_string();
      ASSERT_EQ(either.contains(version), in_a || in_b) << a_text << " | " << b_text << " at " << version.to_string();
      ASSERT_EQ(not_a.contains(version), !in_a) << "!" << a_text << " at " << version.to_string();
      ASSERT_EQ(a_not_b.contains(version), in_a && !in_b) << a_text << " - " << b_text;
    }
  }
}

TEST_F(VersionSetProperties, EmptinessAndSubsetAreSound) {
  for (int round = 0; round < 300; ++round) {
    std::string a_text, b_text;
    VersionSet a = random_set(&a_text);
    VersionSet b = random_set(&b_text);
    if (a.empty()) {
      for (const Version& version : versions_) ASSERT_FALSE(a.contains(version)) << a_text << " claims to be empty";
    }
    if (a.subset_of(b)) {
      for (const Version& version : versions_) {
        ASSERT_TRUE(!a.contains(version) || b.contains(version)) << a_text << " <= " << b_text;
      }
    }
    // A set and its complement cover everything and share nothing.
    ASSERT_TRUE(a.unite(a.complement()).is_any()) << a_text;
    ASSERT_TRUE(a.intersect(a.complement()).empty()) << a_text;
    ASSERT_TRUE(a.intersect(b).subset_of(a));
    ASSERT_TRUE(a.subset_of(a.unite(b)));
    // The shortcuts of subset_of and disjoint_from agree with the set algebra.
    ASSERT_EQ(a.subset_of(b), a.minus(b).empty()) << a_text << " <= " << b_text;
    ASSERT_EQ(a.disjoint_from(b), a.intersect(b).empty()) << a_text << " and " << b_text;
    if (a.disjoint_from(b)) {
      for (const Version& version : versions_) {
        ASSERT_FALSE(a.contains(version) && b.contains(version)) << a_text << " and " << b_text << " claim to be disjoint";
      }
    }
  }
}

TEST_F(VersionSetProperties, SingleVersionsAreExact) {
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const VersionSet set = random_set(&text);
    const Version& point = versions_[random_() % versions_.size()];
    const VersionSet exactly = VersionSet::exactly(point);
    ASSERT_EQ(exactly.subset_of(set), set.contains(point)) << point.to_string() << " in " << text;
    ASSERT_EQ(exactly.disjoint_from(set), !set.contains(point)) << point.to_string() << " in " << text;
    ASSERT_EQ(set.disjoint_from(exactly), !set.contains(point)) << point.to_string() << " in " << text;
    ASSERT_EQ(exactly.intersect(set).empty(), !set.contains(point)) << point.to_string() << " in " << text;
    ASSERT_EQ(set.intersect(exactly).empty(), !set.contains(point)) << point.to_string() << " in " << text;
    ASSERT_EQ(exactly.minus(set).empty(), set.contains(point)) << point.to_string() << " in " << text;
    ASSERT_TRUE(exactly.same_as(VersionSet::exactly(point)));
  }
}

TEST(VersionSetTest, EmptinessIsExactAtTheEdges) {
  auto interval = [](Bound lo, Bound hi) { return IntervalSet::of({std::move(lo), std::move(hi)}); };
  // Nothing lies strictly between a release and the first pre-release of the next patch.
  EXPECT_TRUE(interval(Bound::exclusive(v("1.0.0")), Bound::exclusive(v("1.0.1-0"))).empty());
  EXPECT_FALSE(interval(Bound::exclusive(v("1.0.0")), Bound::inclusive(v("1.0.1-0"))).empty());
  // Pre-releases of 1.0.0 only: no release inside, but pre-releases are.
  VersionSet only_pre = VersionSet::from_parts(interval(Bound::inclusive(v("1.0.0-alpha")), Bound::exclusive(v("1.0.0"))),
                                               interval(Bound::inclusive(v("1.0.0-alpha")), Bound::exclusive(v("1.0.0"))));
  EXPECT_FALSE(only_pre.empty());
  EXPECT_TRUE(VersionSet::from_parts(only_pre.release_part(), {}).empty());
  // "alpha.0" is the immediate successor of "alpha".
  EXPECT_TRUE(VersionSet::from_parts({}, interval(Bound::exclusive(v("1.0.0-alpha")), Bound::exclusive(v("1.0.0-alpha.0")))).empty());
  EXPECT_EQ(next_version(v("1.0.0-alpha")).to_string(), "1.0.0-alpha.0");
  EXPECT_EQ(next_version(v("1.0.9")).to_string(), "1.0.10-0");
}

TEST(VersionSetTest, PrintsReadably) {
  EXPECT_EQ(parse_version_req("^1.2")->to_set().to_string(), ">=1.2.0-0, <2.0.0-0");
  EXPECT_EQ(parse_version_req("=1.4.0")->to_set().to_string(), "=1.4.0");
  EXPECT_EQ(VersionSet::any().to_string(), "* (pre-releases included)");
  EXPECT_EQ(VersionSet::none().to_string(), "no version");
  EXPECT_EQ(parse_version_req("^1.2.3-rc.1")->to_set().to_string(),
            ">=1.2.3-rc.1, <2.0.0-0 (pre-releases: >=1.2.3-rc.1, <1.2.3)");
}

}  // namespace
}  // namespace modbuild::semver
