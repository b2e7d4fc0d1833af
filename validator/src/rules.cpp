// The rules of `modbuild check` (see check.h and docs/rules.md). Each rule
// walks the module graph once and reports every finding it makes.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "graph.h"
#include "modbuild/semver/version_req.h"
#include "modbuild/support/glob.h"
#include "modbuild/support/path.h"
#include "modbuild/support/spelling.h"
#include "modbuild/support/text.h"
#include "modbuild/validator/check.h"

namespace modbuild::validator {
namespace {

using detail::Graph;
using detail::Node;
using diagnostics::Code;
using diagnostics::Diagnostic;
using manifest::LocatedString;
using manifest::Manifest;
using manifest::ModuleKind;
using resolver::Origin;

struct Context {
  const manifest::Workspace& ws;
  const Graph& graph;
  const resolver::Resolution* resolution;
  const support::FileSystem& fs;
  diagnostics::DiagnosticList& out;
  // Parsed once per distinct text: a large workspace repeats a handful of
  // requirements thousands of times. Keys view the manifests' own strings.
  std::unordered_map<std::string_view, std::optional<semver::VersionReq>> requirements = {};

  const semver::VersionReq* requirement(const std::string& text) {
    auto [entry, inserted] = requirements.try_emplace(text);
    if (inserted) {
      if (auto parsed = semver::parse_version_req(text)) entry->second = std::move(*parsed);
    }
    return entry->second ? &*entry->second : nullptr;
  }
};

bool contains(const std::vector<LocatedString>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(), [&](const LocatedString& s) { return s.value == value; });
}

std::vector<std::string> values(const std::vector<LocatedString>& list) {
  std::vector<std::string> out;
  for (const LocatedString& s : list) out.push_back(s.value);
  return out;
}

std::string module_text(const Manifest& m) { return m.name.value + " " + m.version.to_string(); }

// --- feature coverage ---------------------------------------------------------------

bool provides(const Manifest& m, const std::string& feature, const semver::VersionReq& req) {
  return std::any_of(m.provides.begin(), m.provides.end(), [&](const manifest::ProvidedFeature& f) {
    if (f.name.value != feature) return false;
    return f.version ? req.matches(*f.version) : req.comparators.empty();
  });
}

void report_uncovered(Context& c, const Node& node, const manifest::RequiredFeature& required,
                      const semver::VersionReq& req) {
  Diagnostic d = Diagnostic::make(Code::feature_not_provided,
                                  fmt::format("feature '{}' {} required by {} is provided by no selected module",
                                              required.name.value, required.requirement.value, node.name),
                                  required.name.span, "required here");
  std::vector<std::string> candidates;
  for (const Manifest& m : c.ws.modules) {
    for (const auto& f : m.provides) {
      if (f.name.value != required.name.value) continue;
      const std::string version = f.version ? f.version->to_string() : "without a version";
      candidates.push_back(m.name.value);
      d.with_secondary(f.name.span, fmt::format("{} provides {}{}", m.name.value, version,
                                                provides(m, required.name.value, req) ? "" : ", which does not match"));
    }
  }
  if (candidates.empty()) {
    d.with_help(fmt::format("add a module that provides '{}' (under [features.provides]) or remove the requirement",
                            required.name.value));
  } else {
    d.with_help(fmt::format("choose a provider in modbuild.toml, e.g.\n[providers]\n\"{}\" = \"{}\"", required.name.value,
                            candidates.front()));
  }
  c.out.add(std::move(d));
}

void check_feature_coverage(Context& c) {
  std::map<std::string_view, std::vector<std::size_t>> exclusive_providers;  // feature -> nodes
  std::set<std::string_view> exclusive;
  std::map<std::string_view, std::vector<const Manifest*>> selected_providers;
  for (const Node& node : c.graph.nodes) {
    if (!node.selected) continue;
    for (const auto& f : node.manifest->provides) selected_providers[f.name.value].push_back(node.manifest);
  }
  for (const Node& node : c.graph.nodes) {
    if (!node.selected) continue;  // providers are chosen for selected modules only
    for (const auto& required : node.manifest->requires_features) {
      if (required.exclusive) exclusive.insert(required.name.value);
      const semver::VersionReq* req = c.requirement(required.requirement.value);
      if (!req) continue;  // reported as MB2001
      const auto& candidates = selected_providers[required.name.value];
      const bool covered = std::any_of(candidates.begin(), candidates.end(),
                                       [&](const Manifest* m) { return provides(*m, required.name.value, *req); });
      if (!covered) report_uncovered(c, node, required, *req);
    }
  }
  if (!c.resolution) return;  // all members "selected" at once would make every alternative a conflict
  for (std::size_t i = 0; i < c.graph.nodes.size(); ++i) {
    if (!c.graph.nodes[i].selected) continue;
    for (const auto& f : c.graph.nodes[i].manifest->provides) {
      if (f.exclusive) exclusive.insert(f.name.value);
    }
  }
  if (exclusive.empty()) return;
  // Providers are listed for the few exclusive features only.
  for (std::size_t i = 0; i < c.graph.nodes.size(); ++i) {
    if (!c.graph.nodes[i].selected) continue;
    for (const auto& f : c.graph.nodes[i].manifest->provides) {
      if (exclusive.count(f.name.value)) exclusive_providers[f.name.value].push_back(i);
    }
  }
  for (std::string_view feature : exclusive) {
    const auto& providers = exclusive_providers[feature];
    if (providers.size() < 2) continue;
    Diagnostic d;
    std::vector<std::string> names;
    for (std::size_t i : providers) {
      const Manifest& m = *c.graph.nodes[i].manifest;
      names.push_back(m.name.value);
      for (const auto& f : m.provides) {
        if (f.name.value != feature) continue;
        if (names.size() == 1) {
          d = Diagnostic::make(Code::exclusive_feature_provided_twice, "", f.name.span, m.name.value + " provides it");
        } else {
          d.with_secondary(f.name.span, m.name.value + " provides it too");
        }
      }
    }
    d.message = fmt::format("exclusive feature '{}' is provided by {} selected modules: {}", feature, names.size(),
                            fmt::join(names, ", "));
    d.with_help(fmt::format("select one provider: name it under [providers] in modbuild.toml and drop the other "
                            "modules' dependencies"));
    c.out.add(std::move(d));
  }
}

// --- Core data and contracts ----------------------------------------------------------

const Manifest* target(const Context& c, std::string_view name) {
  auto index = c.graph.find(name);
  return index ? c.graph.nodes[*index].manifest : nullptr;
}

bool require_core(Context& c, const Manifest& from, const LocatedString& name, std::string_view what) {
  const Manifest* t = target(c, name.value);
  if (!t || t->kind == ModuleKind::core) return t != nullptr;
  c.out.add(Diagnostic::make(Code::not_a_core_module,
                             fmt::format("{} takes {} from '{}', which is a {} module, not a Core module", from.name.value,
                                         what, name.value, manifest::to_string(t->kind)),
                             name.span, "not a Core module")
                .with_secondary(t->kind_span, fmt::format("{} is a {} here", t->name.value, manifest::to_string(t->kind)))
                .with_note("Core modules hold the data and declare the contracts; systems implement them"));
  return false;
}

void check_core_data(Context& c) {
  for (const Node& node : c.graph.nodes) {
    const Manifest& m = *node.manifest;
    for (const manifest::CoreUse& use : m.core) {
      if (!require_core(c, m, use.module, "Core data")) continue;
      const Manifest& core = *target(c, use.module.value);
      const std::vector<LocatedString> declared = core.contract ? core.contract->data : std::vector<LocatedString>{};
      const std::vector<std::string> names = values(declared);
      for (const LocatedString& item : use.data) {
        if (contains(declared, item.value)) continue;
        Diagnostic d = Diagnostic::make(Code::unknown_core_data,
                                        fmt::format("{} uses data item '{}', which {} does not declare", m.name.value,
                                                    item.value, module_text(core)),
                                        item.span, "not declared");
        if (auto suggestion = support::closest_match(item.value, names)) d.with_help(fmt::format("did you mean '{}'?", *suggestion));
        d.with_note(names.empty() ? fmt::format("{} declares no data items", core.name.value)
                                  : fmt::format("{} declares {}", core.name.value, fmt::join(names, ", ")));
        if (core.contract) d.with_secondary(core.contract->span, "the contract of " + core.name.value);
        c.out.add(std::move(d));
      }
    }
    if (m.implements) require_core(c, m, m.implements->module, "its contract");
  }
}

void check_contracts(Context& c) {
  for (const Node& node : c.graph.nodes) {
    const Manifest& m = *node.manifest;
    if (!m.implements) continue;
    const Manifest* core = target(c, m.implements->module.value);
    if (!core || core->kind != ModuleKind::core) continue;
    const std::vector<LocatedString> api = core->contract ? core->contract->api : std::vector<LocatedString>{};
    for (const LocatedString& entry : m.implements->api) {
      if (contains(api, entry.value)) continue;
      Diagnostic d = Diagnostic::make(Code::api_not_in_contract,
                                      fmt::format("{} implements '{}', which the contract of {} does not declare",
                                                  m.name.value, entry.value, module_text(*core)),
                                      entry.span, "not in the contract");
      if (auto suggestion = support::closest_match(entry.value, values(api))) d.with_help(fmt::format("did you mean '{}'?", *suggestion));
      c.out.add(std::move(d));
    }
    std::vector<const LocatedString*> missing;
    for (const LocatedString& entry : api) {
      if (!contains(m.implements->api, entry.value)) missing.push_back(&entry);
    }
    if (missing.empty()) continue;
    std::vector<std::string> names;
    for (const LocatedString* entry : missing) names.push_back(entry->value);
    Diagnostic d = Diagnostic::make(Code::api_not_implemented,
                                    fmt::format("{} implements {} but does not list {} of its {} API entries: {}",
                                                m.name.value, module_text(*core), missing.size(), api.size(),
                                                fmt::join(names, ", ")),
                                    m.implements->span, "the contract implemented");
    for (const LocatedString* entry : missing) d.with_secondary(entry->span, "declared here");
    d.with_help("implement each entry and list it under [implements] api");
    c.out.add(std::move(d));
  }
}

// --- kinds --------------------------------------------------------------------------------

// Which kinds a module of each kind may depend on (docs/rules.md).
bool may_depend(ModuleKind from, ModuleKind to) {
  switch (from) {
    case ModuleKind::core: return to == ModuleKind::core;
    case ModuleKind::system: return to == ModuleKind::core || to == ModuleKind::system;
    case ModuleKind::plugin: return to != ModuleKind::app;
    case ModuleKind::app: return to != ModuleKind::app;
  }
  return false;
}

std::string with_article(ModuleKind kind) {
  return (kind == ModuleKind::app ? "an " : "a ") + std::string(manifest::to_string(kind));
}

std::string kind_rule_note(ModuleKind from, ModuleKind to) {
  if (to == ModuleKind::app) return "nothing may depend on an app: apps are the top of the graph";
  if (from == ModuleKind::core) return "Core modules hold data and contracts; they depend only on other Core modules";
  return "systems implement Core contracts; plugins add features on top of them, so no system requires a plugin";
}

void check_kinds(Context& c) {
  for (const Node& node : c.graph.nodes) {
    const Manifest& m = *node.manifest;
    for (const manifest::Dependency& dep : m.dependencies) {
      const Manifest* t = target(c, dep.module.value);
      if (!t || may_depend(m.kind, t->kind)) continue;
      c.out.add(Diagnostic::make(Code::kind_rule,
                                 fmt::format("{} module may not depend on {} module: {} depends on {}",
                                             with_article(m.kind), with_article(t->kind), m.name.value, t->name.value),
                                 dep.module.span, with_article(t->kind) + " module")
                    .with_secondary(m.kind_span, fmt::format("{} is a {} module", m.name.value, manifest::to_string(m.kind)))
                    .with_note(kind_rule_note(m.kind, t->kind)));
    }
  }
}

// --- cycles -------------------------------------------------------------------------------

// Strongly connected components (Tarjan), with an explicit stack.
std::vector<std::vector<std::size_t>> components(const Graph& g) {
  const std::size_t n = g.nodes.size();
  constexpr std::size_t unvisited = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(n, unvisited), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::vector<std::vector<std::size_t>> result;
  std::size_t counter = 0;
  for (std::size_t start = 0; start < n; ++start) {
    if (index[start] != unvisited) continue;
    std::vector<std::pair<std::size_t, std::size_t>> work{{start, 0}};  // node, next edge
    index[start] = low[start] = counter++;
    stack.push_back(start);
    on_stack[start] = true;
    while (!work.empty()) {
      auto& [v, edge] = work.back();
      if (edge < g.out[v].size()) {
        const std::size_t w = g.out[v][edge++].to;
        if (index[w] == unvisited) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          work.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const std::size_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
      if (low[done] != index[done]) continue;
      std::vector<std::size_t> component;
      std::size_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != done);
      result.push_back(std::move(component));
    }
  }
  return result;
}

// A shortest cycle through `start` inside one component (breadth-first).
std::vector<const detail::Edge*> cycle_through(const Graph& g, std::size_t start, const std::set<std::size_t>& members) {
  std::map<std::size_t, std::pair<std::size_t, const detail::Edge*>> parent;
  std::vector<std::size_t> queue{start};
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const std::size_t v = queue[i];
    for (const detail::Edge& e : g.out[v]) {
      if (!members.count(e.to)) continue;
      if (e.to == start) {
        std::vector<const detail::Edge*> path{&e};
        for (std::size_t at = v; at != start; at = parent[at].first) path.insert(path.begin(), parent[at].second);
        return path;
      }
      if (!parent.count(e.to) && e.to != start) {
        parent[e.to] = {v, &e};
        queue.push_back(e.to);
      }
    }
  }
  return {};
}

