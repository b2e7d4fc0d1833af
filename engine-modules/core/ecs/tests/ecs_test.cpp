// ecs: tests of the Core helpers, on World data built by hand (no system).
#include <cstdio>
#include <string>

#include "ecs/ecs.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

// Two slots: #0v0 alive with a transform, slot 1 dead at generation 1.
ecs::World consistent_world() {
  ecs::World world;
  world.slots = {{0, true}, {1, false}};
  world.free_slots = {1};
  world.transforms.sparse = {0};
  world.transforms.owners = {{0, 0}};
  world.transforms.values = {{1.0, 2.0}};
  return world;
}

}  // namespace

int main() {
  expect(ecs::to_string({3, 1}) == "#3v1", "to_string names index and generation");
  expect(ecs::to_string({}) == "#0v0", "to_string of a default handle");

  expect(!ecs::find_violation(ecs::World{}).has_value(), "an empty world is consistent");
  expect(!ecs::find_violation(consistent_world()).has_value(), "a hand-built world is consistent");

  {
    ecs::World world = consistent_world();
    world.free_slots.clear();
    expect(ecs::find_violation(world).has_value(), "a dead slot missing from the free list");
  }
  {
    ecs::World world = consistent_world();
    world.free_slots.push_back(1);
    world.slots.push_back({0, true});
    auto problem = ecs::find_violation(world);
    expect(problem && problem->find("twice") != std::string::npos, "a free slot listed twice");
  }
  {
    ecs::World world = consistent_world();
    world.transforms.owners[0] = {0, 7};
    auto problem = ecs::find_violation(world);
    expect(problem && problem->find("dead entity #0v7") != std::string::npos,
           "a value owned by a stale handle");
  }
  {
    ecs::World world = consistent_world();
    world.velocities.sparse = {ecs::kNoValue, 0};
    expect(ecs::find_violation(world).has_value(), "a sparse entry without a value");
  }
  {
    ecs::World world = consistent_world();
    world.transforms.values.push_back({});
    auto problem = ecs::find_violation(world);
    expect(problem && problem->rfind("transforms:", 0) == 0, "columns of different lengths");
  }

  if (failures == 0) std::puts("ecs: all tests passed");
  return failures == 0 ? 0 : 1;
}
