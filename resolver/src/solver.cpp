// PubGrub: unit propagation, conflict resolution with learning, and decision
// making over a partial solution (see solver.h).
#include "modbuild/resolver/solver.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "terms.h"

namespace modbuild::resolver {
namespace {

using detail::disjoint;
using detail::intersect;
using detail::negate;
using detail::subset;
using semver::Bound;
using semver::IntervalSet;
using semver::Version;
using semver::VersionSet;

constexpr std::uint32_t none = Incompatibility::none;

enum class Relation { satisfied, contradicted, inconclusive };

struct Assignment {
  Term term;
  // The intersection of the package's assignments up to this one: what the
  // partial solution says of the package from here on. Kept (sets are shared,
  // not copied) so that backtracking and finding satisfiers intersect nothing.
  Term accumulated;
  std::uint32_t level = 0;
  std::uint32_t cause = none;  // none: a decision
  bool is_decision() const { return cause == none; }
};

struct PackageState {
  std::vector<std::uint32_t> assignments;  // trail positions, oldest first
  std::optional<Term> accumulated;         // intersection of its assignments
  std::optional<std::size_t> decision;     // index into the package's versions
};

// The versions of the depender sharing one dependency, as pub writes them:
// from the first version that has it (unbounded if that is the oldest) to the
// first that does not (unbounded if none after).
VersionSet depender_range(const Package& package, std::size_t first, std::size_t last) {
  const auto& versions = package.versions;
  if (first == 0 && last + 1 == versions.size()) return VersionSet::any();
  Bound lower = first == 0 ? Bound::unbounded() : Bound::inclusive(versions[first].version);
  Bound upper = last + 1 == versions.size() ? Bound::unbounded() : Bound::exclusive(versions[last + 1].version);
  IntervalSet range = IntervalSet::of({std::move(lower), std::move(upper)});
  IntervalSet same = range;
  return VersionSet::from_parts(std::move(range), std::move(same));
}

// Whether two versions' edges are the same dependency, so that one
// incompatibility can speak for both.
bool same_edge(const Problem& problem, const Edge& a, const Edge& b) {
  if (a.target != b.target) return false;
  if (a.origin != b.origin) {
    const Origin& x = problem.origin_of(a);
    const Origin& y = problem.origin_of(b);
    if (x.kind != y.kind || x.requirement != y.requirement || x.detail != y.detail) return false;
  }
  return a.range.same_as(b.range);
}

class Solver {
 public:
  explicit Solver(const Problem& problem)
      : problem_(problem),
        by_package_(problem.packages.size()),
        state_(problem.packages.size()),
        queued_(problem.packages.size()),
        added_edges_(problem.packages.size()),
        work_budget_(problem.max_steps > std::numeric_limits<std::uint64_t>::max() / Problem::work_per_step
                         ? std::numeric_limits<std::uint64_t>::max()
                         : problem.max_steps * Problem::work_per_step) {}

  SolveResult run() {
    SolveResult result;
    start();
    PackageId next = root_package;
    for (;;) {
      if (!propagate(next, result)) break;
      std::optional<PackageId> chosen = decide();
      if (!chosen) {
        result.solved = true;
        break;
      }
      next = *chosen;
      if (over_budget()) {
        result.step_limit_reached = true;
        break;
      }
    }
    finish(result);
    return result;
  }

 private:
  bool over_budget() const { return stats_.steps > problem_.max_steps || stats_.work > work_budget_; }

  // --- incompatibilities ---------------------------------------------------

  std::uint32_t record(Incompatibility incompatibility) {
    stats_.work += incompatibility.terms.size();
    incompatibilities_.push_back(std::move(incompatibility));
    return static_cast<std::uint32_t>(incompatibilities_.size() - 1);
  }

  // Makes an incompatibility part of what propagation looks at.
  void watch(std::uint32_t id) {
    for (const Term& t : incompatibilities_[id].terms) by_package_[t.package].push_back(id);
  }

  std::uint32_t add(Incompatibility incompatibility) {
    std::uint32_t id = record(std::move(incompatibility));
    watch(id);
    return id;
  }

  void start() {
    const Version& root_version = problem_.packages[root_package].versions.front().version;
    add({Incompatibility::Kind::root, {Term{root_package, VersionSet::exactly(root_version), false}}, {}});
    for (const Conflict& conflict : problem_.conflicts) {
      Incompatibility incompatibility{Incompatibility::Kind::conflict, {}, conflict.origin};
      for (const auto& [package, set] : conflict.members) incompatibility.terms.push_back({package, set, true});
      add(std::move(incompatibility));
    }
    add_dependencies(root_package, 0);
    assign(Term{root_package, VersionSet::exactly(root_version), true}, none);
    state_[root_package].decision = 0;
    dequeue(root_package);
  }