void check_cycles(Context& c) {
  for (std::vector<std::size_t>& component : components(c.graph)) {
    const std::size_t first = *std::min_element(component.begin(), component.end());
    const bool self_loop = std::any_of(c.graph.out[first].begin(), c.graph.out[first].end(),
                                       [&](const detail::Edge& e) { return e.to == first; });
    if (component.size() < 2 && !self_loop) continue;
    std::set<std::size_t> members(component.begin(), component.end());
    std::vector<const detail::Edge*> path = cycle_through(c.graph, first, members);
    if (path.empty()) continue;
    std::vector<std::string> names{c.graph.nodes[first].name};
    for (const detail::Edge* e : path) names.push_back(c.graph.nodes[e->to].name);
    Diagnostic d = Diagnostic::make(Code::dependency_cycle, fmt::format("dependency cycle: {}", fmt::join(names, " -> ")),
                                    path.front()->origin.span,
                                    fmt::format("{} requires {}", names[0], names[1]));
    for (std::size_t i = 1; i < path.size(); ++i) {
      d.with_secondary(path[i]->origin.span, fmt::format("{} requires {}", names[i], names[i + 1]));
    }
    if (component.size() > path.size()) {
      d.with_note(fmt::format("{} modules take part in cycles here", component.size()));
    }
    d.with_help("the loader needs an order: break the cycle, for example by moving what both need into a Core module");
    c.out.add(std::move(d));
  }
}

