// Parsing and evaluating Cargo-style version requirements.
#include "modbuild/semver/version_req.h"

#include <charconv>
#include <limits>

#include "modbuild/support/text.h"

namespace modbuild::semver {
namespace {

using support::unexpected;

constexpr std::size_t max_comparators = 32;  // as Cargo: a requirement is not a program

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool is_wildcard(char c) { return c == '*' || c == 'x' || c == 'X'; }

std::string describe(std::string_view text, std::size_t at) { return support::quote_character(text, at); }

class ReqParser {
 public:
  explicit ReqParser(std::string_view text) : text_(text) {}

  support::Expected<VersionReq, ReqError> parse() {
    skip_spaces();
    if (pos_ == text_.size()) {
      return fail(pos_, 1, "empty version requirement; use \"*\" for any version, or e.g. \"^1.2\"");
    }
    if (is_wildcard(text_[pos_])) {
      std::size_t star = pos_;
      ++pos_;
      skip_spaces();
      if (pos_ == text_.size()) return VersionReq{};
      // "1.*" style wildcards are comparators; a lone wildcard must stand alone.
      if (text_[pos_] == ',') {
        return fail(star, 1, "a wildcard requirement ('" + std::string(1, text_[star]) +
                                 "') must be the only comparator");
      }
      if (text_[pos_] != '.') return fail(pos_, 1, "unexpected " + describe(text_, pos_) + " after the wildcard");
      pos_ = star;  // "x.1" and friends: let the comparator parser report it
    }
    VersionReq req;
    for (;;) {
      Comparator comparator;
      if (!parse_comparator(comparator)) return unexpected(error_);
      req.comparators.push_back(std::move(comparator));
      skip_spaces();
      if (pos_ == text_.size()) return req;
      if (text_[pos_] != ',') {
        return fail(pos_, 1, "expected ',' between comparators, found " + describe(text_, pos_));
      }
      ++pos_;
      skip_spaces();
      if (req.comparators.size() == max_comparators) {
        return fail(pos_, 1, "too many comparators (at most 32)");
      }
    }
  }

 private:
  support::Expected<VersionReq, ReqError> fail(std::size_t at, std::size_t length, std::string message) {
    error_ = {at, length, std::move(message)};
    return unexpected(error_);
  }
  bool set_error(std::size_t at, std::size_t length, std::string message) {
    error_ = {at, length, std::move(message)};
    return false;
  }

  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  // The operator, if any; Cargo's default is caret.
  Op parse_op(bool& explicit_op) {
    explicit_op = true;
    auto take = [&](std::string_view token) {
      if (!text_.substr(pos_).starts_with(token)) return false;
      pos_ += token.size();
      return true;
    };
    if (take(">=")) return Op::greater_eq;
    if (take("<=")) return Op::less_eq;
    if (take("=")) return Op::exact;
    if (take(">")) return Op::greater;
    if (take("<")) return Op::less;
    if (take("~")) return Op::tilde;
    if (take("^")) return Op::caret;
    explicit_op = false;
    return Op::caret;
  }

