// The example engine under the runtime, for real: a copy of engine-modules/
// built by `modbuild build` (CMake, modbuild-gen, g++), its sandbox run frame
// by frame from the module index, and modules edited, rebuilt and reloaded
// while it runs: a system with new behaviour, a Core struct gaining a field
// (state migrated), a field changing type (refused), a build against an old
// layout (refused), a crash in on_load and in the first frames (rolled
// back), a swap of rendering backends, and the old copies gone from the
// address space.
//
// One process and one build for every scenario (each builds on the previous
// one's state and undoes its edits): ctest runs it as a single test.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ecs_api.h"
#include "ecs_state.h"
#include "modbuild/module.h"
#include "modbuild/runtime/runtime.h"

namespace {

namespace fs = std::filesystem;
using modbuild::runtime::Options;
using modbuild::runtime::Outcome;
using modbuild::runtime::Runtime;
using nlohmann::json;

// Set by main() from the command line: the modbuild executable, the source
// workspace, and a work directory for the copy and its build.
std::string g_modbuild;
std::string g_source;
std::string g_work;

std::string workspace() { return g_work + "/ws"; }
std::string build_dir() { return g_work + "/build"; }
std::string index_path() { return build_dir() + "/modules/engine.modules.json"; }

// Runs a shell command; its exit status, with its output in `output`.
int shell(const std::string& command, std::string* output = nullptr) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  std::string text;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
  const int status = ::pclose(pipe);
  if (output != nullptr) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Builds the workspace copy (all of it, or one module's target).
void build(const std::string& target = "") {
  std::string output;
  const std::string command = target.empty()
                                  ? g_modbuild + " -C " + workspace() + " --color never build --build-dir " + build_dir() + " -j 2"
                                  : "cmake --build " + build_dir() + " --target " + target;
  ASSERT_EQ(shell(command, &output), 0) << command << "\n" << output;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The files of the workspace copy a scenario changed, as they were: put
// back after it, so that a failing scenario does not spoil the next ones.
std::map<std::string, std::string> g_originals;

void remember(const std::string& path) {
  if (g_originals.count(path) == 0) g_originals[path] = read_file(path);
}

// Replaces `from` with `to` in a file of the workspace copy.
void edit(const std::string& file, const std::string& from, const std::string& to) {
  const std::string path = workspace() + "/" + file;
  remember(path);
  std::string text = read_file(path);
  const std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << "'" << from << "' is not in " << path;
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
}

void append(const std::string& file, const std::string& text) {
  const std::string path = workspace() + "/" + file;
  remember(path);
  std::ofstream(path, std::ios::app) << text;
}

// Puts back what a scenario left changed, and rebuilds if it did.
void restore_workspace() {
  bool changed = false;
  for (const auto& [path, text] : g_originals) {
    if (read_file(path) == text) continue;
    std::ofstream(path) << text;
    changed = true;
  }
  g_originals.clear();
  if (changed) build();
}

bool mapped(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.find(path) != std::string::npos) return true;
  }
  return false;
}

class EngineTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    fs::remove_all(g_work);
    fs::create_directories(g_work + "/frames");
    fs::copy(g_source, workspace(), fs::copy_options::recursive);
    fs::remove_all(workspace() + "/.modbuild");
    ::setenv("RENDER_RASTER_DIR", (g_work + "/frames").c_str(), 1);
    build();
  }

 protected:
  void SetUp() override {
    Options options;
    options.copy_dir = g_work + "/copies";
    // A long run: the scenarios decide when to stop.
    options.app_args = {"1000000"};
    options.probation_frames = 5;
    options.log = [this](std::string_view line) { log_.emplace_back(line); };
    auto opened = Runtime::open(index_path(), options);
    ASSERT_TRUE(opened) << opened.error().message;
    runtime_ = std::move(*opened);
    const Outcome loaded = runtime_->load_all();
    ASSERT_TRUE(loaded) << text(loaded);
  }

  void TearDown() override {
    runtime_.reset();
    restore_workspace();
  }

  static std::string text(const Outcome& outcome) {
    std::string all = outcome.message;
    for (const std::string& detail : outcome.details) all += "\n  " + detail;
    return all;
  }

  void frames(int count) {
    for (int i = 0; i < count; ++i) ASSERT_EQ(runtime_->frame(), MODBUILD_FRAME_CONTINUE) << logged();
  }

  std::string logged() const {
    std::string all;
    for (const std::string& line : log_) all += line + "\n";
    return all;
  }

  json world() const {
    auto described = runtime_->describe_data("ecs::World", "world");
    EXPECT_TRUE(described) << described.error().message;
    return described ? json::parse(*described) : json();
  }

  // Every live entity with its transform and velocity, by field name.
  static std::string components(const json& world) {
    std::ostringstream out;
    for (const char* column : {"transforms", "velocities"}) {
      const json& c = world.at(column);
      for (std::size_t i = 0; i < c.at("owners").size(); ++i) {
        out << column << " " << c["owners"][i].dump() << " " << c["values"][i].dump() << "\n";
      }
    }
    return out.str();
  }

  static std::size_t entity_count(const json& world) {
    return world.at("slots").size() - world.at("free_slots").size();
  }

  std::string library_of(const std::string& module) const {
    for (const auto& m : runtime_->modules()) {
      if (m.name == module) return m.library;
    }
    return "";
  }

  std::unique_ptr<Runtime> runtime_;
  std::vector<std::string> log_;
};