// --- unused dependencies ----------------------------------------------------------------

class IncludeIndex {
 public:
  explicit IncludeIndex(const Context& c) : c_(c) {}

  // Header paths a module makes public, relative to its include directories.
  const std::set<std::string>& headers(const Manifest& m) {
    auto [it, fresh] = headers_.try_emplace(m.name.value);
    if (!fresh) return it->second;
    for (const LocatedString& dir : m.build.include) {
      const std::string root = c_.ws.absolute(support::join_path(m.directory, dir.value));
      for (const std::string& file : support::Glob::parse("**/*")->expand(c_.fs, root, support::FileType::file)) {
        it->second.insert(file);
      }
    }
    return it->second;
  }

  // What the module's sources and headers #include.
  const std::set<std::string>& includes(const Manifest& m) {
    auto [it, fresh] = includes_.try_emplace(m.name.value);
    if (!fresh) return it->second;
    const std::string module_dir = c_.ws.absolute(m.directory);
    std::vector<std::string> files;
    for (const LocatedString& pattern : m.build.sources) {
      if (auto glob = support::Glob::parse(pattern.value)) {
        for (const std::string& f : glob->expand(c_.fs, module_dir, support::FileType::file)) files.push_back(f);
      }
    }
    for (const LocatedString& dir : m.build.include) {
      for (const std::string& f : support::Glob::parse(dir.value + "/**/*")->expand(c_.fs, module_dir, support::FileType::file)) {
        files.push_back(f);
      }
    }
    for (const std::string& file : files) {
      auto text = c_.fs.read(support::join_path(module_dir, file));
      if (text) collect(*text, it->second);
    }
    return it->second;
  }

