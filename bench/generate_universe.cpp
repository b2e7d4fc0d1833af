// Generates a random universe of versioned modules for benchmarking version
// solving, in three equivalent forms: modbuild's, libsolv's and Cargo's.
//
//   modbuild_generate_universe <kind a|b|c|d> <out-dir> [--seed N]
//
// Kinds (every version is 1.<minor>.0, so every package stays within one
// major and Cargo, too, must pick a single version of each):
//   a  2,000 modules x 10 versions x 4 dependencies;
//   b  10,000 modules x 20 versions x 3 dependencies;
//   c  conflict-heavy: 300 groups x0 -> y0_1 -> ... -> y0_4, 20 versions each,
//      where the newer versions of each chain end in a `shared` requirement
//      that contradicts the root's, so newest-first choices fail four levels
//      down and every solver has to back out of them, version by version;
//   d  a chain p0 -> p1 -> ... -> p99999, one or two versions each.
// In a and b, dependencies point to the next 100 modules (Cargo rejects
// cycles) with "^1.k" or ">=1.k.0, <1.h.0" requirements. A tenth of the
// modules are capped below their newest version by a root requirement, and
// every requirement admits the capped version: so a solution exists, and
// taking the newest admissible version everywhere gives the single greatest
// one. In c the greatest solution selects version ok_i of chain i; in d, the
// newest of everything. All four thus have a unique newest-first answer,
// which is what lets bench/run_solvers.sh compare the tools' selections
// (universe.txt says so in a "# unique newest-first answer" line).
//
// Output, in <out-dir>:
//   universe.txt        read by modbuild_solve_bench; one statement a line:
//                         # text               a comment
//                         P <name>             a package (the first is the root)
//                         V <version>          a version of the last package, ascending
//                         D <name> <req...>    a dependency of the last version; the rest
//                                              of the line is a Cargo-syntax requirement
//   testsolv/universe.t a libsolv testcase: a "testtags" repo inline, one =Pkg: per
//                       version, each requirement as a `>=` / `<` pair of =Req: lines
//                       (testsolv ignores rich "with" dependencies), `job install name root`
//   cargo/              a root crate whose .cargo/config.toml replaces crates.io with a
//                       local registry (registry/index/, one JSON line per version), so
//                       `cargo generate-lockfile --offline` resolves it with no network
// Output is deterministic: the same arguments give the same files.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// A requirement on minors of major 1: ">= 1.lo.0" and, when set, "< 1.hi.0"
// (otherwise "< 2.0.0"). Caret ones print as "^1.lo".
struct Dep {
  std::size_t target = 0;
  unsigned lo = 0;
  std::optional<unsigned> hi;
  bool caret = false;
};

struct Version {
  unsigned minor = 0;
  std::vector<Dep> deps;
};

struct Package {
  std::string name;
  std::vector<Version> versions;  // ascending
};

// packages[0] is the root, with the single version 1.0.0.
using Universe = std::vector<Package>;

// The same deterministic generator as generate_workspace.cpp, so that output
// never depends on the platform's standard library.
struct Random {
  std::uint64_t state;
  std::size_t below(std::size_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>((state >> 33) % n);
  }
};

std::string version_text(unsigned minor) { return "1." + std::to_string(minor) + ".0"; }

std::string requirement(const Dep& d) {
  if (d.caret) return "^1." + std::to_string(d.lo);
  return ">=" + version_text(d.lo) + ", <" + (d.hi ? version_text(*d.hi) : "2.0.0");
}

Package root() { return {"root", {Version{0, {}}}}; }

