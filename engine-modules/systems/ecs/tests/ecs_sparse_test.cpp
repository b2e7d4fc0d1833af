// ecs-sparse: tests of the ecs contract as implemented over sparse sets.
#include <cstdio>
#include <set>
#include <vector>

#include "ecs/ecs.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

void expect_consistent(const ecs::World& world, const char* when) {
  if (auto problem = ecs::find_violation(world)) {
    std::printf("FAIL: world inconsistent %s: %s\n", when, problem->c_str());
    ++failures;
  }
}

}  // namespace

int main() {
  ecs::World world;
  const ecs::Entity a = ecs::spawn_entity(world);
  const ecs::Entity b = ecs::spawn_entity(world);
  const ecs::Entity c = ecs::spawn_entity(world);
  expect(ecs::entity_count(world) == 3, "three spawned entities are counted");
  expect(!(a == b) && !(b == c), "spawned handles are distinct");
  expect(ecs::is_alive(world, a) && ecs::is_alive(world, c), "spawned entities are alive");

  expect(ecs::set_transform(world, a, {1.0, 2.0}), "set_transform on a live entity");
  expect(ecs::set_transform(world, b, {3.0, 4.0}), "set_transform on b");
  expect(ecs::set_transform(world, c, {5.0, 6.0}), "set_transform on c");
  expect(ecs::set_velocity(world, a, {0.5, 0.0}), "set_velocity on a");
  expect(ecs::set_velocity(world, c, {0.0, -1.0}), "set_velocity on c");
  expect(ecs::set_transform(world, a, {1.5, 2.5}), "set_transform replaces a value");
  expect(world.transforms.values.size() == 3, "replacing does not add a value");
  expect(ecs::get_transform(world, a)->x == 1.5, "get_transform returns the latest value");
  expect(!ecs::get_velocity(world, b).has_value(), "b has no velocity");
  expect_consistent(world, "after setting components");

  std::set<std::uint32_t> moved;
  const std::size_t visited = ecs::for_each_moving(
      world, [&](ecs::Entity entity, ecs::Transform& transform, ecs::Velocity& velocity) {
        moved.insert(entity.index);
        transform.x += velocity.dx;
        velocity.dy *= 2.0;
      });
  expect(visited == 2 && moved == std::set<std::uint32_t>{a.index, c.index},
         "for_each_moving visits exactly the entities with both components");
  expect(ecs::get_transform(world, a)->x == 2.0, "the visitor's transform changes are kept");
  expect(ecs::get_velocity(world, c)->dy == -2.0, "the visitor's velocity changes are kept");

  // Despawning the first dense entry moves the last one into its place.
  expect(ecs::despawn_entity(world, a), "despawn a live entity");
  expect(!ecs::is_alive(world, a), "a despawned entity is dead");
  expect(!ecs::despawn_entity(world, a), "despawning twice fails");
  expect(!ecs::set_transform(world, a, {}), "a stale handle cannot be written");
  expect(!ecs::get_transform(world, a).has_value(), "a stale handle has no transform");
  expect(world.transforms.values.size() == 2 && world.velocities.values.size() == 1,
         "despawn removes the entity's components");
  expect(ecs::get_transform(world, c)->y == 6.0, "the swapped-in value keeps its entity");
  expect(ecs::entity_count(world) == 2, "despawn lowers the count");
  expect_consistent(world, "after despawn");

  // The slot is reused with a new generation; the old handle stays stale.
  const ecs::Entity d = ecs::spawn_entity(world);
  expect(d.index == a.index && d.generation == a.generation + 1, "a free slot is reused");
  expect(ecs::is_alive(world, d) && !ecs::is_alive(world, a), "only the new handle is alive");
  expect(!ecs::get_transform(world, d).has_value(), "a reused slot starts without components");

  // Many spawns and despawns keep the columns packed and consistent.
  std::vector<ecs::Entity> crowd;
  for (int i = 0; i < 100; ++i) {
    const ecs::Entity e = ecs::spawn_entity(world);
    ecs::set_transform(world, e, {double(i), 0.0});
    if (i % 3 == 0) ecs::set_velocity(world, e, {1.0, 0.0});
    crowd.push_back(e);
  }
  for (std::size_t i = 0; i < crowd.size(); i += 2) ecs::despawn_entity(world, crowd[i]);
  expect_consistent(world, "after churn");
  expect(ecs::entity_count(world) == 3 + 50, "count after churn");
  bool values_kept = true;
  for (std::size_t i = 1; i < crowd.size(); i += 2) {
    const auto transform = ecs::get_transform(world, crowd[i]);
    values_kept = values_kept && transform && transform->x == double(i);
  }
  expect(values_kept, "surviving entities keep their own values after swap-removes");
  expect(ecs::for_each_moving(world, [](ecs::Entity, ecs::Transform&, ecs::Velocity&) {}) == 1 + 17,
         "for_each_moving after churn: c plus the odd multiples of 3 below 100");

  if (failures == 0) std::puts("ecs-sparse: all tests passed");
  return failures == 0 ? 0 : 1;
}
