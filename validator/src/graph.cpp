// Building the module graph (see graph.h).
#include "graph.h"

#include <algorithm>

namespace modbuild::validator::detail {

using resolver::Origin;

std::optional<std::size_t> Graph::find(std::string_view name) const {
  auto found = std::lower_bound(nodes.begin(), nodes.end(), name,
                                [](const Node& n, std::string_view value) { return n.name < value; });
  if (found == nodes.end() || found->name != name) return std::nullopt;
  return static_cast<std::size_t>(found - nodes.begin());
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

void sort_nodes(Graph& g) {
  std::sort(g.nodes.begin(), g.nodes.end(), [](const Node& a, const Node& b) { return a.name < b.name; });
  g.out.assign(g.nodes.size(), {});
}

}  // namespace

Graph Graph::from_resolution(const manifest::Workspace& ws, const resolver::Resolution& resolution) {
  Graph g;
  for (const resolver::SelectedModule& m : resolution.modules) {
    g.nodes.push_back({m.name, m.manifest, ws.find(m.name) != nullptr, true});
  }
  for (const manifest::Manifest& m : ws.modules) {
    if (!resolution.find(m.name.value)) g.nodes.push_back({m.name.value, &m, true, false});
  }
  sort_nodes(g);
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
  for (const manifest::Manifest& m : ws.modules) g.nodes.push_back({m.name.value, &m, true, true});
  sort_nodes(g);
  for (std::size_t i = 0; i < g.nodes.size(); ++i) add_declared_edges(g, i);
  return g;
}

}  // namespace modbuild::validator::detail
