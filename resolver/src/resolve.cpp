// Workspace resolution: manifests and registries to a solver problem, solver
// rounds until feature providers and options add no requirement, then the
// Resolution (see resolve.h).
#include "modbuild/resolver/resolve.h"

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "modbuild/resolver/explain.h"
#include "modbuild/resolver/solver.h"
#include "modbuild/semver/version_req.h"
#include "modbuild/support/parallel.h"
#include "modbuild/support/sha256.h"
#include "modbuild/support/spelling.h"
#include "registries.h"

namespace modbuild::resolver {
namespace {

using diagnostics::Code;
using diagnostics::Diagnostic;
using manifest::LocatedString;
using manifest::Manifest;
using semver::Version;
using semver::VersionSet;

constexpr std::size_t max_rounds = 1000;

// One candidate version of a module: a workspace member or a published version.
// Copied into the selection of every round, so it only views its texts: the
// resolver keeps them (sources_, member_checksums_) or the registries do.
struct Candidate {
  const Manifest* manifest = nullptr;
  std::string_view source;
  std::string_view checksum;
  bool yanked = false;
};

struct ModuleInfo {
  std::string name;
  std::vector<Candidate> candidates;  // ascending versions
};

// A requirement added between rounds, for one version of one module.
struct ExtraEdge {
  std::string target;
  VersionSet range;
  Origin origin;
};

using VersionKey = std::pair<std::string, std::string>;  // module, version text
// Module names to their PackageIds in one solver problem; the names are
// those of the problem's package list, which outlives the map.
using PackageIds = std::unordered_map<std::string_view, PackageId>;

class WorkspaceResolver {
 public:
  WorkspaceResolver(manifest::Workspace& ws, const support::FileSystem& fs, const ResolveOptions& options,
                    ResolveResult& result)
      : ws_(ws), options_(options), result_(result), registries_(ws, fs, result.diagnostics) {}

  void run() {
    if (!find_roots()) return;
    checksum_members();
    for (std::size_t round = 1; round <= max_rounds; ++round) {
      std::optional<Problem> problem = build_problem();
      if (!problem || result_.diagnostics.has_errors()) return;
      SolveResult solved = solve(*problem);
      if (!solved.solved) {
        report_failure(*problem, solved);
        return;
      }
      selection_.clear();
      for (PackageId p = 1; p < problem->packages.size(); ++p) {
        if (solved.selected[p]) selection_[problem->packages[p].name] = candidate_of(problem->packages[p].name, *solved.selected[p]);
      }
      const std::size_t added = add_option_edges() + add_provider_edges();
      if (result_.diagnostics.has_errors()) return;
      if (added == 0) {
        finish(*problem, round);
        return;
      }
    }
    result_.diagnostics.add(Diagnostic::make(Code::step_limit, "feature providers and options kept adding requirements"));
  }

 private:
  // --- roots ------------------------------------------------------------------

  bool find_roots() {
    const auto& declared = ws_.manifest.roots;
    for (const LocatedString& root : declared) {
      if (ws_.find(root.value)) {
        roots_.push_back(root.value);
        continue;
      }
      std::vector<std::string> names;
      for (const Manifest& m : ws_.modules) names.push_back(m.name.value);
      Diagnostic d = Diagnostic::make(Code::unknown_root, fmt::format("root '{}' is not a workspace member", root.value),
                                      root.span, "no such member");
      if (auto suggestion = support::closest_match(root.value, names)) d.with_help(fmt::format("did you mean '{}'?", *suggestion));
      result_.diagnostics.add(std::move(d));
    }
    if (declared.empty()) {
      for (const Manifest& m : ws_.modules) {
        if (m.kind == manifest::ModuleKind::app) roots_.push_back(m.name.value);
      }
      if (roots_.empty()) {
        for (const Manifest& m : ws_.modules) roots_.push_back(m.name.value);
      }
    }
    std::sort(roots_.begin(), roots_.end());
    return !result_.diagnostics.has_errors();
  }

  // --- the universe -------------------------------------------------------------

  // Every member's manifest is hashed for the lockfile; one file does not
  // depend on another, so the work is spread over the cores.
  void checksum_members() {
    member_checksums_.resize(ws_.modules.size());
    support::parallel_for(ws_.modules.size(), [&](std::size_t i) {
      member_checksums_[i] = support::sha256_checksum(ws_.sources.contents(ws_.modules[i].file));
    });
  }