 private:
  static void collect(std::string_view text, std::set<std::string>& out) {
    for (std::size_t at = text.find("#include"); at != std::string_view::npos; at = text.find("#include", at + 8)) {
      std::size_t open = text.find_first_of("\"<", at + 8);
      if (open == std::string_view::npos || text.substr(at + 8, open - at - 8).find('\n') != std::string_view::npos) continue;
      const char close = text[open] == '"' ? '"' : '>';
      std::size_t end = text.find(close, open + 1);
      if (end != std::string_view::npos) out.emplace(text.substr(open + 1, end - open - 1));
    }
  }

  const Context& c_;
  std::map<std::string, std::set<std::string>> headers_;
  std::map<std::string, std::set<std::string>> includes_;
};

// A dependency is used through a feature it provides, the Core contract it
// implements and the dependent uses, or a header of it the dependent includes.
bool is_used(const Manifest& from, const Manifest& to, IncludeIndex& index) {
  for (const auto& required : from.requires_features) {
    for (const auto& provided : to.provides) {
      if (provided.name.value == required.name.value) return true;
    }
  }
  if (to.implements) {
    const std::string& contract = to.implements->module.value;
    const bool uses_contract = std::any_of(from.core.begin(), from.core.end(),
                                           [&](const manifest::CoreUse& u) { return u.module.value == contract; }) ||
                               (from.implements && from.implements->module.value == contract);
    if (uses_contract) return true;
  }
  const auto& headers = index.headers(to);
  if (headers.empty()) return false;
  const auto& includes = index.includes(from);
  return std::any_of(includes.begin(), includes.end(), [&](const std::string& i) { return headers.count(i) > 0; });
}

