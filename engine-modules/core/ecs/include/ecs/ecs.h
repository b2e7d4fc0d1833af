// ecs: Core data of the entity-component system and the API its systems implement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// ECS_EXPORT marks the API: modules build with hidden visibility, and the
// build generates this header for every module.
#include "ecs_export.h"

// Marks for modbuild's code generator (modbuild/annotate.h); when modbuild's
// headers are not on the include path the marks are simply empty.
#if __has_include("modbuild/annotate.h")
#include "modbuild/annotate.h"
#else
#define MODBUILD_DATA
#define MODBUILD_API
#define MODBUILD_HOT
#endif

namespace ecs {

/// A handle to an entity: its slot and the slot's generation when the entity
/// was spawned. Once the entity is despawned the slot's generation moves on,
/// so the handle becomes stale and every API call treats it as dead.
struct MODBUILD_DATA Entity {
  std::uint32_t index = 0;
  std::uint32_t generation = 0;

  friend bool operator==(const Entity&, const Entity&) = default;
};

/// Position in world units.
struct MODBUILD_DATA Transform {
  double x = 0.0;
  double y = 0.0;
};

/// Velocity in world units per second.
struct MODBUILD_DATA Velocity {
  double dx = 0.0;
  double dy = 0.0;
};

/// The `Column::sparse` entry of an entity index that has no value.
inline constexpr std::uint32_t kNoValue = 0xffffffffu;

/// Storage of one component type as a sparse set. `values[i]` belongs to
/// `owners[i]`, and `sparse[owners[i].index] == i`; every other entry of
/// `sparse` is kNoValue. `sparse` may be shorter than the slot table.
template <typename T>
struct Column {
  std::vector<std::uint32_t> sparse;
  std::vector<Entity> owners;
  std::vector<T> values;
};

/// One entity slot: the generation of its current (or next) entity.
struct Slot {
  std::uint32_t generation = 0;
  bool alive = false;
};

/// Every entity and component. A despawned entity's slot goes to
/// `free_slots` with its generation advanced, and is reused by a later spawn.
struct MODBUILD_DATA World {
  std::vector<Slot> slots;
  std::vector<std::uint32_t> free_slots;
  Column<Transform> transforms;
  Column<Velocity> velocities;
};

/// Called by for_each_moving with an entity and its two components.
using MovingVisitor = std::function<void(Entity, Transform&, Velocity&)>;

// The contract: implemented by a system such as ecs-sparse.

/// Creates an entity without components, reusing a free slot if there is one.
/// Throws std::length_error when every slot index is in use.
MODBUILD_API ECS_EXPORT Entity spawn_entity(World& world);
/// Destroys `entity` and its components. Returns false (and changes nothing)
/// if the handle is stale.
MODBUILD_API ECS_EXPORT bool despawn_entity(World& world, Entity entity);
/// True if `entity` is a live entity of `world`.
MODBUILD_API MODBUILD_HOT ECS_EXPORT bool is_alive(const World& world, Entity entity);
/// Adds or replaces the entity's transform; false if the handle is stale.
MODBUILD_API ECS_EXPORT bool set_transform(World& world, Entity entity, const Transform& transform);
/// Adds or replaces the entity's velocity; false if the handle is stale.
MODBUILD_API ECS_EXPORT bool set_velocity(World& world, Entity entity, const Velocity& velocity);
/// The entity's transform; nullopt if the handle is stale or it has none.
MODBUILD_API MODBUILD_HOT ECS_EXPORT std::optional<Transform> get_transform(const World& world, Entity entity);
/// The entity's velocity; nullopt if the handle is stale or it has none.
MODBUILD_API MODBUILD_HOT ECS_EXPORT std::optional<Velocity> get_velocity(const World& world, Entity entity);
/// Calls `visit` once for each live entity that has both a transform and a
/// velocity, and returns how many it visited. `visit` may change the two
/// components it is given, but must not spawn, despawn or add components.
MODBUILD_API MODBUILD_HOT ECS_EXPORT std::size_t for_each_moving(World& world, const MovingVisitor& visit);
/// Number of live entities.
MODBUILD_API ECS_EXPORT std::size_t entity_count(const World& world);

// Helpers of the Core module itself, usable without a system. Inline: the
// engine's modules link no other module, and reach another module's code
// only through its table or its headers.

namespace detail {

inline bool is_live(const World& world, Entity entity) {
  return entity.index < world.slots.size() && world.slots[entity.index].alive &&
         world.slots[entity.index].generation == entity.generation;
}

}  // namespace detail

/// A short name for logs: "#<index>v<generation>", e.g. "#3v1".
inline std::string to_string(Entity entity) {
  return "#" + std::to_string(entity.index) + "v" + std::to_string(entity.generation);
}

namespace detail {

template <typename T>
std::optional<std::string> column_violation(const World& world, const Column<T>& column, const std::string& name) {
  const std::string where = name + ": ";
  if (column.owners.size() != column.values.size()) return where + "owners and values differ in length";
  if (column.sparse.size() > world.slots.size()) return where + "sparse index is longer than the slot table";
  for (std::size_t i = 0; i < column.owners.size(); ++i) {
    const Entity owner = column.owners[i];
    if (!is_live(world, owner)) {
      return where + "value " + std::to_string(i) + " belongs to dead entity " + to_string(owner);
    }
    if (owner.index >= column.sparse.size() || column.sparse[owner.index] != i) {
      return where + "sparse index does not point back at value " + std::to_string(i);
    }
  }
  std::size_t indexed = 0;
  for (std::uint32_t position : column.sparse) {
    if (position != kNoValue) ++indexed;
  }
  if (indexed != column.owners.size()) return where + "sparse index has entries without a value";
  return std::nullopt;
}

}  // namespace detail

/// Describes the first broken invariant of `world`'s slots and columns, or
/// returns nullopt if the data is consistent.
inline std::optional<std::string> find_violation(const World& world) {
  std::vector<bool> seen(world.slots.size(), false);
  for (std::uint32_t index : world.free_slots) {
    if (index >= world.slots.size()) return "free slot " + std::to_string(index) + " is out of range";
    if (world.slots[index].alive) return "free slot " + std::to_string(index) + " is alive";
    if (seen[index]) return "free slot " + std::to_string(index) + " is listed twice";
    seen[index] = true;
  }
  std::size_t alive = 0;
  for (const Slot& slot : world.slots) {
    if (slot.alive) ++alive;
  }
  // A dead slot missing from the free list could never be reused.
  if (alive + world.free_slots.size() != world.slots.size()) return "a dead slot is missing from the free list";
  if (auto problem = detail::column_violation(world, world.transforms, "transforms")) return problem;
  return detail::column_violation(world, world.velocities, "velocities");
}

}  // namespace ecs
