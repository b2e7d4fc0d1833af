// Building the module graph (see graph.h).
#include "graph.h"

#include <algorithm>

namespace modbuild::validator::detail {

using resolver::Origin;

std::optional<std::size_t> Graph::find(std::string_view name) const {
  auto found = index.find(name);
  if (found == index.end()) return std::nullopt;
  return found->second;
}

namespace {

// Edges for the relations a manifest declares, to modules already in the graph.
void add_declared_edges(Graph& g, std::size_t from) {
  const manifest::Manifest& m = *g.nodes[from].manifest;
  auto add = [&](const manifest::LocatedString& target, const manifest::LocatedString& requirement, Origin::Kind kind) {
    if (auto to = g.find(target.value)) g.out[from].push_back({*to, Origin{kind, requirement.span, requirement.value, {}, {}}});
  };
  if (m.implements) add(m.implements->module, m.implements->requirement, Origin::Kind::implements);
  for (const auto& use : m.core) add(use.module, use.requirement, Origin::Kind::core);
  for (const auto& dep : m.dependencies) {
    if (!dep.optional) add(dep.module, dep.requirement, Origin::Kind::dependency);
  }
}

bool by_name(const Node& a, const Node& b) { return a.name < b.name; }

// Sorts nodes[from..] by name and merges them into the sorted nodes before
// `from`. The inputs usually come sorted already (modules are kept in name
// order), which this checks before paying for a sort.
void sort_tail(std::vector<Node>& nodes, std::size_t from) {
  const auto middle = nodes.begin() + static_cast<std::ptrdiff_t>(from);
  if (!std::is_sorted(middle, nodes.end(), by_name)) std::sort(middle, nodes.end(), by_name);
  std::inplace_merge(nodes.begin(), middle, nodes.end(), by_name);
}

void index_nodes(Graph& g) {
  g.out.assign(g.nodes.size(), {});
  g.index.reserve(g.nodes.size());
  for (std::size_t i = 0; i < g.nodes.size(); ++i) g.index.emplace(g.nodes[i].name, i);
}

}  // namespace

Graph Graph::from_resolution(const manifest::Workspace& ws, const resolver::Resolution& resolution) {
  Graph g;
  g.nodes.reserve(std::max(resolution.modules.size(), ws.modules.size()));
  for (const resolver::SelectedModule& m : resolution.modules) {
    g.nodes.push_back({m.name, m.manifest, ws.find(m.name) != nullptr, true});
  }
  sort_tail(g.nodes, 0);
  const std::size_t selected = g.nodes.size();
  for (const manifest::Manifest& m : ws.modules) {
    if (!resolution.find(m.name.value)) g.nodes.push_back({m.name.value, &m, true, false});
  }
  sort_tail(g.nodes, selected);
  index_nodes(g);
  for (const resolver::SelectedModule& m : resolution.modules) {
    const std::size_t to = *g.find(m.name);
    for (const resolver::Reason& reason : m.reasons) {
      if (reason.from.empty()) continue;
      if (auto from = g.find(reason.from)) g.out[*from].push_back({to, reason.origin});
    }
  }
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    if (!g.nodes[i].selected) add_declared_edges(g, i);
  }
  return g;
}

Graph Graph::from_members(const manifest::Workspace& ws) {
  Graph g;
  g.nodes.reserve(ws.modules.size());
  for (const manifest::Manifest& m : ws.modules) g.nodes.push_back({m.name.value, &m, true, true});
  sort_tail(g.nodes, 0);
  index_nodes(g);
  for (std::size_t i = 0; i < g.nodes.size(); ++i) add_declared_edges(g, i);
  return g;
}

}  // namespace modbuild::validator::detail
