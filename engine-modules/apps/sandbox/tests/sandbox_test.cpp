// sandbox: tests of the scene: spawning, settling under physics, and drawing.
#include <cmath>
#include <cstdio>
#include <string>
#include <variant>

#include "../src/scene.h"

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
  sandbox::Scene scene = sandbox::make_scene();
  expect(scene.balls.size() == 4 && ecs::entity_count(scene.world) == 4,
         "the scene has four balls");

  const rendering::Window window{160, 120, "test"};
  rendering::DrawList list = sandbox::draw(scene, window);
  expect(list.commands.size() == 5, "the ground and one disc per ball are drawn");
  const auto* ground = std::get_if<rendering::FillRect>(&list.commands.front());
  expect(ground && ground->y == 110.0 && ground->height == 10.0,
         "the ground fills the bottom twelfth of the window");
  const auto* first = std::get_if<rendering::FillCircle>(&list.commands[1]);
  // Ball 1 has its lowest point at (2, 10), radius 0.6: at 10 px per unit its
  // centre is 20 px from the left, 10 px below the sky top, 6 px up.
  expect(first && first->x == 20.0 && std::fabs(first->y - 4.0) < 1e-9 && first->radius == 6.0,
         "a ball is mapped from world units to pixels");

  const double energy_before = sandbox::total_energy(scene);
  for (int i = 0; i < 1200; ++i) physics::step(scene.world, scene.physics, 1.0 / 60.0);
  expect(sandbox::total_energy(scene) < energy_before / 2, "bouncing loses energy");

  list = sandbox::draw(scene, window);
  bool on_ground = list.commands.size() == 5;
  for (std::size_t i = 1; i < list.commands.size(); ++i) {
    const auto* disc = std::get_if<rendering::FillCircle>(&list.commands[i]);
    on_ground = on_ground && disc && std::fabs(disc->y + disc->radius - 110.0) < 1e-9;
  }
  expect(on_ground, "after 20 s every ball is drawn sitting on the ground");

  bool all_resting = true;
  for (const std::string& line : sandbox::describe(scene)) {
    all_resting = all_resting && line.find("resting on the ground") != std::string::npos;
  }
  expect(sandbox::describe(scene).size() == 4 && all_resting, "every ball is described as resting");

  if (failures == 0) std::puts("sandbox: all tests passed");
  return failures == 0 ? 0 : 1;
}
