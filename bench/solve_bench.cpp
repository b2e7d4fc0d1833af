// Solves a universe written by modbuild_generate_universe with modbuild's
// PubGrub solver, and reports the time spent parsing and solving.
//
//   modbuild_solve_bench <universe.txt> [--repeat N] [--selection FILE] [--verify FILE]
//
//   --repeat N        read, parse and solve N times in process; report medians
//   --selection FILE  write the selected versions, "name version" a line, as the
//                     peers write theirs (Cargo.lock, testsolv's transaction)
//   --verify FILE     instead of solving, check that a selection in that form
//                     (from any tool) satisfies every dependency of the universe
//
// bench/run_solvers.sh times this end to end against libsolv and Cargo.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "modbuild/resolver/explain.h"
#include "modbuild/resolver/problem.h"
#include "modbuild/resolver/solver.h"
#include "modbuild/semver/version_req.h"

namespace {

namespace resolver = modbuild::resolver;
namespace semver = modbuild::semver;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::optional<std::string> read_file(const char* path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size()))) return std::nullopt;
  return text;
}

// Lets the name map be searched with a string_view, without building a string.
struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>()(name); }
};

struct Universe {
  resolver::Problem problem;
  std::unordered_map<std::string, resolver::PackageId, NameHash, std::equal_to<>> ids;
  std::size_t versions = 0;
  std::size_t edges = 0;
};

// Calls f(line) for every line of `text`, without its newline.
template <class F>
void for_each_line(std::string_view text, F f) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    f(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
}

// Parses universe.txt (format in generate_universe.cpp). On error, returns
// nullopt after printing what is wrong on which line.
std::optional<Universe> parse_universe(std::string_view text) {
  Universe u;
  auto& packages = u.problem.packages;
  // Dependencies may name packages declared further down: number them first,
  // and count each version's dependencies so that its edges are allocated once.
  std::vector<std::size_t> edge_counts;
  for_each_line(text, [&](std::string_view line) {
    if (line.size() > 2 && line[0] == 'P' && line[1] == ' ') {
      u.ids.emplace(std::string(line.substr(2)), static_cast<resolver::PackageId>(u.ids.size()));
      packages.push_back({std::string(line.substr(2)), {}});
    } else if (!line.empty() && line[0] == 'V') {
      edge_counts.push_back(0);
    } else if (!line.empty() && line[0] == 'D' && !edge_counts.empty()) {
      ++edge_counts.back();
    }
  });
  // Requirements repeat a lot ("^1.0"): each distinct text is parsed once,
  // and its edges share one origin (the universe gives no locations).
  struct Requirement {
    semver::VersionSet range;
    resolver::OriginId origin;
  };
  std::unordered_map<std::string_view, Requirement> requirements;
  std::size_t number = 0;
  std::string error;
  resolver::Package* package = nullptr;
  for_each_line(text, [&](std::string_view line) {
    ++number;
    if (!error.empty() || line.empty() || line[0] == '#') return;
    const std::string_view rest = line.size() > 2 ? line.substr(2) : std::string_view();
    if (line[0] == 'P' && u.ids.count(rest)) {
      package = &packages[u.ids.find(rest)->second];
    } else if (line[0] == 'V' && package) {
      auto version = semver::parse_version(rest);
      if (!version) {
        error = "bad version '" + std::string(rest) + "': " + version.error().message;
        return;
      }
      package->versions.push_back({std::move(*version), {}, false});
      package->versions.back().edges.reserve(edge_counts[u.versions]);
      ++u.versions;
    } else if (line[0] == 'D' && package && !package->versions.empty()) {
      const std::size_t space = rest.find(' ');
      const std::string_view name = rest.substr(0, space);
      const std::string_view req = space == std::string_view::npos ? "*" : rest.substr(space + 1);
      auto target = u.ids.find(name);
      if (target == u.ids.end()) {
        error = "unknown package '" + std::string(name) + "'";
        return;
      }
      auto requirement = requirements.find(req);
      if (requirement == requirements.end()) {
        auto parsed = semver::parse_version_req(req);
        if (!parsed) {
          error = "bad requirement '" + std::string(req) + "': " + parsed.error().message;
          return;
        }
        resolver::Origin origin;
        origin.kind = resolver::Origin::Kind::dependency;
        origin.requirement = std::string(req);
        const resolver::OriginId id = u.problem.add_origin(std::move(origin));
        requirement = requirements.emplace(req, Requirement{parsed->to_set(), id}).first;
      }
      package->versions.back().edges.push_back({target->second, requirement->second.range, requirement->second.origin});
      ++u.edges;
    } else {
      error = "unexpected line '" + std::string(line) + "'";
    }
  });
  if (error.empty() && (packages.empty() || packages[0].versions.size() != 1)) {
    error = "the first package (the root) must have exactly one version";
  }
  if (!error.empty()) {
    std::fprintf(stderr, "universe line %zu: %s\n", number, error.c_str());
    return std::nullopt;
  }
  return u;
}

struct Run {
  double parse_ms = 0;
  double solve_ms = 0;
  std::optional<Universe> universe;
  resolver::SolveResult result;
};

