// Failure explanations: pub's error-reporting algorithm, run on an explicit
// work stack instead of recursion (derivations can be 100,000 steps deep).
#include "modbuild/resolver/explain.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "modbuild/semver/version_req.h"

namespace modbuild::resolver {
namespace {

using semver::Bound;
using semver::Interval;
using semver::Version;
using semver::VersionSet;
using Kind = Incompatibility::Kind;

// Versions written without the "-0" that marks the first pre-release: "<2.0.0"
// reads as intended, and under the pre-release rule it excludes 2.0.0-rc too.
std::string bound_version(const Version& v) {
  if (v.pre_release.size() == 1 && v.pre_release[0].numeric && v.pre_release[0].number == 0) {
    return Version{v.major, v.minor, v.patch, {}, {}}.to_string();
  }
  return v.to_string();
}

std::string interval_text(const Interval& i) {
  const bool low = i.lower.kind != Bound::Kind::unbounded;
  const bool high = i.upper.kind != Bound::Kind::unbounded;
  std::string out;
  if (low) out += (i.lower.kind == Bound::Kind::inclusive ? ">=" : ">") + bound_version(i.lower.version);
  if (high) out += std::string(low ? ", " : "") + (i.upper.kind == Bound::Kind::inclusive ? "<=" : "<") +
                   bound_version(i.upper.version);
  return out.empty() ? "*" : out;
}

// Whether a release set is exactly what a requirement such as "^1.2.0" means.
bool same_as_requirement(const VersionSet& releases, const std::string& requirement) {
  auto parsed = semver::parse_version_req(requirement);
  return parsed && parsed->to_set().same_as(releases);
}

bool is_any_release(const VersionSet& set) {
  return VersionSet::from_parts(set.release_part(), {}).same_as(VersionSet::from_parts(semver::IntervalSet::all(), {}));
}

}  // namespace

std::string describe_set(const VersionSet& set) {
  // Explanations are about the versions that exist, nearly always releases:
  // describe the release part when there is one.
  VersionSet releases = VersionSet::from_parts(set.release_part(), {});
  if (releases.empty()) return set.empty() ? "(no version)" : set.to_string();
  if (is_any_release(releases)) return "*";
  const auto& intervals = releases.release_part().intervals();
  if (intervals.size() == 1 && intervals[0].lower.kind == Bound::Kind::inclusive) {
    const Interval& i = intervals[0];
    const std::string lower = bound_version(i.lower.version);
    if (i.upper.kind == Bound::Kind::inclusive && compare_precedence(i.lower.version, i.upper.version) == 0) {
      return lower;
    }
    for (const char* op : {"^", "~"}) {
      if (same_as_requirement(releases, op + lower)) return op + lower;
    }
  }
  std::string out;
  for (const Interval& i : intervals) out += (out.empty() ? "" : " || ") + interval_text(i);
  return out;
}

namespace {

class Reporter {
 public:
  Reporter(const Problem& problem, const SolveResult& result, const Locate& locate)
      : problem_(problem), all_(result.incompatibilities), locate_(locate) {
    count_uses(result.failure);
  }

  Explanation run(std::uint32_t failure) {
    work_.push_back(Visit(failure, true));
    while (!work_.empty()) {
      Action action = std::move(work_.back());
      work_.pop_back();
      if (action.emit) {
        action.emit();
      } else {
        plan(action.id, action.conclusion);
      }
    }
    Explanation explanation;
    explanation.lines = std::move(lines_);
    explanation.help = help(failure);
    return explanation;
  }

  // --- wording -----------------------------------------------------------------

  std::string name(PackageId p) const { return p == root_package ? "the workspace" : problem_.packages[p].name; }

  // "physics 0.3.0" for a package with one version; otherwise name and range.
  std::string term_text(const Term& t, bool every = false) const {
    if (t.package == root_package) return "the workspace";
    const auto& versions = problem_.packages[t.package].versions;
    if (versions.size() == 1 && t.set.contains(versions[0].version)) return name(t.package) + " " + versions[0].version.to_string();
    const std::string range = describe_set(t.set);
    if (range == "*") return every ? "every version of " + name(t.package) : name(t.package);
    return name(t.package) + " " + range;
  }

  std::string where(const Origin& origin) const {
    std::string location = origin.span.valid() ? locate_(origin.span) : std::string();
    return location.empty() ? "" : " (" + location + ")";
  }