TEST_F(EngineTest, LoadsTheIndexAndRunsTheSandbox) {
  const auto modules = runtime_->modules();
  ASSERT_EQ(modules.size(), 9u);
  for (const auto& m : modules) {
    if (m.name == "render-ascii") {
      EXPECT_EQ(m.state, "alternate");
    } else {
      EXPECT_EQ(m.state, "loaded") << m.name;
      EXPECT_TRUE(mapped(m.library)) << m.library;
      EXPECT_EQ(m.library.rfind(g_work + "/copies/", 0), 0u) << "a copy, not the build's file: " << m.library;
    }
  }
  frames(30);
  EXPECT_EQ(entity_count(world()), 4u);
  EXPECT_TRUE(fs::exists(g_work + "/frames/sandbox-0000.ppm"));
}

TEST_F(EngineTest, ReloadsARebuiltSystemKeepingTheWorld) {
  frames(20);
  // The host's own calls go through the same slot as the modules'.
  namespace ecs_api = modbuild_gen::ecs_api;
  ASSERT_TRUE(runtime_->bind_host({ecs_api::kContract, &ecs_api::imported_slot}));
  std::string error;
  const modbuild::Data<ecs::World> data = modbuild::Host(runtime_->host()).data<ecs::World>("world", &error);
  ASSERT_TRUE(data) << error;
  EXPECT_EQ(ecs_api::api().entity_count(*data), 4u);

  edit("systems/ecs/src/ecs_sparse.cpp", "return world.slots.size() - world.free_slots.size();",
       "return world.slots.size() - world.free_slots.size() + 1000;");
  build("ecs-sparse");
  const std::string old_copy = library_of("ecs-sparse");
  const json before = world();
  const Outcome reloaded = runtime_->reload("ecs-sparse");
  ASSERT_TRUE(reloaded) << text(reloaded);
  EXPECT_NE(reloaded.message.find("reloaded ecs-sparse 1.2.0 in "), std::string::npos) << reloaded.message;
  // Nothing else was tied to a changed layout, and the world was not touched.
  EXPECT_TRUE(reloaded.details.empty()) << text(reloaded);
  const json after = world();
  EXPECT_EQ(entity_count(after), 4u);
  EXPECT_EQ(components(after), components(before));
  // The new code answers, through the slot the host kept.
  EXPECT_EQ(ecs_api::api().entity_count(*data), 1004u);
  frames(10);
  // After the probation the old copy is unloaded and gone.
  EXPECT_FALSE(mapped(old_copy)) << old_copy;
  EXPECT_FALSE(fs::exists(old_copy));
  EXPECT_NE(components(world()), components(before)) << "the balls keep moving";

  edit("systems/ecs/src/ecs_sparse.cpp", " + 1000;", ";");
  build("ecs-sparse");
  ASSERT_TRUE(runtime_->reload("ecs-sparse"));
  EXPECT_EQ(ecs_api::api().entity_count(*data), 4u);
}

