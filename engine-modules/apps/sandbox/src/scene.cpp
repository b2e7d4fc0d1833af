// sandbox: builds, draws and describes the bouncing-ball scene.
#include "scene.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "ecs_api.h"
#include "physics_api.h"

namespace sandbox {

namespace {

namespace ecs_api = modbuild_gen::ecs_api;

struct BallSpec {
  ecs::Transform start;
  ecs::Velocity velocity;
  double radius;
  std::uint32_t color;
};

constexpr BallSpec kBalls[] = {
    {{2.0, 10.0}, {0.8, 0.0}, 0.6, 0xe04040},
    {{5.0, 7.0}, {0.3, 3.0}, 0.5, 0xf0a030},
    {{9.0, 4.0}, {-0.4, 6.0}, 0.7, 0x40c060},
    {{13.0, 9.0}, {-0.6, -2.0}, 0.5, 0x4070e0},
};

constexpr std::uint32_t kSky = 0x080c14;
constexpr std::uint32_t kGround = 0x806040;

}  // namespace

std::vector<Ball> make_scene(ecs::World& world) {
  const ecs_api::SlotProxy ecs = ecs_api::api();
  std::vector<Ball> balls;
  for (const BallSpec& spec : kBalls) {
    const ecs::Entity entity = ecs.spawn_entity(world);
    ecs.set_transform(world, entity, spec.start);
    ecs.set_velocity(world, entity, spec.velocity);
    balls.push_back({entity, spec.radius, rendering::rgb(spec.color)});
  }
  return balls;
}

rendering::DrawList draw(const ecs::World& world, const std::vector<Ball>& balls, const rendering::Window& window) {
  const double scale_x = window.width / kWorldWidth;
  const double scale_y = window.height / (kSkyTop - kGroundDepth);
  const double ground_top = kSkyTop * scale_y;

  rendering::DrawList list;
  list.background = rendering::rgb(kSky);
  list.commands.push_back(rendering::FillRect{0.0, ground_top, static_cast<double>(window.width),
                                              window.height - ground_top, rendering::rgb(kGround)});
  for (const Ball& ball : balls) {
    const auto transform = ecs_api::api().get_transform(world, ball.entity);
    if (!transform) continue;
    // One radius for both axes keeps balls round in a window of another aspect.
    const double radius = ball.radius * std::min(scale_x, scale_y);
    list.commands.push_back(rendering::FillCircle{
        transform->x * scale_x, (kSkyTop - transform->y) * scale_y - radius, radius, ball.color});
  }
  return list;
}

std::vector<std::string> describe(const ecs::World& world, const std::vector<Ball>& balls,
                                  const physics::Settings& settings) {
  const ecs_api::SlotProxy ecs = ecs_api::api();
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < balls.size(); ++i) {
    const ecs::Entity entity = balls[i].entity;
    const auto transform = ecs.get_transform(world, entity);
    const auto velocity = ecs.get_velocity(world, entity);
    if (!transform || !velocity) continue;
    const bool resting = transform->y <= settings.ground_y && velocity->dy == 0.0;
    char line[128];
    std::snprintf(line, sizeof line, "ball %zu (%s): x=%.2f y=%.2f, %s", i + 1, ecs::to_string(entity).c_str(),
                  transform->x, transform->y, resting ? "resting on the ground" : "in the air");
    lines.emplace_back(line);
  }
  return lines;
}

double total_energy(const ecs::World& world, const std::vector<Ball>& balls, const physics::Settings& settings) {
  const ecs_api::SlotProxy ecs = ecs_api::api();
  double total = 0.0;
  for (const Ball& ball : balls) {
    const auto transform = ecs.get_transform(world, ball.entity);
    const auto velocity = ecs.get_velocity(world, ball.entity);
    if (transform && velocity) total += modbuild_gen::physics_api::api().energy(*transform, *velocity, settings);
  }
  return total;
}

}  // namespace sandbox