void check_unused(Context& c) {
  IncludeIndex index(c);
  for (std::size_t from = 0; from < c.graph.nodes.size(); ++from) {
    const Node& node = c.graph.nodes[from];
    if (!node.member) continue;
    for (const detail::Edge& edge : c.graph.out[from]) {
      if (edge.origin.kind != Origin::Kind::dependency && edge.origin.kind != Origin::Kind::option) continue;
      const Node& to = c.graph.nodes[edge.to];
      if (!to.member || is_used(*node.manifest, *to.manifest, index)) continue;
      c.out.add(Diagnostic::make(Code::unused_dependency,
                                 fmt::format("{} depends on {} but uses nothing of it", node.name, to.name),
                                 edge.origin.span, "unused")
                    .with_note(fmt::format("a dependency is used when it provides a required feature, implements a Core "
                                           "contract whose data the module uses, or has a header the module includes; "
                                           "{} does none of these for {}",
                                           to.name, node.name))
                    .with_help("remove the dependency, or declare what it is used for"));
    }
  }
}

// --- names the build turns into macros -------------------------------------------------

// The build defines MODBUILD_PROVIDER_<FEATURE> for every feature a module
// requires, and '.', '-' and '_' all become '_' there: two features that
// differ only in those would define one macro twice, a compiler error far
// from its cause.
void check_feature_macros(Context& c) {
  for (const Node& node : c.graph.nodes) {
    std::map<std::string, const manifest::RequiredFeature*> by_macro;
    for (const manifest::RequiredFeature& required : node.manifest->requires_features) {
      auto [first, inserted] = by_macro.try_emplace(support::macro_name(required.name.value), &required);
      if (inserted || first->second->name.value == required.name.value) continue;
      c.out.add(Diagnostic::make(Code::feature_macros_collide,
                                 fmt::format("{} requires features '{}' and '{}', which both become the macro "
                                             "MODBUILD_PROVIDER_{}",
                                             node.name, first->second->name.value, required.name.value, first->first),
                                 required.name.span, "same macro as the other feature")
                    .with_secondary(first->second->name.span, "first feature")
                    .with_note("in macro names '.', '-' and '_' all become '_'")
                    .with_help("rename one of the features where it is provided and required"));
    }
  }
}

