// Resolving a workspace: from manifests, registries and the lockfile to one
// selected version of every module the roots need, with a provider chosen for
// every required feature and the options each module has enabled.
//
// Pipeline: manifests => universe (candidate versions and their requirements,
// requirement strings parsed) => solver rounds (feature providers and
// optional dependencies add requirements between rounds) => Resolution.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/lockfile.h"
#include "modbuild/manifest/workspace.h"
#include "modbuild/resolver/problem.h"
#include "modbuild/support/file_system.h"

namespace modbuild::resolver {

struct ResolveOptions {
  /// The current lockfile: its versions are preferred. May be null.
  const manifest::Lockfile* lockfile = nullptr;
  /// Modules whose locked versions are ignored (`modbuild update MODULE...`).
  std::set<std::string> unlock;
  bool unlock_all = false;  ///< `modbuild update` without names
  std::uint64_t max_steps = 10'000'000;
  /// Leave a required feature without provider when none can be chosen,
  /// instead of reporting it (MB2004, MB2005): `modbuild check` reports it
  /// with its feature-coverage rule and goes on with its other rules.
  bool defer_feature_problems = false;
};

/// Why a module is in the resolution: one incoming requirement.
struct Reason {
  std::string from;  ///< the requiring module; empty for the workspace (a root)
  Origin origin;
};

struct SelectedModule {
  /// The module's manifest: the workspace member's, or a copy of the
  /// registry entry's that the Resolution owns. Spans point into the
  /// workspace's source map.
  const manifest::Manifest* manifest = nullptr;
  std::string name;
  semver::Version version;
  /// "workspace:<directory>" or "registry:<registry name>".
  std::string source;
  std::string checksum;
  manifest::ModuleKind kind = manifest::ModuleKind::core;
  std::vector<std::string> dependencies;  ///< selected modules it requires, sorted
  std::vector<std::string> options;       ///< enabled options, sorted
  /// Each required feature and the module chosen to provide it, by feature.
  std::vector<std::pair<std::string, std::string>> features;
  /// The features it provides, with their versions ("" when unversioned).
  std::vector<std::pair<std::string, std::string>> provides;
  std::vector<Reason> reasons;  ///< every requirement that brought it in
  bool locked = false;          ///< the lockfile chose its version
  bool yanked = false;
};

/// How a feature's provider was chosen, for `why` and explanations.
struct ProviderChoice {
  std::string feature;
  std::string requirer;
  std::string provider;
  enum class Why { already_selected, policy, single_candidate } why = Why::already_selected;
};

struct Resolution {
  Resolution() = default;
  Resolution(Resolution&&) = default;  // moving keeps the registry manifests' addresses
  Resolution& operator=(Resolution&&) = default;

  std::vector<std::string> roots;
  std::vector<SelectedModule> modules;  ///< sorted by name
  std::vector<ProviderChoice> providers;
  std::size_t rounds = 0;  ///< solver runs needed (features and options add requirements)
  /// Every version of every module resolution looked at, ascending: what
  /// requirements could have matched.
  std::map<std::string, std::vector<semver::Version>> available;
  /// Owns the selected registry manifests (deque: their addresses never change).
  std::deque<manifest::Manifest> registry_manifests;

  const SelectedModule* find(std::string_view name) const;
  /// The lockfile that records this resolution.
  manifest::Lockfile to_lockfile() const;
};

struct ResolveResult {
  std::optional<Resolution> resolution;
  diagnostics::DiagnosticList diagnostics;
  /// On a version conflict: the derivation graph (see explain.h).
  std::optional<nlohmann::json> derivation;
};

/// The differences between two lockfiles, one line per changed module, in
/// name order: "+ name version" (added), "- name version" (removed),
/// "~ name 1.0.0 -> 1.1.0" or "~ name: dependencies +a -b" (changed).
std::vector<std::string> describe_lock_changes(const manifest::Lockfile& before, const manifest::Lockfile& after);

/// Resolves the workspace. Registry index files read are added to the
/// workspace's source map so that diagnostics can quote them.
ResolveResult resolve_workspace(manifest::Workspace& workspace, const support::FileSystem& fs,
                                const ResolveOptions& options);

}  // namespace modbuild::resolver