  bool number(std::string_view what, std::uint64_t& out) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ == start) {
      return set_error(start, 1, "expected the " + std::string(what) + " (a number), found " + describe(text_, start));
    }
    if (pos_ - start > 1 && text_[start] == '0') return set_error(start, pos_ - start, "leading zero in the " + std::string(what));
    auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, out);
    if (ec != std::errc{}) return set_error(start, pos_ - start, "the " + std::string(what) + " is too large");
    return true;
  }

  // minor or patch: a number or a wildcard; nullopt for a wildcard.
  bool part(std::string_view what, std::optional<std::uint64_t>& out, bool& wildcard) {
    if (pos_ < text_.size() && is_wildcard(text_[pos_])) {
      ++pos_;
      wildcard = true;
      out.reset();
      return true;
    }
    std::uint64_t value = 0;
    if (!number(what, value)) return false;
    out = value;
    return true;
  }

  bool identifiers(std::string_view what, PreRelease* pre) {
    for (;;) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && is_identifier_char(text_[pos_])) ++pos_;
      std::string_view id = text_.substr(start, pos_ - start);
      if (id.empty()) return set_error(start, 1, "empty " + std::string(what) + " identifier");
      bool numeric = id.find_first_not_of("0123456789") == std::string_view::npos;
      if (pre != nullptr) {
        if (numeric && id.size() > 1 && id.front() == '0') {
          return set_error(start, id.size(), "leading zero in a numeric pre-release identifier");
        }
        PreReleaseIdentifier identifier{std::string(id), numeric, 0};
        if (numeric) {
          auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), identifier.number);
          if (ec != std::errc{}) return set_error(start, id.size(), "numeric pre-release identifier is too large");
        }
        pre->push_back(std::move(identifier));
      }
      if (pos_ >= text_.size() || text_[pos_] != '.') return true;
      ++pos_;
    }
  }

  bool parse_comparator(Comparator& c) {
    c.offset = pos_;
    bool explicit_op = false;
    c.op = parse_op(explicit_op);
    skip_spaces();
    if (pos_ < text_.size() && is_wildcard(text_[pos_])) {
      std::size_t after = pos_ + 1;
      while (after < text_.size() && text_[after] == ' ') ++after;
      if (!explicit_op && (after == text_.size() || text_[after] == ',')) {
        return set_error(pos_, 1, "a wildcard requirement ('" + std::string(1, text_[pos_]) +
                                      "') must be the only comparator");
      }
      return set_error(pos_, 1, "a wildcard can stand for the minor or patch version only, or for the whole "
                                "requirement (\"*\")");
    }
    if (!number("major version", c.major)) return false;
    bool wildcard = false;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!part("minor version", c.minor, wildcard)) return false;
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        const std::size_t patch_at = pos_;
        bool patch_wildcard = false;
        if (!part("patch version", c.patch, patch_wildcard)) return false;
        if (wildcard && !patch_wildcard) {
          return set_error(patch_at, 1, "a patch version cannot follow a wildcard minor version");
        }
        wildcard = wildcard || patch_wildcard;
      }
    }
    if (wildcard && !explicit_op) c.op = Op::wildcard;
    if (c.patch && pos_ < text_.size() && text_[pos_] == '-') {
      ++pos_;
      if (!identifiers("pre-release", &c.pre_release)) return false;
    }
    if (c.patch && pos_ < text_.size() && text_[pos_] == '+') {
      ++pos_;
      if (!identifiers("build metadata", nullptr)) return false;  // accepted and ignored, as Cargo does
    }
    c.length = pos_ - c.offset;
    skip_spaces();
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  ReqError error_;
};

