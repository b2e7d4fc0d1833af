// Randomized checks of the solver against an independent checker and, for
// failures, an exhaustive search of small universes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "modbuild/resolver/explain.h"
#include "modbuild/resolver/solver.h"
#include "modbuild/semver/version_req.h"
#include "universe_builder.h"

namespace modbuild::resolver::testing {
namespace {

struct RandomUniverse {
  UniverseBuilder builder;
  // The same facts in plain form, for the independent checks.
  struct Requirement {
    std::string target;
    semver::VersionReq req;
  };
  std::map<std::string, std::map<std::string, std::vector<Requirement>>> deps;  // package -> version -> deps
};

// `single_versions`: each package has one version, picked at random, as in a
// workspace without registries.
RandomUniverse make_universe(std::mt19937& random, bool single_versions = false) {
  static const std::vector<std::string> versions = {"1.0.0", "1.1.0", "2.0.0", "2.1.0", "3.0.0"};
  static const std::vector<std::string> requirements = {"^1", "^2", ">=1.1", "<2", "=1.0.0", "*", "~1.1", ">=2, <3", "^3"};
  RandomUniverse u;
  const int packages = 3 + static_cast<int>(random() % 4);
  std::vector<std::string> names;
  for (int p = 0; p < packages; ++p) names.push_back(std::string(1, static_cast<char>('a' + p)));
  auto random_deps = [&](const std::string& self) {
    std::vector<Dep> out;
    const int count = static_cast<int>(random() % 3);
    for (int d = 0; d < count; ++d) {
      const std::string& target = names[random() % names.size()];
      if (target == self) continue;
      bool duplicate = std::any_of(out.begin(), out.end(), [&](const Dep& dep) { return dep.package == target; });
      if (!duplicate) out.push_back({target, requirements[random() % requirements.size()]});
    }
    return out;
  };
  for (const std::string& name : names) {
    const std::size_t only = single_versions ? random() % versions.size() : 0;
    for (std::size_t v = 0; v < versions.size(); ++v) {
      const std::string& version = versions[v];
      if (single_versions && v != only) continue;
      if (!single_versions && v > 0 && random() % 3 == 0) continue;  // every package keeps at least its first version
      std::vector<Dep> deps = random_deps(name);
      u.builder.add(name, version, deps);
      for (const Dep& d : deps) u.deps[name][version].push_back({d.package, *semver::parse_version_req(d.requirement)});
    }
  }
  std::vector<Dep> root;
  for (int d = 0; d < 2; ++d) {
    const std::string& target = names[random() % names.size()];
    if (std::none_of(root.begin(), root.end(), [&](const Dep& x) { return x.package == target; })) {
      root.push_back({target, requirements[random() % requirements.size()]});
    }
  }
  u.builder.root(root);
  for (const Dep& d : root) u.deps["root"]["1.0.0"].push_back({d.package, *semver::parse_version_req(d.requirement)});
  return u;
}

// Whether a selection (package -> version, absent = not selected) satisfies
// every requirement of every selected version, checked with VersionReq::matches.
bool valid(const RandomUniverse& u, const std::map<std::string, std::string>& chosen) {
  if (!chosen.count("root")) return false;
  for (const auto& [package, version] : chosen) {
    auto by_version = u.deps.find(package);
    if (by_version == u.deps.end()) continue;
    auto requirements = by_version->second.find(version);
    if (requirements == by_version->second.end()) continue;
    for (const auto& r : requirements->second) {
      auto target = chosen.find(r.target);
      if (target == chosen.end() || !r.req.matches(*semver::parse_version(target->second))) return false;
    }
  }
  return true;
}

bool exists_solution(const Problem& problem, const RandomUniverse& u) {
  // Each package: not selected, or one of its versions.
  std::vector<std::size_t> choice(problem.packages.size(), 0);
  for (;;) {
    std::map<std::string, std::string> chosen;
    for (PackageId p = 0; p < problem.packages.size(); ++p) {
      if (choice[p] > 0) chosen[problem.packages[p].name] = problem.packages[p].versions[choice[p] - 1].version.to_string();
    }
    if (valid(u, chosen)) return true;
    std::size_t p = 0;
    while (p < choice.size() && ++choice[p] > problem.packages[p].versions.size()) choice[p++] = 0;
    if (p == choice.size()) return false;
  }
}

// Under AddressSanitizer, unoptimized, the brute-force check of each failure
// costs thirty times as much: fewer rounds there, the same universes first.
#ifdef __SANITIZE_ADDRESS__
constexpr int kRounds = 300;
#else
constexpr int kRounds = 1500;
#endif

// Run with the default backjumps and with every backjump chronological,
// which the small random universes would otherwise never need.
class SolverRandomTest : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(SolverRandomTest, SolutionsSatisfyEveryRequirementAndFailuresAreReal) {
  std::mt19937 random(7);
  int solved = 0, failed = 0;
  for (int round = 0; round < kRounds; ++round) {
    RandomUniverse u = make_universe(random);
    Problem problem = u.builder.build();
    problem.longest_backjump = GetParam();
    SolveResult result = solve(problem);
    if (result.solved) {
      ++solved;
      std::map<std::string, std::string> chosen;
      for (PackageId p = 0; p < problem.packages.size(); ++p) {
        if (result.selected[p]) chosen[problem.packages[p].name] = result.selected[p]->to_string();
      }
      ASSERT_TRUE(valid(u, chosen)) << "round " << round << ": invalid solution " << selection(problem, result.selected);
    } else {
      ++failed;
      ASSERT_FALSE(result.step_limit_reached);
      ASSERT_FALSE(exists_solution(problem, u)) << "round " << round << ": a solution exists but none was found";
      const std::string text = render_explanation(
          explain_failure(problem, result, [](const diagnostics::SourceSpan&) { return std::string(); }));
      ASSERT_TRUE(text.ends_with("version solving failed.\n")) << "round " << round << ":\n" << text;
    }
  }
  // Both outcomes must occur often enough for the test to mean something.
  EXPECT_GT(solved, kRounds * 2 / 15);
  EXPECT_GT(failed, kRounds * 2 / 15);
}

// Where there is nothing to choose, solve() checks the one candidate answer
// instead of searching: it must agree with the search on every universe.
TEST(SolverSingleVersionTest, CheckingAgreesWithSearching) {
  std::mt19937 random(11);
  int solved = 0, failed = 0;
  for (int round = 0; round < 1500; ++round) {
    RandomUniverse u = make_universe(random, true);
    Problem problem = u.builder.build();
    const SolveResult checked = solve(problem);
    const SolveResult searched = solve_by_search(problem);
    ASSERT_EQ(checked.solved, searched.solved) << "round " << round;
    ASSERT_EQ(checked.selected, searched.selected) << "round " << round << ": " << selection(problem, checked.selected)
                                                   << " against " << selection(problem, searched.selected);
    if (checked.solved) {
      // The check counts one step per selected package; the search takes two
      // for each package besides the root, so this tells which one answered.
      const auto selected = std::count_if(checked.selected.begin(), checked.selected.end(),
                                          [](const auto& version) { return version.has_value(); });
      ASSERT_EQ(checked.stats.steps, static_cast<std::uint64_t>(selected)) << "round " << round << ": not checked";
    }
    (checked.solved ? solved : failed)++;
  }
  EXPECT_GT(solved, 100);
  EXPECT_GT(failed, 200);
}

INSTANTIATE_TEST_SUITE_P(Backjumps, SolverRandomTest, ::testing::Values(Problem{}.longest_backjump, 0u));

}  // namespace
}  // namespace modbuild::resolver::testing
