// `modbuild new <kind> <name>`: scaffold a module from the templates.
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/support/glob.h"
#include "modbuild/support/path.h"
#include "modbuild/support/text.h"
#include "scaffold.h"

namespace modbuild::cli {
namespace {

struct NewOptions {
  std::string kind;
  std::string name;
  std::string path;
  std::string implements;
};

// Whether the workspace's member patterns select the directory (relative to the root).
bool is_selected_member(const manifest::Workspace& ws, const std::string& relative) {
  auto matches = [&](const std::vector<manifest::LocatedString>& patterns) {
    return std::any_of(patterns.begin(), patterns.end(), [&](const manifest::LocatedString& p) {
      auto glob = support::Glob::parse(p.value);
      return glob && glob->matches(relative);
    });
  };
  return matches(ws.manifest.members) && !matches(ws.manifest.exclude);
}

manifest::ModuleKind kind_from_name(std::string_view name) {
  if (name == "system") return manifest::ModuleKind::system;
  if (name == "plugin") return manifest::ModuleKind::plugin;
  if (name == "app") return manifest::ModuleKind::app;
  return manifest::ModuleKind::core;
}

ExitStatus create(Context& context, const NewOptions& options) {
  const manifest::ModuleKind kind = kind_from_name(options.kind);
  if (!manifest::is_valid_module_name(options.name)) {
    context.error(fmt::format("invalid module name '{}': a name may only use lowercase letters, digits and "
                              "single '-', and must start with a letter",
                              options.name));
    return ExitStatus::usage;
  }
  if (kind == manifest::ModuleKind::system && options.implements.empty()) {
    context.error("a system implements a Core contract: pass --implements <core module>");
    return ExitStatus::usage;
  }
  if (!options.implements.empty() && kind != manifest::ModuleKind::system) {
    context.error("--implements applies to system modules only");
    return ExitStatus::usage;
  }

  auto root = manifest::find_workspace_root(context.fs(), context.options().workspace.empty()
                                                              ? "."
                                                              : context.options().workspace);
  std::string directory = options.path;
  if (directory.empty()) {
    directory = support::join_path(root ? *root : ".", default_module_directory(kind, options.name));
  }
  directory = context.fs().absolute(directory);
  ScaffoldRequest request{kind, options.name, directory, options.implements};
  auto written = scaffold_module(context.fs(), request);
  if (!written) {
    context.error(written.error());
    return ExitStatus::problems;
  }

  const std::string shown = support::relative_path(directory, context.fs().absolute("."));
  context.print(fmt::format("created {} module '{}' in {} ({})\n", manifest::to_string(kind),
                            options.name, shown, support::count_of(written->size(), "file")));
  if (root) {
    manifest::LoadResult loaded = manifest::load_workspace(context.fs(), *root, "");
    const std::string relative = support::relative_path(directory, *root);
    if (!is_selected_member(loaded.workspace, relative)) {
      context.print(fmt::format("note: no member pattern in modbuild.toml selects '{}'; add it to [workspace] "
                                "members to make it part of the workspace\n",
                                relative));
    }
  }
  if (context.json()) {
    nlohmann::json files = *written;
    std::cout << diagnostics::json_text(nlohmann::json{{"module", options.name},
                                {"kind", manifest::to_string(kind)},
                                {"directory", directory},
                                {"files", files}})
              << '\n';
  }
  return ExitStatus::success;
}

}  // namespace

CLI::App* define_new(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<NewOptions>();
  CLI::App* sub = parent.add_subcommand("new", "Create a module (manifest, header, source and a test) from a template");
  sub->add_option("kind", options->kind, "Module kind: core, system, plugin or app")
      ->required()
      ->check(CLI::IsMember({"core", "system", "plugin", "app"}));
  sub->add_option("name", options->name, "Module name: lowercase letters, digits and '-'")->required();
  sub->add_option("--path", options->path,
                  "Directory to create (default: core/, systems/, plugins/ or apps/ of the workspace, then the name)");
  sub->add_option("--implements", options->implements, "For a system: the Core module whose contract it implements");
  runner = [options](Context& context) { return create(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
