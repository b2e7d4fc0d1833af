// Version requirements with Cargo's syntax and semantics.
//
// Grammar (docs/version-requirements.md has the details and examples):
//
//   requirement := '*' | 'x' | 'X' | comparator (',' comparator)*
//   comparator  := op? partial
//   op          := '=' | '>' | '>=' | '<' | '<=' | '~' | '^'
//   partial     := major ('.' (minor | wildcard) ('.' (patch | wildcard) pre? build?)?)?
//
// Spaces may surround operators and commas. A comparator without an operator
// is a caret comparator (wildcards make it a wildcard comparator). A
// pre-release version matches only if every comparator matches and at least
// one comparator names a pre-release of the same major.minor.patch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/semver/version.h"
#include "modbuild/semver/version_set.h"
#include "modbuild/support/expected.h"

namespace modbuild::semver {

enum class Op { exact, greater, greater_eq, less, less_eq, tilde, caret, wildcard };

struct Comparator {
  Op op = Op::caret;
  std::uint64_t major = 0;
  std::optional<std::uint64_t> minor;
  std::optional<std::uint64_t> patch;
  PreRelease pre_release;
  std::size_t offset = 0;  ///< where the comparator starts in the requirement text
  std::size_t length = 0;

  bool matches(const Version& v) const;
  /// The versions this comparator alone admits, pre-release rule not applied.
  VersionSet to_set() const;
  std::string to_string() const;
  friend bool operator==(const Comparator& a, const Comparator& b);
};

struct VersionReq {
  std::vector<Comparator> comparators;  ///< empty: any release ("*")

  bool matches(const Version& v) const;
  /// Exactly the versions matches() accepts.
  VersionSet to_set() const;
  /// Canonical text, e.g. "^1.2, <1.5.0"; "*" for any.
  std::string to_string() const;
  friend bool operator==(const VersionReq&, const VersionReq&) = default;
};

struct ReqError {
  std::size_t offset = 0;  ///< byte offset of the problem in the requirement text
  std::size_t length = 1;
  std::string message;     ///< lower-case
};

support::Expected<VersionReq, ReqError> parse_version_req(std::string_view text);

}  // namespace modbuild::semver