TEST_F(EngineTest, MigratesCoreDataAcrossALayoutChangeOrRefusesIt) {
  frames(30);
  const json before = world();
  const std::string header = "core/ecs/include/ecs/ecs.h";
  const std::string transform = "struct MODBUILD_DATA Transform {\n  double x = 0.0;\n  double y = 0.0;\n";

  // Only the Core module rebuilt: its users are still built against the old
  // layout, so the whole reload is refused and the engine runs on.
  edit(header, transform, transform + "  double z = 0.0;\n");
  build("ecs");
  Outcome refused = runtime_->reload("ecs");
  ASSERT_FALSE(refused) << text(refused);
  EXPECT_NE(text(refused).find("'ecs::Transform'"), std::string::npos) << text(refused);
  EXPECT_NE(text(refused).find("field 'z' (double) was added to 'ecs::Transform'"), std::string::npos) << text(refused);
  EXPECT_NE(text(refused).find("help: rebuild "), std::string::npos) << text(refused);
  EXPECT_EQ(components(world()), components(before));
  frames(5);

  // Everything rebuilt: the reload of the Core module takes every module
  // built against it along, and the world moves into the new layout.
  build();
  const json moved_before = world();
  const Outcome reloaded = runtime_->reload("ecs");
  ASSERT_TRUE(reloaded) << text(reloaded);
  const std::string said = text(reloaded);
  for (const char* module : {"ecs-sparse", "physics", "sandbox"}) {
    EXPECT_NE(said.find(std::string("also reloaded ") + module), std::string::npos) << said;
  }
  EXPECT_NE(said.find("migrated 'ecs::World' world to the new layout"), std::string::npos) << said;
  const json migrated = world();
  EXPECT_EQ(entity_count(migrated), entity_count(moved_before));
  const json& values = migrated["transforms"]["values"];
  ASSERT_EQ(values.size(), moved_before["transforms"]["values"].size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(values[i]["x"], moved_before["transforms"]["values"][i]["x"]);
    EXPECT_EQ(values[i]["y"], moved_before["transforms"]["values"][i]["y"]);
    EXPECT_EQ(values[i]["z"], 0.0) << "the new field has its default";
  }
  EXPECT_EQ(migrated["velocities"], moved_before["velocities"]);
  // The host was compiled against the old layout: its calls are refused now.
  const Outcome host = runtime_->bind_host({modbuild_gen::ecs_api::kContract, &modbuild_gen::ecs_api::imported_slot});
  EXPECT_FALSE(host);
  EXPECT_NE(text(host).find("field 'z' (double) was added to 'ecs::Transform'"), std::string::npos) << text(host);
  frames(30);
  EXPECT_NE(world()["transforms"]["values"], migrated["transforms"]["values"]) << "the new builds simulate";

  // A field that changes type cannot be migrated: refused before anything
  // is switched, naming it.
  const std::string grown = transform + "  double z = 0.0;\n";
  edit(header, grown, "struct MODBUILD_DATA Transform {\n  float x = 0.0;\n  double y = 0.0;\n  double z = 0.0;\n");
  build();
  const json unchanged = world();
  refused = runtime_->reload("ecs");
  ASSERT_FALSE(refused) << text(refused);
  EXPECT_NE(text(refused).find("field 'x' of 'ecs::Transform' changed type from 'double' to 'float'"), std::string::npos)
      << text(refused);
  EXPECT_EQ(world(), unchanged);
  frames(10);

  // Back to the original layout, migrated again.
  edit(header, "struct MODBUILD_DATA Transform {\n  float x = 0.0;\n  double y = 0.0;\n  double z = 0.0;\n", transform);
  build();
  ASSERT_TRUE(runtime_->reload("ecs"));
  EXPECT_EQ(entity_count(world()), 4u);
  frames(10);
  EXPECT_TRUE(runtime_->bind_host({modbuild_gen::ecs_api::kContract, &modbuild_gen::ecs_api::imported_slot}));
}