  // Adds the dependency incompatibilities of one version, collapsing the
  // adjacent versions that have the same dependency. Returns the new ones.
  std::vector<std::uint32_t> add_dependencies(PackageId package_id, std::size_t version_index) {
    const Package& package = problem_.packages[package_id];
    AddedEdges& added_edges = added_edges_of(package_id);
    std::vector<std::uint32_t> added;
    const auto& edges = package.versions[version_index].edges;
    for (std::size_t e = 0; e < edges.size(); ++e) {
      if (added_edges.added[added_edges.first[version_index] + e]) continue;
      const Edge& edge = edges[e];
      // Widen to the run of neighbouring versions with an identical edge.
      auto edge_in = [&](std::size_t v) -> std::optional<std::size_t> {
        const auto& list = package.versions[v].edges;
        for (std::size_t k = 0; k < list.size(); ++k) {
          if (same_edge(problem_, list[k], edge)) return k;
        }
        return std::nullopt;
      };
      std::size_t first = version_index, last = version_index;
      while (first > 0 && edge_in(first - 1)) --first;
      while (last + 1 < package.versions.size() && edge_in(last + 1)) ++last;
      for (std::size_t v = first; v <= last; ++v) added_edges.added[added_edges.first[v] + *edge_in(v)] = true;
      const VersionSet depender = depender_range_of(package_id, first, last);
      Incompatibility dependency{Incompatibility::Kind::dependency,
                                 {Term{package_id, depender, true}, Term{edge.target, edge.range, false}},
                                 problem_.origin_of(edge)};
      if (edge.target == package_id) {
        // A package depending on itself: only the versions outside the range are possible.
        dependency.terms = {Term{package_id, depender.minus(edge.range), true}};
      }
      added.push_back(add(std::move(dependency)));
    }
    return added;
  }

  // Which edges of a package already have their incompatibility: a flag per
  // edge, the versions' edges one after another. Built when the package is
  // first decided, since most packages of a large universe never are.
  struct AddedEdges {
    std::vector<std::size_t> first;  // per version, the position of its first edge's flag
    std::vector<bool> added;
  };

  AddedEdges& added_edges_of(PackageId package_id) {
    AddedEdges& a = added_edges_[package_id];
    const auto& versions = problem_.packages[package_id].versions;
    if (a.first.size() == versions.size()) return a;
    std::size_t count = 0;
    for (const CandidateVersion& v : versions) {
      a.first.push_back(count);
      count += v.edges.size();
    }
    a.added.assign(count, false);
    return a;
  }

  // The versions of a package between two of its versions, as a set. The
  // edges of one version usually share the same run of versions, so the
  // last one built is kept.
  VersionSet depender_range_of(PackageId package_id, std::size_t first, std::size_t last) {
    if (!last_depender_ || last_depender_->package != package_id || last_depender_->first != first ||
        last_depender_->last != last) {
      last_depender_ = DependerRange{package_id, first, last, depender_range(problem_.packages[package_id], first, last)};
    }
    return last_depender_->set;
  }

  // --- the partial solution --------------------------------------------------

  void assign(Term term, std::uint32_t cause) {
    ++stats_.steps;
    const PackageId package = term.package;
    PackageState& s = state_[package];
    s.accumulated = s.accumulated ? intersect(*s.accumulated, term) : term;
    s.assignments.push_back(static_cast<std::uint32_t>(trail_.size()));
    trail_.push_back({std::move(term), *s.accumulated, level_, cause});
    requeue(package);
  }

  Relation relation(const Term& term) const {
    const PackageState& s = state_[term.package];
    if (!s.accumulated) return Relation::inconclusive;
    if (subset(*s.accumulated, term)) return Relation::satisfied;
    if (disjoint(*s.accumulated, term)) return Relation::contradicted;
    return Relation::inconclusive;
  }

  void backtrack(std::uint32_t level) {
    ++stats_.backtracks;
    std::vector<PackageId> touched;
    while (!trail_.empty() && trail_.back().level > level) {
      const PackageId package = trail_.back().term.package;
      PackageState& s = state_[package];
      s.assignments.pop_back();
      if (trail_.back().is_decision()) s.decision.reset();
      trail_.pop_back();
      touched.push_back(package);
    }
    level_ = level;
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (PackageId package : touched) {
      PackageState& s = state_[package];
      s.accumulated.reset();
      if (!s.assignments.empty()) s.accumulated = trail_[s.assignments.back()].accumulated;
      requeue(package);
    }
  }