// --- requirements that nothing satisfies -------------------------------------------------

void check_requirements(Context& c) {
  std::vector<semver::Version> member_version(1);
  auto versions_of = [&](const std::string& name) -> const std::vector<semver::Version>* {
    if (c.resolution) {
      if (auto found = c.resolution->available.find(name); found != c.resolution->available.end()) return &found->second;
    }
    if (const Manifest* member = c.ws.find(name)) {
      member_version[0] = member->version;
      return &member_version;
    }
    return nullptr;
  };
  auto check = [&](const Manifest& m, const LocatedString& name, const LocatedString& requirement) {
    const std::vector<semver::Version>* available = versions_of(name.value);
    if (!available || available->empty()) return;  // an unknown module is reported by resolution
    const std::vector<semver::Version>& versions = *available;
    const semver::VersionReq* req = c.requirement(requirement.value);
    if (!req || std::any_of(versions.begin(), versions.end(), [&](const auto& v) { return req->matches(v); })) return;
    std::vector<std::string> texts;
    for (const auto& v : versions) texts.push_back(v.to_string());
    c.out.add(Diagnostic::make(Code::requirement_matches_nothing,
                               fmt::format("{} requires {} {}, but no available version matches", m.name.value,
                                           name.value, requirement.value),
                               requirement.span, "matches nothing")
                  .with_note(fmt::format("available: {}", fmt::join(texts, ", "))));
  };
  for (const Manifest& m : c.ws.modules) {
    if (m.implements) check(m, m.implements->module, m.implements->requirement);
    for (const auto& use : m.core) check(m, use.module, use.requirement);
    for (const auto& dep : m.dependencies) check(m, dep.module, dep.requirement);
  }
}

// What must be loaded before node `i`. A resolution's dependencies also name
// the providers of required features that were selected for another reason,
// which no requirement edge of the graph shows; without a resolution, the
// declared edges are all there is.
std::vector<std::size_t> load_dependencies(const Graph& graph, const resolver::Resolution* resolution,
                                           std::size_t i) {
  std::vector<std::size_t> out;
  const resolver::SelectedModule* selected = resolution ? resolution->find(graph.nodes[i].name) : nullptr;
  if (!selected) {
    for (const detail::Edge& e : graph.out[i]) out.push_back(e.to);
    return out;
  }
  for (const std::string& name : selected->dependencies) {
    if (auto to = graph.find(name)) out.push_back(*to);
  }
  return out;
}

}  // namespace

