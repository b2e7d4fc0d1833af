// SemVer 2.0.0 versions.
//
// Ordering follows the specification's precedence (major, minor, patch, then
// pre-release, where a pre-release sorts before its release); build metadata
// does not affect precedence. operator<=> breaks precedence ties by build
// metadata so that it agrees with operator== (as Cargo's semver crate does);
// use compare_precedence() wherever the specification's ordering is meant.
#pragma once

#include <algorithm>
#include <compare>
#include <initializer_list>
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

/// The dot-separated identifiers of a pre-release, with the interface of a
/// vector. Nearly every pre-release a resolution handles has one identifier:
/// the "-0" that ends a range before the next release ("<2.0.0-0" for "^1"),
/// carried by every bound of every caret range. One identifier is therefore
/// kept inline, so that copying a version allocates nothing; only two or more
/// go to the heap (then all of them, so that they stay contiguous).
class PreRelease {
 public:
  PreRelease() = default;
  PreRelease(std::initializer_list<PreReleaseIdentifier> identifiers);

  bool empty() const { return size() == 0; }
  std::size_t size() const { return several_.empty() ? (has_one_ ? 1 : 0) : several_.size(); }
  const PreReleaseIdentifier* begin() const { return several_.empty() ? &one_ : several_.data(); }
  const PreReleaseIdentifier* end() const { return begin() + size(); }
  const PreReleaseIdentifier& operator[](std::size_t i) const { return begin()[i]; }
  const PreReleaseIdentifier& front() const { return *begin(); }
  const PreReleaseIdentifier& back() const { return end()[-1]; }
  void push_back(PreReleaseIdentifier identifier);
  void clear() { *this = PreRelease(); }

  friend bool operator==(const PreRelease& a, const PreRelease& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  PreReleaseIdentifier one_;                   // the only identifier, when has_one_
  bool has_one_ = false;
  std::vector<PreReleaseIdentifier> several_;  // every identifier, when there are two or more
};

struct Version {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  PreRelease pre_release;
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
