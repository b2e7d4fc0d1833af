// sandbox: the bouncing-ball scene, shared by the application and its test.
#pragma once

#include <string>
#include <vector>

#include "ecs/ecs.h"
#include "physics/physics.h"
#include "rendering/rendering.h"

namespace sandbox {

/// Visible world: x in [0, kWorldWidth], y in [kGroundDepth, kSkyTop]; the
/// ground line is y = 0 and the band below it is drawn as ground.
inline constexpr double kWorldWidth = 16.0;
inline constexpr double kSkyTop = 11.0;
inline constexpr double kGroundDepth = -1.0;

/// A ball: its entity, whose Transform is the ball's lowest point (so it
/// rests on the ground line), and how it looks.
struct Ball {
  ecs::Entity entity;
  double radius = 0.5;
  rendering::Color color;
};

/// Everything the application simulates.
struct Scene {
  ecs::World world;
  std::vector<Ball> balls;
  physics::Settings physics;
};

/// Four balls dropped or thrown from different heights, moving sideways.
Scene make_scene();
/// The sky, the ground and the balls, scaled to fill `window`.
rendering::DrawList draw(const Scene& scene, const rendering::Window& window);
/// One line per ball: its entity, position and whether it still bounces.
std::vector<std::string> describe(const Scene& scene);
/// Sum of the balls' mechanical energy per unit mass (see physics::energy).
double total_energy(const Scene& scene);

}  // namespace sandbox
