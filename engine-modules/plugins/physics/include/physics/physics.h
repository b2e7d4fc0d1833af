// physics: the plugin's API for moving ECS bodies under gravity above a bouncy ground.
//
// The plugin fills its own table with these functions: other modules call
// them through modbuild_gen::physics_api::api(), which the runtime binds,
// so that a new build of the plugin can replace the running one.
#pragma once

#include <cstddef>

#include "console/console.h"
#include "ecs/ecs.h"

// PHYSICS_EXPORT marks the API: modules build with hidden visibility, and the
// build generates this header for every module.
#include "physics_export.h"

// Marks for modbuild's code generator (modbuild/annotate.h); when modbuild's
// headers are not on the include path the marks are simply empty.
#if __has_include("modbuild/annotate.h")
#include "modbuild/annotate.h"
#else
#define MODBUILD_DATA
#define MODBUILD_API
#define MODBUILD_HOT
#endif

namespace physics {

/// Simulation parameters, in world units with y pointing up. A body is the
/// point given by its Transform; callers with round bodies place that point at
/// the body's lowest point.
struct MODBUILD_DATA Settings {
  /// Vertical acceleration, units/s^2 (negative pulls down).
  double gravity = -9.81;
  /// Height of the ground line; bodies never end a step below it.
  double ground_y = 0.0;
  /// Fraction of the vertical speed a bounce keeps, in 0..1.
  double restitution = 0.7;
  /// A bounce that would leave the ground slower than this, units/s, stops
  /// the body's vertical motion instead: the body comes to rest.
  double rest_speed = 0.5;
};

/// What one step did.
struct MODBUILD_DATA StepStats {
  /// Bodies moved: entities with both a Transform and a Velocity.
  std::size_t bodies = 0;
  /// Bodies that hit the ground and bounced back up.
  std::size_t bounces = 0;
  /// Bodies that hit the ground too slowly to bounce and came to rest.
  std::size_t landings = 0;
};

/// Advances every body of `world` by `dt` seconds: semi-implicit Euler under
/// gravity, then a body below the ground is put back on it with its downward
/// speed reversed and scaled by `restitution` (or zeroed if that is slower
/// than `rest_speed`). A step with `dt <= 0` changes nothing. With the
/// `trace` option (built with PHYSICS_TRACE), every bounce and landing is
/// written to `trace` when it is not null.
MODBUILD_API MODBUILD_HOT PHYSICS_EXPORT StepStats step(ecs::World& world, const Settings& settings, double dt,
                                                        console::Console* trace);

/// Mechanical energy per unit mass of one body: kinetic plus potential above
/// the ground line. Bounces and landings lose energy; free flight keeps it
/// (up to integration error).
MODBUILD_API PHYSICS_EXPORT double energy(const ecs::Transform& transform, const ecs::Velocity& velocity,
                                          const Settings& settings);

/// True if this build has the `trace` option.
MODBUILD_API PHYSICS_EXPORT bool trace_enabled();

}  // namespace physics
