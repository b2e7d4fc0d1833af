// `modbuild tree` and `modbuild graph`: pictures of a resolution.
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "commands.h"
#include "lockfile_io.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/resolver/resolve.h"

namespace modbuild::cli {
namespace {

using resolver::Origin;
using resolver::Resolution;
using resolver::SelectedModule;

// Resolves the workspace honouring the lockfile, without writing anything.
std::optional<Resolution> resolve_quietly(Context& context, manifest::LoadResult& loaded,
                                          diagnostics::DiagnosticList& diagnostics) {
  manifest::Workspace& ws = loaded.workspace;
  diagnostics = std::move(loaded.diagnostics);
  if (diagnostics.has_errors()) return std::nullopt;
  LockState lock = read_lockfile(context.fs(), ws, diagnostics, context.parse_cache());
  resolver::ResolveOptions options;
  options.lockfile = lock.readable && lock.lockfile ? &*lock.lockfile : nullptr;
  resolver::ResolveResult result = resolver::resolve_workspace(ws, context.fs(), options);
  diagnostics.append(std::move(result.diagnostics));
  if (diagnostics.has_errors()) return std::nullopt;
  return std::move(result.resolution);
}

std::string edge_label(const Origin& origin) {
  switch (origin.kind) {
    case Origin::Kind::core: return "uses";
    case Origin::Kind::implements: return "implements";
    case Origin::Kind::feature: return "feature " + origin.detail;
    case Origin::Kind::option: return "option " + origin.detail;
    default: return "depends";
  }
}

// --- tree ---------------------------------------------------------------------------

struct TreeOptions {
  std::string invert;
  int depth = -1;
  bool features = false;
  bool duplicates = false;
};

// Children of a node: dependencies, or (inverted) the modules that require it.
std::vector<std::pair<std::string, std::string>> children_of(const Resolution& r, const std::string& name, bool inverted,
                                                             bool features) {
  std::vector<std::pair<std::string, std::string>> out;  // (module, annotation)
  if (inverted) {
    const SelectedModule* m = r.find(name);
    std::set<std::string> seen;
    for (const auto& reason : m->reasons) {
      if (!reason.from.empty() && seen.insert(reason.from).second) out.push_back({reason.from, ""});
    }
    return out;
  }
  const SelectedModule* m = r.find(name);
  for (const std::string& dep : m->dependencies) {
    std::string note;
    if (features) {
      for (const auto& [feature, provider] : m->features) {
        if (provider == dep) note += (note.empty() ? " [" : ", ") + feature;
      }
      if (!note.empty()) note += "]";
    }
    out.push_back({dep, note});
  }
  return out;
}

std::string tree_text(const Resolution& r, const std::vector<std::string>& tops, const TreeOptions& options) {
  struct Frame {
    std::string name;
    std::string note;
    std::string prefix;
    bool last;
    int depth;
  };
  std::string out;
  std::set<std::string> expanded;
  for (const std::string& top : tops) {
    std::vector<Frame> stack{{top, "", "", true, 0}};
    while (!stack.empty()) {
      Frame f = std::move(stack.back());
      stack.pop_back();
      const SelectedModule* m = r.find(f.name);
      const bool repeated = !expanded.insert(f.name).second;
      auto children = children_of(r, f.name, !options.invert.empty(), options.features);
      const std::string branch = f.depth == 0 ? "" : (f.last ? "└── " : "├── ");
      // "(*)": shown in full further up.
      out += fmt::format("{}{}{} {}{}{}\n", f.prefix, branch, f.name, m->version.to_string(), f.note,
                         repeated && !children.empty() ? " (*)" : "");
      if (repeated || (options.depth >= 0 && f.depth >= options.depth)) continue;
      const std::string child_prefix = f.depth == 0 ? "" : f.prefix + (f.last ? "    " : "│   ");
      for (std::size_t i = children.size(); i-- > 0;) {
        stack.push_back({children[i].first, children[i].second, child_prefix, i + 1 == children.size(), f.depth + 1});
      }
    }
    if (tops.size() > 1) out += "\n";
  }
  return out;
}

std::string duplicates_text(const Resolution& r) {
  std::map<std::string, std::vector<std::string>> providers;
  for (const SelectedModule& m : r.modules) {
    for (const auto& [feature, version] : m.provides) providers[feature].push_back(m.name + " " + m.version.to_string());
  }
  std::string out;
  for (const auto& [feature, list] : providers) {
    if (list.size() > 1) out += fmt::format("{} is provided by {}\n", feature, fmt::join(list, ", "));
  }
  return out.empty() ? "no feature is provided more than once\n" : out;
}

ExitStatus tree(Context& context, const TreeOptions& options) {
  manifest::LoadResult loaded = context.load_workspace();
  diagnostics::DiagnosticList diagnostics;
  std::optional<Resolution> resolution = resolve_quietly(context, loaded, diagnostics);
  if (!resolution) return context.finish(diagnostics, loaded.workspace.sources);
  std::string text;
  if (options.duplicates) {
    text = duplicates_text(*resolution);
  } else {
    std::vector<std::string> tops = resolution->roots;
    if (!options.invert.empty()) {
      if (!resolution->find(options.invert)) {
        context.error(fmt::format("'{}' is not in the resolution", options.invert));
        return ExitStatus::problems;
      }
      tops = {options.invert};
    }
    text = tree_text(*resolution, tops, options);
  }
  context.print(text);
  return context.finish(diagnostics, loaded.workspace.sources, {{"schema", "modbuild-tree"}, {"text", text}});
}

// --- graph -----------------------------------------------------------------------

struct GraphOptions {
  std::string format = "dot";
};

struct GraphEdge {
  std::string from, to, label;
};

std::vector<GraphEdge> graph_edges(const Resolution& r) {
  std::vector<GraphEdge> edges;
  for (const SelectedModule& m : r.modules) {
    for (const auto& reason : m.reasons) {
      if (!reason.from.empty()) edges.push_back({reason.from, m.name, edge_label(reason.origin)});
    }
  }
  std::sort(edges.begin(), edges.end(), [](const GraphEdge& a, const GraphEdge& b) {
    return std::tie(a.from, a.to, a.label) < std::tie(b.from, b.to, b.label);
  });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const GraphEdge& a, const GraphEdge& b) {
                            return a.from == b.from && a.to == b.to && a.label == b.label;
                          }),
              edges.end());
  return edges;
}

