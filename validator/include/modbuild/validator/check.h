// The rules of `modbuild check`: what must hold of a resolved workspace
// before its modules are built and loaded.
//
// Pipeline: workspace + resolution => module graph (the selected modules, or
// every member when resolution failed) => rules, each reporting every finding
// with its manifest span => severity overrides => findings and load order.
// docs/rules.md documents each rule, its code and the kind rule table.
#pragma once

#include <string>
#include <vector>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/manifest/workspace.h"
#include "modbuild/resolver/resolve.h"
#include "modbuild/support/file_system.h"

namespace modbuild::validator {

struct CheckOptions {
  bool deny_warnings = false;  ///< --deny-warnings: every warning becomes an error
};

struct CheckResult {
  diagnostics::DiagnosticList findings;
  std::vector<std::string> modules;         ///< every module checked, sorted
  std::vector<diagnostics::Code> rules;     ///< the rules that ran
  /// Dependencies before dependents, ties in name order; empty when the
  /// graph has a cycle.
  std::vector<std::string> load_order;
  bool resolved = false;  ///< false: rules ran on the members, resolution failed
};

/// Runs every rule. `resolution` may be null (resolution failed); then the
/// rules run on all workspace members with their declared relations.
/// `fs` is used to look for #include lines when judging whether a declared
/// dependency is used.
CheckResult run_rules(const manifest::Workspace& workspace, const resolver::Resolution* resolution,
                      const support::FileSystem& fs);

/// Applies [diagnostics] of modbuild.toml (allow drops, warn and deny set the
/// severity) and --deny-warnings, in that order.
void apply_severities(diagnostics::DiagnosticList& list, const manifest::WorkspaceManifest& workspace,
                      const CheckOptions& options);

/// Dependencies before dependents; ties broken by name. Returns false and
/// leaves `order` partial when there is a cycle. Iterative.
bool load_order(const std::vector<std::string>& modules,
                const std::vector<std::vector<std::size_t>>& dependencies, std::vector<std::string>& order);

}  // namespace modbuild::validator