  // --- unit propagation ------------------------------------------------------

  // Returns false when solving has failed (result filled in).
  bool propagate(PackageId start, SolveResult& result) {
    std::vector<PackageId> changed{start};
    while (!changed.empty()) {
      const PackageId package = changed.back();
      changed.pop_back();
      // Newest first: learned incompatibilities tend to be the most general.
      for (std::size_t i = by_package_[package].size(); i-- > 0;) {
        const std::uint32_t id = by_package_[package][i];
        std::optional<std::size_t> unsatisfied;
        bool contradicted = false, several_open = false;
        const auto& terms = incompatibilities_[id].terms;
        for (std::size_t k = 0; k < terms.size() && !contradicted && !several_open; ++k) {
          ++stats_.work;
          switch (relation(terms[k])) {
            case Relation::satisfied: break;
            case Relation::contradicted: contradicted = true; break;
            case Relation::inconclusive:
              if (unsatisfied) several_open = true;
              unsatisfied = k;
              break;
          }
        }
        if (contradicted || several_open) {
          if (over_budget()) {
            result.step_limit_reached = true;
            return false;
          }
          continue;
        }
        if (!unsatisfied) {
          // Every term holds: a conflict. Learn its root cause and go on from there.
          std::optional<std::uint32_t> cause = resolve_conflict(id, result);
          if (!cause) return false;
          const Term& term = *almost_satisfied_term(*cause);
          assign(negate(term), *cause);
          changed = {term.package};
          break;
        }
        const Term& term = terms[*unsatisfied];
        assign(negate(term), id);
        changed.push_back(term.package);
        if (over_budget()) {
          result.step_limit_reached = true;
          return false;
        }
      }
    }
    return true;
  }

  const Term* almost_satisfied_term(std::uint32_t id) const {
    for (const Term& t : incompatibilities_[id].terms) {
      if (relation(t) != Relation::satisfied) return &t;
    }
    return &incompatibilities_[id].terms.front();
  }

  // --- conflict resolution ---------------------------------------------------

  // The first trail position after which `term` is satisfied by its package's
  // assignments, optionally only considering positions before `before` and
  // intersected with an extra term.
  std::optional<std::uint32_t> first_satisfying(const Term& term, std::uint32_t before,
                                                const Term* extra) const {
    if (!extra) {
      for (std::uint32_t position : state_[term.package].assignments) {
        if (position >= before) break;
        if (subset(trail_[position].accumulated, term)) return position;
      }
      return std::nullopt;
    }
    Term accumulated = *extra;
    for (std::uint32_t position : state_[term.package].assignments) {
      if (position >= before) break;
      accumulated = intersect(accumulated, trail_[position].term);
      if (subset(accumulated, term)) return position;
    }
    return std::nullopt;
  }

  bool is_terminal(const Incompatibility& incompatibility) const {
    const auto& terms = incompatibility.terms;
    return terms.empty() || (terms.size() == 1 && terms[0].positive && terms[0].package == root_package);
  }

  std::optional<std::uint32_t> resolve_conflict(std::uint32_t id, SolveResult& result) {
    ++stats_.conflicts;
    const std::uint32_t original = id;
    for (;;) {
      ++stats_.steps;
      const Incompatibility& incompatibility = incompatibilities_[id];
      if (is_terminal(incompatibility) || over_budget()) {
        result.failure = id;
        result.step_limit_reached = over_budget() && !is_terminal(incompatibility);
        return std::nullopt;
      }
      // The satisfier: the assignment after which the incompatibility holds.
      std::uint32_t satisfier = 0;
      std::size_t satisfier_term = 0;
      stats_.work += incompatibility.terms.size();
      std::vector<std::uint32_t> positions(incompatibility.terms.size());
      for (std::size_t k = 0; k < incompatibility.terms.size(); ++k) {
        positions[k] = *first_satisfying(incompatibility.terms[k], std::numeric_limits<std::uint32_t>::max(), nullptr);
        if (k == 0 || positions[k] > satisfier) {
          satisfier = positions[k];
          satisfier_term = k;
        }
      }
      // The previous satisfier: the latest other assignment the conflict needs.
      std::optional<std::uint32_t> previous;
      for (std::size_t k = 0; k < positions.size(); ++k) {
        if (k != satisfier_term) previous = std::max(previous.value_or(0), positions[k]);
      }
      const Term& term = incompatibility.terms[satisfier_term];
      const Assignment& satisfier_assignment = trail_[satisfier];
      if (!subset(satisfier_assignment.term, term)) {
        if (auto earlier = first_satisfying(term, satisfier, &satisfier_assignment.term)) {
          previous = std::max(previous.value_or(0), *earlier);
        }
      }
      const std::uint32_t previous_level = previous ? trail_[*previous].level : 0;
      if (satisfier_assignment.is_decision() || previous_level != satisfier_assignment.level) {
        if (id != original) watch(id);
        backtrack(backjump_level(previous_level, satisfier_assignment.level));
        return id;
      }
      id = record(prior_cause(id, satisfier_assignment, term));
    }
  }

