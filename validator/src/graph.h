// Internal: the module graph the rules look at.
//
// With a resolution: the selected modules, and an edge for every requirement
// that brought a module in; plus the members no root needs, with the relations
// their manifests declare, so that they are checked too. Without (resolution failed): every workspace
// member, and an edge for every relation its manifest declares to another
// member, so that the rules that need no versions still run.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "modbuild/manifest/workspace.h"
#include "modbuild/resolver/resolve.h"

namespace modbuild::validator::detail {

struct Edge {
  std::size_t to;
  resolver::Origin origin;
};

struct Node {
  std::string name;
  const manifest::Manifest* manifest;
  bool member;    ///< a workspace member (its files can be read)
  bool selected;  ///< in the resolution (members no root needs are checked too)
};

struct Graph {
  std::vector<Node> nodes;  ///< sorted by name
  std::vector<std::vector<Edge>> out;
  /// Name to position in `nodes`: the rules look a module up per relation.
  /// The keys view the nodes' own names, so a Graph is moved, never copied
  /// (moving the vector keeps its elements where they are).
  std::unordered_map<std::string_view, std::size_t> index;

  Graph() = default;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  std::optional<std::size_t> find(std::string_view name) const;
  static Graph from_resolution(const manifest::Workspace& ws, const resolver::Resolution& resolution);
  static Graph from_members(const manifest::Workspace& ws);
};

}  // namespace modbuild::validator::detail
