// physics: tests of gravity integration, bounces and resting, over ecs-sparse.
// The test links the plugin, ecs-sparse and console-stdio, and binds the
// plugin's calls to them as the runtime would (modbuild::StaticLinks).
#include <cmath>
#include <cstdio>
#include <string>

#include "modbuild/module.h"
#include "physics/physics.h"

#if defined(PHYSICS_TRACE)
#include <iostream>
#include <sstream>

#include "console/console.h"
#endif

MODBUILD_DECLARE_MODULE_ENTRY(physics);
MODBUILD_DECLARE_MODULE_ENTRY(ecs_sparse);
#if defined(PHYSICS_TRACE)
// The trace option brings console-stdio in, for the plugin's trace lines.
MODBUILD_DECLARE_MODULE_ENTRY(console_stdio);
#endif

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

ecs::Entity body(ecs::World& world, ecs::Transform transform, ecs::Velocity velocity) {
  const ecs::Entity entity = ecs::spawn_entity(world);
  ecs::set_transform(world, entity, transform);
  ecs::set_velocity(world, entity, velocity);
  return entity;
}

void test_free_fall() {
  ecs::World world;
  const physics::Settings settings;
  const ecs::Entity ball = body(world, {0.0, 10.0}, {2.0, 0.0});
  const ecs::Entity wall = ecs::spawn_entity(world);
  ecs::set_transform(world, wall, {5.0, 5.0});

  const double dt = 1.0 / 60.0;
  physics::StepStats stats;
  for (int i = 0; i < 30; ++i) stats = physics::step(world, settings, dt, nullptr);
  // Semi-implicit Euler from rest: v_n = g dt n, y_n = y_0 + g dt^2 n (n + 1) / 2.
  const ecs::Transform t = *ecs::get_transform(world, ball);
  const ecs::Velocity v = *ecs::get_velocity(world, ball);
  expect(near(v.dy, settings.gravity * dt * 30), "gravity accelerates the body");
  expect(near(t.y, 10.0 + settings.gravity * dt * dt * 30 * 31 / 2), "the body falls");
  expect(near(t.x, 1.0) && near(v.dx, 2.0), "horizontal motion is uniform");
  expect(stats.bodies == 1 && stats.bounces == 0, "one body moved, nothing bounced");
  expect(ecs::get_transform(world, wall)->y == 5.0, "an entity without velocity does not move");

  const physics::StepStats none = physics::step(world, settings, 0.0, nullptr);
  expect(none.bodies == 0 && ecs::get_transform(world, ball)->y == t.y, "dt = 0 changes nothing");
}

void test_bounce_and_rest() {
  ecs::World world;
  const physics::Settings settings;
  const ecs::Entity fast = body(world, {0.0, 0.01}, {0.0, -5.0});
  const ecs::Entity slow = body(world, {1.0, 0.001}, {0.0, -0.1});

  physics::StepStats stats = physics::step(world, settings, 0.01, nullptr);
  const double impact = 5.0 - settings.gravity * 0.01;
  expect(stats.bounces == 1 && stats.landings == 1, "one body bounced, one landed");
  expect(ecs::get_transform(world, fast)->y == 0.0, "a bouncing body is put back on the ground");
  expect(near(ecs::get_velocity(world, fast)->dy, impact * settings.restitution),
         "a bounce reverses the speed, scaled by restitution");
  expect(ecs::get_transform(world, slow)->y == 0.0 && ecs::get_velocity(world, slow)->dy == 0.0,
         "a slow impact stops the body on the ground");

  stats = physics::step(world, settings, 0.01, nullptr);
  expect(stats.landings == 0 && ecs::get_transform(world, slow)->y == 0.0,
         "a resting body stays on the ground without landing again");
}

void test_energy_decays() {
  ecs::World world;
  const physics::Settings settings;
  const ecs::Entity ball = body(world, {0.0, 5.0}, {0.5, 0.0});
  double previous =
      physics::energy(*ecs::get_transform(world, ball), *ecs::get_velocity(world, ball), settings);
  const double initial = previous;
  bool never_gains = true;
  bool above_ground = true;
  std::size_t bounces = 0;
  for (int i = 0; i < 2000; ++i) {
    bounces += physics::step(world, settings, 1.0 / 60.0, nullptr).bounces;
    const ecs::Transform t = *ecs::get_transform(world, ball);
    const double now = physics::energy(t, *ecs::get_velocity(world, ball), settings);
    never_gains = never_gains && now <= previous + 1e-12;
    above_ground = above_ground && t.y >= settings.ground_y;
    previous = now;
  }
  expect(never_gains, "the body never gains energy");
  expect(above_ground, "the body never ends a step below the ground");
  expect(bounces >= 4, "a body dropped from 5 units bounces several times");
  expect(ecs::get_transform(world, ball)->y == 0.0 && ecs::get_velocity(world, ball)->dy == 0.0,
         "the body comes to rest");
  expect(near(previous, 0.5 * 0.5 * 0.5) && previous < initial,
         "only the horizontal kinetic energy is left");
}

void test_trace() {
#if defined(PHYSICS_TRACE)
  expect(physics::trace_enabled(), "a PHYSICS_TRACE build reports the trace option");
  std::ostringstream echoed;
  std::streambuf* const original = std::cout.rdbuf(echoed.rdbuf());
  console::Console log;
  const physics::Settings settings;
  ecs::World world;
  body(world, {2.0, 0.01}, {0.0, -5.0});
  physics::step(world, settings, 0.01, &log);
  std::cout.rdbuf(original);
  expect(log.scrollback.size() == 1 &&
             log.scrollback.front() == "physics: #0v0 bounced at x=2.00, leaving at 3.57/s",
         "a bounce is logged to the trace console");
#else
  expect(!physics::trace_enabled(), "a build without PHYSICS_TRACE reports no trace option");
#endif
}

}  // namespace

int main() {
  modbuild::StaticLinks links;
  if (const std::string problem = links.link({modbuild_module_ecs_sparse(),
#if defined(PHYSICS_TRACE)
                                              modbuild_module_console_stdio(),
#endif
                                              modbuild_module_physics()});
      !problem.empty()) {
    std::printf("FAIL: %s\n", problem.c_str());
    return 1;
  }
  test_free_fall();
  test_bounce_and_rest();
  test_energy_decays();
  test_trace();
  if (failures == 0) {
    std::printf("physics: all tests passed (trace option %s)\n",
                physics::trace_enabled() ? "on" : "off");
  }
  return failures == 0 ? 0 : 1;
}