int compare_pre(const PreRelease& a, const PreRelease& b) {
  // An empty pre-release (a release) has the highest precedence.
  if (a.empty() || b.empty()) return (a.empty() ? 1 : 0) - (b.empty() ? 1 : 0);
  auto c = std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool matches_exact(const Comparator& c, const Version& v) {
  if (v.major != c.major) return false;
  if (c.minor && v.minor != *c.minor) return false;
  if (c.patch && v.patch != *c.patch) return false;
  return compare_pre(v.pre_release, c.pre_release) == 0;
}

bool matches_greater(const Comparator& c, const Version& v) {
  if (v.major != c.major) return v.major > c.major;
  if (!c.minor) return false;
  if (v.minor != *c.minor) return v.minor > *c.minor;
  if (!c.patch) return false;
  if (v.patch != *c.patch) return v.patch > *c.patch;
  return compare_pre(v.pre_release, c.pre_release) > 0;
}

bool matches_less(const Comparator& c, const Version& v) {
  if (v.major != c.major) return v.major < c.major;
  if (!c.minor) return false;
  if (v.minor != *c.minor) return v.minor < *c.minor;
  if (!c.patch) return false;
  if (v.patch != *c.patch) return v.patch < *c.patch;
  return compare_pre(v.pre_release, c.pre_release) < 0;
}

bool matches_tilde(const Comparator& c, const Version& v) {
  if (v.major != c.major) return false;
  if (c.minor && v.minor != *c.minor) return false;
  if (c.patch && v.patch != *c.patch) return v.patch > *c.patch;
  return compare_pre(v.pre_release, c.pre_release) >= 0;
}

bool matches_caret(const Comparator& c, const Version& v) {
  if (v.major != c.major) return false;
  if (!c.minor) return true;
  const std::uint64_t minor = *c.minor;
  if (!c.patch) return c.major > 0 ? v.minor >= minor : v.minor == minor;
  const std::uint64_t patch = *c.patch;
  if (c.major > 0) {
    if (v.minor != minor) return v.minor > minor;
    if (v.patch != patch) return v.patch > patch;
  } else if (minor > 0) {
    if (v.minor != minor) return false;
    if (v.patch != patch) return v.patch > patch;
  } else if (v.minor != minor || v.patch != patch) {
    return false;
  }
  return compare_pre(v.pre_release, c.pre_release) >= 0;
}

// Whether the comparator opens the door for pre-releases of v's major.minor.patch.
bool admits_pre_release_of(const Comparator& c, const Version& v) {
  return !c.pre_release.empty() && c.major == v.major && c.minor == v.minor && c.patch == v.patch;
}

Version make(std::uint64_t major, std::uint64_t minor, std::uint64_t patch, PreRelease pre = {}) {
  return Version{major, minor, patch, std::move(pre), {}};
}

Version first_pre_release(std::uint64_t major, std::uint64_t minor, std::uint64_t patch) {
  return make(major, minor, patch, {PreReleaseIdentifier{"0", true, 0}});
}

IntervalSet range(Bound lower, Bound upper) { return IntervalSet::of({std::move(lower), std::move(upper)}); }

// The version written in the comparator, missing parts as 0.
Version written(const Comparator& c) { return make(c.major, c.minor.value_or(0), c.patch.value_or(0), c.pre_release); }

// The exclusive end of "every version that starts with major[.minor[.patch]]":
// the first pre-release after incrementing the last part given, carrying on
// overflow; unbounded when even the major version cannot be incremented.
Bound end_of(std::uint64_t major, std::optional<std::uint64_t> minor, std::optional<std::uint64_t> patch) {
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  if (patch && *patch != max) return Bound::exclusive(first_pre_release(major, *minor, *patch + 1));
  if (minor && *minor != max) return Bound::exclusive(first_pre_release(major, *minor + 1, 0));
  if (major != max) return Bound::exclusive(first_pre_release(major + 1, 0, 0));
  return Bound::unbounded();
}

Bound end_of_written(const Comparator& c) { return end_of(c.major, c.minor, c.patch); }

}  // namespace

bool Comparator::matches(const Version& v) const {
  switch (op) {
    case Op::exact:
    case Op::wildcard: return matches_exact(*this, v);
    case Op::greater: return matches_greater(*this, v);
    case Op::greater_eq: return matches_exact(*this, v) || matches_greater(*this, v);
    case Op::less: return matches_less(*this, v);
    case Op::less_eq: return matches_exact(*this, v) || matches_less(*this, v);
    case Op::tilde: return matches_tilde(*this, v);
    case Op::caret: return matches_caret(*this, v);
  }
  return false;
}

