// ecs: helpers over the Core data that need no system.
#include "ecs/ecs.h"

#include <string_view>

namespace ecs {

namespace {

bool is_live(const World& world, Entity entity) {
  return entity.index < world.slots.size() && world.slots[entity.index].alive &&
         world.slots[entity.index].generation == entity.generation;
}

template <typename T>
std::optional<std::string> column_violation(const World& world, const Column<T>& column,
                                            std::string_view name) {
  const std::string where = std::string(name) + ": ";
  if (column.owners.size() != column.values.size()) {
    return where + "owners and values differ in length";
  }
  if (column.sparse.size() > world.slots.size()) {
    return where + "sparse index is longer than the slot table";
  }
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
  if (indexed != column.owners.size()) {
    return where + "sparse index has entries without a value";
  }
  return std::nullopt;
}

}  // namespace

std::string to_string(Entity entity) {
  return "#" + std::to_string(entity.index) + "v" + std::to_string(entity.generation);
}

std::optional<std::string> find_violation(const World& world) {
  std::vector<bool> seen(world.slots.size(), false);
  for (std::uint32_t index : world.free_slots) {
    if (index >= world.slots.size()) {
      return "free slot " + std::to_string(index) + " is out of range";
    }
    if (world.slots[index].alive) {
      return "free slot " + std::to_string(index) + " is alive";
    }
    if (seen[index]) {
      return "free slot " + std::to_string(index) + " is listed twice";
    }
    seen[index] = true;
  }
  std::size_t alive = 0;
  for (const Slot& slot : world.slots) {
    if (slot.alive) ++alive;
  }
  // A dead slot missing from the free list could never be reused.
  if (alive + world.free_slots.size() != world.slots.size()) {
    return "a dead slot is missing from the free list";
  }
  if (auto problem = column_violation(world, world.transforms, "transforms")) return problem;
  return column_violation(world, world.velocities, "velocities");
}

}  // namespace ecs