  ModuleInfo* module(const std::string& name) {
    if (auto found = universe_.find(name); found != universe_.end()) return found->second ? &*found->second : nullptr;
    std::optional<ModuleInfo>& info = universe_[name];
    if (const Manifest* member = ws_.find(name)) {
      // A workspace member shadows every published version of its name.
      info = ModuleInfo{name, {{member, keep_source("workspace:" + member->directory),
                               member_checksums_[static_cast<std::size_t>(member - ws_.modules.data())], false}}};
    } else {
      const auto& published = registries_.versions(name);
      if (!published.empty()) {
        info = ModuleInfo{name, {}};
        for (const auto& entry : published) {
          info->candidates.push_back({&entry.published->manifest, keep_source("registry:" + entry.registry),
                                      entry.published->checksum, entry.published->yanked});
        }
      }
    }
    return info ? &*info : nullptr;
  }

  std::string_view keep_source(std::string source) { return sources_.emplace_back(std::move(source)); }

  Candidate candidate_of(const std::string& name, const Version& version) {
    for (const Candidate& c : module(name)->candidates) {
      if (c.manifest->version == version) return c;
    }
    return {};
  }

  // Parsed once per distinct text: a large workspace repeats a handful of
  // requirements ("^1.2") thousands of times. An invalid one is still
  // reported at every place it is written.
  std::optional<VersionSet> requirement_set(const LocatedString& text) {
    auto [entry, inserted] = parsed_.try_emplace(text.value);
    if (inserted) {
      if (auto parsed = semver::parse_version_req(text.value)) entry->second = parsed->to_set();
    }
    if (!entry->second) report_invalid_requirement(text);
    return entry->second;
  }

  void report_invalid_requirement(const LocatedString& text) {
    if (!reported_invalid_.insert(text.span).second) return;
    const auto error = semver::parse_version_req(text.value).error();
    result_.diagnostics.add(Diagnostic::make(Code::invalid_requirement,
                                             fmt::format("invalid version requirement '{}': {}", text.value, error.message),
                                             text.sub_span(error.offset, error.length), error.message)
                                .with_note("requirements use Cargo's syntax, e.g. \"^1.2\", \"~1.2.3\", \">=1.0, <2.0\", "
                                           "\"1.*\" or \"*\"; see docs/version-requirements.md"));
  }

  // The requirements a manifest states for itself: its contract, Core data and
  // non-optional dependencies.
  std::vector<ExtraEdge> base_edges(const Manifest& m) {
    std::vector<ExtraEdge> edges;
    auto add = [&](const LocatedString& target, const LocatedString& requirement, Origin::Kind kind) {
      if (auto set = requirement_set(requirement)) {
        edges.push_back({target.value, *set, Origin{kind, requirement.span, requirement.value, {}, {}}});
      }
    };
    if (m.implements && !m.implements->module.value.empty()) {
      add(m.implements->module, m.implements->requirement, Origin::Kind::implements);
    }
    for (const manifest::CoreUse& use : m.core) add(use.module, use.requirement, Origin::Kind::core);
    for (const manifest::Dependency& dep : m.dependencies) {
      if (!dep.optional) add(dep.module, dep.requirement, Origin::Kind::dependency);
    }
    return edges;
  }

  const std::vector<ExtraEdge>& cached_base_edges(const Manifest& m) {
    auto [entry, inserted] = base_edges_.try_emplace(&m);
    if (inserted) entry->second = base_edges(m);
    return entry->second;
  }

  // Calls visit(edge) for the manifest's own edges, then for those added by
  // options and providers; nothing is copied.
  template <typename Visit>
  void for_each_edge(const Candidate& c, Visit&& visit) {
    for (const ExtraEdge& edge : cached_base_edges(*c.manifest)) visit(edge);
    if (extra_.empty()) return;
    if (auto extra = extra_.find({c.manifest->name.value, c.manifest->version.to_string()}); extra != extra_.end()) {
      for (const ExtraEdge& edge : extra->second) visit(edge);
    }
  }

  void report_unknown(const std::string& target, const Origin& origin) {
    if (!reported_unknown_.insert(target).second) return;
    std::vector<std::string> known;
    for (const Manifest& m : ws_.modules) known.push_back(m.name.value);
    for (const std::string& name : registries_.all_modules()) known.push_back(name);
    Diagnostic d = Diagnostic::make(Code::unknown_module,
                                    fmt::format("no module named '{}' in the workspace or its registries", target),
                                    origin.span, "required here");
    if (auto suggestion = support::closest_match(target, known)) {
      d.with_help(fmt::format("did you mean '{}'?", *suggestion));
    } else {
      d.with_help("add the module to the workspace, or publish it to a registry listed in modbuild.toml");
    }
    result_.diagnostics.add(std::move(d));
  }

  // --- one solver problem ------------------------------------------------------