  std::string target_text(const Incompatibility& i) const {
    const Term& target = i.terms.back();
    const std::string range = i.origin.requirement.empty() ? describe_set(target.set) : i.origin.requirement;
    if (target.package == root_package) return "the workspace";
    const auto& versions = problem_.packages[target.package].versions;
    if (i.origin.kind == Origin::Kind::root && versions.size() == 1) return name(target.package) + " " + versions[0].version.to_string();
    return name(target.package) + (range == "*" ? "" : " " + range);
  }

  // The verb and object of a dependency: "depends on bar ^2.0.0 (path:3)".
  std::string dependency_predicate(const Incompatibility& i) const {
    const std::string target = target_text(i);
    const std::string at = where(i.origin);
    switch (i.origin.kind) {
      case Origin::Kind::root: return "selects " + target + at;
      case Origin::Kind::core: return "uses the Core data of " + target + at;
      case Origin::Kind::implements: return "implements the contract of " + target + at;
      case Origin::Kind::feature:
        return "requires feature " + i.origin.detail + at + ", provided by " + target +
               (i.origin.note.empty() ? "" : " (" + i.origin.note + ")");
      case Origin::Kind::option: return "enables option " + i.origin.detail + ", which depends on " + target + at;
      default: return "depends on " + target + at;
    }
  }

  bool is_dependency(std::uint32_t id) const { return all_[id].kind == Kind::dependency && all_[id].terms.size() == 2; }

  std::string text(std::uint32_t id) const {
    const Incompatibility& i = all_[id];
    switch (i.kind) {
      case Kind::root: return "the workspace is selected";
      case Kind::dependency:
        if (i.terms.size() == 1) return term_text(i.terms[0]) + " depends on itself" + where(i.origin);
        return term_text(i.terms[0], true) + " " + dependency_predicate(i);
      case Kind::no_versions: return no_versions_text(i);
      case Kind::conflict: return conflict_text(i);
      case Kind::derived: return derived_text(i);
    }
    return "";
  }

  std::string no_versions_text(const Incompatibility& i) const {
    const Term& t = i.terms[0];
    const auto& versions = problem_.packages[t.package].versions;
    std::string available;
    if (versions.empty()) {
      available = "; there are no versions of it at all";
    } else if (versions.size() <= 6) {
      std::vector<std::string> list;
      for (const auto& v : versions) list.push_back(v.version.to_string() + (v.yanked ? " (yanked)" : ""));
      available = " (available: " + fmt::format("{}", fmt::join(list, ", ")) + ")";
    } else {
      available = fmt::format(" ({} versions available)", versions.size());
    }
    return "no version of " + name(t.package) + " matches " + describe_set(t.set) + available;
  }

  std::string conflict_text(const Incompatibility& i) const {
    std::vector<std::string> members;
    for (const Term& t : i.terms) members.push_back(term_text(t));
    if (i.origin.kind == Origin::Kind::exclusive) {
      return fmt::format("{} all provide the exclusive feature {}{}", fmt::join(members, " and "), i.origin.detail,
                         where(i.origin));
    }
    return fmt::format("{} cannot be selected together{}", fmt::join(members, " and "), where(i.origin));
  }

  std::string derived_text(const Incompatibility& i) const {
    std::vector<std::string> positives, negatives;
    bool root = false;
    for (const Term& t : i.terms) {
      if (t.package == root_package && t.positive) {
        root = true;
        continue;
      }
      (t.positive ? positives : negatives).push_back(term_text(t));
    }
    if (root && positives.empty() && negatives.empty()) return "version solving failed";
    if (negatives.empty()) {
      if (positives.size() == 1) return positives[0] + " is forbidden";
      return fmt::format("{} are incompatible", fmt::join(positives, " and "));
    }
    if (positives.empty()) {
      if (negatives.size() == 1) return negatives[0] + " is required";
      return fmt::format("at least one of {} is required", fmt::join(negatives, " or "));
    }
    return fmt::format("{} {} {}", fmt::join(positives, " and "), positives.size() == 1 ? "requires" : "together require",
                       fmt::join(negatives, " or "));
  }

