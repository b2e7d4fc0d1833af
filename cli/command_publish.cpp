// `modbuild publish` and `modbuild yank`: add a member's version to a registry
// index, or mark a published version yanked.
#include <fmt/format.h>

#include "commands.h"
#include "modbuild/codegen/schema.h"
#include "modbuild/codegen/schema_checks.h"
#include "modbuild/manifest/registry.h"
#include "modbuild/semver/version.h"
#include "modbuild/support/path.h"

namespace modbuild::cli {
namespace {

struct PublishOptions {
  std::string module;
  std::string registry;
  std::string api_schemas;  // publish only; empty: <workspace>/.modbuild/gen
  bool undo = false;        // yank only
};

// The member's API schema as modbuild-gen wrote it, published with the
// version so that `check --api-baseline <registry>` has the release to
// compare with. Absent is fine (no schema is published); a schema of
// another version than the member's is stale, and publishing it would make
// every later check compare against the wrong API.
struct SchemaToPublish {
  std::string path;  ///< "" when there is none
  std::string text;
};

support::Expected<SchemaToPublish, std::string> schema_to_publish(Context& context, const manifest::Workspace& ws,
                                                                  const manifest::Manifest& member,
                                                                  const std::string& schemas_dir) {
  const std::string dir = schemas_dir.empty() ? ws.absolute(".modbuild/gen") : context.fs().absolute(schemas_dir);
  const std::string path = support::join_path(support::join_path(dir, member.name.value), member.name.value + ".api.json");
  auto text = context.fs().read(path);
  if (!text) return SchemaToPublish{};
  auto schema = codegen::from_json(*text);
  if (!schema) return support::unexpected(fmt::format("the API schema '{}' is not valid: {}", path, schema.error()));
  if (schema->version != member.version.to_string()) {
    return support::unexpected(fmt::format("the API schema '{}' is of {} {}, not {}: run `modbuild gen` again",
                                           path, member.name.value, schema->version, member.version.to_string()));
  }
  return SchemaToPublish{path, std::move(*text)};
}

// A registry named in modbuild.toml, or a directory path.
std::string registry_directory(Context& context, const manifest::Workspace& ws, const std::string& registry) {
  for (const manifest::Registry& r : ws.manifest.registries) {
    if (r.name.value == registry) return support::normalize_path(ws.absolute(r.path.value));
  }
  return context.fs().absolute(registry);
}

// The member named, or the one whose directory holds the working directory.
const manifest::Manifest* member_for(Context& context, const manifest::Workspace& ws, const std::string& name) {
  if (!name.empty()) return ws.find(name);
  const std::string here = context.fs().absolute(".");
  for (const manifest::Manifest& m : ws.modules) {
    const std::string dir = ws.absolute(m.directory);
    if (here == dir || here.starts_with(dir + "/")) return &m;
  }
  return nullptr;
}

// A registry failure as a diagnostic; a damaged index is shown where it is
// damaged, with its own text.
diagnostics::Diagnostic registry_diagnostic(const manifest::RegistryError& error, manifest::Workspace& ws,
                                            const manifest::Manifest* member) {
  using Kind = manifest::RegistryError::Kind;
  using diagnostics::Code;
  using diagnostics::Diagnostic;
  switch (error.kind) {
    case Kind::already_published:
      return Diagnostic::make(Code::already_published, error.message,
                              member ? member->version_span : diagnostics::SourceSpan{}, "this version")
          .with_help("bump [module] version and publish again");
    case Kind::damaged_index: {
      diagnostics::SourceSpan span = error.span;
      if (span.line > 0) span.file = ws.sources.add(error.index_path, error.index_text);
      return Diagnostic::make(Code::registry_index_invalid, error.message, span, span.valid() ? "first problem here" : "")
          .with_help("repair the index or restore it from version control; modbuild never rewrites a damaged index");
    }
    case Kind::not_published:
      return Diagnostic::make(Code::not_published, error.message).with_help("name one of the published versions");
    case Kind::invalid_request:
      return Diagnostic::make(Code::io_error, error.message).with_help("check the module and version");
    case Kind::io: break;
  }
  return Diagnostic::make(Code::io_error, error.message).with_help("check the registry directory");
}

ExitStatus publish(Context& context, const PublishOptions& options) {
  manifest::LoadResult loaded = context.load_workspace();
  manifest::Workspace& ws = loaded.workspace;
  if (loaded.diagnostics.has_errors()) return context.finish(loaded.diagnostics, ws.sources);
  const manifest::Manifest* member = member_for(context, ws, options.module);
  if (!member) {
    context.error(options.module.empty() ? "name the module to publish, or run modbuild inside its directory"
                                         : fmt::format("'{}' is not a workspace member", options.module));
    return ExitStatus::usage;
  }
  const std::string directory = registry_directory(context, ws, options.registry);
  auto schema = schema_to_publish(context, ws, *member, options.api_schemas);
  if (!schema) {
    diagnostics::DiagnosticList list = std::move(loaded.diagnostics);
    list.add(diagnostics::Diagnostic::make(diagnostics::Code::api_schema_unreadable, schema.error())
                 .with_help("nothing was published"));
    return context.finish(list, ws.sources);
  }
  auto published = manifest::publish_version(context.fs(), directory, *member, ws.sources.contents(member->file));
  if (!published) {
    diagnostics::DiagnosticList list = std::move(loaded.diagnostics);
    list.add(registry_diagnostic(published.error(), ws, member));
    return context.finish(list, ws.sources);
  }
  context.print(fmt::format("published {} {} to {}\n", member->name.value, member->version.to_string(),
                            manifest::registry_index_path(directory, member->name.value)));
  nlohmann::json api_schema = nullptr;
  if (!schema->path.empty()) {
    const std::string target =
        codegen::registry_schema_path(directory, member->name.value, member->version.to_string());
    if (auto written = context.fs().write(target, schema->text); !written) {
      context.error(fmt::format("the version is published, but its API schema could not be written to '{}': {}",
                                target, written.error()));
      return ExitStatus::problems;
    }
    context.print(fmt::format("published its API schema to {}\n", target));
    api_schema = target;
  }
  return context.finish(loaded.diagnostics, ws.sources,
                        {{"module", member->name.value},
                         {"version", member->version.to_string()},
                         {"index", manifest::registry_index_path(directory, member->name.value)},
                         {"api_schema", api_schema}});
}

ExitStatus yank(Context& context, const PublishOptions& options) {
  const std::size_t at = options.module.find('@');
  auto version = at == std::string::npos ? std::nullopt
                                         : std::optional(semver::parse_version(options.module.substr(at + 1)));
  if (!version || !*version) {
    context.error(fmt::format("expected MODULE@VERSION, e.g. physics@0.3.0, found '{}'", options.module));
    return ExitStatus::usage;
  }
  manifest::LoadResult loaded = context.load_workspace();
  manifest::Workspace& ws = loaded.workspace;
  const std::string name = options.module.substr(0, at);
  const std::string directory = registry_directory(context, ws, options.registry);
  auto done = manifest::set_yanked(context.fs(), directory, name, **version, !options.undo);
  if (!done) {
    diagnostics::DiagnosticList list;
    list.add(registry_diagnostic(done.error(), ws, nullptr));
    return context.finish(list, ws.sources);
  }
  context.print(fmt::format("{} {} {} in {}\n", options.undo ? "unyanked" : "yanked", name, (**version).to_string(),
                            manifest::registry_index_path(directory, name)));
  return ExitStatus::success;
}

}  // namespace

CLI::App* define_publish(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<PublishOptions>();
  CLI::App* sub = parent.add_subcommand("publish", "Add a member's current version to a registry index");
  sub->add_option("module", options->module, "The member to publish (default: the one in the working directory)");
  sub->add_option("--registry", options->registry, "A registry named in modbuild.toml, or a directory")->required();
  sub->add_option("--api-schemas", options->api_schemas,
                  "Where `modbuild gen` wrote the API schemas (default: .modbuild/gen); the module's is published too");
  runner = [options](Context& context) { return publish(context, *options); };
  return sub;
}

CLI::App* define_yank(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<PublishOptions>();
  CLI::App* sub = parent.add_subcommand(
      "yank", "Mark a published version yanked: new resolutions skip it, existing lockfiles keep it");
  sub->add_option("module", options->module, "MODULE@VERSION")->required();
  sub->add_option("--registry", options->registry, "A registry named in modbuild.toml, or a directory")->required();
  sub->add_flag("--undo", options->undo, "Make the version available again");
  runner = [options](Context& context) { return yank(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
