// The solver on the examples of the pub solver documentation, and on the
// behaviours modbuild adds (preferences, yanked versions, conflicts).
#include "modbuild/resolver/solver.h"

#include <gtest/gtest.h>

#include "universe_builder.h"

namespace modbuild::resolver::testing {
namespace {

std::string solve_to_string(const UniverseBuilder& universe) {
  Problem problem = universe.build();
  SolveResult result = solve(problem);
  if (!result.solved) return "no solution";
  return selection(problem, result.selected);
}

TEST(SolverTest, NoConflicts) {
  UniverseBuilder u;
  u.root({{"foo", "^1.0.0"}}).add("foo", "1.0.0", {{"bar", "^1.0.0"}}).add("bar", "1.0.0").add("bar", "2.0.0");
  EXPECT_EQ(solve_to_string(u), "bar 1.0.0, foo 1.0.0, root 1.0.0");
}

TEST(SolverTest, AvoidingConflictDuringDecisionMaking) {
  UniverseBuilder u;
  u.root({{"foo", "^1.0.0"}, {"bar", "^1.0.0"}})
      .add("foo", "1.1.0", {{"bar", "^2.0.0"}})
      .add("foo", "1.0.0")
      .add("bar", "1.0.0")
      .add("bar", "1.1.0")
      .add("bar", "2.0.0");
  EXPECT_EQ(solve_to_string(u), "bar 1.1.0, foo 1.0.0, root 1.0.0");
}

TEST(SolverTest, PerformingConflictResolution) {
  UniverseBuilder u;
  u.root({{"foo", ">=1.0.0"}})
      .add("foo", "2.0.0", {{"bar", "^1.0.0"}})
      .add("foo", "1.0.0")
      .add("bar", "1.0.0", {{"foo", "^1.0.0"}});
  EXPECT_EQ(solve_to_string(u), "foo 1.0.0, root 1.0.0");
}

TEST(SolverTest, ConflictResolutionWithAPartialSatisfier) {
  UniverseBuilder u;
  u.root({{"foo", "^1.0.0"}, {"target", "^2.0.0"}})
      .add("foo", "1.1.0", {{"left", "^1.0.0"}, {"right", "^1.0.0"}})
      .add("foo", "1.0.0")
      .add("left", "1.0.0", {{"shared", ">=1.0.0"}})
      .add("right", "1.0.0", {{"shared", "<2.0.0"}})
      .add("shared", "2.0.0")
      .add("shared", "1.0.0", {{"target", "^1.0.0"}})
      .add("target", "2.0.0")
      .add("target", "1.0.0");
  EXPECT_EQ(solve_to_string(u), "foo 1.0.0, root 1.0.0, target 2.0.0");
}

TEST(SolverTest, LinearFailure) {
  UniverseBuilder u;
  u.root({{"foo", "^1.0.0"}, {"baz", "^1.0.0"}})
      .add("foo", "1.0.0", {{"bar", "^2.0.0"}})
      .add("bar", "2.0.0", {{"baz", "^3.0.0"}})
      .add("baz", "1.0.0")
      .add("baz", "3.0.0");
  EXPECT_EQ(solve_to_string(u), "no solution");
}

TEST(SolverTest, BranchingFailure) {
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
  EXPECT_EQ(solve_to_string(u), "no solution");
}

TEST(SolverTest, NewestFirstUnlessPreferred) {
  UniverseBuilder u;
  u.root({{"foo", "^1.0"}}).add("foo", "1.0.0").add("foo", "1.2.0").add("foo", "1.1.0");
  EXPECT_EQ(solve_to_string(u), "foo 1.2.0, root 1.0.0");
  u.prefer("foo", "1.1.0");
  EXPECT_EQ(solve_to_string(u), "foo 1.1.0, root 1.0.0");
  u.prefer("foo", "2.0.0");  // no longer matching: ignored
  EXPECT_EQ(solve_to_string(u), "foo 1.2.0, root 1.0.0");
}

TEST(SolverTest, YankedVersionsOnlyWhenPreferred) {
  UniverseBuilder u;
  u.root({{"foo", "^1.0"}}).add("foo", "1.0.0").add("foo", "1.2.0").yank("foo", "1.2.0");
  EXPECT_EQ(solve_to_string(u), "foo 1.0.0, root 1.0.0");
  u.prefer("foo", "1.2.0");
  EXPECT_EQ(solve_to_string(u), "foo 1.2.0, root 1.0.0") << "a locked yanked version stays";
}

TEST(SolverTest, ConflictsAreAvoided) {
  UniverseBuilder u;
  u.root({{"app", "*"}}).add("app", "1.0.0", {{"gl", "*"}, {"vk", "*"}}).add("app", "0.9.0", {{"gl", "*"}});
  u.add("gl", "1.0.0").add("vk", "1.0.0");
  Problem problem = u.build();
  problem.conflicts.push_back({{{2, semver::VersionSet::any()}, {3, semver::VersionSet::any()}}, {}});
  SolveResult result = solve(problem);
  ASSERT_TRUE(result.solved);
  EXPECT_EQ(selection(problem, result.selected), "app 0.9.0, gl 1.0.0, root 1.0.0");
}

TEST(SolverTest, LongChainsNeedNoRecursion) {
  UniverseBuilder u;
  constexpr int length = 100000;
  u.root({{"p0", "^1"}});
  for (int i = 0; i < length; ++i) {
    std::vector<Dep> deps;
    if (i + 1 < length) deps.push_back({"p" + std::to_string(i + 1), "^1"});
    u.add("p" + std::to_string(i), "1.0.0", deps);
  }
  Problem problem = u.build();
  SolveResult result = solve(problem);
  ASSERT_TRUE(result.solved);
  EXPECT_EQ(std::count_if(result.selected.begin(), result.selected.end(), [](const auto& v) { return v.has_value(); }),
            length + 1);
}

// Independent chains whose newer versions all fail at their far end: every
// failure is learned as a global fact. Going back to where that fact holds
// would decide all the other chains again after each conflict, so the work
// would grow with the square of the chains; the chronological backjumps keep
// it linear. Counted in solver steps, which do not depend on the machine.
TEST(SolverTest, ConflictsInIndependentChainsStayLinear) {
  auto steps_for = [](int chains) {
    constexpr int versions = 10, depth = 4;
    UniverseBuilder u;
    std::vector<Dep> roots{{"shared", "<1.1.0"}};
    for (int c = 0; c < chains; ++c) roots.push_back({"x" + std::to_string(c), "*"});
    u.root(roots);
    for (int v = 0; v < versions; ++v) u.add("shared", "1." + std::to_string(v) + ".0");
    for (int c = 0; c < chains; ++c) {
      const int ok = c % versions;  // the newest version of chain c that works
      for (int level = 0; level <= depth; ++level) {
        const std::string name = (level == 0 ? "x" : "y" + std::to_string(level) + "_") + std::to_string(c);
        const std::string next = "y" + std::to_string(level + 1) + "_" + std::to_string(c);
        for (int v = 0; v < versions; ++v) {
          const std::string version = "1." + std::to_string(v) + ".0";
          if (level < depth) {
            u.add(name, version, {{next, "=" + version}});
          } else {
            u.add(name, version, {{"shared", v > ok ? "^1." + std::to_string(v - ok) : "*"}});
          }
        }
      }
    }
    Problem problem = u.build();
    SolveResult result = solve(problem);
    EXPECT_TRUE(result.solved);
    return result.stats.steps;
  };
  const auto small = steps_for(20), large = steps_for(80);
  // Four times the chains: about four times the steps, where quadratic work
  // would take sixteen.
  EXPECT_LT(large, 6 * small) << small << " steps for 20 chains, " << large << " for 80";
}

// n + 1 pigeons and n holes: pigeon i at version j sits in hole j, which
// then must be at version i. No two pigeons share a hole, so there is no
// solution, and proving it takes a search exponential in n. Such a registry
// once ran for minutes at gigabytes inside the default step limit, because
// the scans of learned incompatibilities between two steps counted nothing.
Problem pigeonhole(int holes) {
  UniverseBuilder u;
  std::vector<Dep> pigeons;
  for (int pigeon = 1; pigeon <= holes + 1; ++pigeon) {
    const std::string name = "pigeon" + std::to_string(pigeon);
    pigeons.push_back({name, "*"});
    for (int hole = 1; hole <= holes; ++hole) {
      u.add(name, std::to_string(hole) + ".0.0", {{"hole" + std::to_string(hole), "=" + std::to_string(pigeon) + ".0.0"}});
      u.add("hole" + std::to_string(hole), std::to_string(pigeon) + ".0.0");
    }
  }
  u.root(pigeons);
  return u.build();
}

TEST(SolverTest, TheLimitBoundsTheWorkOfAPigeonholeProblem) {
  Problem problem = pigeonhole(11);
  problem.max_steps = 100'000;
  const SolveResult result = solve(problem);
  EXPECT_FALSE(result.solved);
  EXPECT_TRUE(result.step_limit_reached);
  EXPECT_LE(result.stats.steps, problem.max_steps + 1);
  // The work stops within one scan of the budget; the steps alone would
  // have let it run on a hundred times longer.
  EXPECT_LE(result.stats.work, problem.max_steps * Problem::work_per_step + 50'000) << result.stats.work;
  EXPECT_LT(result.stats.steps, problem.max_steps / 10) << "the steps did not measure this work";
}

TEST(SolverTest, StepLimitEndsTheSearch) {
  UniverseBuilder u;
  u.root({{"a", "*"}}).add("a", "1.0.0", {{"b", "*"}}).add("b", "1.0.0");
  Problem problem = u.build();
  problem.max_steps = 2;
  SolveResult result = solve(problem);
  EXPECT_FALSE(result.solved);
  EXPECT_TRUE(result.step_limit_reached);
}

}  // namespace
}  // namespace modbuild::resolver::testing
