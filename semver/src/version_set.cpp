// Interval unions over the precedence order, and VersionSet built from two of
// them (see version_set.h for why there are two).
#include "modbuild/semver/version_set.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace modbuild::semver {
namespace {

using Kind = Bound::Kind;

int compare(const Version& a, const Version& b) {
  auto c = compare_precedence(a, b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The least version that is a release and comes after `v` (excluded).
std::optional<Version> next_release_after(const Version& v) {
  if (v.is_pre_release()) return Version{v.major, v.minor, v.patch, {}, {}};
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  if (v.patch != max) return Version{v.major, v.minor, v.patch + 1, {}, {}};
  if (v.minor != max) return Version{v.major, v.minor + 1, 0, {}, {}};
  if (v.major != max) return Version{v.major + 1, 0, 0, {}, {}};
  return std::nullopt;
}

Version with_first_pre_release(Version v) {
  v.pre_release = {PreReleaseIdentifier{"0", true, 0}};
  v.build.clear();
  return v;
}

// The least version of a kind (release or pre-release) that a lower bound admits.
std::optional<Version> least_release(const Bound& lower) {
  switch (lower.kind) {
    case Kind::unbounded: return Version{};
    case Kind::inclusive:
      if (!lower.version.is_pre_release()) return Version{lower.version.major, lower.version.minor, lower.version.patch, {}, {}};
      return next_release_after(lower.version);
    case Kind::exclusive: return next_release_after(lower.version);
  }
  return std::nullopt;
}

std::optional<Version> least_pre_release(const Bound& lower) {
  switch (lower.kind) {
    case Kind::unbounded: return with_first_pre_release(Version{});
    case Kind::inclusive:
      if (lower.version.is_pre_release()) return lower.version;
      break;
    case Kind::exclusive:
      if (lower.version.is_pre_release()) return next_version(lower.version);
      break;
  }
  auto release = next_release_after(lower.version);  // a release: its successor's first pre-release
  if (!release) return std::nullopt;
  return with_first_pre_release(*release);
}

std::optional<Version> least_of_any_kind(const Bound& lower) {
  switch (lower.kind) {
    case Kind::unbounded: return with_first_pre_release(Version{});
    case Kind::inclusive: return lower.version;
    case Kind::exclusive: return next_version(lower.version);
  }
  return std::nullopt;
}

bool below_upper(const Version& v, const Bound& upper) {
  switch (upper.kind) {
    case Kind::unbounded: return true;
    case Kind::inclusive: return compare(v, upper.version) <= 0;
    case Kind::exclusive: return compare(v, upper.version) < 0;
  }
  return false;
}

bool above_lower(const Version& v, const Bound& lower) {
  switch (lower.kind) {
    case Kind::unbounded: return true;
    case Kind::inclusive: return compare(v, lower.version) >= 0;
    case Kind::exclusive: return compare(v, lower.version) > 0;
  }
  return false;
}

// Whether a version (of any kind, a release, a pre-release) lies between two
// bounds. An inclusive lower bound of the wanted kind is its own least
// version: the common case, answered without building one.
bool holds_any(const Bound& lower, const Bound& upper) {
  if (lower.kind == Kind::inclusive) return below_upper(lower.version, upper);
  auto least = least_of_any_kind(lower);
  return least && below_upper(*least, upper);
}
bool holds_release(const Bound& lower, const Bound& upper) {
  if (lower.kind == Kind::inclusive && !lower.version.is_pre_release()) return below_upper(lower.version, upper);
  auto least = least_release(lower);
  return least && below_upper(*least, upper);
}
bool holds_pre_release(const Bound& lower, const Bound& upper) {
  if (lower.kind == Kind::inclusive && lower.version.is_pre_release()) return below_upper(lower.version, upper);
  auto least = least_pre_release(lower);
  return least && below_upper(*least, upper);
}
bool holds_any(const Interval& i) { return holds_any(i.lower, i.upper); }
bool holds_release(const Interval& i) { return holds_release(i.lower, i.upper); }
bool holds_pre_release(const Interval& i) { return holds_pre_release(i.lower, i.upper); }

using HoldsKind = bool (*)(const Bound&, const Bound&);

// Orders lower bounds by where they start, upper bounds by where they end.
int compare_lower(const Bound& a, const Bound& b) {
  if (a.kind == Kind::unbounded || b.kind == Kind::unbounded) {
    return (a.kind == Kind::unbounded ? -1 : 0) + (b.kind == Kind::unbounded ? 1 : 0);
  }
  if (int c = compare(a.version, b.version); c != 0) return c;
  if (a.kind == b.kind) return 0;
  return a.kind == Kind::inclusive ? -1 : 1;
}

int compare_upper(const Bound& a, const Bound& b) {
  if (a.kind == Kind::unbounded || b.kind == Kind::unbounded) {
    return (a.kind == Kind::unbounded ? 1 : 0) - (b.kind == Kind::unbounded ? 1 : 0);
  }
  if (int c = compare(a.version, b.version); c != 0) return c;
  if (a.kind == b.kind) return 0;
  return a.kind == Kind::exclusive ? -1 : 1;
}

Bound flipped(const Bound& b) {
  if (b.kind == Kind::unbounded) return b;
  return {b.kind == Kind::inclusive ? Kind::exclusive : Kind::inclusive, b.version};
}

// Whether no version lies between the end of `first` and the start of `second`.
bool touches(const Interval& first, const Interval& second) {
  if (first.upper.kind == Kind::unbounded || second.lower.kind == Kind::unbounded) return true;
  // "<x" then ">=y": the usual pair, compared in place.
  if (first.upper.kind == Kind::exclusive && second.lower.kind == Kind::inclusive) {
    return compare(first.upper.version, second.lower.version) >= 0;
  }
  std::optional<Version> after_first =
      first.upper.kind == Kind::exclusive ? std::optional<Version>(first.upper.version) : next_version(first.upper.version);
  auto start_second = least_of_any_kind(second.lower);
  if (!after_first || !start_second) return true;
  return compare(*after_first, *start_second) >= 0;
}

// Drops the intervals that hold no version and joins those that touch, in
// place: the list is sorted by lower bound.
std::vector<Interval> merged(std::vector<Interval> intervals) {
  std::size_t kept = 0;
  for (std::size_t k = 0; k < intervals.size(); ++k) {
    Interval& i = intervals[k];
    if (!holds_any(i)) continue;
    if (kept > 0 && touches(intervals[kept - 1], i)) {
      if (compare_upper(i.upper, intervals[kept - 1].upper) > 0) intervals[kept - 1].upper = std::move(i.upper);
      continue;
    }
    if (kept != k) intervals[kept] = std::move(i);
    ++kept;
  }
  intervals.resize(kept);
  return intervals;
}

// Whether every interval of `inner` lies inside one interval of `outer`: a
// sufficient condition for being a subset, found without building a set.
bool lies_within(const IntervalSet& inner, const IntervalSet& outer) {
  const auto& in = inner.intervals();
  const auto& out = outer.intervals();
  std::size_t o = 0;
  for (const Interval& i : in) {
    // Outer intervals ending before `i` ends cannot hold it; both lists are sorted.
    while (o < out.size() && compare_upper(out[o].upper, i.upper) < 0) ++o;
    if (o == out.size()) return false;
    if (compare_lower(out[o].lower, i.lower) > 0 || compare_upper(i.upper, out[o].upper) > 0) return false;
  }
  return true;
}

// Whether a version of the kind `holds` looks for lies in both sets. Walks
// the two sorted lists as intersect() does, without building the pieces.
bool overlap(const IntervalSet& a, const IntervalSet& b, HoldsKind holds) {
  const auto& x = a.intervals();
  const auto& y = b.intervals();
  std::size_t i = 0, k = 0;
  while (i < x.size() && k < y.size()) {
    const Bound& lower = compare_lower(x[i].lower, y[k].lower) >= 0 ? x[i].lower : y[k].lower;
    const bool x_ends_first = compare_upper(x[i].upper, y[k].upper) <= 0;
    const Bound& upper = x_ends_first ? x[i].upper : y[k].upper;
    if (holds(lower, upper)) return true;
    if (x_ends_first) {
      ++i;
    } else {
      ++k;
    }
  }
  return false;
}

// Calls piece(lower, upper) for each part of `a` that lies in a gap of `b`
// (its complement), in order, until piece returns true; returns whether one
// did. Walks both sorted lists as intersect() does, one gap at a time, so
// that neither the complement nor the pieces are built as sets.
template <typename Piece>
bool for_each_piece_outside(const IntervalSet& a, const IntervalSet& b, Piece&& piece) {
  const auto& x = a.intervals();
  const auto& y = b.intervals();
  // Gap k lies between y[k - 1] and y[k]; gap 0 and gap y.size() are open ended
  // and do not exist when b is unbounded on that side.
  std::size_t k = !y.empty() && y.front().lower.kind == Kind::unbounded ? 1 : 0;
  const std::size_t gaps_end = !y.empty() && y.back().upper.kind == Kind::unbounded ? y.size() : y.size() + 1;
  std::size_t i = 0;
  while (i < x.size() && k < gaps_end) {
    const Bound gap_lower = k == 0 ? Bound::unbounded() : flipped(y[k - 1].upper);
    const Bound gap_upper = k == y.size() ? Bound::unbounded() : flipped(y[k].lower);
    const Bound& lower = compare_lower(x[i].lower, gap_lower) >= 0 ? x[i].lower : gap_lower;
    const bool x_ends_first = compare_upper(x[i].upper, gap_upper) <= 0;
    const Bound& upper = x_ends_first ? x[i].upper : gap_upper;
    if (piece(lower, upper)) return true;
    if (x_ends_first) {
      ++i;
    } else {
      ++k;
    }
  }
  return false;
}

// Whether a version of the kind `holds` looks for lies in `a` and not in `b`.
bool outside(const IntervalSet& a, const IntervalSet& b, HoldsKind holds) {
  return for_each_piece_outside(a, b, holds);
}

}  // namespace

bool operator==(const Bound& a, const Bound& b) {
  return a.kind == b.kind && (a.kind == Kind::unbounded || a.version == b.version);
}


Version next_version(const Version& v) {
  Version next = v;
  next.build.clear();
  if (v.is_pre_release()) {
    next.pre_release.push_back(PreReleaseIdentifier{"0", true, 0});
    return next;
  }
  auto release = next_release_after(v);
  return release ? with_first_pre_release(*release) : next;  // the largest version has no successor
}

bool Interval::contains(const Version& v) const { return above_lower(v, lower) && below_upper(v, upper); }

IntervalSet IntervalSet::all() { return of(Interval{}); }

IntervalSet IntervalSet::of(Interval interval) {
  IntervalSet set;
  if (holds_any(interval)) set.intervals_.push_back(std::move(interval));
  return set;
}

bool IntervalSet::contains(const Version& v) const {
  return std::any_of(intervals_.begin(), intervals_.end(), [&](const Interval& i) { return i.contains(v); });
}

IntervalSet IntervalSet::complement() const {
  std::vector<Interval> gaps;
  Bound start = Bound::unbounded();
  for (const Interval& i : intervals_) {
    if (i.lower.kind != Kind::unbounded) gaps.push_back({start, flipped(i.lower)});
    start = flipped(i.upper);
    if (i.upper.kind == Kind::unbounded) {
      IntervalSet out;
      out.intervals_ = merged(std::move(gaps));
      return out;
    }
  }
  gaps.push_back({start, Bound::unbounded()});
  IntervalSet out;
  out.intervals_ = merged(std::move(gaps));
  return out;
}

IntervalSet IntervalSet::intersect(const IntervalSet& other) const {
  std::vector<Interval> out;
  std::size_t a = 0, b = 0;
  while (a < intervals_.size() && b < other.intervals_.size()) {
    const Interval& x = intervals_[a];
    const Interval& y = other.intervals_[b];
    Interval both{compare_lower(x.lower, y.lower) >= 0 ? x.lower : y.lower,
                  compare_upper(x.upper, y.upper) <= 0 ? x.upper : y.upper};
    if (holds_any(both)) out.push_back(std::move(both));
    // Advance whichever interval ends first.
    if (compare_upper(x.upper, y.upper) <= 0) {
      ++a;
    } else {
      ++b;
    }
  }
  IntervalSet set;
  set.intervals_ = merged(std::move(out));
  return set;
}

IntervalSet IntervalSet::minus(const IntervalSet& other) const {
  // The pieces come sorted and apart (an interval of `other`, which holds a
  // version, separates any two), so they need no merging.
  IntervalSet set;
  for_each_piece_outside(*this, other, [&](const Bound& lower, const Bound& upper) {
    if (holds_any(lower, upper)) set.intervals_.push_back({lower, upper});
    return false;
  });
  return set;
}

IntervalSet IntervalSet::unite(const IntervalSet& other) const {
  std::vector<Interval> all;
  all.reserve(intervals_.size() + other.intervals_.size());
  std::merge(intervals_.begin(), intervals_.end(), other.intervals_.begin(), other.intervals_.end(),
             std::back_inserter(all),
             [](const Interval& x, const Interval& y) { return compare_lower(x.lower, y.lower) < 0; });
  IntervalSet set;
  set.intervals_ = merged(std::move(all));
  return set;
}

VersionSet VersionSet::any() {
  static const VersionSet every = from_parts(IntervalSet::all(), IntervalSet::all());
  return every;
}

const IntervalSet& VersionSet::no_intervals() {
  static const IntervalSet none;
  return none;
}

VersionSet VersionSet::exactly(const Version& v) {
  IntervalSet point = IntervalSet::of({Bound::inclusive(v), Bound::inclusive(v)});
  return v.is_pre_release() ? from_parts({}, std::move(point)) : from_parts(std::move(point), {});
}

VersionSet VersionSet::from_parts(IntervalSet releases, IntervalSet pre_releases) {
  VersionSet set;
  if (releases.empty() && pre_releases.empty()) return set;
  auto parts = std::make_shared<Parts>(Parts{std::move(releases), std::move(pre_releases), nullptr});
  parts->single = find_single_version(*parts);
  set.parts_ = std::move(parts);
  return set;
}

bool operator==(const VersionSet& a, const VersionSet& b) {
  if (a.parts_ == b.parts_) return true;
  return a.release_part() == b.release_part() && a.pre_release_part() == b.pre_release_part();
}

bool VersionSet::contains(const Version& v) const {
  return v.is_pre_release() ? pre_release_part().contains(v) : release_part().contains(v);
}

bool VersionSet::empty() const {
  const auto& r = release_part().intervals();
  const auto& p = pre_release_part().intervals();
  return std::none_of(r.begin(), r.end(), [](const Interval& i) { return holds_release(i); }) &&
         std::none_of(p.begin(), p.end(), [](const Interval& i) { return holds_pre_release(i); });
}

const Version* VersionSet::single_version() const { return parts_ ? parts_->single : nullptr; }

const Version* VersionSet::find_single_version(const Parts& parts) {
  const IntervalSet& releases = parts.releases;
  const IntervalSet& pre_releases = parts.pre_releases;
  const IntervalSet& used = releases.empty() ? pre_releases : releases;
  const IntervalSet& unused = releases.empty() ? releases : pre_releases;
  if (!unused.empty() || used.intervals().size() != 1) return nullptr;
  const Interval& i = used.intervals().front();
  if (i.lower.kind != Kind::inclusive || i.upper.kind != Kind::inclusive) return nullptr;
  if (compare(i.lower.version, i.upper.version) != 0) return nullptr;
  // A release point kept in the pre-release part (or the reverse) holds no version.
  if (i.lower.version.is_pre_release() != releases.empty()) return nullptr;
  return &i.lower.version;
}

bool VersionSet::is_any_representation() const {
  static const VersionSet every = any();
  return parts_ == every.parts_ || *this == every;
}

bool VersionSet::is_any() const { return is_any_representation() || complement().empty(); }

VersionSet VersionSet::complement() const {
  return from_parts(release_part().complement(), pre_release_part().complement());
}

VersionSet VersionSet::intersect(const VersionSet& other) const {
  if (const Version* v = single_version()) return other.contains(*v) ? *this : none();
  if (const Version* v = other.single_version()) return contains(*v) ? other : none();
  if (*this == other || other.is_any_representation()) return *this;
  if (is_any_representation()) return other;
  return from_parts(release_part().intersect(other.release_part()),
                    pre_release_part().intersect(other.pre_release_part()));
}

VersionSet VersionSet::minus(const VersionSet& other) const {
  if (const Version* v = single_version()) return other.contains(*v) ? none() : *this;
  if (other.parts_ == nullptr) return *this;
  return from_parts(release_part().minus(other.release_part()), pre_release_part().minus(other.pre_release_part()));
}

bool VersionSet::subset_of(const VersionSet& other) const {
  if (const Version* v = single_version()) return other.contains(*v);
  if (*this == other || other.is_any_representation()) return true;
  if (lies_within(release_part(), other.release_part()) && lies_within(pre_release_part(), other.pre_release_part())) {
    return true;
  }
  return !outside(release_part(), other.release_part(), holds_release) &&
         !outside(pre_release_part(), other.pre_release_part(), holds_pre_release);
}

bool VersionSet::disjoint_from(const VersionSet& other) const {
  if (const Version* v = single_version()) return !other.contains(*v);
  if (const Version* v = other.single_version()) return !contains(*v);
  return !overlap(release_part(), other.release_part(), holds_release) &&
         !overlap(pre_release_part(), other.pre_release_part(), holds_pre_release);
}

VersionSet VersionSet::unite(const VersionSet& other) const {
  if (*this == other) return *this;
  return from_parts(release_part().unite(other.release_part()), pre_release_part().unite(other.pre_release_part()));
}

namespace {

std::string interval_text(const Interval& i) {
  const bool low = i.lower.kind != Kind::unbounded;
  const bool high = i.upper.kind != Kind::unbounded;
  if (low && high && i.lower.kind == Kind::inclusive && i.upper.kind == Kind::inclusive &&
      compare(i.lower.version, i.upper.version) == 0) {
    return "=" + i.lower.version.to_string();
  }
  std::string out;
  if (low) out += (i.lower.kind == Kind::inclusive ? ">=" : ">") + i.lower.version.to_string();
  if (high) out += std::string(low ? ", " : "") + (i.upper.kind == Kind::inclusive ? "<=" : "<") + i.upper.version.to_string();
  return out.empty() ? "*" : out;
}

// Keeps the intervals that hold a version of the wanted kind, for display.
std::string part_text(const IntervalSet& set, bool (*holds)(const Interval&)) {
  std::string out;
  for (const Interval& i : set.intervals()) {
    if (!holds(i)) continue;
    out += (out.empty() ? "" : " || ") + interval_text(i);
  }
  return out;
}

}  // namespace

std::string VersionSet::to_string() const {
  std::string releases = part_text(release_part(), holds_release);
  std::string pre = part_text(pre_release_part(), holds_pre_release);
  if (releases.empty() && pre.empty()) return "no version";
  if (pre.empty()) return releases;
  if (releases == pre) return releases + " (pre-releases included)";
  if (releases.empty()) return "pre-releases " + pre;
  return releases + " (pre-releases: " + pre + ")";
}

}  // namespace modbuild::semver