Run run_once(const char* path) {
  Run run;
  const auto start = Clock::now();
  if (auto text = read_file(path)) {
    run.universe = parse_universe(*text);
  } else {
    std::fprintf(stderr, "cannot read %s\n", path);
  }
  run.parse_ms = ms_since(start);
  if (!run.universe) return run;
  const auto solving = Clock::now();
  run.result = resolver::solve(run.universe->problem);
  run.solve_ms = ms_since(solving);
  return run;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Checks a selection against every dependency of the selected versions, the
// root's included. Returns the number of packages selected, or prints the
// first violation and returns nullopt.
std::optional<std::size_t> verify(const Universe& u, std::string_view selection) {
  const auto& packages = u.problem.packages;
  std::vector<const resolver::CandidateVersion*> chosen(packages.size());
  chosen[resolver::root_package] = &packages[resolver::root_package].versions.front();
  std::string error;
  std::size_t count = 0;
  for_each_line(selection, [&](std::string_view line) {
    if (!error.empty() || line.empty()) return;
    const std::size_t space = line.find(' ');
    const std::string name(line.substr(0, space));
    const std::string_view text = space == std::string_view::npos ? "" : line.substr(space + 1);
    auto id = u.ids.find(name);
    auto version = semver::parse_version(text);
    if (id == u.ids.end() || !version) {
      error = "'" + std::string(line) + "' names no package version";
      return;
    }
    if (id->second == resolver::root_package) return;
    const auto& candidates = packages[id->second].versions;
    auto found = std::find_if(candidates.begin(), candidates.end(),
                              [&](const resolver::CandidateVersion& c) { return c.version == *version; });
    if (found == candidates.end()) {
      error = name + " has no version " + std::string(text);
    } else if (chosen[id->second]) {
      error = name + " is selected twice";
    } else {
      chosen[id->second] = &*found;
      ++count;
    }
  });
  for (resolver::PackageId p = 0; p < packages.size() && error.empty(); ++p) {
    if (!chosen[p]) continue;
    for (const resolver::Edge& edge : chosen[p]->edges) {
      if (!chosen[edge.target] || !edge.range.contains(chosen[edge.target]->version)) {
        error = packages[p].name + " " + chosen[p]->version.to_string() + " needs " + packages[edge.target].name +
                " " + u.problem.origin_of(edge).requirement + ", but " +
                (chosen[edge.target] ? "version " + chosen[edge.target]->version.to_string() + " is selected"
                                     : "it is not selected");
        break;
      }
    }
  }
  if (!error.empty()) {
    std::fprintf(stderr, "invalid selection: %s\n", error.c_str());
    return std::nullopt;
  }
  return count;
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = nullptr;
  const char* selection_path = nullptr;
  const char* verify_path = nullptr;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--selection") == 0 && i + 1 < argc) {
      selection_path = argv[++i];
    } else if (std::strcmp(argv[i], "--verify") == 0 && i + 1 < argc) {
      verify_path = argv[++i];
    } else if (!path && argv[i][0] != '-') {
      path = argv[i];
    } else {
      path = nullptr;
      break;
    }
  }
  if (!path) {
    std::fprintf(stderr, "usage: %s <universe.txt> [--repeat N] [--selection FILE] [--verify FILE]\n", argv[0]);
    return 2;
  }

  if (verify_path) {
    auto text = read_file(path);
    auto selection = read_file(verify_path);
    auto universe = text ? parse_universe(*text) : std::nullopt;
    if (!universe || !selection) {
      std::fprintf(stderr, "cannot read %s\n", universe ? verify_path : path);
      return 2;
    }
    auto count = verify(*universe, *selection);
    if (!count) return 1;
    std::printf("valid selection of %zu packages\n", *count);
    return 0;
  }

  std::vector<double> parse_times, solve_times;
  // Left to the operating system at exit, as the modbuild command leaves its
  // workspace: freeing a universe's edges one by one is work no user waits for.
  Run& run = *new Run;
  for (int i = 0; i < repeat; ++i) {
    run = run_once(path);
    if (!run.universe) return 2;
    parse_times.push_back(run.parse_ms);
    solve_times.push_back(run.solve_ms);
  }
  const Universe& u = *run.universe;
  const resolver::SolveResult& result = run.result;
  const char* label = repeat > 1 ? "median " : "";
  std::printf("parsed %zu packages, %zu versions, %zu dependencies in %s%.2f ms\n", u.problem.packages.size() - 1,
              u.versions - 1, u.edges, label, median(parse_times));
  if (!result.solved) {
    if (result.step_limit_reached) {
      std::printf("gave up after %llu steps in %s%.2f ms\n", static_cast<unsigned long long>(result.stats.steps),
                  label, median(solve_times));
    } else {
      std::printf("no solution (%s%.2f ms):\n%s", label, median(solve_times),
                  resolver::render_explanation(resolver::explain_failure(
                      u.problem, result, [](const modbuild::diagnostics::SourceSpan&) { return std::string(); }))
                      .c_str());
    }
    return 1;
  }
  std::size_t selected = 0;
  std::string lines;
  for (resolver::PackageId p = 1; p < result.selected.size(); ++p) {
    if (!result.selected[p]) continue;
    ++selected;
    if (selection_path) lines += u.problem.packages[p].name + " " + result.selected[p]->to_string() + "\n";
  }
  std::printf("solved %zu packages in %s%.2f ms (%llu decisions, %llu conflicts, %llu backtracks)\n", selected, label,
              median(solve_times), static_cast<unsigned long long>(result.stats.decisions),
              static_cast<unsigned long long>(result.stats.conflicts),
              static_cast<unsigned long long>(result.stats.backtracks));
  if (selection_path && !(std::ofstream(selection_path, std::ios::binary) << lines)) {
    std::fprintf(stderr, "cannot write %s\n", selection_path);
    return 2;
  }
  return 0;
}