bool load_order(const std::vector<std::string>& modules, const std::vector<std::vector<std::size_t>>& dependencies,
                std::vector<std::string>& order) {
  const std::size_t n = modules.size();
  std::vector<std::size_t> waiting(n, 0);
  std::vector<std::vector<std::size_t>> dependents(n);
  for (std::size_t m = 0; m < n; ++m) {
    std::set<std::size_t> unique(dependencies[m].begin(), dependencies[m].end());
    unique.erase(m);
    waiting[m] = unique.size();
    for (std::size_t d : unique) dependents[d].push_back(m);
  }
  // Modules are indexed in name order, so the smallest index is the next by name.
  std::set<std::size_t> ready;
  for (std::size_t m = 0; m < n; ++m) {
    if (waiting[m] == 0) ready.insert(m);
  }
  order.clear();
  while (!ready.empty()) {
    const std::size_t m = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(modules[m]);
    for (std::size_t d : dependents[m]) {
      if (--waiting[d] == 0) ready.insert(d);
    }
  }
  return order.size() == n;
}

CheckResult run_rules(const manifest::Workspace& workspace, const resolver::Resolution* resolution,
                      const support::FileSystem& fs) {
  CheckResult result;
  result.resolved = resolution != nullptr;
  const Graph graph = resolution ? Graph::from_resolution(workspace, *resolution) : Graph::from_members(workspace);
  Context context{workspace, graph, resolution, fs, result.findings};
  check_feature_coverage(context);
  check_core_data(context);
  check_contracts(context);
  check_kinds(context);
  check_cycles(context);
  check_unused(context);
  check_requirements(context);
  check_feature_macros(context);
  result.rules = {Code::feature_not_provided, Code::exclusive_feature_provided_twice, Code::unknown_core_data,
                  Code::not_a_core_module,    Code::api_not_in_contract,              Code::api_not_implemented,
                  Code::kind_rule,            Code::dependency_cycle,                 Code::unused_dependency,
                  Code::requirement_matches_nothing, Code::feature_macros_collide};
  // The load order covers what the roots need: the selected modules.
  std::vector<std::string> loaded;
  std::vector<std::size_t> position(graph.nodes.size(), 0);
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    result.modules.push_back(graph.nodes[i].name);
    if (!graph.nodes[i].selected) continue;
    position[i] = loaded.size();
    loaded.push_back(graph.nodes[i].name);
  }
  std::vector<std::vector<std::size_t>> dependencies(loaded.size());
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    if (!graph.nodes[i].selected) continue;
    for (std::size_t to : load_dependencies(graph, resolution, i)) {
      if (graph.nodes[to].selected) dependencies[position[i]].push_back(position[to]);
    }
  }
  if (!load_order(loaded, dependencies, result.load_order)) result.load_order.clear();
  return result;
}

void apply_severities(diagnostics::DiagnosticList& list, const manifest::WorkspaceManifest& workspace,
                      const CheckOptions& options) {
  std::map<diagnostics::Code, std::string> levels;
  for (const manifest::SeverityOverride& o : workspace.severities) {
    if (const auto* code = diagnostics::find_code(o.code.value)) levels[code->code] = o.level.value;
  }
  diagnostics::DiagnosticList kept;
  for (diagnostics::Diagnostic d : list) {
    auto level = levels.find(d.code);
    if (level != levels.end()) {
      if (level->second == "allow") continue;
      d.severity = level->second == "deny" ? diagnostics::Severity::error : diagnostics::Severity::warning;
    }
    if (options.deny_warnings && d.severity == diagnostics::Severity::warning) d.severity = diagnostics::Severity::error;
    kept.add(std::move(d));
  }
  list = std::move(kept);
}

}  // namespace modbuild::validator