  // Where to go back to after learning an incompatibility that holds from
  // `asserting` on and was satisfied at `conflict`. Going back to `asserting`
  // throws away every decision in between, and when the learned fact is
  // global (often at level 0 or 1) that means deciding all the independent
  // parts of the graph again after each conflict: quadratic. A long jump thus
  // goes back chronologically instead, just before the conflict's level
  // (chronological backtracking, Nadel and Ryvchin, SAT 2018): the
  // incompatibility still has its one open term there, and the decisions
  // in between are kept. It is sound because the levels of the kept
  // assignments only ever make later jumps shorter.
  std::uint32_t backjump_level(std::uint32_t asserting, std::uint32_t conflict) const {
    if (conflict <= asserting + problem_.longest_backjump) return asserting;
    return conflict - 1;
  }

  // Resolution of the conflict with the satisfier's cause (pub's "prior cause").
  Incompatibility prior_cause(std::uint32_t id, const Assignment& satisfier, const Term& term) const {
    const Incompatibility& conflict = incompatibilities_[id];
    const Incompatibility& cause = incompatibilities_[satisfier.cause];
    std::vector<Term> terms;
    auto merge = [&](const Term& t) {
      for (Term& existing : terms) {
        if (existing.package == t.package) {
          existing = intersect(existing, t);
          return;
        }
      }
      terms.push_back(t);
    };
    for (const Term& t : conflict.terms) {
      if (t.package != term.package) merge(t);
    }
    for (const Term& t : cause.terms) {
      if (t.package != term.package) merge(t);
    }
    if (!subset(satisfier.term, term)) merge(negate(intersect(satisfier.term, negate(term))));
    // The root is always selected: a positive root term adds nothing.
    if (terms.size() > 1) {
      std::erase_if(terms, [](const Term& t) { return t.positive && t.package == root_package; });
    }
    Incompatibility derived{Incompatibility::Kind::derived, std::move(terms), {}};
    derived.cause1 = id;
    derived.cause2 = satisfier.cause;
    return derived;
  }

  // --- decision making -------------------------------------------------------

  std::size_t matching_versions(PackageId package) const {
    const Term& term = *state_[package].accumulated;
    std::size_t count = 0;
    for (const CandidateVersion& candidate : problem_.packages[package].versions) {
      count += term.set.contains(candidate.version) ? 1 : 0;
    }
    return count;
  }

  // Packages with a positive derivation and no decision wait in `queue_`,
  // fewest matching versions first (they run out of options soonest).
  void requeue(PackageId package) {
    dequeue(package);
    const PackageState& s = state_[package];
    if (s.decision || !s.accumulated || !s.accumulated->positive) return;
    queued_[package] = matching_versions(package);
    queue_.insert({*queued_[package], package});
  }

  void dequeue(PackageId package) {
    if (queued_[package]) queue_.erase({*queued_[package], package});
    queued_[package].reset();
  }

  std::optional<std::size_t> pick_version(PackageId package) const {
    const Term& term = *state_[package].accumulated;
    const auto& versions = problem_.packages[package].versions;
    if (auto preferred = problem_.preferred.find(package); preferred != problem_.preferred.end()) {
      for (std::size_t i = 0; i < versions.size(); ++i) {
        if (versions[i].version == preferred->second && term.set.contains(versions[i].version)) return i;
      }
    }
    for (std::size_t i = versions.size(); i-- > 0;) {
      if (!versions[i].yanked && term.set.contains(versions[i].version)) return i;
    }
    return std::nullopt;
  }

