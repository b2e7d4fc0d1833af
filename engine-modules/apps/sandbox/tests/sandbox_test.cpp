// sandbox: tests of the scene: spawning, settling under physics, and drawing.
// The scene's code is compiled in; the modules it calls are linked and bound
// as the runtime would bind them (modbuild::StaticLinks).
#include <cmath>
#include <cstdio>
#include <string>
#include <variant>

#include "../src/scene.h"
#include "ecs_api.h"
#include "modbuild/module.h"
#include "physics_api.h"

MODBUILD_DECLARE_MODULE_ENTRY(ecs_sparse);
MODBUILD_DECLARE_MODULE_ENTRY(console_stdio);
MODBUILD_DECLARE_MODULE_ENTRY(physics);

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
  modbuild::StaticLinks links;
  if (const std::string problem =
          links.link({modbuild_module_ecs_sparse(), modbuild_module_console_stdio(), modbuild_module_physics()});
      !problem.empty()) {
    std::printf("FAIL: %s\n", problem.c_str());
    return 1;
  }
  // The test's own calls, as the runtime binds a module's imports.
  modbuild_gen::ecs_api::imported_slot = links.slot("ecs");
  modbuild_gen::physics_api::imported_slot = links.slot("physics");
  const modbuild_gen::ecs_api::SlotProxy ecs = modbuild_gen::ecs_api::api();
  const modbuild_gen::physics_api::SlotProxy physics = modbuild_gen::physics_api::api();

  ecs::World world;
  const physics::Settings settings;
  const std::vector<sandbox::Ball> balls = sandbox::make_scene(world);
  expect(balls.size() == 4 && ecs.entity_count(world) == 4, "the scene has four balls");

  const rendering::Window window{160, 120, "test"};
  rendering::DrawList list = sandbox::draw(world, balls, window);
  expect(list.commands.size() == 5, "the ground and one disc per ball are drawn");
  const auto* ground = std::get_if<rendering::FillRect>(&list.commands.front());
  expect(ground && ground->y == 110.0 && ground->height == 10.0, "the ground fills the bottom twelfth of the window");
  const auto* first = std::get_if<rendering::FillCircle>(&list.commands[1]);
  // Ball 1 has its lowest point at (2, 10), radius 0.6: at 10 px per unit its
  // centre is 20 px from the left, 10 px below the sky top, 6 px up.
  expect(first && first->x == 20.0 && std::fabs(first->y - 4.0) < 1e-9 && first->radius == 6.0,
         "a ball is mapped from world units to pixels");

  const double energy_before = sandbox::total_energy(world, balls, settings);
  for (int i = 0; i < 1200; ++i) physics.step(world, settings, 1.0 / 60.0, nullptr);
  expect(sandbox::total_energy(world, balls, settings) < energy_before / 2, "bouncing loses energy");

  list = sandbox::draw(world, balls, window);
  bool on_ground = list.commands.size() == 5;
  for (std::size_t i = 1; i < list.commands.size(); ++i) {
    const auto* disc = std::get_if<rendering::FillCircle>(&list.commands[i]);
    on_ground = on_ground && disc && std::fabs(disc->y + disc->radius - 110.0) < 1e-9;
  }
  expect(on_ground, "after 20 s every ball is drawn sitting on the ground");

  bool all_resting = true;
  for (const std::string& line : sandbox::describe(world, balls, settings)) {
    all_resting = all_resting && line.find("resting on the ground") != std::string::npos;
  }
  expect(sandbox::describe(world, balls, settings).size() == 4 && all_resting, "every ball is described as resting");

  // The sandbox's own state goes to its next build in the state format.
  expect(modbuild::state::describe(balls[0]).find("\"radius\":0.59999999999999998") != std::string::npos,
         "a ball is described by its fields");

  if (failures == 0) std::puts("sandbox: all tests passed");
  return failures == 0 ? 0 : 1;
}