  std::optional<Problem> build_problem() {
    // Every module the roots can reach through any candidate's requirements.
    // ModuleInfo addresses are stable (see universe_), so they stand for names.
    std::vector<const ModuleInfo*> reached;
    std::unordered_set<const ModuleInfo*> seen;
    for (const std::string& root : roots_) {
      const ModuleInfo* info = module(root);
      if (info && seen.insert(info).second) reached.push_back(info);
    }
    for (std::size_t i = 0; i < reached.size(); ++i) {
      for (const Candidate& c : reached[i]->candidates) {
        for_each_edge(c, [&](const ExtraEdge& edge) {
          const ModuleInfo* target = module(edge.target);
          if (!target) {
            report_unknown(edge.target, edge.origin);
          } else if (seen.insert(target).second) {
            reached.push_back(target);
          }
        });
      }
    }
    if (result_.diagnostics.has_errors()) return std::nullopt;

    Problem problem;
    problem.max_steps = options_.max_steps;
    // PackageIds follow names.
    std::sort(reached.begin(), reached.end(), [](const ModuleInfo* a, const ModuleInfo* b) { return a->name < b->name; });
    PackageIds ids;
    ids.reserve(reached.size());
    for (PackageId i = 0; i < reached.size(); ++i) ids.emplace(reached[i]->name, i + 1);
    problem.packages.reserve(reached.size() + 1);
    problem.packages.push_back(root_package_for(problem, ids));
    for (const ModuleInfo* info : reached) problem.packages.push_back(package_for(problem, *info, ids));
    add_exclusive_conflicts(problem, reached);
    add_preferences(problem, ids);
    return problem;
  }

  Package root_package_for(Problem& problem, const PackageIds& ids) {
    Package root{"the workspace", {CandidateVersion{Version{}, {}, false}}};
    for (const std::string& name : roots_) {
      const Manifest* m = ws_.find(name);
      root.versions[0].edges.push_back(
          {ids.at(name), VersionSet::exactly(m->version), problem.add_origin({Origin::Kind::root, m->name.span, {}, {}, {}})});
    }
    return root;
  }

  Package package_for(Problem& problem, const ModuleInfo& info, const PackageIds& ids) {
    Package package{info.name, {}};
    for (const Candidate& c : info.candidates) {
      CandidateVersion version{c.manifest->version, {}, c.yanked};
      for_each_edge(c, [&](const ExtraEdge& edge) {
        version.edges.push_back({ids.at(edge.target), edge.range, problem.add_origin(edge.origin)});
      });
      package.versions.push_back(std::move(version));
    }
    return package;
  }

  // Two modules providing an exclusive feature may not both be selected.
  // `packages` are the problem's packages, in PackageId order from 1.
  void add_exclusive_conflicts(Problem& problem, const std::vector<const ModuleInfo*>& packages) {
    std::map<std::string_view, diagnostics::SourceSpan> exclusive;  // feature -> where declared
    for (PackageId id = 1; id <= packages.size(); ++id) {
      for (const Candidate& c : packages[id - 1]->candidates) {
        for (const manifest::ProvidedFeature& f : c.manifest->provides) {
          if (f.exclusive) exclusive.try_emplace(f.name.value, f.name.span);
        }
        for (const manifest::RequiredFeature& f : c.manifest->requires_features) {
          if (f.exclusive) exclusive.try_emplace(f.name.value, f.name.span);
        }
      }
    }
    if (exclusive.empty()) return;
    // Only the few exclusive features need their providers listed.
    struct Provider {
      PackageId package;
      VersionSet versions;
    };
    std::map<std::string_view, std::vector<Provider>> providers;
    for (PackageId id = 1; id <= packages.size(); ++id) {
      for (const Candidate& c : packages[id - 1]->candidates) {
        for (const manifest::ProvidedFeature& f : c.manifest->provides) {
          if (!exclusive.count(f.name.value)) continue;
          auto& list = providers[f.name.value];
          if (list.empty() || list.back().package != id) list.push_back({id, VersionSet::none()});
          list.back().versions = list.back().versions.unite(VersionSet::exactly(c.manifest->version));
        }
      }
    }
    for (const auto& [feature, span] : exclusive) {
      const auto& list = providers[feature];
      for (std::size_t a = 0; a < list.size(); ++a) {
        for (std::size_t b = a + 1; b < list.size(); ++b) {
          problem.conflicts.push_back({{{list[a].package, list[a].versions}, {list[b].package, list[b].versions}},
                                       Origin{Origin::Kind::exclusive, span, {}, std::string(feature), {}}});
        }
      }
    }
  }

  void add_preferences(Problem& problem, const PackageIds& ids) {
    if (!options_.lockfile || options_.unlock_all) return;
    for (const manifest::LockedModule& locked : options_.lockfile->modules) {
      if (options_.unlock.count(locked.name.value)) continue;
      if (auto id = ids.find(locked.name.value); id != ids.end()) problem.preferred[id->second] = locked.version;
    }
  }

