// PubGrub version solving: conflict-driven, learning incompatibilities over
// version ranges, one version per package.
//
// See the pub solver documentation (doc/solver.md in dart-lang/pub) for the
// algorithm. Everything is iterative: a 100,000-package dependency chain needs
// no deeper call stack than a single package.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "modbuild/resolver/problem.h"

namespace modbuild::resolver {

/// A statement about one package: "selected, with a version in `set`"
/// (positive), or "not selected with a version in `set`" (negative).
struct Term {
  PackageId package = root_package;
  semver::VersionSet set;
  bool positive = true;
};

/// A set of terms that cannot all be true. External ones state facts of the
/// problem; derived ones were learned from two others during conflict resolution.
struct Incompatibility {
  enum class Kind { root, dependency, no_versions, conflict, derived };
  Kind kind = Kind::root;
  std::vector<Term> terms;  ///< at most one per package
  /// dependency: the edge's origin; conflict: the conflict's origin.
  Origin origin;
  /// dependency: the depending package and the depender range, as in terms[0].
  std::uint32_t cause1 = none;  ///< derived: the two incompatibilities it came from
  std::uint32_t cause2 = none;
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
};

struct SolveStats {
  std::uint64_t steps = 0;
  /// Terms examined in propagation and in conflict resolution, and terms
  /// of every incompatibility recorded: the solver's time and memory, which
  /// steps alone do not measure (a pigeonhole-shaped problem spends minutes
  /// and gigabytes scanning learned incompatibilities between two steps).
  std::uint64_t work = 0;
  std::uint64_t decisions = 0;
  std::uint64_t conflicts = 0;
  std::uint64_t backtracks = 0;
};

struct SolveResult {
  /// The selected version of each package (indexed by PackageId); nullopt
  /// for packages not selected. Empty when solving failed.
  std::vector<std::optional<semver::Version>> selected;
  bool solved = false;
  bool step_limit_reached = false;
  /// On failure: every incompatibility, and the one proving the root cannot
  /// be selected (the root of the derivation graph explanations start from).
  std::vector<Incompatibility> incompatibilities;
  std::uint32_t failure = Incompatibility::none;
  SolveStats stats;
};

/// Solves the problem. When every package the root reaches has exactly one
/// candidate version (a workspace without registries), there is nothing to
/// choose, and the answer is checked in one pass over the edges instead of
/// searched for; when that check fails, the search runs, for its explanation.
SolveResult solve(const Problem& problem);

/// Always searches (PubGrub), even when there is nothing to choose.
SolveResult solve_by_search(const Problem& problem);

}  // namespace modbuild::resolver
