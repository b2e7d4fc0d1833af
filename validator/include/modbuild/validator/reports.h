// Reports of a check for CI systems: SARIF 2.1.0, JUnit XML and GitHub
// Actions workflow commands (docs/ci.md). Text and JSON come from the
// diagnostics library.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/diagnostics/source_map.h"

namespace modbuild::validator {

/// What a report needs besides the diagnostics.
struct ReportContext {
  std::string workspace_root;          ///< absolute; artifact URIs are relative to it
  std::string tool_version;            ///< e.g. "0.1.0"
  std::vector<std::string> modules;    ///< every module checked, sorted
  std::vector<diagnostics::Code> rules;  ///< every rule that ran, for JUnit passes and SARIF rules
  /// The module a source file belongs to ("" for modbuild.toml and others),
  /// keyed by FileId of the SourceMap.
  std::vector<std::string> module_of_file;
};

// Every report is a whole document ending in a newline, and the same input
// gives the same bytes. The display paths of the SourceMap may be relative to
// the process's working directory; the reports resolve them against it. The
// rules a report lists are those of the context and every code a diagnostic
// carries (a manifest error found before the rules ran, say), in code order.

/// SARIF 2.1.0: one run, columns in Unicode code points. The tool's rules:
/// id, PascalCase name, the summary, the first paragraph of the code's
/// explanation, the whole explanation as help (text and Markdown), the default
/// level. One result per diagnostic, in list order: rule id and index, level,
/// the message followed by "note: " and "help: " lines, the primary location
/// (URI relative to the workspace root under the "%SRCROOT%" base, or an
/// absolute file URI outside it; region with 1-based lines and columns, end
/// column exclusive; the label as its message), the secondary spans as related
/// locations (ids from 1), and the partial fingerprint
/// "modbuildFingerprint/v1": the SHA-256 of the code, the file relative to the
/// root, the trimmed text of the line and the message, in hex, then ":n" for
/// the n-th result with that hash, so that it survives runs, machines and
/// edits that only move the line.
std::string sarif_report(const diagnostics::DiagnosticList& list, const diagnostics::SourceMap& sources,
                         const ReportContext& context);

/// JUnit XML: one <testsuite> per rule ("MB1004 unknown_key"), one <testcase>
/// per rule and module (classname = rule id, name = module), every module
/// checked in name order, then "workspace" when a finding lies outside any
/// module. A test case fails (<failure type="MB1004">, its message the first
/// error's, its body the text rendering of every error of that rule in that
/// module) when there is an error; warnings and notes go to its <system-out>.
/// Characters XML 1.0 cannot hold (control characters, invalid UTF-8) become
/// U+FFFD.
std::string junit_report(const diagnostics::DiagnosticList& list, const diagnostics::SourceMap& sources,
                         const ReportContext& context);

/// GitHub Actions workflow commands, one line per diagnostic, in list order:
/// `::error file=path,line=1,col=2,endLine=1,endColumn=5,title=MB1004 unknown_key::message`
/// (::warning, ::notice for notes), the notes and help on lines of their own
/// in the message, escaped as the runner expects (%0A). GitHub wants paths
/// relative to the repository root, which modbuild cannot know: the file is
/// the display path relative to the working directory (absolute outside it),
/// which matches when the job runs from the repository root, as it does by
/// default. col and endColumn only for spans on one line.
std::string github_report(const diagnostics::DiagnosticList& list, const diagnostics::SourceMap& sources,
                          const ReportContext& context);

}  // namespace modbuild::validator
