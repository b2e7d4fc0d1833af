// The runtime's reload figures on the example engine (bench/run_runtime.sh
// builds it twice: as it is, and with a field added to ecs::Transform):
//
//   1. reload of a system (ecs-sparse), from the call to the switched slot,
//      without compiling, against the floor: copying the library and one
//      dlopen()/dlclose() of the copy;
//   2. reload of the Core module ecs with the migration of 100,000 entities
//      into the other layout (and back), and the share of it spent saving
//      and loading the state;
//   3. the peak memory of a migration against the size of the state.
//
//   modbuild_runtime_bench <index> <modules of the other layout> [runs]
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "ecs_api.h"
#include "ecs_state.h"
#include "modbuild/module.h"
#include "modbuild/runtime/runtime.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kEntities = 100'000;
// The modules built against ecs's layout, which a layout change replaces.
const std::vector<std::string> kTiedToEcs = {"libecs-1.2.0.so", "libecs-sparse-1.2.0.so", "libphysics-0.3.0.so",
                                             "libsandbox-0.1.0.so", "ecs-1.2.0.api.json"};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// kB of a /proc/self/status line such as VmHWM.
long status_kb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::atol(line.c_str() + key.size() + 1);
  }
  return -1;
}

// Puts the files of `from` over those of `to`, each as a new file renamed
// into place, as a build writes them.
void install(const fs::path& from, const fs::path& to) {
  for (const std::string& file : kTiedToEcs) {
    fs::copy_file(from / file, to / (file + ".new"), fs::copy_options::overwrite_existing);
    fs::rename(to / (file + ".new"), to / file);
  }
}

double floor_ms(const std::string& library, const std::string& copy_dir, int serial) {
  const auto start = Clock::now();
  const std::string copy = copy_dir + "/floor." + std::to_string(serial) + ".so";
  fs::copy_file(library, copy, fs::copy_options::overwrite_existing);
  void* handle = ::dlopen(copy.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) std::abort();
  if (::dlsym(handle, "modbuild_module_ecs_sparse") == nullptr) std::abort();
  ::dlclose(handle);
  fs::remove(copy);
  return ms_since(start);
}

// "saved in 1.23 ms, loaded in 4.56 ms" from a migration's detail.
std::pair<double, double> serialization_ms(const modbuild::runtime::Outcome& outcome) {
  static const std::regex pattern("saved in ([0-9.]+) ms, loaded in ([0-9.]+) ms");
  for (const std::string& detail : outcome.details) {
    std::smatch match;
    if (std::regex_search(detail, match, pattern)) return {std::stod(match[1]), std::stod(match[2])};
  }
  return {0, 0};
}

int fail(const std::string& what) {
  std::fprintf(stderr, "runtime_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return fail("usage: modbuild_runtime_bench <index> <modules of the other layout> [runs]");
  const fs::path index = argv[1];
  const fs::path modules = index.parent_path();
  const fs::path other = argv[2];
  const int runs = argc > 3 ? std::atoi(argv[3]) : 30;
  const fs::path stash = fs::temp_directory_path() / "modbuild-runtime-bench-stash";
  fs::create_directories(stash);
  for (const std::string& file : kTiedToEcs) fs::copy_file(modules / file, stash / file, fs::copy_options::overwrite_existing);

  modbuild::runtime::Options options;
  options.app_args = {"1000000"};
  options.probation_frames = 1;
  options.log = [](std::string_view) {};
  auto opened = modbuild::runtime::Runtime::open(index, options);
  if (!opened) return fail(opened.error().message);
  modbuild::runtime::Runtime& runtime = **opened;
  if (auto loaded = runtime.load_all(); !loaded) return fail(loaded.message);
  for (int i = 0; i < 10; ++i) runtime.frame();

  // 1. A system reload against its floor, alternating.
  std::vector<double> reload;
  std::vector<double> floor;
  const fs::path copy_dir = fs::temp_directory_path();
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    if (auto outcome = runtime.reload("ecs-sparse"); !outcome) return fail(outcome.message);
    reload.push_back(ms_since(start));
    runtime.frame();  // ends the probation: the old copy is closed before the next reload
    floor.push_back(floor_ms((modules / "libecs-sparse-1.2.0.so").string(), copy_dir.string(), i));
  }
  std::printf("system reload (ecs-sparse), %d runs: median %.3f ms; floor (copy + dlopen + dlclose) %.3f ms; ratio %.2f\n",
              runs, median(reload), median(floor), median(reload) / median(floor));

  // 2. 100,000 entities, then Core reloads that migrate them both ways.
  namespace ecs_api = modbuild_gen::ecs_api;
  if (auto bound = runtime.bind_host({ecs_api::kContract, &ecs_api::imported_slot}); !bound) return fail(bound.message);
  std::string error;
  modbuild::Data<ecs::World> world = modbuild::Host(runtime.host()).data<ecs::World>("world", &error);
  if (!world) return fail(error);
  for (std::size_t i = 0; i < kEntities; ++i) {
    const ecs::Entity e = ecs_api::api().spawn_entity(*world);
    ecs_api::api().set_transform(*world, e, {double(i), 1.0});
    ecs_api::api().set_velocity(*world, e, {0.5, double(i % 7)});
  }
  auto state = runtime.save_data("ecs::World", "world");
  if (!state) return fail(state.error().message);
  const double state_mb = state->size() / 1e6;
  std::vector<double> migrate;
  std::vector<double> serialization;
  std::vector<double> saving;
  long peak_extra_kb = 0;
  const int migrations = std::max(2, runs / 5);
  for (int i = 0; i < migrations; ++i) {
    install(i % 2 == 0 ? other : stash, modules);
    const long rss_before = status_kb("VmRSS");
    std::ofstream("/proc/self/clear_refs") << "5";  // resets VmHWM to the current RSS
    const auto start = Clock::now();
    const modbuild::runtime::Outcome outcome = runtime.reload("ecs");
    if (!outcome) return fail(outcome.message);
    migrate.push_back(ms_since(start));
    const auto [save, load] = serialization_ms(outcome);
    serialization.push_back(save + load);
    saving.push_back(save);
    peak_extra_kb = std::max(peak_extra_kb, status_kb("VmHWM") - rss_before);
    runtime.frame();
  }
  install(stash, modules);
  const double share = median(serialization) / median(migrate);
  std::printf("core reload (ecs) migrating %zu entities, %d runs: median %.2f ms, of which saving and loading %.2f ms "
              "(%.0f%%; saving %.2f ms)\n",
              kEntities, migrations, median(migrate), median(serialization), 100 * share, median(saving));
  std::printf("migration memory: state %.2f MB; peak above the resident set during a reload %.2f MB (%.1fx the state)\n",
              state_mb, peak_extra_kb / 1e3, peak_extra_kb / 1e3 / state_mb);
  fs::remove_all(stash);
  return 0;
}