  // Two external facts in one sentence, merged where pub merges them.
  std::string both_text(std::uint32_t a, std::uint32_t b) const {
    if (is_dependency(a) && is_dependency(b)) {
      const Incompatibility& x = all_[a];
      const Incompatibility& y = all_[b];
      if (x.terms[1].package == y.terms[0].package && x.terms[0].package != y.terms[1].package) {
        return text(a) + " which " + dependency_predicate(y);
      }
      if (y.terms[1].package == x.terms[0].package && y.terms[0].package != x.terms[1].package) {
        return text(b) + " which " + dependency_predicate(x);
      }
      if (x.terms[0].package == y.terms[0].package && x.terms[0].set.same_as(y.terms[0].set)) {
        // Alphabetical by target, so that the sentence does not depend on solving order.
        if (name(y.terms[1].package) < name(x.terms[1].package)) return both_text(b, a);
        const bool plain = x.origin.kind == Origin::Kind::dependency && y.origin.kind == Origin::Kind::dependency;
        if (plain) {
          return term_text(x.terms[0], true) + " depends on both " + target_text(x) + where(x.origin) + " and " +
                 target_text(y) + where(y.origin);
        }
        return term_text(x.terms[0], true) + " " + dependency_predicate(x) + " and " + dependency_predicate(y);
      }
    }
    return text(a) + " and " + text(b);
  }

  // --- pub's algorithm -----------------------------------------------------------

  // A step of the report: visit an incompatibility, or emit text once the
  // visits scheduled before it are done.
  struct Action {
    std::uint32_t id = 0;
    bool conclusion = false;
    std::function<void()> emit;  // set: an emit step
  };
  static Action Visit(std::uint32_t id, bool conclusion) { return {id, conclusion, {}}; }
  static Action Emit(std::function<void()> emit) { return {0, false, std::move(emit)}; }

  bool derived(std::uint32_t id) const { return all_[id].kind == Kind::derived; }

  void count_uses(std::uint32_t failure) {
    std::vector<std::uint32_t> stack{failure};
    std::set<std::uint32_t> seen;
    while (!stack.empty()) {
      std::uint32_t id = stack.back();
      stack.pop_back();
      if (!seen.insert(id).second || !derived(id)) continue;
      for (std::uint32_t cause : {all_[id].cause1, all_[id].cause2}) {
        ++uses_[cause];
        stack.push_back(cause);
      }
    }
  }

  std::optional<int> line_of(std::uint32_t id) const {
    auto found = numbers_.find(id);
    return found == numbers_.end() ? std::nullopt : std::optional<int>(found->second);
  }

  std::string ref(std::uint32_t id) const { return fmt::format("{} ({})", text(id), *line_of(id)); }

  void write(std::uint32_t id, std::string message) {
    lines_.push_back({std::move(message), std::nullopt});
    if (uses_[id] > 1) number_last_line(id);
  }

  void number_last_line(std::uint32_t id) {
    if (!lines_.back().number) lines_.back().number = ++last_number_;
    numbers_[id] = *lines_.back().number;
  }

  // "And because" inside a chain, "So, because" when it concludes one.
  static std::string lead(bool conclusion) { return conclusion ? "So, because " : "And because "; }

  bool collapsible(std::uint32_t id) const {
    if (uses_.count(id) && uses_.at(id) > 1) return false;
    const Incompatibility& i = all_[id];
    const bool first = derived(i.cause1), second = derived(i.cause2);
    if (first == second) return false;
    return !line_of(first ? i.cause1 : i.cause2);
  }

  // Pushes actions so that they run in the order given.
  void schedule(std::vector<Action> actions) {
    for (auto it = actions.rbegin(); it != actions.rend(); ++it) work_.push_back(std::move(*it));
  }

  void plan(std::uint32_t id, bool conclusion) {
    const Incompatibility& i = all_[id];
    const std::uint32_t c1 = i.cause1, c2 = i.cause2;
    if (!derived(id)) {
      write(id, "Because " + text(id) + ", version solving failed.");
      return;
    }
    if (derived(c1) && derived(c2)) {
      plan_two_derived(id, c1, c2, conclusion);
    } else if (derived(c1) || derived(c2)) {
      plan_one_derived(id, derived(c1) ? c1 : c2, derived(c1) ? c2 : c1, conclusion);
    } else {
      write(id, "Because " + both_text(c1, c2) + ", " + text(id) + ".");
    }
  }