  // --- between rounds: options and feature providers --------------------------------

  bool add_extra(const Candidate& c, ExtraEdge edge) {
    auto& list = extra_[{c.manifest->name.value, c.manifest->version.to_string()}];
    for (const ExtraEdge& existing : list) {
      if (existing.target == edge.target && existing.origin == edge.origin) return false;
    }
    list.push_back(std::move(edge));
    return true;
  }

  // The options each selected module has on: its defaults, those its
  // dependents ask for, and those the options turn on in turn.
  std::map<std::string, std::set<std::string>> enabled_options() {
    std::map<std::string, std::set<std::string>> enabled;
    for (const auto& [name, c] : selection_) {
      for (const LocatedString& o : c.manifest->default_options) enabled[name].insert(o.value);
      for (const manifest::Dependency& dep : c.manifest->dependencies) {
        auto target = selection_.find(dep.module.value);
        if (target == selection_.end()) continue;
        for (const LocatedString& o : dep.options) {
          const bool exists = std::any_of(target->second.manifest->options.begin(), target->second.manifest->options.end(),
                                          [&](const manifest::Option& opt) { return opt.name.value == o.value; });
          if (exists) {
            enabled[dep.module.value].insert(o.value);
          } else if (reported_options_.insert({name, o.value}).second) {
            result_.diagnostics.add(Diagnostic::make(Code::unknown_option_requested,
                                                     fmt::format("{} {} has no option '{}'", dep.module.value,
                                                                 target->second.manifest->version.to_string(), o.value),
                                                     o.span, "no such option"));
          }
        }
      }
    }
    for (auto& [name, set] : enabled) {
      const Manifest& m = *selection_[name].manifest;
      // Options may enable options: close the set (bounded by the option count).
      for (bool grew = true; grew;) {
        grew = false;
        for (const manifest::Option& option : m.options) {
          if (!set.count(option.name.value)) continue;
          for (const LocatedString& entry : option.enables) {
            const bool is_option = std::any_of(m.options.begin(), m.options.end(),
                                               [&](const manifest::Option& o) { return o.name.value == entry.value; });
            if (is_option && set.insert(entry.value).second) grew = true;
          }
        }
      }
    }
    return enabled;
  }

  std::size_t add_option_edges() {
    std::size_t added = 0;
    options_enabled_ = enabled_options();
    for (const auto& [name, set] : options_enabled_) {
      const Candidate& c = selection_[name];
      for (const manifest::Option& option : c.manifest->options) {
        if (!set.count(option.name.value)) continue;
        for (const LocatedString& entry : option.enables) {
          for (const manifest::Dependency& dep : c.manifest->dependencies) {
            if (!dep.optional || dep.module.value != entry.value) continue;
            auto range = requirement_set(dep.requirement);
            if (!range) continue;
            added += add_extra(c, {dep.module.value, *range,
                                   Origin{Origin::Kind::option, dep.requirement.span, dep.requirement.value,
                                          option.name.value, {}}});
          }
        }
      }
    }
    return added;
  }

  // The versions of a module that provide `feature` within `wanted`.
  VersionSet providing_versions(const ModuleInfo& info, const std::string& feature, const VersionSet& wanted,
                                bool any_version) {
    VersionSet versions = VersionSet::none();
    for (const Candidate& c : info.candidates) {
      for (const manifest::ProvidedFeature& f : c.manifest->provides) {
        if (f.name.value != feature) continue;
        const bool matches = f.version ? wanted.contains(*f.version) : any_version;
        if (matches) versions = versions.unite(VersionSet::exactly(c.manifest->version));
      }
    }
    return versions;
  }

  static bool candidate_provides(const Candidate& c, const std::string& feature, const VersionSet& wanted,
                                 bool any_version) {
    return std::any_of(c.manifest->provides.begin(), c.manifest->provides.end(), [&](const manifest::ProvidedFeature& f) {
      return f.name.value == feature && (f.version ? wanted.contains(*f.version) : any_version);
    });
  }

  std::size_t add_provider_edges() {
    std::size_t added = 0;
    providers_.clear();
    // Feature -> selected modules providing it, so that each requirement
    // looks only at its feature's providers.
    selected_by_feature_.clear();
    for (const auto& [name, c] : selection_) {
      for (const manifest::ProvidedFeature& f : c.manifest->provides) selected_by_feature_[f.name.value].push_back(&c);
    }
    for (const auto& [name, c] : selection_) {
      for (const manifest::RequiredFeature& required : c.manifest->requires_features) {
        auto wanted = requirement_set(required.requirement);
        if (!wanted) continue;
        added += provide(c, required, *wanted);
      }
    }
    return added;
  }

