// SemVer 2.0.0 parsing, printing and precedence.
#include "modbuild/semver/version.h"

#include <charconv>

#include "modbuild/support/text.h"

namespace modbuild::semver {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

using support::unexpected;

// Reads a sequential text cursor; every error records where it happened.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  support::Expected<Version, VersionError> parse() {
    Version v;
    if (text_.empty()) return fail(0, 0, "empty version; expected MAJOR.MINOR.PATCH, e.g. 1.0.0");
    if (text_.front() == 'v' || text_.front() == 'V') {
      return fail(0, 1, "unexpected 'v' prefix; write the version as MAJOR.MINOR.PATCH, e.g. 1.0.0");
    }
    if (!number("major version", v.major) || !dot("major") || !number("minor version", v.minor) ||
        !dot("minor") || !number("patch version", v.patch)) {
      return unexpected(error_);
    }
    if (peek('-')) {
      ++pos_;
      if (!pre_release(v.pre_release)) return unexpected(error_);
    }
    if (peek('+')) {
      ++pos_;
      if (!build(v.build)) return unexpected(error_);
    }
    if (pos_ != text_.size()) {
      return fail(pos_, text_.size() - pos_,
                  "unexpected " + support::quote_character(text_, pos_) + " after the version");
    }
    return v;
  }

 private:
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  support::Expected<Version, VersionError> fail(std::size_t at, std::size_t length, std::string message) {
    set_error(at, length, std::move(message));
    return unexpected(error_);
  }
  bool set_error(std::size_t at, std::size_t length, std::string message) {
    error_ = {at, length, std::move(message)};
    return false;
  }

  bool number(std::string_view what, std::uint64_t& out) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ == start) {
      std::string found = support::quote_character(text_, pos_);
      return set_error(start, 1, "expected " + std::string(what) + " (a number), found " + found);
    }
    if (pos_ - start > 1 && text_[start] == '0') {
      return set_error(start, pos_ - start, "leading zero in " + std::string(what));
    }
    auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, out);
    if (ec != std::errc{}) return set_error(start, pos_ - start, std::string(what) + " is too large");
    return true;
  }

  bool dot(std::string_view after) {
    if (peek('.')) {
      ++pos_;
      return true;
    }
    std::string found = support::quote_character(text_, pos_);
    return set_error(pos_, 1, "expected '.' after the " + std::string(after) + " version, found " + found +
                                  "; versions have three parts, MAJOR.MINOR.PATCH");
  }

  // Reads dot-separated identifiers until '+' or the end.
  template <class OnIdentifier>
  bool identifiers(std::string_view what, OnIdentifier&& on_identifier) {
    for (;;) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && is_identifier_char(text_[pos_])) ++pos_;
      if (pos_ == start) {
        std::string found = support::quote_character(text_, pos_);
        return set_error(start, 1, "expected a " + std::string(what) +
                                       " identifier ([0-9A-Za-z-]+), found " + found);
      }
      if (!on_identifier(start, text_.substr(start, pos_ - start))) return false;
      if (!peek('.')) return true;
      ++pos_;
    }
  }

  bool pre_release(PreRelease& out) {
    return identifiers("pre-release", [&](std::size_t start, std::string_view id) {
      PreReleaseIdentifier identifier{std::string(id), false, 0};
      bool all_digits = true;
      for (char c : id) all_digits = all_digits && is_digit(c);
      if (all_digits) {
        if (id.size() > 1 && id.front() == '0') {
          return set_error(start, id.size(), "leading zero in numeric pre-release identifier");
        }
        auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), identifier.number);
        if (ec != std::errc{}) return set_error(start, id.size(), "numeric pre-release identifier is too large");
        identifier.numeric = true;
      }
      out.push_back(std::move(identifier));
      return true;
    });
  }

  bool build(std::string& out) {
    const std::size_t start = pos_;
    if (!identifiers("build metadata", [](std::size_t, std::string_view) { return true; })) return false;
    out = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  VersionError error_;
};

}  // namespace

PreRelease::PreRelease(std::initializer_list<PreReleaseIdentifier> identifiers) {
  for (const PreReleaseIdentifier& identifier : identifiers) push_back(identifier);
}

void PreRelease::push_back(PreReleaseIdentifier identifier) {
  if (!several_.empty()) {
    several_.push_back(std::move(identifier));
  } else if (has_one_) {
    several_.reserve(2);
    several_.push_back(std::move(one_));
    several_.push_back(std::move(identifier));
    one_ = {};
    has_one_ = false;
  } else {
    one_ = std::move(identifier);
    has_one_ = true;
  }
}

std::strong_ordering operator<=>(const PreReleaseIdentifier& a, const PreReleaseIdentifier& b) {
  if (a.numeric && b.numeric) return a.number <=> b.number;
  if (a.numeric != b.numeric) return a.numeric ? std::strong_ordering::less : std::strong_ordering::greater;
  return a.text.compare(b.text) <=> 0;
}

std::strong_ordering compare_precedence(const Version& a, const Version& b) {
  if (auto c = a.major <=> b.major; c != 0) return c;
  if (auto c = a.minor <=> b.minor; c != 0) return c;
  if (auto c = a.patch <=> b.patch; c != 0) return c;
  // A release has higher precedence than any of its pre-releases.
  if (a.is_pre_release() != b.is_pre_release()) {
    return a.is_pre_release() ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  return std::lexicographical_compare_three_way(a.pre_release.begin(), a.pre_release.end(),
                                                b.pre_release.begin(), b.pre_release.end());
}

std::strong_ordering operator<=>(const Version& a, const Version& b) {
  if (auto c = compare_precedence(a, b); c != 0) return c;
  return a.build.compare(b.build) <=> 0;
}

std::string Version::to_string() const {
  std::string out = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (std::size_t i = 0; i < pre_release.size(); ++i) {
    out += (i == 0 ? "-" : ".") + pre_release[i].text;
  }
  if (!build.empty()) out += "+" + build;
  return out;
}

support::Expected<Version, VersionError> parse_version(std::string_view text) { return Parser(text).parse(); }

}  // namespace modbuild::semver
