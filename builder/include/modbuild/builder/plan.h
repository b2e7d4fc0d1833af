// The build plan: what CMake needs to build every module of a checked workspace.
//
// Pipeline: workspace + resolution => load order => BuildPlan (sources
// expanded, paths absolute, links split by visibility, options as compile
// definitions) => its CMake form (cmake_plan.h), which the package's
// modbuild_workspace() includes, and its JSON form (`modbuild plan --format json`).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "modbuild/manifest/workspace.h"
#include "modbuild/resolver/resolve.h"
#include "modbuild/support/file_system.h"

namespace modbuild::builder {

/// Bumped when a field of the plan changes meaning; the CMake functions
/// refuse a plan of another version (an older tool with newer functions).
inline constexpr int plan_schema_version = 2;

struct ModulePlan {
  std::string name;
  std::string version;
  manifest::ModuleKind kind = manifest::ModuleKind::core;
  manifest::OutputKind output = manifest::OutputKind::shared;
  std::string directory;                  ///< absolute
  std::string manifest_path;              ///< absolute
  std::vector<std::string> sources;       ///< absolute, sorted
  std::vector<std::string> tests;         ///< absolute, sorted: one test program each
  std::vector<std::string> include_dirs;  ///< absolute, as listed in the manifest
  std::vector<std::string> api_headers;   ///< absolute, as listed in the manifest
  /// The Core module whose contract this system implements ("" if none):
  /// the build generates its table and entry point from that contract.
  std::string implements;
  /// Modules whose headers appear in this module's own headers (Core
  /// modules and plugins), so its dependents need them too; in load order.
  std::vector<std::string> public_links;
  /// Modules it calls but whose headers stay inside it (systems); in load order.
  std::vector<std::string> private_links;
  std::vector<std::string> options;      ///< enabled options, sorted
  /// One per option, <MODULE>_<OPTION> (e.g. PHYSICS_TRACE), then one per
  /// required feature naming its chosen provider as an identifier, so that
  /// code can reach the provider's generated entry point:
  /// MODBUILD_PROVIDER_<FEATURE>=<provider>, e.g. MODBUILD_PROVIDER_RENDER_BACKEND=render_raster.
  std::vector<std::string> definitions;
  std::vector<std::pair<std::string, std::string>> provides;  ///< feature, version ("" if none)
  std::vector<std::pair<std::string, std::string>> requires_features;  ///< feature, chosen provider
  std::size_t load_index = 0;  ///< position in the load order, from 0
  /// An implementation of a selected Core contract that the resolution did
  /// not choose: built, listed in the module index after every chosen
  /// module, and loaded only when an engine swaps to it.
  bool alternate = false;
};

struct BuildPlan {
  std::string workspace_name;
  std::string root;                 ///< absolute
  std::vector<ModulePlan> modules;  ///< in load order
  /// Files and directories whose change must re-run CMake's configure step:
  /// modbuild.toml, every manifest, the lockfile, and the directories the
  /// sources and tests were found in (adding a file changes them). Sorted.
  std::vector<std::string> configure_depends;
};

struct PlanResult {
  BuildPlan plan;
  /// Why a module cannot be built, one message each (e.g. it comes from a
  /// registry and has no sources here). Empty when the plan is complete.
  std::vector<std::string> problems;
};

/// Builds the plan of the selected modules. Their load order puts every
/// module after the modules it needs: its dependencies as resolved and the
/// providers chosen for its required features; ties go by name, as in
/// `modbuild check --load-order`. Then come the alternates, in name order:
/// every system of the workspace that implements a selected Core contract
/// without being selected, when the selection meets all its requirements
/// (so that an engine can swap to it). Reads directories through `fs` to
/// expand source patterns.
PlanResult make_plan(const manifest::Workspace& workspace, const resolver::Resolution& resolution,
                     const support::FileSystem& fs);

/// The metadata the engine's loader reads about one module, as a JSON object
/// (docs/cmake.md). Its "target" and "artifact" members are placeholders
/// that modbuild_workspace() replaces with the CMake target's name and the
/// built file's name, which only CMake knows.
nlohmann::json module_metadata(const ModulePlan& module);
inline constexpr std::string_view target_placeholder = "@MODBUILD_TARGET@";
inline constexpr std::string_view artifact_placeholder = "@MODBUILD_ARTIFACT@";

/// The whole plan as JSON (`modbuild plan --format json`).
nlohmann::json plan_json(const BuildPlan& plan);

}  // namespace modbuild::builder
