// Rendering the build plan as CMake `set()` commands.
#include "modbuild/builder/cmake_plan.h"

#include <fmt/format.h>

namespace modbuild::builder {
namespace {

std::string cmake_list(const std::vector<std::string>& values) {
  std::string list;
  for (const std::string& value : values) {
    list += ' ';
    list += cmake_bracket(value);
  }
  return list;
}

void set_value(std::string& out, std::string_view variable, std::string_view value) {
  out += fmt::format("set({} {})\n", variable, cmake_bracket(value));
}

void set_list(std::string& out, std::string_view variable, const std::vector<std::string>& values) {
  out += fmt::format("set({}{})\n", variable, cmake_list(values));
}

// JSON text with '$' written as \u0024: the text goes through
// file(GENERATE), where "$<" would start a generator expression.
std::string generate_safe_json(const nlohmann::json& value, int indent) {
  const std::string text = value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string escaped;
  for (char c : text) {
    if (c == '$') {
      escaped += "\\u0024";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

void module_variables(std::string& out, const ModulePlan& module) {
  const std::string prefix = "MODBUILD_PLAN_" + module.name + "_";
  out += fmt::format("\n# {} {}\n", module.name, module.version);
  set_value(out, prefix + "VERSION", module.version);
  set_value(out, prefix + "KIND", manifest::to_string(module.kind));
  set_value(out, prefix + "OUTPUT", manifest::to_string(module.output));
  set_value(out, prefix + "DIRECTORY", module.directory);
  set_value(out, prefix + "MANIFEST", module.manifest_path);
  set_list(out, prefix + "SOURCES", module.sources);
  set_list(out, prefix + "TESTS", module.tests);
  set_list(out, prefix + "INCLUDE_DIRS", module.include_dirs);
  set_list(out, prefix + "API_HEADERS", module.api_headers);
  set_value(out, prefix + "IMPLEMENTS", module.implements);
  set_list(out, prefix + "PUBLIC_LINKS", module.public_links);
  set_list(out, prefix + "PRIVATE_LINKS", module.private_links);
  set_list(out, prefix + "DEFINITIONS", module.definitions);
  set_value(out, prefix + "LOAD_INDEX", std::to_string(module.load_index));
  set_value(out, prefix + "ROLE", module.alternate ? "alternate" : "default");
  set_value(out, prefix + "METADATA", generate_safe_json(module_metadata(module), 2));
}

}  // namespace

std::string cmake_bracket(std::string_view text) {
  std::string equals;
  while (text.find("]" + equals + "]") != std::string_view::npos || text.ends_with("]" + equals)) {
    equals += '=';
  }
  return fmt::format("[{0}[{1}]{0}]", equals, text);
}

std::string cmake_plan(const BuildPlan& plan) {
  std::string out =
      "# The build plan of a modbuild workspace, written by `modbuild plan --cmake`\n"
      "# and read by modbuild_workspace(). Generated: do not edit.\n";
  set_value(out, "MODBUILD_PLAN_SCHEMA_VERSION", std::to_string(plan_schema_version));
  set_value(out, "MODBUILD_PLAN_WORKSPACE", plan.workspace_name);
  set_value(out, "MODBUILD_PLAN_ROOT", plan.root);
  // The same two as JSON strings, for the module index modbuild_workspace() writes.
  set_value(out, "MODBUILD_PLAN_WORKSPACE_JSON", generate_safe_json(plan.workspace_name, -1));
  set_value(out, "MODBUILD_PLAN_ROOT_JSON", generate_safe_json(plan.root, -1));
  std::vector<std::string> names;
  for (const ModulePlan& module : plan.modules) names.push_back(module.name);
  set_list(out, "MODBUILD_PLAN_MODULES", names);
  set_list(out, "MODBUILD_PLAN_CONFIGURE_DEPENDS", plan.configure_depends);
  for (const ModulePlan& module : plan.modules) module_variables(out, module);
  return out;
}

}  // namespace modbuild::builder