  // Satisfies one required feature: by a selected provider, else the policy's,
  // else the only candidate; returns the number of requirements added.
  std::size_t provide(const Candidate& requirer, const manifest::RequiredFeature& required, const VersionSet& wanted) {
    const std::string& feature = required.name.value;
    const bool any_version = required.requirement.value == "*";
    const std::string& requirer_name = requirer.manifest->name.value;
    const LocatedString* policy = policy_for(feature);
    std::vector<std::string_view> selected_providers;
    if (auto found = selected_by_feature_.find(feature); found != selected_by_feature_.end()) {
      for (const Candidate* c : found->second) {
        if (candidate_provides(*c, feature, wanted, any_version)) selected_providers.push_back(c->manifest->name.value);
      }
    }
    auto is_selected_provider = [&](std::string_view name) {
      return std::find(selected_providers.begin(), selected_providers.end(), name) != selected_providers.end();
    };
    if (!selected_providers.empty()) {
      // A provider chosen in an earlier round is selected now because of that
      // choice: keep the reason it was chosen for.
      if (!chosen_.empty()) {
        auto earlier = chosen_.find({feature, requirer_name});
        if (earlier != chosen_.end() && is_selected_provider(earlier->second.provider)) {
          providers_.push_back(earlier->second);
          return 0;
        }
      }
      std::string_view chosen = selected_providers.front();
      if (policy && is_selected_provider(policy->value)) chosen = policy->value;
      providers_.push_back({feature, requirer_name, std::string(chosen), ProviderChoice::Why::already_selected});
      return 0;
    }
    std::string chosen;
    ProviderChoice::Why why = ProviderChoice::Why::policy;
    if (policy) {
      ModuleInfo* info = module(policy->value);
      if (!info || providing_versions(*info, feature, wanted, any_version).empty()) {
        if (!options_.defer_feature_problems) report_bad_policy(*policy, feature, required);
        return 0;
      }
      chosen = policy->value;
    } else {
      std::vector<std::string> candidates = provider_candidates(feature, wanted, any_version);
      if (candidates.size() != 1) {
        if (!options_.defer_feature_problems) report_provider_problem(requirer, required, candidates);
        return 0;
      }
      chosen = candidates.front();
      why = ProviderChoice::Why::single_candidate;
    }
    providers_.push_back({feature, requirer_name, chosen, why});
    chosen_[{feature, requirer_name}] = providers_.back();
    const VersionSet versions = providing_versions(*module(chosen), feature, wanted, any_version);
    Origin origin{Origin::Kind::feature, required.requirement.span.valid() ? required.requirement.span : required.name.span,
                  {}, any_version ? feature : feature + " " + required.requirement.value,
                  why == ProviderChoice::Why::policy ? "chosen by [providers] in modbuild.toml" : "its only provider"};
    return add_extra(requirer, {chosen, versions, origin}) ? 1 : 0;
  }

  const LocatedString* policy_for(const std::string& feature) const {
    for (const manifest::ProviderPolicy& p : ws_.manifest.providers) {
      if (p.feature.value == feature) return &p.module;
    }
    return nullptr;
  }

  std::vector<std::string> provider_candidates(const std::string& feature, const VersionSet& wanted, bool any_version) {
    std::vector<std::string> found;
    if (members_by_feature_.empty()) {
      for (const Manifest& m : ws_.modules) {
        for (const auto& f : m.provides) members_by_feature_[f.name.value].push_back(m.name.value);
      }
    }
    if (auto members = members_by_feature_.find(feature); members != members_by_feature_.end()) {
      for (const std::string& name : members->second) {
        if (!providing_versions(*module(name), feature, wanted, any_version).empty()) found.push_back(name);
      }
    }
    found.erase(std::unique(found.begin(), found.end()), found.end());
    if (!found.empty()) return found;
    // Only when no member provides it: every registry index has to be read.
    for (const std::string& name : registries_.all_modules()) {
      ModuleInfo* info = module(name);
      if (info && !providing_versions(*info, feature, wanted, any_version).empty()) found.push_back(name);
    }
    return found;
  }

