// ecs: tests of the Core helpers, on World data built by hand (no system),
// and of the World's state format generated from this module's header.
#include <cstdio>
#include <string>
#include <string_view>

#include "ecs/ecs.h"
#include "ecs_state.h"

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

  {
    // What a hot reload does: save, then load into a fresh World.
    const ecs::World world = consistent_world();
    const std::string bytes = modbuild::state::save(world);
    ecs::World restored;
    const modbuild::state::LoadResult loaded = modbuild::state::load(bytes, restored);
    expect(loaded.ok, "a saved world loads");
    expect(!ecs::find_violation(restored).has_value() && restored.slots.size() == 2 &&
               restored.free_slots == world.free_slots && restored.transforms.owners.size() == 1 &&
               restored.transforms.values.size() == 1 && restored.transforms.values[0].x == 1.0 &&
               restored.transforms.values[0].y == 2.0,
           "the restored world is the saved one");
    ecs::World untouched = consistent_world();
    const modbuild::state::LoadResult truncated =
        modbuild::state::load(std::string_view(bytes).substr(0, bytes.size() / 2), untouched);
    expect(!truncated.ok && !truncated.error.empty(), "truncated state is refused with a reason");
  }

  if (failures == 0) std::puts("ecs: all tests passed");
  return failures == 0 ? 0 : 1;
}