// Kinds a and b: modules m0..m{n-1}, `versions` each, `deps` dependencies per
// version on modules among the next 100.
Universe ecosystem(std::size_t modules, unsigned versions, std::size_t deps, Random& random) {
  constexpr std::size_t window = 100;
  Universe u{root()};
  std::vector<unsigned> cap(modules, versions - 1);
  for (std::size_t i = 0; i < modules; ++i) {
    if (random.below(10) == 0) cap[i] = versions / 2 + static_cast<unsigned>(random.below(versions / 2 - 1));
  }
  for (std::size_t i = 0; i < modules; ++i) {
    Package p{"m" + std::to_string(i), {}};
    const std::size_t reachable = std::min(window, modules - 1 - i);
    for (unsigned v = 0; v < versions; ++v) {
      Version version{v, {}};
      std::vector<std::size_t> targets;
      while (targets.size() < std::min(deps, reachable)) {
        std::size_t t = i + 1 + random.below(reachable);
        if (std::find(targets.begin(), targets.end(), t) == targets.end()) targets.push_back(t);
      }
      for (std::size_t t : targets) {
        // Every requirement admits the target's cap: that keeps the universe solvable.
        Dep d{t + 1, static_cast<unsigned>(random.below(cap[t] + 1)), std::nullopt, random.below(10) < 7};
        if (!d.caret) d.hi = cap[t] + 1 + static_cast<unsigned>(random.below(versions - cap[t]));
        version.deps.push_back(d);
      }
      p.versions.push_back(std::move(version));
    }
    u.push_back(std::move(p));
  }
  // The root selects the first ten modules and every capped one, with its cap.
  for (std::size_t i = 0; i < modules; ++i) {
    if (i < 10 && cap[i] == versions - 1) u[0].versions[0].deps.push_back({i + 1, 0, std::nullopt, true});
    if (cap[i] != versions - 1) u[0].versions[0].deps.push_back({i + 1, 0, cap[i] + 1, false});
  }
  return u;
}

// Kind c: `groups` chains x_i -> y_i_1 -> ... -> y_i_depth, versions tied
// exactly along the chain; the end of chain i needs shared ^1.(v - ok_i) at
// versions v above ok_i, while the root holds shared below 1.1.0.
Universe conflicts(std::size_t groups, std::size_t depth, unsigned versions, Random& random) {
  Universe u{root()};
  const std::size_t shared = 1;
  Package s{"shared", {}};
  for (unsigned v = 0; v < versions; ++v) s.versions.push_back({v, {}});
  u.push_back(std::move(s));
  u[0].versions[0].deps.push_back({shared, 0, 1, false});
  for (std::size_t g = 0; g < groups; ++g) {
    const unsigned ok = static_cast<unsigned>(random.below(versions / 2 + 1));
    const std::size_t first = u.size();
    u[0].versions[0].deps.push_back({first, 0, std::nullopt, true});
    for (std::size_t level = 0; level <= depth; ++level) {
      Package p{level == 0 ? "x" : "y", {}};
      p.name += std::to_string(g);
      if (level > 0) {
        p.name += '_';
        p.name += std::to_string(level);
      }
      for (unsigned v = 0; v < versions; ++v) {
        Version version{v, {}};
        if (level < depth) {
          version.deps.push_back({first + level + 1, v, v + 1, false});
        } else {
          version.deps.push_back({shared, v > ok ? v - ok : 0, std::nullopt, true});
        }
        p.versions.push_back(std::move(version));
      }
      u.push_back(std::move(p));
    }
  }
  return u;
}

