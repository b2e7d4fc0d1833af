// sandbox: the bouncing-ball scene, shared by the application and its test.
//
// The scene calls ECS, physics and rendering only through the slots the
// runtime binds (modbuild_gen::<contract>_api::api()); the World is Core
// data that the runtime owns, so that it survives reloads of every module.
#pragma once

#include <string>
#include <vector>

#include "ecs/ecs.h"
#include "modbuild/state.h"
#include "physics/physics.h"
#include "rendering/rendering.h"
// Fields<> of the Core data the sandbox keeps in its own state.
#include "ecs_state.h"
#include "rendering_state.h"

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

/// Four balls dropped or thrown from different heights, moving sideways,
/// spawned into `world`.
std::vector<Ball> make_scene(ecs::World& world);
/// The sky, the ground and the balls, scaled to fill `window`.
rendering::DrawList draw(const ecs::World& world, const std::vector<Ball>& balls, const rendering::Window& window);
/// One line per ball: its entity, position and whether it still bounces.
std::vector<std::string> describe(const ecs::World& world, const std::vector<Ball>& balls,
                                  const physics::Settings& settings);
/// Sum of the balls' mechanical energy per unit mass (see physics::energy).
double total_energy(const ecs::World& world, const std::vector<Ball>& balls, const physics::Settings& settings);

}  // namespace sandbox

/// A ball in the sandbox's own state, which a new build of the sandbox gets
/// from the old one on a reload (modbuild/state.h matches it by field name).
template <>
struct modbuild::state::Fields<sandbox::Ball> {
  static constexpr std::string_view name = "sandbox::Ball";
  template <class Visitor, class Struct>
  static void visit(Visitor& visitor, Struct& value) {
    visitor.field("entity", "ecs::Entity", value.entity);
    visitor.field("radius", "double", value.radius);
    visitor.field("color", "rendering::Color", value.color);
  }
};
