// SemVer 2.0.0 versions.
//
// Ordering follows the specification's precedence (major, minor, patch, then
// pre-release, where a pre-release sorts before its release); build metadata
// does not affect precedence. operator<=> breaks precedence ties by build
// metadata so that it agrees with operator== (as Cargo's semver crate does);
// use compare_precedence() wherever the specification's ordering is meant.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/support/expected.h"

namespace modbuild::semver {

/// One dot-separated pre-release identifier: numeric (compared as a number)
/// or alphanumeric (compared as ASCII text); numeric ones sort first.
struct PreReleaseIdentifier {
  std::string text;
  bool numeric = false;
  std::uint64_t number = 0;

  friend bool operator==(const PreReleaseIdentifier& a, const PreReleaseIdentifier& b) { return a.text == b.text; }
  friend std::strong_ordering operator<=>(const PreReleaseIdentifier& a, const PreReleaseIdentifier& b);
};

struct Version {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::vector<PreReleaseIdentifier> pre_release;
  std::string build;  ///< build metadata after '+', without the '+'

  bool is_pre_release() const { return !pre_release.empty(); }
  std::string to_string() const;

  friend bool operator==(const Version&, const Version&) = default;
  friend std::strong_ordering operator<=>(const Version& a, const Version& b);
};

/// Precedence as the specification defines it (build metadata ignored).
std::strong_ordering compare_precedence(const Version& a, const Version& b);

/// Why a string is not a version: the byte offset where it goes wrong.
struct VersionError {
  std::size_t offset = 0;
  std::size_t length = 1;
  std::string message;  ///< lower-case, e.g. "leading zero in minor version"
};

/// Parses exactly one SemVer 2.0.0 version; no surrounding whitespace, no "v".
support::Expected<Version, VersionError> parse_version(std::string_view text);

}  // namespace modbuild::semver
