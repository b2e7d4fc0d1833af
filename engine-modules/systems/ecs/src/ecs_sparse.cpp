// ecs-sparse: implements the ecs contract over the World's sparse-set columns.
#include <stdexcept>
#include <utility>

#include "ecs/ecs.h"

namespace ecs {

namespace {

template <typename T>
const T* find(const Column<T>& column, Entity entity) {
  if (entity.index >= column.sparse.size()) return nullptr;
  const std::uint32_t position = column.sparse[entity.index];
  return position == kNoValue ? nullptr : &column.values[position];
}

template <typename T>
T* find(Column<T>& column, Entity entity) {
  return const_cast<T*>(find(std::as_const(column), entity));
}

template <typename T>
void put(Column<T>& column, Entity entity, const T& value) {
  if (entity.index >= column.sparse.size()) column.sparse.resize(entity.index + 1, kNoValue);
  std::uint32_t& position = column.sparse[entity.index];
  if (position != kNoValue) {
    column.values[position] = value;
    return;
  }
  position = static_cast<std::uint32_t>(column.values.size());
  column.owners.push_back(entity);
  column.values.push_back(value);
}

// Moves the last value into the hole so the dense arrays stay packed.
template <typename T>
void erase(Column<T>& column, std::uint32_t index) {
  if (index >= column.sparse.size() || column.sparse[index] == kNoValue) return;
  const std::uint32_t position = column.sparse[index];
  const std::size_t last = column.values.size() - 1;
  if (position != last) {
    column.values[position] = std::move(column.values[last]);
    column.owners[position] = column.owners[last];
    column.sparse[column.owners[position].index] = position;
  }
  column.values.pop_back();
  column.owners.pop_back();
  column.sparse[index] = kNoValue;
}

}  // namespace

Entity spawn_entity(World& world) {
  if (!world.free_slots.empty()) {
    const std::uint32_t index = world.free_slots.back();
    world.free_slots.pop_back();
    world.slots[index].alive = true;
    return {index, world.slots[index].generation};
  }
  // kNoValue marks "no value" in the sparse index, so it cannot be an index.
  if (world.slots.size() >= kNoValue) throw std::length_error("ecs: every entity slot is in use");
  world.slots.push_back({0, true});
  return {static_cast<std::uint32_t>(world.slots.size() - 1), 0};
}

bool despawn_entity(World& world, Entity entity) {
  if (!is_alive(world, entity)) return false;
  erase(world.transforms, entity.index);
  erase(world.velocities, entity.index);
  Slot& slot = world.slots[entity.index];
  slot.alive = false;
  ++slot.generation;
  world.free_slots.push_back(entity.index);
  return true;
}

bool is_alive(const World& world, Entity entity) {
  return entity.index < world.slots.size() && world.slots[entity.index].alive &&
         world.slots[entity.index].generation == entity.generation;
}

bool set_transform(World& world, Entity entity, const Transform& transform) {
  if (!is_alive(world, entity)) return false;
  put(world.transforms, entity, transform);
  return true;
}

bool set_velocity(World& world, Entity entity, const Velocity& velocity) {
  if (!is_alive(world, entity)) return false;
  put(world.velocities, entity, velocity);
  return true;
}

std::optional<Transform> get_transform(const World& world, Entity entity) {
  if (!is_alive(world, entity)) return std::nullopt;
  const Transform* transform = find(world.transforms, entity);
  return transform ? std::optional(*transform) : std::nullopt;
}

std::optional<Velocity> get_velocity(const World& world, Entity entity) {
  if (!is_alive(world, entity)) return std::nullopt;
  const Velocity* velocity = find(world.velocities, entity);
  return velocity ? std::optional(*velocity) : std::nullopt;
}

std::size_t for_each_moving(World& world, const MovingVisitor& visit) {
  Column<Transform>& transforms = world.transforms;
  Column<Velocity>& velocities = world.velocities;
  std::size_t visited = 0;
  // Walk the shorter dense array and probe the other through its sparse index.
  if (velocities.values.size() <= transforms.values.size()) {
    for (std::size_t i = 0; i < velocities.values.size(); ++i) {
      const Entity entity = velocities.owners[i];
      if (Transform* transform = find(transforms, entity)) {
        visit(entity, *transform, velocities.values[i]);
        ++visited;
      }
    }
  } else {
    for (std::size_t i = 0; i < transforms.values.size(); ++i) {
      const Entity entity = transforms.owners[i];
      if (Velocity* velocity = find(velocities, entity)) {
        visit(entity, transforms.values[i], *velocity);
        ++visited;
      }
    }
  }
  return visited;
}

std::size_t entity_count(const World& world) {
  return world.slots.size() - world.free_slots.size();
}

}  // namespace ecs
