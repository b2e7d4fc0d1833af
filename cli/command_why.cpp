// `modbuild why MODULE`: why a module is in the resolution, and why at that version.
#include <deque>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "commands.h"
#include "lockfile_io.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/resolver/resolve.h"
#include "modbuild/support/spelling.h"

namespace modbuild::cli {
namespace {

using resolver::Origin;
using resolver::Resolution;
using resolver::SelectedModule;

std::string verb(const Origin& origin) {
  switch (origin.kind) {
    case Origin::Kind::core: return "uses the Core data of";
    case Origin::Kind::implements: return "implements the contract of";
    case Origin::Kind::feature: return "gets feature " + origin.detail + " from";
    case Origin::Kind::option: return "through option " + origin.detail + ", depends on";
    default: return "depends on";
  }
}

// Shortest chains from a root to the module, one per root that reaches it.
std::vector<std::vector<std::string>> chains_to(const Resolution& resolution, const std::string& target) {
  std::vector<std::vector<std::string>> chains;
  for (const std::string& root : resolution.roots) {
    std::map<std::string, std::string> parent{{root, ""}};
    std::deque<std::string> queue{root};
    while (!queue.empty() && !parent.count(target)) {
      const std::string current = queue.front();
      queue.pop_front();
      const SelectedModule* m = resolution.find(current);
      if (!m) continue;
      for (const std::string& next : m->dependencies) {
        if (parent.emplace(next, current).second) queue.push_back(next);
      }
    }
    if (!parent.count(target)) continue;
    std::vector<std::string> chain;
    for (std::string at = target; !at.empty(); at = parent[at]) chain.insert(chain.begin(), at);
    chains.push_back(std::move(chain));
  }
  return chains;
}

std::string version_reason(const SelectedModule& m) {
  if (m.locked) return "locked in modbuild.lock";
  if (m.source.starts_with("workspace:")) return "the workspace member's version";
  return "the newest version that every requirement accepts";
}

struct WhyOptions {
  std::string module;
};

ExitStatus why(Context& context, const WhyOptions& options) {
  manifest::LoadResult loaded = context.load_workspace();
  manifest::Workspace& ws = loaded.workspace;
  diagnostics::DiagnosticList diagnostics = std::move(loaded.diagnostics);
  if (diagnostics.has_errors()) return context.finish(diagnostics, ws.sources);
  LockState lock = read_lockfile(context.fs(), ws, diagnostics, context.parse_cache());
  resolver::ResolveOptions resolve_options;
  resolve_options.lockfile = lock.readable && lock.lockfile ? &*lock.lockfile : nullptr;
  resolver::ResolveResult result = resolver::resolve_workspace(ws, context.fs(), resolve_options);
  diagnostics.append(std::move(result.diagnostics));
  if (!result.resolution || diagnostics.has_errors()) return context.finish(diagnostics, ws.sources);
  const Resolution& resolution = *result.resolution;

  const SelectedModule* m = resolution.find(options.module);
  if (!m) {
    std::vector<std::string> names;
    for (const auto& selected : resolution.modules) names.push_back(selected.name);
    std::string message = ws.find(options.module)
                              ? fmt::format("'{}' is a workspace member, but no root needs it, so it is not resolved",
                                            options.module)
                              : fmt::format("'{}' is not in the resolution", options.module);
    if (auto suggestion = support::closest_match(options.module, names)) message += fmt::format("; did you mean '{}'?", *suggestion);
    context.error(message);
    return ExitStatus::problems;
  }

  nlohmann::json reasons = nlohmann::json::array();
  std::string text = fmt::format("{} {} ({})\n  version: {}\n", m->name, m->version.to_string(), m->source,
                                 version_reason(*m));
  text += "  required by:\n";
  for (const resolver::Reason& reason : m->reasons) {
    std::string location = reason.origin.span.valid()
                               ? fmt::format(" ({}:{})", ws.sources.path(reason.origin.span.file), reason.origin.span.line)
                               : "";
    if (reason.from.empty()) {
      text += "    the workspace: it is a root\n";
      reasons.push_back({{"from", nullptr}, {"kind", "root"}});
      continue;
    }
    const SelectedModule* from = resolution.find(reason.from);
    std::string requirement = reason.origin.requirement.empty() ? "" : " " + reason.origin.requirement;
    std::string note = reason.origin.note.empty() ? "" : ", " + reason.origin.note;
    text += fmt::format("    {} {} {} {}{}{}{}\n", reason.from, from->version.to_string(), verb(reason.origin), m->name,
                        requirement, location, note);
    reasons.push_back({{"from", reason.from}, {"requirement", reason.origin.requirement}, {"detail", reason.origin.detail},
                       {"location", location.empty() ? nlohmann::json(nullptr) : nlohmann::json(location.substr(2, location.size() - 3))}});
  }
  for (const resolver::ProviderChoice& choice : resolution.providers) {
    if (choice.provider != m->name) continue;
    const char* how = choice.why == resolver::ProviderChoice::Why::policy ? "chosen by [providers] in modbuild.toml"
                      : choice.why == resolver::ProviderChoice::Why::single_candidate
                          ? "the only module that provides it"
                          : "already selected for other reasons";
    text += fmt::format("  provides feature {} to {}: {}\n", choice.feature, choice.requirer, how);
  }
  nlohmann::json chains = nlohmann::json::array();
  text += "  chains from the roots:\n";
  for (const auto& chain : chains_to(resolution, m->name)) {
    text += fmt::format("    {}\n", fmt::join(chain, " -> "));
    chains.push_back(chain);
  }
  context.print(text);
  return context.finish(diagnostics, ws.sources,
                        {{"schema", "modbuild-why"},
                         {"schema_version", 1},
                         {"module", m->name},
                         {"version", m->version.to_string()},
                         {"source", m->source},
                         {"locked", m->locked},
                         {"version_reason", version_reason(*m)},
                         {"required_by", reasons},
                         {"chains", chains}});
}

}  // namespace

CLI::App* define_why(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<WhyOptions>();
  CLI::App* sub = parent.add_subcommand("why", "Explain why a module, at its version, is in the resolution");
  sub->add_option("module", options->module, "The module to explain")->required();
  runner = [options](Context& context) { return why(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