  void report_provider_problem(const Candidate& requirer, const manifest::RequiredFeature& required,
                               const std::vector<std::string>& candidates) {
    const std::string& feature = required.name.value;
    if (!reported_features_.insert(feature + "\n" + requirer.manifest->name.value).second) return;
    if (candidates.empty()) {
      result_.diagnostics.add(
          Diagnostic::make(Code::no_provider,
                           fmt::format("no module provides feature '{}' {} required by {}", feature,
                                       required.requirement.value, requirer.manifest->name.value),
                           required.name.span, "required here")
              .with_help(fmt::format("add a module with [features.provides] {} = \"<version>\" to the workspace or a "
                                     "registry, or remove the requirement",
                                     feature)));
      return;
    }
    Diagnostic d = Diagnostic::make(
        Code::ambiguous_provider,
        fmt::format("feature '{}' required by {} could be provided by {} modules: {}", feature,
                    requirer.manifest->name.value, candidates.size(), fmt::join(candidates, ", ")),
        required.name.span, "required here");
    for (const std::string& candidate : candidates) {
      if (const Manifest* m = ws_.find(candidate)) {
        for (const auto& f : m->provides) {
          if (f.name.value == feature) d.with_secondary(f.name.span, candidate + " provides it");
        }
      }
    }
    d.with_help(fmt::format("choose one in modbuild.toml:\n[providers]\n\"{}\" = \"{}\"", feature, candidates.front()));
    result_.diagnostics.add(std::move(d));
  }

  void report_bad_policy(const LocatedString& policy, const std::string& feature,
                         const manifest::RequiredFeature& required) {
    if (!reported_features_.insert("policy\n" + feature).second) return;
    result_.diagnostics.add(
        Diagnostic::make(Code::bad_provider_policy,
                         fmt::format("the provider policy names '{}' for feature '{}', but no version of it provides "
                                     "'{}' {}",
                                     policy.value, feature, feature, required.requirement.value),
                         policy.span, "does not provide the feature")
            .with_secondary(required.name.span, "required here"));
  }

  // --- results ----------------------------------------------------------------

  std::string locate(const diagnostics::SourceSpan& span) const {
    return fmt::format("{}:{}", ws_.sources.path(span.file), span.line);
  }

  void report_failure(const Problem& problem, const SolveResult& solved) {
    if (solved.step_limit_reached) {
      result_.diagnostics.add(
          Diagnostic::make(Code::step_limit,
                           fmt::format("resolution gave up after {} steps and {} terms examined", solved.stats.steps,
                                       solved.stats.work))
              .with_note(fmt::format("the limit is {} steps or {} terms (--max-steps {}), whichever comes first",
                                     problem.max_steps, problem.max_steps * Problem::work_per_step,
                                     problem.max_steps))
              .with_help("raise the limit with --max-steps, or pin versions to narrow the search"));
      return;
    }
    const Locate locate_span = [this](const diagnostics::SourceSpan& span) { return locate(span); };
    Explanation explanation = explain_failure(problem, solved, locate_span);
    Diagnostic d = Diagnostic::make(Code::no_solution, "no set of versions satisfies every requirement");
    d.with_note(render_explanation(explanation));
    // The declarations the failure rests on; a huge derivation names thousands.
    constexpr std::size_t shown_help = 20;
    for (std::size_t i = 0; i < explanation.help.size() && i < shown_help; ++i) d.with_help(explanation.help[i]);
    if (explanation.help.size() > shown_help) {
      d.with_help(fmt::format("... and {} more declarations the failure rests on", explanation.help.size() - shown_help));
    }
    result_.diagnostics.add(std::move(d));
    result_.derivation = derivation_json(problem, solved, locate_span);
  }

  void finish(const Problem& problem, std::size_t rounds) {
    Resolution resolution;
    resolution.roots = roots_;
    resolution.rounds = rounds;
    // Hashed: looked up once per edge of every selected module.
    std::unordered_map<std::string_view, std::vector<Reason>> reasons;
    reasons.reserve(selection_.size());
    for (const auto& [name, c] : selection_) reasons[name];
    for (const std::string& root : roots_) {
      if (auto entry = reasons.find(root); entry != reasons.end()) {
        entry->second.push_back({"", Origin{Origin::Kind::root, {}, {}, {}, {}}});
      }
    }
    for (const auto& [name, c] : selection_) {
      for_each_edge(c, [&](const ExtraEdge& edge) {
        if (auto target = reasons.find(edge.target); target != reasons.end()) target->second.push_back({name, edge.origin});
      });
    }
    auto is_selected = [&](const std::string& name) { return reasons.count(name) != 0; };
    std::unordered_map<std::string_view, std::vector<std::pair<std::string, std::string>>> features_by_requirer;
    for (const ProviderChoice& choice : providers_) {
      features_by_requirer[choice.requirer].emplace_back(choice.feature, choice.provider);
    }
    add_available_versions(resolution);
    resolution.modules.reserve(selection_.size());
    for (const auto& [name, c] : selection_) {
      SelectedModule selected;
      selected.manifest = c.manifest;
      selected.name = name;
      selected.version = c.manifest->version;
      selected.source = std::string(c.source);
      selected.checksum = std::string(c.checksum);
      selected.kind = c.manifest->kind;
      if (!is_member(c)) {
        resolution.registry_manifests.push_back(*c.manifest);
        selected.manifest = &resolution.registry_manifests.back();
      }
      for_each_edge(c, [&](const ExtraEdge& edge) {
        if (is_selected(edge.target)) selected.dependencies.push_back(edge.target);
      });
      if (auto chosen = features_by_requirer.find(name); chosen != features_by_requirer.end()) {
        selected.features = std::move(chosen->second);
      }
      std::sort(selected.features.begin(), selected.features.end());
      add_feature_providers(selected);
      std::sort(selected.dependencies.begin(), selected.dependencies.end());
      selected.dependencies.erase(std::unique(selected.dependencies.begin(), selected.dependencies.end()),
                                  selected.dependencies.end());
      if (auto enabled = options_enabled_.find(name); enabled != options_enabled_.end()) {
        selected.options.assign(enabled->second.begin(), enabled->second.end());
      }
      for (const manifest::ProvidedFeature& f : c.manifest->provides) {
        selected.provides.emplace_back(f.name.value, f.version ? f.version->to_string() : "");
      }
      selected.reasons = std::move(reasons[name]);
      selected.yanked = c.yanked;
      selected.locked = is_locked(name, c.manifest->version);
      check_against_lockfile(selected);
      resolution.modules.push_back(std::move(selected));
    }
    (void)problem;
    // The last use of the choices: they move into the resolution.
    resolution.providers = std::move(providers_);
    result_.resolution = std::move(resolution);
  }