  void plan_two_derived(std::uint32_t id, std::uint32_t c1, std::uint32_t c2, bool conclusion) {
    if (line_of(c1) && line_of(c2)) {
      write(id, "Because " + ref(c1) + " and " + ref(c2) + ", " + text(id) + ".");
      return;
    }
    if (line_of(c1) || line_of(c2)) {
      const std::uint32_t numbered = line_of(c1) ? c1 : c2, other = line_of(c1) ? c2 : c1;
      schedule({Visit(other, false),
                Emit([=, this] { write(id, lead(conclusion) + ref(numbered) + ", " + text(id) + "."); })});
      return;
    }
    auto simple = [&](std::uint32_t c) { return !derived(all_[c].cause1) && !derived(all_[c].cause2); };
    if (simple(c1) || simple(c2)) {
      const std::uint32_t easy = simple(c1) ? c1 : c2, hard = simple(c1) ? c2 : c1;
      schedule({Visit(hard, false), Visit(easy, false),
                Emit([=, this] { write(id, "Thus, " + text(id) + "."); })});
      return;
    }
    schedule({Visit(c1, true), Emit([=, this] {
                number_last_line(c1);
                lines_.push_back({"", std::nullopt});
              }),
              Visit(c2, false), Emit([=, this] { write(id, lead(conclusion) + ref(c1) + ", " + text(id) + "."); })});
  }

  void plan_one_derived(std::uint32_t id, std::uint32_t derived_cause, std::uint32_t external, bool conclusion) {
    if (line_of(derived_cause)) {
      write(id, "Because " + text(external) + " and " + ref(derived_cause) + ", " + text(id) + ".");
      return;
    }
    if (collapsible(derived_cause)) {
      const Incompatibility& d = all_[derived_cause];
      const std::uint32_t prior_derived = derived(d.cause1) ? d.cause1 : d.cause2;
      const std::uint32_t prior_external = derived(d.cause1) ? d.cause2 : d.cause1;
      schedule({Visit(prior_derived, false), Emit([=, this] {
                  write(id, lead(conclusion) + both_text(prior_external, external) + ", " + text(id) + ".");
                })});
      return;
    }
    schedule({Visit(derived_cause, false),
              Emit([=, this] { write(id, lead(conclusion) + text(external) + ", " + text(id) + "."); })});
  }

  // --- what can be changed ---------------------------------------------------------

