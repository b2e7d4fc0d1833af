// Explanations of version-solving failures, in the manner of pub: a chain of
// "Because ..., ..." lines derived from the derivation graph of the failure,
// with numbers on the lines that later lines refer back to.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modbuild/resolver/problem.h"
#include "modbuild/resolver/solver.h"

namespace modbuild::resolver {

struct ExplanationLine {
  std::string text;           ///< empty for the blank line between branches
  std::optional<int> number;  ///< set when a later line refers to this one
};

struct Explanation {
  std::vector<ExplanationLine> lines;
  /// What the user can change: the declarations the failure rests on.
  std::vector<std::string> help;
};

/// Formats a span as "path:line" for the annotations; empty for no span.
using Locate = std::function<std::string(const diagnostics::SourceSpan&)>;

/// Explains result.failure. The result must be a failed one with its
/// incompatibilities. Iterative: derivations of any depth are fine.
Explanation explain_failure(const Problem& problem, const SolveResult& result, const Locate& locate);

/// The most lines render_explanation() shows: half from the start, half
/// from the conclusion, the rest counted.
inline constexpr std::size_t kMaxExplanationLines = 200;

/// The lines as text, numbers as "(1) " prefixes with the other lines aligned.
std::string render_explanation(const Explanation& explanation);

/// The derivation graph as data: every incompatibility reachable from the
/// failure, with its terms, kind, origin and causes.
nlohmann::json derivation_json(const Problem& problem, const SolveResult& result, const Locate& locate);

/// A readable form of a version set: "^1.2.0", "~1.4.0", "=2.0.0", ">=1.0.0, <1.5.0".
std::string describe_set(const semver::VersionSet& set);

}  // namespace modbuild::resolver
