// Test helper: builds solver problems from short descriptions such as
//   universe.add("foo", "1.0.0", {{"bar", "^1.0.0"}});
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "modbuild/resolver/problem.h"
#include "modbuild/semver/version_req.h"

namespace modbuild::resolver::testing {

struct Dep {
  std::string package;
  std::string requirement;
};

class UniverseBuilder {
 public:
  UniverseBuilder() { versions_["root"]["1.0.0"] = {}; }

  /// Declares a version of a package (the root package is "root", version 1.0.0).
  UniverseBuilder& add(const std::string& package, const std::string& version, std::vector<Dep> deps = {}) {
    versions_[package][version] = std::move(deps);
    return *this;
  }
  UniverseBuilder& root(std::vector<Dep> deps) { return add("root", "1.0.0", std::move(deps)); }
  UniverseBuilder& yank(const std::string& package, const std::string& version) {
    yanked_[package].push_back(version);
    return *this;
  }
  UniverseBuilder& prefer(const std::string& package, const std::string& version) {
    preferred_[package] = version;
    return *this;
  }

  Problem build() const {
    Problem problem;
    std::vector<std::string> names{"root"};
    for (const auto& [name, unused] : versions_) {
      if (name != "root") names.push_back(name);
    }
    std::map<std::string, PackageId> ids;
    for (PackageId i = 0; i < names.size(); ++i) ids[names[i]] = i;
    for (const std::string& name : names) {
      Package package{name, {}};
      for (const auto& [text, deps] : versions_.at(name)) {
        CandidateVersion candidate{*semver::parse_version(text), {}, false};
        for (const std::string& y : yanked_.count(name) ? yanked_.at(name) : std::vector<std::string>{}) {
          candidate.yanked = candidate.yanked || y == text;
        }
        for (const Dep& dep : deps) {
          if (!ids.count(dep.package)) ADD_FAILURE() << "unknown package " << dep.package;
          const OriginId origin = problem.add_origin({Origin::Kind::dependency, {}, dep.requirement, {}, {}});
          candidate.edges.push_back({ids.at(dep.package), semver::parse_version_req(dep.requirement)->to_set(), origin});
        }
        package.versions.push_back(std::move(candidate));
      }
      std::sort(package.versions.begin(), package.versions.end(),
                [](const CandidateVersion& a, const CandidateVersion& b) { return a.version < b.version; });
      problem.packages.push_back(std::move(package));
    }
    for (const auto& [name, version] : preferred_) problem.preferred[ids.at(name)] = *semver::parse_version(version);
    return problem;
  }

 private:
  // std::map: versions are parsed and sorted in build(); names sort the packages.
  std::map<std::string, std::map<std::string, std::vector<Dep>>> versions_;
  std::map<std::string, std::vector<std::string>> yanked_;
  std::map<std::string, std::string> preferred_;
};

/// "foo 1.0.0, root 1.0.0" for the selected packages, sorted by name.
inline std::string selection(const Problem& problem, const std::vector<std::optional<semver::Version>>& selected) {
  std::vector<std::string> parts;
  for (PackageId p = 0; p < selected.size(); ++p) {
    if (selected[p]) parts.push_back(problem.packages[p].name + " " + selected[p]->to_string());
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

}  // namespace modbuild::resolver::testing