  bool is_member(const Candidate& c) const { return c.source.starts_with("workspace:"); }

  // Every version looked at, per module. Inserted in name order, each at the
  // end of the map, rather than searched for by name.
  void add_available_versions(Resolution& resolution) const {
    std::vector<const ModuleInfo*> looked_at;
    looked_at.reserve(universe_.size());
    for (const auto& [name, info] : universe_) {
      if (info) looked_at.push_back(&*info);
    }
    std::sort(looked_at.begin(), looked_at.end(), [](const ModuleInfo* a, const ModuleInfo* b) { return a->name < b->name; });
    for (const ModuleInfo* info : looked_at) {
      std::vector<Version> versions;
      versions.reserve(info->candidates.size());
      for (const Candidate& c : info->candidates) versions.push_back(c.manifest->version);
      resolution.available.emplace_hint(resolution.available.end(), info->name, std::move(versions));
    }
  }

  // A module needs the providers of its required features loaded before it.
  // A provider the feature brought in already has a requirement edge; one
  // selected for another reason first has none, so it is added here.
  void add_feature_providers(SelectedModule& selected) const {
    for (const auto& [feature, provider] : selected.features) {
      if (provider != selected.name && selection_.count(provider)) selected.dependencies.push_back(provider);
    }
  }

  bool is_locked(const std::string& name, const Version& version) const {
    if (!options_.lockfile || options_.unlock_all || options_.unlock.count(name)) return false;
    const manifest::LockedModule* locked = options_.lockfile->find(name);
    return locked && locked->version == version;
  }

  void check_against_lockfile(const SelectedModule& selected) {
    if (!options_.lockfile) return;
    const manifest::LockedModule* locked = options_.lockfile->find(selected.name);
    if (!locked || locked->version != selected.version) return;
    if (selected.source.starts_with("registry:") && locked->checksum != selected.checksum) {
      result_.diagnostics.add(
          Diagnostic::make(Code::checksum_mismatch,
                           fmt::format("the registry's checksum of {} {} differs from the one in modbuild.lock",
                                       selected.name, selected.version.to_string()),
                           locked->span, "locked with another checksum")
              .with_note(fmt::format("locked: {}; registry: {}", locked->checksum, selected.checksum))
              .with_help("a published version must never change; if the change is intended, run "
                         "'modbuild update " + selected.name + "'"));
    }
    if (selected.yanked) {
      result_.diagnostics.add(Diagnostic::make(Code::locked_yanked,
                                               fmt::format("{} {} is yanked, but kept because modbuild.lock selects it",
                                                           selected.name, selected.version.to_string()),
                                               locked->version_span, "yanked version")
                                  .with_help("run 'modbuild update " + selected.name + "' to move to another version"));
    }
  }

