// The input of version solving: packages, their candidate versions and the
// constraints between them, each constraint remembering where it came from.
//
// The workspace resolver (resolve.h) builds a Problem from manifests,
// registries and the lockfile; the solver (solver.h) knows nothing of
// manifests, which keeps it testable with hand-made universes.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/semver/version.h"
#include "modbuild/semver/version_set.h"

namespace modbuild::resolver {

using PackageId = std::uint32_t;
/// Package 0 is always the root: the workspace itself, with one version.
inline constexpr PackageId root_package = 0;

/// Why a constraint exists, for explanations.
struct Origin {
  enum class Kind {
    root,          ///< the workspace selects this module
    dependency,    ///< [dependencies]
    core,          ///< [core]: Core data used
    implements,    ///< [implements]: the Core contract of a system
    feature,       ///< a required feature, satisfied by a chosen provider
    option,        ///< an optional dependency turned on by an option
    exclusive,     ///< two providers of an exclusive feature
    other,
  };
  Kind kind = Kind::other;
  diagnostics::SourceSpan span;  ///< where it was declared
  std::string requirement;       ///< as written, e.g. "^1.2"; empty for none
  std::string detail;            ///< feature name and requirement, option name
  std::string note;              ///< how a choice was made, e.g. "chosen by the workspace policy"
  friend bool operator==(const Origin&, const Origin&) = default;
};

/// Index into Problem::origins.
using OriginId = std::uint32_t;

/// A dependency of one candidate version. Its origin is held by the problem,
/// so that an edge stays small: a large universe has hundreds of thousands,
/// and many share one origin (the same requirement text, with no location).
struct Edge {
  PackageId target = root_package;
  semver::VersionSet range;
  OriginId origin = 0;
};

struct CandidateVersion {
  semver::Version version;
  std::vector<Edge> edges;
  bool yanked = false;  ///< chosen only when it is the preferred (locked) version
};

struct Package {
  std::string name;
  std::vector<CandidateVersion> versions;  ///< ascending precedence, no duplicates
};

/// Versions that must not be selected together (one range per package).
struct Conflict {
  std::vector<std::pair<PackageId, semver::VersionSet>> members;
  Origin origin;
};

struct Problem {
  /// packages[0] is the root, with exactly one version; its edges select the roots.
  std::vector<Package> packages;
  /// Why each edge exists; edges name theirs by index.
  std::vector<Origin> origins;
  std::vector<Conflict> conflicts;
  /// Versions to try first (the lockfile's), when they still match.
  std::map<PackageId, semver::Version> preferred;
  /// Decisions, derivations and conflict-resolution steps allowed before
  /// giving up; the solver's work (SolveStats::work) may be at most
  /// work_per_step times as much, so that the limit bounds time and memory.
  std::uint64_t max_steps = 10'000'000;
  static constexpr std::uint64_t work_per_step = 5;
  /// Decision levels a backjump may skip after a conflict; a longer one goes
  /// back only to just before the conflict's level instead (see solver.cpp).
  std::uint32_t longest_backjump = 16;

  OriginId add_origin(Origin origin) {
    origins.push_back(std::move(origin));
    return static_cast<OriginId>(origins.size() - 1);
  }
  const Origin& origin_of(const Edge& edge) const { return origins[edge.origin]; }
};

}  // namespace modbuild::resolver
