// Explanations of the failing examples of the pub solver documentation.
#include "modbuild/resolver/explain.h"

#include <gtest/gtest.h>

#include "modbuild/semver/version_req.h"
#include "universe_builder.h"

namespace modbuild::resolver::testing {
namespace {

std::string explain(const UniverseBuilder& universe) {
  Problem problem = universe.build();
  SolveResult result = solve(problem);
  EXPECT_FALSE(result.solved);
  return render_explanation(explain_failure(problem, result, [](const diagnostics::SourceSpan&) { return ""; }));
}

TEST(ExplainTest, LinearErrorReporting) {
  UniverseBuilder u;
  u.root({{"foo", "^1.0.0"}, {"baz", "^1.0.0"}})
      .add("foo", "1.0.0", {{"bar", "^2.0.0"}})
      .add("bar", "2.0.0", {{"baz", "^3.0.0"}})
      .add("baz", "1.0.0")
      .add("baz", "3.0.0");
  EXPECT_EQ(explain(u),
            "Because foo 1.0.0 depends on bar ^2.0.0 which depends on baz ^3.0.0, foo 1.0.0 requires baz ^3.0.0.\n"
            "So, because the workspace depends on both baz ^1.0.0 and foo ^1.0.0, version solving failed.\n");
}

TEST(ExplainTest, BranchingErrorReporting) {
  UniverseBuilder u;
  u.root({{"foo", "^1.0.0"}})
      .add("foo", "1.0.0", {{"a", "^1.0.0"}, {"b", "^1.0.0"}})
      .add("foo", "1.1.0", {{"x", "^1.0.0"}, {"y", "^1.0.0"}})
      .add("a", "1.0.0", {{"b", "^2.0.0"}})
      .add("b", "1.0.0")
      .add("b", "2.0.0")
      .add("x", "1.0.0", {{"y", "^2.0.0"}})
      .add("y", "1.0.0")
      .add("y", "2.0.0");
  EXPECT_EQ(explain(u),
            "    Because foo <1.1.0 depends on a ^1.0.0 which depends on b ^2.0.0, foo <1.1.0 requires b ^2.0.0.\n"
            "(1) So, because foo <1.1.0 depends on b ^1.0.0, foo <1.1.0 is forbidden.\n"
            "\n"
            "    Because foo >=1.1.0 depends on x ^1.0.0 which depends on y ^2.0.0, foo >=1.1.0 requires y ^2.0.0.\n"
            "    And because foo >=1.1.0 depends on y ^1.0.0, foo >=1.1.0 is forbidden.\n"
            "    And because foo <1.1.0 is forbidden (1), foo is forbidden.\n"
            "    So, because the workspace depends on foo ^1.0.0, version solving failed.\n");
}

TEST(ExplainTest, MissingVersions) {
  UniverseBuilder u;
  u.root({{"foo", "^2.0"}}).add("foo", "1.0.0").add("foo", "1.5.0");
  EXPECT_EQ(explain(u),
            "Because no version of foo matches ^2.0.0 (available: 1.0.0, 1.5.0) and the workspace depends on foo ^2.0, "
            "version solving failed.\n");
}

TEST(ExplainTest, DeepChainsExplainWithoutRecursion) {
  UniverseBuilder u;
  constexpr int length = 20000;
  u.root({{"p0", "^1"}});
  for (int i = 0; i < length; ++i) {
    std::vector<Dep> deps{{"p" + std::to_string(i + 1), "^1"}};
    u.add("p" + std::to_string(i), "1.0.0", i + 1 < length ? deps : std::vector<Dep>{{"p0", "^2"}});
  }
  const std::string text = explain(u);
  EXPECT_NE(text.find("version solving failed"), std::string::npos) << "the conclusion is kept";
  const std::size_t cut = text.find(" lines of the derivation are not shown");
  ASSERT_NE(cut, std::string::npos);
  EXPECT_LT(text.find("p1"), cut) << "the first steps are kept";
  // Once all 20,000 steps: the text keeps its start and its conclusion.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), static_cast<long>(kMaxExplanationLines + 1)) << text;
  EXPECT_NE(text.find(" lines of the derivation are not shown ('--format json' gives all of it)\n"),
            std::string::npos);
}

TEST(DescribeSetTest, UsesTheShortestFamiliarForm) {
  auto set = [](std::string_view req) { return semver::parse_version_req(req)->to_set(); };
  EXPECT_EQ(describe_set(set("^1.2")), "^1.2.0");
  EXPECT_EQ(describe_set(set("~1.2.3")), "~1.2.3");
  EXPECT_EQ(describe_set(set("=2.0.0")), "2.0.0");
  EXPECT_EQ(describe_set(set(">=1.0, <1.5")), ">=1.0.0, <1.5.0");
  EXPECT_EQ(describe_set(set("*")), "*");
  EXPECT_EQ(describe_set(set("^1").unite(set("^3"))), ">=1.0.0, <2.0.0 || >=3.0.0, <4.0.0");
}

}  // namespace
}  // namespace modbuild::resolver::testing
