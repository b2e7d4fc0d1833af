// Internal: set algebra on terms.
//
// A positive term "p in S" holds when p is selected with a version in S; a
// negative term "not p in S" holds when p is not selected, or is selected
// with a version outside S. "Not selected" is thus an extra element that
// every negative term and no positive term contains, which is what the
// subset and disjointness rules below account for.
#pragma once

#include "modbuild/resolver/solver.h"

namespace modbuild::resolver::detail {

inline Term negate(Term t) {
  t.positive = !t.positive;
  return t;
}

inline Term intersect(const Term& a, const Term& b) {
  if (a.positive && b.positive) return {a.package, a.set.intersect(b.set), true};
  if (a.positive) return {a.package, a.set.minus(b.set), true};
  if (b.positive) return {a.package, b.set.minus(a.set), true};
  return {a.package, a.set.unite(b.set), false};
}

/// Whether every situation `a` allows is allowed by `b`.
inline bool subset(const Term& a, const Term& b) {
  if (a.positive && b.positive) return a.set.subset_of(b.set);
  if (a.positive) return a.set.disjoint_from(b.set);
  if (b.positive) return false;  // "not selected" is in a, never in b
  return b.set.subset_of(a.set);
}

/// Whether no situation satisfies both; asked of every term in propagation,
/// so answered without building the intersection.
inline bool disjoint(const Term& a, const Term& b) {
  if (!a.positive && !b.positive) return false;  // both allow "not selected"
  if (a.positive && b.positive) return a.set.disjoint_from(b.set);
  if (a.positive) return a.set.subset_of(b.set);
  return b.set.subset_of(a.set);
}

}  // namespace modbuild::resolver::detail