  std::vector<std::string> help(std::uint32_t failure) const {
    std::vector<std::uint32_t> leaves;
    std::vector<std::uint32_t> stack{failure};
    std::set<std::uint32_t> seen;
    while (!stack.empty()) {
      std::uint32_t id = stack.back();
      stack.pop_back();
      if (!seen.insert(id).second) continue;
      if (derived(id)) {
        stack.push_back(all_[id].cause2);
        stack.push_back(all_[id].cause1);
      } else {
        leaves.push_back(id);
      }
    }
    std::sort(leaves.begin(), leaves.end());
    std::vector<std::string> out;
    for (std::uint32_t id : leaves) {
      const Incompatibility& i = all_[id];
      const std::string at = i.origin.span.valid() ? locate_(i.origin.span) : "";
      if (i.kind == Kind::dependency && i.origin.kind != Origin::Kind::root && !at.empty()) {
        out.push_back(fmt::format("change the requirement {} {} in {}", target_text(i),
                                  i.origin.kind == Origin::Kind::feature ? "(feature " + i.origin.detail + ")" : "",
                                  at));
      } else if (i.kind == Kind::no_versions) {
        out.push_back(fmt::format("make a version of {} matching {} available (publish it to a registry)",
                                  name(i.terms[0].package), describe_set(i.terms[0].set)));
      } else if (i.kind == Kind::conflict && i.origin.kind == Origin::Kind::exclusive) {
        out.push_back(fmt::format("select a single provider of {} (the [providers] table of modbuild.toml chooses "
                                  "one)", i.origin.detail));
      }
    }
    for (std::string& line : out) {
      // "change the requirement physics ^0.4  in ..." when there was no feature note.
      if (auto at = line.find("  in "); at != std::string::npos) line.erase(at, 1);
    }
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  const Problem& problem_;
  const std::vector<Incompatibility>& all_;
  const Locate& locate_;
  std::map<std::uint32_t, int> uses_;
  std::map<std::uint32_t, int> numbers_;
  int last_number_ = 0;
  std::vector<ExplanationLine> lines_;
  std::vector<Action> work_;
};

std::string origin_kind(Origin::Kind kind) {
  switch (kind) {
    case Origin::Kind::root: return "root";
    case Origin::Kind::dependency: return "dependency";
    case Origin::Kind::core: return "core";
    case Origin::Kind::implements: return "implements";
    case Origin::Kind::feature: return "feature";
    case Origin::Kind::option: return "option";
    case Origin::Kind::exclusive: return "exclusive";
    case Origin::Kind::other: break;
  }
  return "other";
}

std::string incompatibility_kind(Kind kind) {
  switch (kind) {
    case Kind::root: return "root";
    case Kind::dependency: return "dependency";
    case Kind::no_versions: return "no_versions";
    case Kind::conflict: return "conflict";
    case Kind::derived: return "derived";
  }
  return "derived";
}

}  // namespace

Explanation explain_failure(const Problem& problem, const SolveResult& result, const Locate& locate) {
  if (result.failure == Incompatibility::none) return {};
  return Reporter(problem, result, locate).run(result.failure);
}

std::string render_explanation(const Explanation& explanation) {
  const bool numbered = std::any_of(explanation.lines.begin(), explanation.lines.end(),
                                    [](const ExplanationLine& l) { return l.number.has_value(); });
  std::size_t width = 0;
  for (const ExplanationLine& line : explanation.lines) {
    if (line.number) width = std::max(width, fmt::formatted_size("({}) ", *line.number));
  }
  // A derivation of a hundred thousand steps explains nothing in full; its
  // first steps and its conclusion do, and the JSON derivation keeps it all.
  const std::size_t count = explanation.lines.size();
  const bool cut = count > kMaxExplanationLines;
  const std::size_t head = cut ? kMaxExplanationLines / 2 : count;
  const std::size_t tail_start = cut ? count - kMaxExplanationLines / 2 : count;
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i == head && cut) {
      out += fmt::format("... {} lines of the derivation are not shown ('--format json' gives all of it)\n",
                         tail_start - head);
      i = tail_start;
    }
    const ExplanationLine& line = explanation.lines[i];
    if (line.text.empty()) {
      out += "\n";
      continue;
    }
    if (numbered) out += line.number ? fmt::format("{:<{}}", fmt::format("({}) ", *line.number), width) : std::string(width, ' ');
    out += line.text + "\n";
  }
  return out;
}

nlohmann::json derivation_json(const Problem& problem, const SolveResult& result, const Locate& locate) {
  nlohmann::json nodes = nlohmann::json::array();
  if (result.failure == Incompatibility::none) return {{"failure", nullptr}, {"incompatibilities", nodes}};
  Reporter reporter(problem, result, locate);
  std::vector<std::uint32_t> stack{result.failure};
  std::set<std::uint32_t> seen;
  std::vector<std::uint32_t> order;
  while (!stack.empty()) {
    std::uint32_t id = stack.back();
    stack.pop_back();
    if (!seen.insert(id).second) continue;
    order.push_back(id);
    const Incompatibility& i = result.incompatibilities[id];
    if (i.kind == Kind::derived) {
      stack.push_back(i.cause2);
      stack.push_back(i.cause1);
    }
  }
  std::sort(order.begin(), order.end());
  for (std::uint32_t id : order) {
    const Incompatibility& i = result.incompatibilities[id];
    nlohmann::json terms = nlohmann::json::array();
    for (const Term& t : i.terms) {
      terms.push_back({{"module", reporter.name(t.package)},
                       {"positive", t.positive},
                       {"versions", describe_set(t.set)}});
    }
    nlohmann::json node = {{"id", id}, {"kind", incompatibility_kind(i.kind)}, {"text", reporter.text(id)}, {"terms", terms}};
    if (i.kind == Kind::derived) {
      node["causes"] = {i.cause1, i.cause2};
    } else if (i.kind != Kind::root) {
      nlohmann::json origin = {{"kind", origin_kind(i.origin.kind)}};
      if (!i.origin.requirement.empty()) origin["requirement"] = i.origin.requirement;
      if (!i.origin.detail.empty()) origin["detail"] = i.origin.detail;
      if (i.origin.span.valid()) origin["location"] = locate(i.origin.span);
      node["origin"] = origin;
    }
    nodes.push_back(std::move(node));
  }
  return {{"failure", result.failure}, {"incompatibilities", nodes}};
}

}  // namespace modbuild::resolver
