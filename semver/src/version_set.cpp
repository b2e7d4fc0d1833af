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

bool holds_any(const Interval& i) {
  auto least = least_of_any_kind(i.lower);
  return least && below_upper(*least, i.upper);
}
bool holds_release(const Interval& i) {
  auto least = least_release(i.lower);
  return least && below_upper(*least, i.upper);
}
bool holds_pre_release(const Interval& i) {
  auto least = least_pre_release(i.lower);
  return least && below_upper(*least, i.upper);
}

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
  std::optional<Version> after_first =
      first.upper.kind == Kind::exclusive ? std::optional<Version>(first.upper.version) : next_version(first.upper.version);
  auto start_second = least_of_any_kind(second.lower);
  if (!after_first || !start_second) return true;
  return compare(*after_first, *start_second) >= 0;
}

std::vector<Interval> merged(std::vector<Interval> intervals) {
  std::vector<Interval> out;
  for (Interval& i : intervals) {
    if (!holds_any(i)) continue;
    if (!out.empty() && touches(out.back(), i)) {
      if (compare_upper(i.upper, out.back().upper) > 0) out.back().upper = std::move(i.upper);
      continue;
    }
    out.push_back(std::move(i));
  }
  return out;
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

VersionSet VersionSet::exactly(const Version& v) {
  IntervalSet point = IntervalSet::of({Bound::inclusive(v), Bound::inclusive(v)});
  return v.is_pre_release() ? from_parts({}, point) : from_parts(point, {});
}

VersionSet VersionSet::from_parts(IntervalSet releases, IntervalSet pre_releases) {
  VersionSet set;
  set.releases_ = std::move(releases);
  set.pre_releases_ = std::move(pre_releases);
  return set;
}

bool VersionSet::contains(const Version& v) const {
  return v.is_pre_release() ? pre_releases_.contains(v) : releases_.contains(v);
}

bool VersionSet::empty() const {
  const auto& r = releases_.intervals();
  const auto& p = pre_releases_.intervals();
  return std::none_of(r.begin(), r.end(), holds_release) && std::none_of(p.begin(), p.end(), holds_pre_release);
}

const Version* VersionSet::single_version() const {
  const IntervalSet& used = releases_.empty() ? pre_releases_ : releases_;
  const IntervalSet& unused = releases_.empty() ? releases_ : pre_releases_;
  if (!unused.empty() || used.intervals().size() != 1) return nullptr;
  const Interval& i = used.intervals().front();
  if (i.lower.kind != Kind::inclusive || i.upper.kind != Kind::inclusive) return nullptr;
  if (compare(i.lower.version, i.upper.version) != 0) return nullptr;
  // A release point kept in the pre-release part (or the reverse) holds no version.
  if (i.lower.version.is_pre_release() != releases_.empty()) return nullptr;
  return &i.lower.version;
}

bool VersionSet::is_any_representation() const {
  static const IntervalSet all = IntervalSet::all();
  return releases_ == all && pre_releases_ == all;
}

bool VersionSet::is_any() const { return is_any_representation() || complement().empty(); }

VersionSet VersionSet::complement() const { return from_parts(releases_.complement(), pre_releases_.complement()); }

VersionSet VersionSet::intersect(const VersionSet& other) const {
  if (const Version* v = single_version()) return other.contains(*v) ? *this : none();
  if (const Version* v = other.single_version()) return contains(*v) ? other : none();
  if (*this == other || other.is_any_representation()) return *this;
  if (is_any_representation()) return other;
  return from_parts(releases_.intersect(other.releases_), pre_releases_.intersect(other.pre_releases_));
}

VersionSet VersionSet::minus(const VersionSet& other) const {
  if (const Version* v = single_version()) return other.contains(*v) ? none() : *this;
  return intersect(other.complement());
}

bool VersionSet::subset_of(const VersionSet& other) const {
  if (const Version* v = single_version()) return other.contains(*v);
  if (*this == other || other.is_any_representation()) return true;
  if (lies_within(releases_, other.releases_) && lies_within(pre_releases_, other.pre_releases_)) return true;
  return minus(other).empty();
}

bool VersionSet::disjoint_from(const VersionSet& other) const {
  if (const Version* v = single_version()) return !other.contains(*v);
  if (const Version* v = other.single_version()) return !contains(*v);
  return intersect(other).empty();
}

VersionSet VersionSet::unite(const VersionSet& other) const {
  if (*this == other) return *this;
  return from_parts(releases_.unite(other.releases_), pre_releases_.unite(other.pre_releases_));
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
  std::string releases = part_text(releases_, holds_release);
  std::string pre = part_text(pre_releases_, holds_pre_release);
  if (releases.empty() && pre.empty()) return "no version";
  if (pre.empty()) return releases;
  if (releases == pre) return releases + " (pre-releases included)";
  if (releases.empty()) return "pre-releases " + pre;
  return releases + " (pre-releases: " + pre + ")";
}

}  // namespace modbuild::semver