// Kind d: p0 -> p1 -> ... -> p{n-1}; even modules have a second version.
Universe chain(std::size_t modules) {
  Universe u{root()};
  u[0].versions[0].deps.push_back({1, 0, std::nullopt, true});
  for (std::size_t i = 0; i < modules; ++i) {
    Package p{"p" + std::to_string(i), {}};
    for (unsigned v = 0; v < (i % 2 == 0 ? 2u : 1u); ++v) {
      Version version{v, {}};
      if (i + 1 < modules) version.deps.push_back({i + 2, 0, std::nullopt, true});
      p.versions.push_back(std::move(version));
    }
    u.push_back(std::move(p));
  }
  return u;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

void write_modbuild(const fs::path& path, const Universe& u, const std::string& description) {
  std::string t = "# modbuild solver universe: " + description + "\n";
  // bench/run_solvers.sh compares the tools' selections only where this holds.
  t += "# unique newest-first answer\n";
  for (const Package& p : u) {
    t += "P " + p.name + "\n";
    for (const Version& v : p.versions) {
      t += "V " + version_text(v.minor) + "\n";
      for (const Dep& d : v.deps) t += "D " + u[d.target].name + " " + requirement(d) + "\n";
    }
  }
  write(path, t);
}

void write_testsolv(const fs::path& path, const Universe& u) {
  std::string t = "repo system 0 empty\nrepo available 0 testtags <inline>\n";
  for (const Package& p : u) {
    for (const Version& v : p.versions) {
      t += "#>=Pkg: " + p.name + " " + version_text(v.minor) + " 1 noarch\n";
      for (const Dep& d : v.deps) {
        const std::string& name = u[d.target].name;
        t += "#>=Req: " + name + " >= " + version_text(d.lo) + "\n";
        t += "#>=Req: " + name + " < " + (d.hi ? version_text(*d.hi) : "2.0.0") + "\n";
      }
    }
  }
  t += "system x86_64 rpm system\njob install name root\nresult transaction,problems <inline>\n";
  write(path, t);
}

// Where Cargo's registry index keeps a crate (names here are ASCII lower case).
fs::path index_path(const std::string& name) {
  if (name.size() <= 2) return fs::path(std::to_string(name.size())) / name;
  if (name.size() == 3) return fs::path("3") / name.substr(0, 1) / name;
  return fs::path(name.substr(0, 2)) / name.substr(2, 2) / name;
}

void write_cargo(const fs::path& dir, const Universe& u) {
  std::string manifest = "[package]\nname = \"root\"\nversion = \"1.0.0\"\nedition = \"2021\"\n\n[dependencies]\n";
  for (const Dep& d : u[0].versions[0].deps) manifest += u[d.target].name + " = \"" + requirement(d) + "\"\n";
  write(dir / "Cargo.toml", manifest);
  write(dir / "src" / "lib.rs", "");
  write(dir / ".cargo" / "config.toml",
        "[source.crates-io]\nreplace-with = \"universe\"\n\n[source.universe]\nlocal-registry = \"registry\"\n");
  // Resolution reads only the index; the checksum is checked when a crate is
  // downloaded, which generate-lockfile never does.
  const std::string checksum(64, '0');
  for (std::size_t i = 1; i < u.size(); ++i) {
    const Package& p = u[i];
    std::string lines;
    for (const Version& v : p.versions) {
      lines += "{\"name\":\"" + p.name + "\",\"vers\":\"" + version_text(v.minor) + "\",\"deps\":[";
      for (std::size_t k = 0; k < v.deps.size(); ++k) {
        lines += std::string(k ? "," : "") + "{\"name\":\"" + u[v.deps[k].target].name + "\",\"req\":\"" +
                 requirement(v.deps[k]) +
                 "\",\"features\":[],\"optional\":false,\"default_features\":true,\"target\":null,\"kind\":\"normal\"}";
      }
      lines += "],\"cksum\":\"" + checksum + "\",\"features\":{},\"yanked\":false}\n";
    }
    write(dir / "registry" / "index" / index_path(p.name), lines);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = 1;
  if (argc == 5 && std::strcmp(argv[3], "--seed") == 0) {
    seed = std::strtoull(argv[4], nullptr, 10);
  } else if (argc != 3) {
    std::fprintf(stderr, "usage: %s <kind a|b|c|d> <out-dir> [--seed N]\n", argv[0]);
    return 2;
  }
  const std::string kind = argv[1];
  Random random{seed};
  Universe u;
  std::string description;
  if (kind == "a") {
    u = ecosystem(2000, 10, 4, random);
    description = "(a) 2,000 modules x 10 versions x 4 dependencies";
  } else if (kind == "b") {
    u = ecosystem(10000, 20, 3, random);
    description = "(b) 10,000 modules x 20 versions x 3 dependencies";
  } else if (kind == "c") {
    u = conflicts(300, 4, 20, random);
    description = "(c) conflict-heavy: 300 chains of 5 modules x 20 versions against a shared module";
  } else if (kind == "d") {
    u = chain(100000);
    description = "(d) a chain of 100,000 modules, one or two versions each";
  } else {
    std::fprintf(stderr, "unknown kind '%s' (expected a, b, c or d)\n", argv[1]);
    return 2;
  }
  const fs::path out = argv[2];
  fs::remove_all(out);
  write_modbuild(out / "universe.txt", u, description + ", seed " + std::to_string(seed));
  write_testsolv(out / "testsolv" / "universe.t", u);
  write_cargo(out / "cargo", u);
  std::size_t versions = 0, deps = 0;
  for (const Package& p : u) {
    versions += p.versions.size();
    for (const Version& v : p.versions) deps += v.deps.size();
  }
  std::printf("wrote %zu packages, %zu versions, %zu dependencies to %s\n", u.size() - 1, versions - 1, deps,
              out.c_str());
  return 0;
}
