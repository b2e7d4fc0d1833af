// The module commands an engine accepts from its console and its control
// socket: one line in, one reply out (docs/runtime.md, "Commands").
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "modbuild/runtime/runtime.h"
#include "runtime_impl.h"

namespace modbuild::runtime {
namespace {

struct CommandSpec {
  const char* name;
  const char* arguments;
  const char* summary;
  std::size_t min_args;
  std::size_t max_args;
};

constexpr CommandSpec kCommands[] = {
    {"modules", "", "every module of the index: version, kind, state, library, load index, features", 0, 0},
    {"load", "NAME", "load a module that is not loaded (an alternate, or one unloaded before)", 1, 1},
    {"unload", "NAME", "unload a module that nothing loaded depends on", 1, 1},
    {"reload", "NAME...", "replace loaded modules with their current builds, Core data migrated", 1, 64},
    {"refresh", "NAME...", "reload those of the modules that are loaded (what `modbuild watch` sends)", 1, 4096},
    {"swap", "FEATURE PROVIDER", "replace the provider of a feature with another implementation", 2, 2},
    {"why", "NAME", "why the index has the module: who needs it, what it provides", 1, 1},
    {"graph", "", "the loaded modules and what they depend on, as DOT", 0, 0},
    {"data", "[TYPE NAME]", "the named Core data instances, or one of them as JSON", 0, 2},
    {"publish", "EVENT [TEXT]", "publish an event to the modules, delivered after the next frame", 1, 4096},
    {"help", "", "this list", 0, 0},
};

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

std::string help_text() {
  std::string text = "commands:\n";
  for (const CommandSpec& c : kCommands) {
    char row[160];
    std::snprintf(row, sizeof row, "  %-8s %-17s %s\n", c.name, c.arguments, c.summary);
    text += row;
  }
  return text;
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

std::string outcome_text(const Outcome& outcome) {
  std::string text = outcome.message;
  for (const std::string& detail : outcome.details) text += "\n  " + detail;
  return text;
}

std::string modules_table(const Runtime& runtime) {
  const std::vector<ModuleStatus> modules = runtime.modules();
  std::size_t width = 4;
  for (const ModuleStatus& m : modules) width = std::max(width, m.name.size());
  std::string text;
  char row[512];
  std::snprintf(row, sizeof row, "%-3s  %-*s  %-8s  %-6s  %-9s  %-10s  %s\n", "#", static_cast<int>(width), "name",
                "version", "kind", "state", "fills", "provides / library");
  text += row;
  for (const ModuleStatus& m : modules) {
    std::snprintf(row, sizeof row, "%-3zu  %-*s  %-8s  %-6s  %-9s  %-10s  %s%s%s\n", m.load_index,
                  static_cast<int>(width), m.name.c_str(), m.version.c_str(), m.kind.c_str(), m.state.c_str(),
                  m.fills.empty() ? "-" : m.fills.c_str(), join(m.provides).c_str(), m.provides.empty() ? "" : "  ",
                  m.library.c_str());
    text += row;
  }
  return text;
}

}  // namespace

namespace {

std::string why_text(const Runtime::Impl& rt, const IndexedModule& m) {
  std::vector<std::string> dependents;
  std::vector<std::string> required_by;
  for (const IndexedModule& other : rt.index.modules) {
    if (std::find(other.dependencies.begin(), other.dependencies.end(), m.name) != other.dependencies.end()) {
      dependents.push_back(other.name);
    }
    for (const auto& [feature, provider] : other.requires_features) {
      if (provider == m.name) required_by.push_back(feature + " (required by " + other.name + ")");
    }
  }
  const Loaded* loaded = rt.find_loaded(m.name);
  std::string text = m.name + " " + m.version + " (" + m.kind + ", " +
                     (loaded != nullptr ? "loaded" : m.alternate ? "an alternate, not loaded" : "not loaded") + ")\n";
  if (!m.implements.empty()) text += "  implements the contract of " + m.implements + "\n";
  if (!required_by.empty()) text += "  provides " + join(required_by) + "\n";
  if (!dependents.empty()) text += "  needed by " + join(dependents) + "\n";
  if (!m.dependencies.empty()) text += "  needs " + join(m.dependencies) + "\n";
  if (m.alternate) {
    for (const auto& [feature, version] : m.provides) {
      text += "  the workspace chose another provider of " + feature + "; `swap " + feature + " " + m.name +
              "` uses this one\n";
    }
  } else if (dependents.empty() && required_by.empty()) {
    text += "  nothing in the index needs it: it is a root of the workspace\n";
  }
  for (const auto& [old, stand_in] : rt.stand_ins) {
    if (old == m.name) text += "  swapped out: " + stand_in + " stands in for it\n";
    if (stand_in == m.name) text += "  stands in for " + old + "\n";
  }
  return text;
}

std::string graph_text(const Runtime::Impl& rt) {
  std::string text = "digraph loaded {\n  rankdir=LR;\n";
  for (const Loaded* m : rt.in_load_order()) {
    text += "  \"" + m->indexed.name + "\" [label=\"" + m->indexed.name + " " + m->indexed.version + "\\n" +
            m->indexed.kind + "\"];\n";
  }
  for (const Loaded* m : rt.in_load_order()) {
    for (std::string needed : m->indexed.dependencies) {
      if (auto stand_in = rt.stand_ins.find(needed); stand_in != rt.stand_ins.end()) needed = stand_in->second;
      text += "  \"" + m->indexed.name + "\" -> \"" + needed + "\";\n";
    }
  }
  return text + "}\n";
}

}  // namespace

bool Runtime::command(std::string_view line, std::string& reply) {
  Impl& rt = *impl_;
  const std::vector<std::string> words = split_words(line);
  if (words.empty()) {
    reply = help_text();
    return true;
  }
  const CommandSpec* spec = nullptr;
  std::vector<std::string> command_names;
  for (const CommandSpec& c : kCommands) {
    command_names.emplace_back(c.name);
    if (words[0] == c.name) spec = &c;
  }
  if (spec == nullptr) {
    reply = "unknown command '" + words[0] + "'" + rt.suggestion(words[0], command_names) + "; `help` lists them";
    return false;
  }
  const std::size_t count = words.size() - 1;
  if (count < spec->min_args || count > spec->max_args || (words[0] == "data" && count == 1)) {
    reply = std::string("usage: ") + spec->name + (*spec->arguments != '\0' ? " " : "") + spec->arguments;
    return false;
  }
  const std::string command = words[0];
  auto index_entry = [&](const std::string& name) -> const IndexedModule* {
    const IndexedModule* m = rt.index.find(name);
    if (m == nullptr) reply = "no module '" + name + "' in the index" + rt.suggestion(name, rt.index.names());
    return m;
  };
  if (command == "help") {
    reply = help_text();
    return true;
  }
  if (command == "modules") {
    reply = modules_table(*this);
    return true;
  }
  if (command == "graph") {
    reply = graph_text(rt);
    return true;
  }
  if (command == "why") {
    const IndexedModule* m = index_entry(words[1]);
    if (m == nullptr) return false;
    reply = why_text(rt, *m);
    return true;
  }
  if (command == "publish") {
    // The payload is the rest of the line as typed.
    const std::size_t event_at = line.find(words[1], line.find("publish") + 7);
    std::string_view payload = line.substr(event_at + words[1].size());
    while (!payload.empty() && (payload.front() == ' ' || payload.front() == '\t')) payload.remove_prefix(1);
    publish(words[1], payload);
    reply = "published " + words[1];
    return true;
  }
  if (command == "data") {
    if (count == 0) {
      const std::vector<std::string> instances = data_instances();
      reply = instances.empty() ? "no Core data instances yet" : join(instances, "\n");
      return true;
    }
    Result<std::string> described = describe_data(words[1], words[2]);
    reply = described ? *described : described.error().message;
    return bool(described);
  }
  Outcome outcome;
  std::vector<std::string> names(words.begin() + 1, words.end());
  for (const std::string& name : names) {
    if (command != "swap" && index_entry(name) == nullptr) return false;
  }
  if (command == "swap") {
    outcome = swap(words[1], words[2]);
  } else if (command == "load") {
    outcome = load(names.front());
  } else if (command == "unload") {
    outcome = unload(names.front());
  } else {
    if (command == "refresh") {
      std::erase_if(names, [&](const std::string& name) { return rt.find_loaded(name) == nullptr; });
      if (names.empty()) {
        reply = "nothing to refresh: none of them is loaded";
        return true;
      }
    }
    outcome = reload(names);
  }
  if (!outcome) publish("module.refused", "{\"command\":\"" + command + "\"}");
  reply = outcome_text(outcome);
  return outcome.ok;
}

}  // namespace modbuild::runtime