// Each case mirrors matches() above, as two interval unions: the versions a
// release must lie in, and those a pre-release must lie in.
VersionSet Comparator::to_set() const {
  const bool full = patch.has_value();
  const Version at = written(*this);
  const Bound from_written = Bound::inclusive(at);
  // Where the versions starting with the written parts begin (first pre-release).
  const Bound from_start = Bound::inclusive(first_pre_release(major, minor.value_or(0), patch.value_or(0)));
  const Bound before_start = Bound::exclusive(first_pre_release(major, minor.value_or(0), patch.value_or(0)));
  const Bound written_end = end_of_written(*this);
  const Bound after_written_end = written_end.kind == Bound::Kind::unbounded
                                      ? Bound::unbounded()
                                      : Bound::inclusive(written_end.version);
  switch (op) {
    case Op::exact:
    case Op::wildcard:
      if (full) return VersionSet::exactly(at);
      return VersionSet::from_parts(range(from_written, written_end), {});  // releases only
    case Op::greater: {
      if (!full && written_end.kind == Bound::Kind::unbounded) return VersionSet::none();
      IntervalSet s = full ? range(Bound::exclusive(at), {}) : range(after_written_end, {});
      return VersionSet::from_parts(s, s);
    }
    case Op::greater_eq:
      if (full) return VersionSet::from_parts(range(from_written, {}), range(from_written, {}));
      if (written_end.kind == Bound::Kind::unbounded) return VersionSet::from_parts(range(from_written, {}), {});
      return VersionSet::from_parts(range(from_written, {}), range(after_written_end, {}));
    case Op::less: {
      IntervalSet s = full ? range({}, Bound::exclusive(at)) : range({}, before_start);
      return VersionSet::from_parts(s, s);
    }
    case Op::less_eq:
      if (full) return VersionSet::from_parts(range({}, from_written), range({}, from_written));
      return VersionSet::from_parts(range({}, written_end), range({}, before_start));
    case Op::tilde: {
      const Bound end = end_of(major, minor, std::nullopt);
      if (full) return VersionSet::from_parts(range(from_written, end), range(from_written, end));
      return VersionSet::from_parts(range(from_written, end), {});
    }
    case Op::caret: {
      // ^1.2.3 and ^1.2 stay within major 1; ^0.2.3 within 0.2; ^0.0.3 is 0.0.3.
      Bound end;
      if (major > 0 || !minor) {
        end = end_of(major, std::nullopt, std::nullopt);
      } else if (*minor > 0 || !patch) {
        end = end_of(0, minor, std::nullopt);
      } else {
        end = end_of(0, 0, patch);
      }
      const Bound start = full ? from_written : from_start;
      return VersionSet::from_parts(range(start, end), range(start, end));
    }
  }
  return VersionSet::none();
}

std::string Comparator::to_string() const {
  static constexpr const char* ops[] = {"=", ">", ">=", "<", "<=", "~", "^", ""};
  std::string out = ops[static_cast<int>(op)] + std::to_string(major);
  if (minor) {
    out += "." + std::to_string(*minor);
  } else if (op == Op::wildcard) {
    return out + ".*";
  }
  if (patch) {
    out += "." + std::to_string(*patch);
  } else if (op == Op::wildcard) {
    return out + ".*";
  }
  for (std::size_t i = 0; i < pre_release.size(); ++i) out += (i == 0 ? "-" : ".") + pre_release[i].text;
  return out;
}

bool operator==(const Comparator& a, const Comparator& b) {
  return a.op == b.op && a.major == b.major && a.minor == b.minor && a.patch == b.patch &&
         a.pre_release == b.pre_release;
}

bool VersionReq::matches(const Version& v) const {
  for (const Comparator& c : comparators) {
    if (!c.matches(v)) return false;
  }
  if (!v.is_pre_release()) return true;
  for (const Comparator& c : comparators) {
    if (admits_pre_release_of(c, v)) return true;
  }
  return false;
}

VersionSet VersionReq::to_set() const {
  if (comparators.empty()) return VersionSet::from_parts(IntervalSet::all(), {});  // "*": any release
  VersionSet set = VersionSet::any();
  IntervalSet windows;
  for (const Comparator& c : comparators) {
    set = set.intersect(c.to_set());
    if (!c.pre_release.empty()) {
      // Every pre-release of the comparator's major.minor.patch.
      windows = windows.unite(range(Bound::inclusive(first_pre_release(c.major, *c.minor, *c.patch)),
                                    Bound::exclusive(make(c.major, *c.minor, *c.patch))));
    }
  }
  return VersionSet::from_parts(set.release_part(), set.pre_release_part().intersect(windows));
}

std::string VersionReq::to_string() const {
  if (comparators.empty()) return "*";
  std::string out;
  for (const Comparator& c : comparators) out += (out.empty() ? "" : ", ") + c.to_string();
  return out;
}

support::Expected<VersionReq, ReqError> parse_version_req(std::string_view text) { return ReqParser(text).parse(); }

}  // namespace modbuild::semver
