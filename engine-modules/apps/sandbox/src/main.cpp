// sandbox: drops bouncing balls, simulates them, reloads the world's state halfway
// as a hot reload would, renders frames and prints a summary.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "console/console.h"
#include "ecs_state.h"
#include "modbuild/module_abi.h"
#include "physics/physics.h"
#include "rendering/rendering.h"
#include "rendering_api.h"
#include "scene.h"

// The rendering backend the workspace chose for the render.backend feature:
// the build names it in MODBUILD_PROVIDER_RENDER_BACKEND and links it. The
// sandbox calls it only through the table of its generated entry point.
MODBUILD_DECLARE_MODULE_ENTRY(MODBUILD_PROVIDER_RENDER_BACKEND);

namespace {

namespace rendering_api = modbuild_gen::rendering_api;

constexpr int kDefaultSteps = 240;
constexpr int kMaxSteps = 1'000'000;
constexpr double kStepSeconds = 1.0 / 60.0;
// Frames show the start, the middle and the end of the run.
constexpr int kFrames = 3;

// What a hot reload of the ECS does to the world: saves it in the generated
// versioned form, then restores it into a fresh World, as the reloaded code
// would. The scene must look the same afterwards. Returns the error, or "".
std::string reload_world(sandbox::Scene& scene, std::size_t& saved_bytes) {
  const std::vector<std::string> before = sandbox::describe(scene);
  const std::string bytes = modbuild::state::save(scene.world);
  saved_bytes = bytes.size();
  ecs::World fresh;
  if (const modbuild::state::LoadResult loaded = modbuild::state::load(bytes, fresh); !loaded.ok) {
    return loaded.error;
  }
  scene.world = std::move(fresh);
  return sandbox::describe(scene) == before ? "" : "the restored world differs from the saved one";
}

bool parse_steps(std::string_view text, int& steps) {
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, steps);
  return error == std::errc() && stop == end && steps >= 0 && steps <= kMaxSteps;
}

}  // namespace

int main(int argc, char** argv) {
  int steps = kDefaultSteps;
  if (argc > 2 || (argc == 2 && !parse_steps(argv[1], steps))) {
    std::fprintf(stderr,
                 "usage: sandbox [steps]\n  steps: physics steps of 1/60 s, 0 to %d (default %d)\n",
                 kMaxSteps, kDefaultSteps);
    return 2;
  }

  const ModbuildModuleInfo& backend = *MODBUILD_MODULE_ENTRY(MODBUILD_PROVIDER_RENDER_BACKEND)();
  std::string why;
  const rendering_api::Table* table = rendering_api::Proxy::bind(backend, &why);
  if (table == nullptr) {
    std::fprintf(stderr, "sandbox: cannot use the rendering backend '%s' %s: %s\n", backend.module,
                 backend.version, why.c_str());
    return 1;
  }
  const rendering_api::Proxy renderer(*table);

  console::Console console;
  sandbox::Scene scene = sandbox::make_scene();
  scene.physics.trace = &console;
  const rendering::Window window = renderer.create_window(160, 120, "sandbox");
  rendering::RenderTarget target;

  const double energy_before = sandbox::total_energy(scene);
  std::size_t bounces = 0;
  int frames_failed = 0;
  int next_frame = 0;
  std::size_t state_bytes = 0;
  for (int done = 0;; ++done) {
    if (done == steps / 2) {
      if (const std::string error = reload_world(scene, state_bytes); !error.empty()) {
        std::fprintf(stderr, "sandbox: reloading the world's state failed: %s\n", error.c_str());
        return 1;
      }
    }
    while (next_frame < kFrames && done == next_frame * steps / (kFrames - 1)) {
      renderer.render_frame(window, sandbox::draw(scene, window), target);
      if (!renderer.present(window, target, static_cast<std::uint64_t>(next_frame))) {
        ++frames_failed;
      }
      ++next_frame;
    }
    if (done == steps) break;
    bounces += physics::step(scene.world, scene.physics, kStepSeconds).bounces;
  }

  char line[160];
  std::snprintf(line, sizeof line,
                "sandbox: %d steps (%.2f s), %zu balls, %zu bounces, %d of %d frames shown by %s %s",
                steps, steps * kStepSeconds, scene.balls.size(), bounces, kFrames - frames_failed,
                kFrames, backend.module, backend.version);
  console::write(console, line);
  std::snprintf(line, sizeof line, "state: the world was saved (%zu bytes) and restored at step %d",
                state_bytes, steps / 2);
  console::write(console, line);
  for (const std::string& text : sandbox::describe(scene)) console::write(console, text);
  std::snprintf(line, sizeof line, "energy: %.1f -> %.1f J/kg", energy_before,
                sandbox::total_energy(scene));
  console::write(console, line);
  if (frames_failed > 0) {
    console::write(console, "sandbox: some frames could not be presented");
    return 1;
  }
  return 0;
}