TEST_F(EngineTest, RollsBackAModuleThatCrashes) {
  frames(10);
  const std::string physics = "plugins/physics/src/physics.cpp";
  const std::string running = library_of("physics");
  const std::string hook_start = "\n#include \"modbuild/module.h\"\nnamespace modbuild::hooks {\nbool on_load(Host&, LoadReason) {";
  const std::string hook_end = "}\n}  // namespace modbuild::hooks\n";
  for (const char* crash : {"volatile int* p = nullptr; *p = 1; return true; ", "std::abort(); ",
                            "volatile int numerator = 7; volatile int zero = 0; volatile int quotient = numerator / zero; return quotient != 0; "}) {
    const std::string hook = hook_start + crash + hook_end;
    append(physics, hook);
    build("physics");
    const Outcome reloaded = runtime_->reload("physics");
    EXPECT_FALSE(reloaded) << crash;
    EXPECT_NE(reloaded.message.find("rolled back the reload: physics 0.3.0 crashed in on_load with SIG"),
              std::string::npos)
        << crash << "\n" << text(reloaded);
    EXPECT_EQ(library_of("physics"), running) << "the previous build runs on";
    frames(10);
    edit(physics, hook, "");
  }

  // A crash in the new build's first frames rolls the reload back too.
  edit(physics, "  if (!(dt > 0.0)) return stats;", "  if (dt > 0.0) *static_cast<volatile int*>(nullptr) = 1;");
  build("physics");
  ASSERT_TRUE(runtime_->reload("physics"));
  const json before = world();
  EXPECT_EQ(runtime_->frame(), MODBUILD_FRAME_CONTINUE) << "the crash is caught and rolled back";
  EXPECT_NE(logged().find("rolled back the reload of physics: the new code crashed with SIGSEGV"), std::string::npos)
      << logged();
  EXPECT_EQ(library_of("physics"), running);
  frames(10);
  EXPECT_EQ(entity_count(world()), entity_count(before));
  edit(physics, "  if (dt > 0.0) *static_cast<volatile int*>(nullptr) = 1;", "  if (!(dt > 0.0)) return stats;");
  build("physics");
}

TEST_F(EngineTest, SwapsRenderingBackendsKeepingTheirData) {
  frames(5);
  auto described = runtime_->describe_data("rendering::Window", "window");
  ASSERT_TRUE(described) << described.error().message;
  const std::string window = *described;

  const std::size_t entities = entity_count(world());
  Outcome swapped = runtime_->swap("render.backend", "render-ascii");
  ASSERT_TRUE(swapped) << text(swapped);
  EXPECT_EQ(entity_count(world()), entities) << "a swap of the backend leaves the world alone";
  for (const auto& m : runtime_->modules()) {
    if (m.name == "render-ascii") {
      EXPECT_EQ(m.state, "loaded");
      EXPECT_EQ(m.fills, "rendering");
    } else if (m.name == "render-raster") {
      EXPECT_EQ(m.state, "available");
    }
  }
  frames(40);
  EXPECT_EQ(*runtime_->describe_data("rendering::Window", "window"), window);
  // Dependents of the swapped-out backend keep running on the stand-in, so
  // it cannot be unloaded while they need it.
  Outcome unload = runtime_->unload("render-ascii");
  EXPECT_FALSE(unload);
  EXPECT_NE(unload.message.find("sandbox depends on it"), std::string::npos) << text(unload);

  swapped = runtime_->swap("render.backend", "render-raster");
  ASSERT_TRUE(swapped) << text(swapped);
  frames(40);

  Outcome wrong = runtime_->swap("render.backend", "render-ascci");
  EXPECT_FALSE(wrong);
  EXPECT_NE(wrong.message.find("did you mean 'render-ascii'?"), std::string::npos) << text(wrong);
}

TEST_F(EngineTest, RefusesToUnloadWhatOthersNeed) {
  const Outcome unload = runtime_->unload("ecs-sparse");
  ASSERT_FALSE(unload);
  EXPECT_NE(unload.message.find("cannot unload ecs-sparse: physics, sandbox depend on it"), std::string::npos)
      << text(unload);
  frames(5);
  ASSERT_TRUE(runtime_->unload("sandbox"));
  EXPECT_TRUE(runtime_->unload("physics")) << "nothing needs it once the sandbox is gone";
  ASSERT_TRUE(runtime_->load("physics"));
  ASSERT_TRUE(runtime_->load("sandbox"));
  frames(5);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <modbuild> <engine-modules> <work dir>\n", argv[0]);
    return 2;
  }
  g_modbuild = argv[1];
  g_source = argv[2];
  g_work = argv[3];
  return RUN_ALL_TESTS();
}
