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

// Helpers of the Core module itself, usable without a system.

/// A short name for logs: "#<index>v<generation>", e.g. "#3v1".
ECS_EXPORT std::string to_string(Entity entity);
/// Describes the first broken invariant of `world`'s slots and columns, or
/// returns nullopt if the data is consistent.
ECS_EXPORT std::optional<std::string> find_violation(const World& world);

}  // namespace ecs