  manifest::Workspace& ws_;
  const ResolveOptions& options_;
  ResolveResult& result_;
  detail::Registries registries_;
  std::vector<std::string> roots_;
  // Hashed: looked up for every edge of every candidate. Nodes never move,
  // so the ModuleInfo pointers module() hands out stay valid.
  std::unordered_map<std::string, std::optional<ModuleInfo>> universe_;
  std::vector<std::string> member_checksums_;  // by index in ws_.modules; never resized after the start
  std::deque<std::string> sources_;            // what Candidate::source views (a deque: strings never move)
  std::unordered_map<std::string, std::optional<VersionSet>> parsed_;
  std::set<diagnostics::SourceSpan> reported_invalid_;
  std::unordered_map<const Manifest*, std::vector<ExtraEdge>> base_edges_;
  std::map<VersionKey, std::vector<ExtraEdge>> extra_;
  std::map<std::string, Candidate> selection_;
  std::map<std::string, std::set<std::string>> options_enabled_;
  std::map<std::string, std::vector<const Candidate*>> selected_by_feature_;
  std::map<std::string, std::vector<std::string>> members_by_feature_;
  std::vector<ProviderChoice> providers_;
  std::map<std::pair<std::string, std::string>, ProviderChoice> chosen_;  // (feature, requirer) -> first choice
  std::set<std::string> reported_unknown_;
  std::set<std::pair<std::string, std::string>> reported_options_;
  std::set<std::string> reported_features_;
};

}  // namespace

const SelectedModule* Resolution::find(std::string_view name) const {
  auto found = std::lower_bound(modules.begin(), modules.end(), name,
                                [](const SelectedModule& m, std::string_view n) { return m.name < n; });
  return (found != modules.end() && found->name == name) ? &*found : nullptr;
}

manifest::Lockfile Resolution::to_lockfile() const {
  manifest::Lockfile lockfile;
  for (const SelectedModule& m : modules) {
    manifest::LockedModule locked;
    locked.name.value = m.name;
    locked.version = m.version;
    locked.source = m.source;
    locked.checksum = m.checksum;
    locked.dependencies = m.dependencies;
    locked.options = m.options;
    locked.features = m.features;
    lockfile.modules.push_back(std::move(locked));
  }
  return lockfile;
}

namespace {

// "dependencies +a -b" for the names added to and removed from a list.
std::optional<std::string> list_change(std::string_view what, const std::vector<std::string>& before,
                                       const std::vector<std::string>& after) {
  std::vector<std::string> changes;
  for (const std::string& item : after) {
    if (std::find(before.begin(), before.end(), item) == before.end()) changes.push_back("+" + item);
  }
  for (const std::string& item : before) {
    if (std::find(after.begin(), after.end(), item) == after.end()) changes.push_back("-" + item);
  }
  if (changes.empty()) return std::nullopt;
  return fmt::format("{} {}", what, fmt::join(changes, " "));
}

std::vector<std::string> feature_texts(const manifest::LockedModule& m) {
  std::vector<std::string> out;
  for (const auto& [feature, provider] : m.features) out.push_back(feature + "=" + provider);
  return out;
}

std::string entry_changes(const manifest::LockedModule& a, const manifest::LockedModule& b) {
  std::vector<std::string> parts;
  if (a.version != b.version) parts.push_back(a.version.to_string() + " -> " + b.version.to_string());
  if (a.source != b.source) parts.push_back("source " + a.source + " -> " + b.source);
  if (a.checksum != b.checksum && a.version == b.version) parts.push_back("manifest changed (checksum)");
  for (auto change : {list_change("dependencies", a.dependencies, b.dependencies),
                      list_change("options", a.options, b.options),
                      list_change("features", feature_texts(a), feature_texts(b))}) {
    if (change) parts.push_back(*change);
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

std::vector<std::string> describe_lock_changes(const manifest::Lockfile& before, const manifest::Lockfile& after) {
  std::map<std::string, const manifest::LockedModule*> old_entries, new_entries;
  for (const auto& m : before.modules) old_entries[m.name.value] = &m;
  for (const auto& m : after.modules) new_entries[m.name.value] = &m;
  std::set<std::string> names;
  for (const auto& [name, unused] : old_entries) names.insert(name);
  for (const auto& [name, unused] : new_entries) names.insert(name);
  std::vector<std::string> lines;
  for (const std::string& name : names) {
    auto a = old_entries.find(name), b = new_entries.find(name);
    if (a == old_entries.end()) {
      lines.push_back(fmt::format("+ {} {}", name, b->second->version.to_string()));
    } else if (b == new_entries.end()) {
      lines.push_back(fmt::format("- {} {}", name, a->second->version.to_string()));
    } else if (std::string changes = entry_changes(*a->second, *b->second); !changes.empty()) {
      lines.push_back(fmt::format("~ {} {}", name, a->second->version == b->second->version
                                                       ? a->second->version.to_string() + ": " + changes
                                                       : changes));
    }
  }
  return lines;
}

ResolveResult resolve_workspace(manifest::Workspace& workspace, const support::FileSystem& fs,
                                const ResolveOptions& options) {
  ResolveResult result;
  WorkspaceResolver(workspace, fs, options, result).run();
  result.diagnostics.sort(workspace.sources);
  return result;
}

}  // namespace modbuild::resolver
