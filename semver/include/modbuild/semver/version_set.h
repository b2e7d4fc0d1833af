// Sets of versions, closed under intersection, union and complement, with
// exact emptiness and subset tests: the algebra the resolver's terms need.
//
// Cargo's requirements treat releases and pre-releases differently (a
// pre-release matches only a comparator that names a pre-release of the same
// major.minor.patch), so no single union of intervals can describe them. A
// VersionSet is therefore a pair of interval unions over the precedence order:
// one that applies to release versions and one that applies to pre-releases:
//
//   set = (releases ∩ release_part) ∪ (pre-releases ∩ pre_release_part)
//
// Releases and pre-releases partition all versions, so each operation works
// on both parts independently, and the result is exact. Build metadata is
// ignored throughout, as it is for precedence.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "modbuild/semver/version.h"

namespace modbuild::semver {

/// One end of an interval: unbounded, or a version included or excluded.
struct Bound {
  enum class Kind { unbounded, inclusive, exclusive };
  Kind kind = Kind::unbounded;
  Version version;

  static Bound unbounded() { return {}; }
  static Bound inclusive(Version v) { return {Kind::inclusive, std::move(v)}; }
  static Bound exclusive(Version v) { return {Kind::exclusive, std::move(v)}; }
  friend bool operator==(const Bound& a, const Bound& b);
};

/// A contiguous, non-empty range of the precedence order.
struct Interval {
  Bound lower;
  Bound upper;
  bool contains(const Version& v) const;
  friend bool operator==(const Interval&, const Interval&) = default;
};

/// A union of disjoint intervals, kept sorted and merged.
class IntervalSet {
 public:
  static IntervalSet none() { return {}; }
  static IntervalSet all();
  static IntervalSet of(Interval interval);  ///< empty intervals give the empty set

  bool contains(const Version& v) const;
  bool empty() const { return intervals_.empty(); }
  IntervalSet complement() const;
  IntervalSet intersect(const IntervalSet& other) const;
  IntervalSet unite(const IntervalSet& other) const;
  /// The intersection with the complement of `other`, without building it.
  IntervalSet minus(const IntervalSet& other) const;
  const std::vector<Interval>& intervals() const { return intervals_; }
  friend bool operator==(const IntervalSet&, const IntervalSet&) = default;

 private:
  std::vector<Interval> intervals_;
};

/// Immutable once built: copies share one representation, so that the same
/// range can sit in thousands of requirement edges, solver terms and
/// incompatibilities without being copied (operations build new sets).
class VersionSet {
 public:
  /// Every version (releases and pre-releases).
  static VersionSet any();
  static VersionSet none() { return {}; }
  /// Exactly one version (compared by precedence).
  static VersionSet exactly(const Version& v);
  static VersionSet from_parts(IntervalSet releases, IntervalSet pre_releases);

  bool contains(const Version& v) const;
  /// Exact: true only if no version at all lies in the set.
  bool empty() const;
  bool is_any() const;
  VersionSet complement() const;
  VersionSet intersect(const VersionSet& other) const;
  VersionSet unite(const VersionSet& other) const;
  VersionSet minus(const VersionSet& other) const;
  bool subset_of(const VersionSet& other) const;
  bool disjoint_from(const VersionSet& other) const;
  bool same_as(const VersionSet& other) const { return *this == other || (subset_of(other) && other.subset_of(*this)); }
  /// The same representation (equal parts); same_as() compares the versions held.
  friend bool operator==(const VersionSet& a, const VersionSet& b);

  const IntervalSet& release_part() const { return parts_ ? parts_->releases : no_intervals(); }
  const IntervalSet& pre_release_part() const { return parts_ ? parts_->pre_releases : no_intervals(); }

  /// A readable form such as ">=1.2.0, <2.0.0" or "1.4.0 || >=2.0.0", with
  /// pre-releases listed separately when the parts differ.
  std::string to_string() const;

 private:
  // The version when the set is exactly one version, as exactly() builds it.
  // Solving mostly intersects such points with ranges, which this answers
  // with one comparison instead of interval arithmetic. Found once, when the
  // set is built.
  const Version* single_version() const;
  bool is_any_representation() const;
  static const IntervalSet& no_intervals();

  struct Parts {
    IntervalSet releases;
    IntervalSet pre_releases;
    const Version* single;  // into the parts, when they hold exactly one version
  };
  static const Version* find_single_version(const Parts& parts);
  std::shared_ptr<const Parts> parts_;  // null for the empty set
};

/// The least version strictly above `v` in precedence: v with ".0" appended
/// to its pre-release, or the first pre-release of the next patch for a release.
Version next_version(const Version& v);

}  // namespace modbuild::semver
