// physics: gravity integration and ground bounces over the ECS contract,
// which it calls through the slot the runtime binds.
#include "physics/physics.h"

#include "ecs_api.h"

#if defined(PHYSICS_TRACE)
#include <cstdio>

#include "console/console.h"
#include "console_api.h"
#endif

namespace physics {

namespace {

#if defined(PHYSICS_TRACE)
void trace_contact(console::Console* trace, ecs::Entity entity, const ecs::Transform& transform, double speed_out) {
  if (trace == nullptr) return;
  char line[160];
  if (speed_out > 0.0) {
    std::snprintf(line, sizeof line, "physics: %s bounced at x=%.2f, leaving at %.2f/s", ecs::to_string(entity).c_str(),
                  transform.x, speed_out);
  } else {
    std::snprintf(line, sizeof line, "physics: %s came to rest at x=%.2f", ecs::to_string(entity).c_str(), transform.x);
  }
  modbuild_gen::console_api::api().write(*trace, line);
}
#endif

}  // namespace

StepStats step(ecs::World& world, const Settings& settings, double dt, console::Console* trace) {
  StepStats stats;
  if (!(dt > 0.0)) return stats;
#if !defined(PHYSICS_TRACE)
  (void)trace;
#endif
  stats.bodies = modbuild_gen::ecs_api::api().for_each_moving(
      world, [&](ecs::Entity entity, ecs::Transform& transform, ecs::Velocity& velocity) {
        // The ground holds a resting body against gravity; without this it
        // would sink and land again on every step.
        if (transform.y <= settings.ground_y && velocity.dy == 0.0 && settings.gravity <= 0.0) {
          transform.x += velocity.dx * dt;
          transform.y = settings.ground_y;
          return;
        }
        // Updating the velocity before the position (semi-implicit Euler)
        // makes free flight lose, never gain, a little energy, so no body
        // bounces higher than it fell from.
        velocity.dy += settings.gravity * dt;
        transform.x += velocity.dx * dt;
        transform.y += velocity.dy * dt;
        if (transform.y >= settings.ground_y) return;

        transform.y = settings.ground_y;
        if (velocity.dy >= 0.0) return;
        const double speed_out = -velocity.dy * settings.restitution;
        // Without a rest threshold a body would make ever smaller bounces,
        // one every few steps, and never settle.
        const bool bounces = speed_out >= settings.rest_speed;
        velocity.dy = bounces ? speed_out : 0.0;
        if (bounces) {
          ++stats.bounces;
        } else {
          ++stats.landings;
        }
#if defined(PHYSICS_TRACE)
        trace_contact(trace, entity, transform, velocity.dy);
#else
        (void)entity;
#endif
      });
  return stats;
}

double energy(const ecs::Transform& transform, const ecs::Velocity& velocity, const Settings& settings) {
  const double kinetic = 0.5 * (velocity.dx * velocity.dx + velocity.dy * velocity.dy);
  const double potential = -settings.gravity * (transform.y - settings.ground_y);
  return kinetic + potential;
}

bool trace_enabled() {
#if defined(PHYSICS_TRACE)
  return true;
#else
  return false;
#endif
}

}  // namespace physics