  std::optional<PackageId> decide() {
    if (queue_.empty()) return std::nullopt;
    const PackageId package = std::get<1>(*queue_.begin());
    std::optional<std::size_t> chosen = pick_version(package);
    if (!chosen) {
      // Remember that no version in this range can be chosen.
      add({Incompatibility::Kind::no_versions, {*state_[package].accumulated}, {}});
      dequeue(package);
      return package;
    }
    const Version& version = problem_.packages[package].versions[*chosen].version;
    std::vector<std::uint32_t> added = add_dependencies(package, *chosen);
    const Term decision{package, VersionSet::exactly(version), true};
    // A decision that would at once satisfy a new incompatibility is left to
    // propagation, which then rules that version out with a reason.
    for (std::uint32_t id : added) {
      bool conflicts = true;
      for (const Term& t : incompatibilities_[id].terms) {
        const bool holds = t.package == package ? subset(decision, t) : relation(t) == Relation::satisfied;
        conflicts = conflicts && holds;
      }
      if (conflicts) return package;
    }
    ++stats_.decisions;
    ++level_;
    assign(decision, none);
    state_[package].decision = *chosen;
    dequeue(package);
    return package;
  }

  void finish(SolveResult& result) {
    result.stats = stats_;
    if (result.solved) {
      result.selected.resize(problem_.packages.size());
      for (PackageId p = 0; p < problem_.packages.size(); ++p) {
        if (state_[p].decision) result.selected[p] = problem_.packages[p].versions[*state_[p].decision].version;
      }
    } else {
      result.incompatibilities = std::move(incompatibilities_);
    }
  }

  const Problem& problem_;
  std::vector<Incompatibility> incompatibilities_;
  std::vector<std::vector<std::uint32_t>> by_package_;
  std::vector<Assignment> trail_;
  std::vector<PackageState> state_;
  std::uint32_t level_ = 0;
  std::set<std::pair<std::size_t, PackageId>> queue_;
  std::vector<std::optional<std::size_t>> queued_;
  std::vector<AddedEdges> added_edges_;
  struct DependerRange {
    PackageId package;
    std::size_t first, last;
    VersionSet set;
  };
  std::optional<DependerRange> last_depender_;
  SolveStats stats_;
  const std::uint64_t work_budget_;
};

// The answer when the root reaches only packages with one candidate version
// each: all of them, provided that every requirement between them holds and
// no conflict has all its members. Nullopt when that is not so, or when the
// problem is not of that shape: the search then decides, and explains.
std::optional<SolveResult> solve_without_choices(const Problem& problem) {
  const auto& packages = problem.packages;
  std::vector<bool> reached(packages.size(), false);
  std::vector<PackageId> pending{root_package};
  reached[root_package] = true;
  std::uint64_t steps = 0;
  auto only_version = [&](PackageId p) -> const CandidateVersion* {
    const auto& versions = packages[p].versions;
    // A yanked version is chosen only when the lockfile prefers it: the search knows how.
    return versions.size() == 1 && !versions[0].yanked ? &versions[0] : nullptr;
  };
  while (!pending.empty()) {
    const PackageId p = pending.back();
    pending.pop_back();
    if (++steps > problem.max_steps) return std::nullopt;
    const CandidateVersion* version = only_version(p);
    if (!version) return std::nullopt;
    for (const Edge& edge : version->edges) {
      const CandidateVersion* target = only_version(edge.target);
      if (!target || !edge.range.contains(target->version)) return std::nullopt;
      if (!reached[edge.target]) {
        reached[edge.target] = true;
        pending.push_back(edge.target);
      }
    }
  }
  for (const Conflict& conflict : problem.conflicts) {
    const bool holds = std::all_of(conflict.members.begin(), conflict.members.end(), [&](const auto& member) {
      return reached[member.first] && member.second.contains(packages[member.first].versions[0].version);
    });
    if (holds) return std::nullopt;
  }
  SolveResult result;
  result.solved = true;
  result.selected.resize(packages.size());
  for (PackageId p = 0; p < packages.size(); ++p) {
    if (reached[p]) result.selected[p] = packages[p].versions[0].version;
  }
  result.stats.steps = steps;
  result.stats.decisions = steps - 1;  // the root is not decided
  return result;
}

}  // namespace

SolveResult solve(const Problem& problem) {
  if (std::optional<SolveResult> answer = solve_without_choices(problem)) return std::move(*answer);
  return solve_by_search(problem);
}

SolveResult solve_by_search(const Problem& problem) { return Solver(problem).run(); }

}  // namespace modbuild::resolver
