// Benchmarks of loading a workspace: the whole load (read, parse, check, from
// disk) at one and at all hardware threads, and parsing alone from memory.
//
//   modbuild_load_bench --workspace=<dir> [Google Benchmark flags]
//
// bench/run.sh generates the workspace and runs this with repetitions.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "modbuild/manifest/workspace.h"
#include "modbuild/support/file_system.h"

namespace {

std::string workspace_dir;

void load_workspace(benchmark::State& state) {
  modbuild::support::RealFileSystem fs;
  const auto threads = static_cast<unsigned>(state.range(0));
  std::size_t modules = 0;
  for (auto _ : state) {
    auto result = modbuild::manifest::load_workspace(fs, workspace_dir, "", {threads});
    modules = result.workspace.modules.size();
    if (result.diagnostics.has_errors()) state.SkipWithError("the workspace has errors");
    benchmark::DoNotOptimize(result);
  }
  state.counters["modules"] = static_cast<double>(modules);
  state.counters["manifests/s"] =
      benchmark::Counter(static_cast<double>(modules), benchmark::Counter::kIsIterationInvariantRate);
}

// Parsing and per-manifest checks only: the texts are read once, up front.
void parse_manifests(benchmark::State& state) {
  modbuild::support::RealFileSystem fs;
  auto loaded = modbuild::manifest::load_workspace(fs, workspace_dir, "", {});
  const auto& sources = loaded.workspace.sources;
  for (auto _ : state) {
    std::size_t parsed = 0;
    for (modbuild::diagnostics::FileId file = 1; file < sources.size(); ++file) {
      modbuild::diagnostics::DiagnosticList out;
      parsed += modbuild::manifest::parse_module_manifest(sources, file, out).has_value();
    }
    benchmark::DoNotOptimize(parsed);
  }
  state.counters["manifests/s"] = benchmark::Counter(static_cast<double>(sources.size() - 1),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(load_workspace)->Arg(1)->Arg(std::max(1u, std::thread::hardware_concurrency()))->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(parse_manifests)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--workspace=", 12) == 0) {
      workspace_dir = argv[i] + 12;
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (workspace_dir.empty()) {
    std::fprintf(stderr, "usage: %s --workspace=<dir> [benchmark flags]\n", argv[0]);
    return 2;
  }
  int rest_count = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_count, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