std::string dot_shape(manifest::ModuleKind kind) {
  switch (kind) {
    case manifest::ModuleKind::core: return "box";
    case manifest::ModuleKind::system: return "ellipse";
    case manifest::ModuleKind::plugin: return "component";
    case manifest::ModuleKind::app: return "doubleoctagon";
  }
  return "box";
}

std::string dot(const Resolution& r, const manifest::Workspace& ws) {
  std::string out = "digraph modules {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n";
  for (const SelectedModule& m : r.modules) {
    out += fmt::format("  \"{}\" [label=\"{}\\n{}\", shape={}];\n", m.name, m.name, m.version.to_string(), dot_shape(m.kind));
  }
  // Members the roots do not need, such as alternative providers, drawn dashed.
  for (const manifest::Manifest& m : ws.modules) {
    if (r.find(m.name.value)) continue;
    out += fmt::format("  \"{}\" [label=\"{}\\n{}\", shape={}, style=dashed, color=gray50];\n", m.name.value,
                       m.name.value, m.version.to_string(), dot_shape(m.kind));
  }
  for (const GraphEdge& e : graph_edges(r)) {
    out += fmt::format("  \"{}\" -> \"{}\" [label=\"{}\"];\n", e.from, e.to, e.label);
  }
  return out + "}\n";
}

std::string mermaid(const Resolution& r) {
  std::string out = "graph LR\n";
  for (const SelectedModule& m : r.modules) out += fmt::format("  {}[\"{} {}\"]\n", m.name, m.name, m.version.to_string());
  for (const GraphEdge& e : graph_edges(r)) out += fmt::format("  {} -->|{}| {}\n", e.from, e.label, e.to);
  return out;
}

nlohmann::json graph_json(const Resolution& r) {
  nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
  for (const SelectedModule& m : r.modules) {
    nodes.push_back({{"id", m.name}, {"version", m.version.to_string()}, {"kind", manifest::to_string(m.kind)},
                     {"root", std::count(r.roots.begin(), r.roots.end(), m.name) > 0}});
  }
  for (const GraphEdge& e : graph_edges(r)) edges.push_back({{"from", e.from}, {"to", e.to}, {"label", e.label}});
  return {{"schema", "modbuild-graph"}, {"schema_version", 1}, {"nodes", nodes}, {"edges", edges}};
}

ExitStatus graph(Context& context, const GraphOptions& options) {
  manifest::LoadResult loaded = context.load_workspace();
  diagnostics::DiagnosticList diagnostics;
  std::optional<Resolution> resolution = resolve_quietly(context, loaded, diagnostics);
  if (!resolution) return context.finish(diagnostics, loaded.workspace.sources);
  if (options.format == "json") {
    std::cout << diagnostics::json_text(graph_json(*resolution)) << '\n';
  } else {
    std::cout << (options.format == "mermaid" ? mermaid(*resolution) : dot(*resolution, loaded.workspace));
  }
  context.report(diagnostics, loaded.workspace.sources);
  return ExitStatus::success;
}

}  // namespace

CLI::App* define_tree(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<TreeOptions>();
  CLI::App* sub = parent.add_subcommand("tree", "Print the resolved dependency tree from the roots, like cargo tree");
  sub->add_option("-i,--invert", options->invert, "Show what requires this module instead");
  sub->add_option("-d,--depth", options->depth, "Stop this many levels below the top");
  sub->add_flag("--features", options->features, "Annotate the providers of required features");
  sub->add_flag("--duplicates", options->duplicates, "List features that more than one selected module provides");
  runner = [options](Context& context) { return tree(context, *options); };
  return sub;
}

CLI::App* define_graph(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<GraphOptions>();
  CLI::App* sub = parent.add_subcommand("graph", "Print the resolved module graph for Graphviz, Mermaid or tools");
  sub->add_option("--format", options->format, "dot (default), mermaid or json")
      ->check(CLI::IsMember({"dot", "mermaid", "json"}));
  runner = [options](Context& context) { return graph(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
