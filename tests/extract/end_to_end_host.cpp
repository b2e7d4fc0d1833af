// The host side of the codegen end-to-end test: loads system shared
// libraries, binds them through the generated proxies, calls them, and
// round-trips Core data through the generated serializers.
//
//   host <libecs-sparse.so> <librender-raster.so> <librender-ascii.so> [<lib built against another layout>]
#include <dlfcn.h>

#include <cstdio>
#include <string>

#include "ecs_api.h"
#include "ecs_state.h"
#include "rendering_api.h"
#include "rendering_state.h"

namespace {

int failures = 0;

void expect(bool condition, const std::string& what) {
  if (!condition) {
    std::fprintf(stderr, "FAILED: %s\n", what.c_str());
    ++failures;
  }
}

const ModbuildModuleInfo* load(const std::string& path, const std::string& module) {
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), dlerror());
    return nullptr;
  }
  std::string symbol = "modbuild_module_" + module;
  for (char& c : symbol) c = c == '-' ? '_' : c;
  auto entry = reinterpret_cast<const ModbuildModuleInfo* (*)()>(dlsym(library, symbol.c_str()));
  return entry ? entry() : nullptr;
}

void exercise_ecs(const std::string& path) {
  const ModbuildModuleInfo* info = load(path, "ecs-sparse");
  expect(info != nullptr, "ecs-sparse exports its entry point");
  if (!info) return;
  expect(std::string(info->module) == "ecs-sparse" && info->exported != nullptr && std::string(info->exported->contract) == "ecs", "the entry point says who it is");
  std::string why;
  const auto* table = modbuild_gen::ecs_api::Proxy::bind(*info, &why);
  expect(table != nullptr, "ecs-sparse binds: " + why);
  if (!table) return;
  modbuild_gen::ecs_api::Proxy ecs(*table);

  ecs::World world;
  const ecs::Entity a = ecs.spawn_entity(world);
  const ecs::Entity b = ecs.spawn_entity(world);
  ecs.set_transform(world, a, {1.0, 2.0});
  ecs.set_velocity(world, a, {0.5, -1.0});
  ecs.set_transform(world, b, {7.0, 7.0});
  ecs.despawn_entity(world, b);
  expect(ecs.entity_count(world) == 1, "one entity is alive");
  const std::size_t moved = ecs.for_each_moving(world, [](ecs::Entity, ecs::Transform& t, ecs::Velocity& v) {
    t.x += v.dx;
    t.y += v.dy;
  });
  expect(moved == 1, "one entity moves");

  // A reload: the state goes out through the serializer and comes back.
  const std::string saved = modbuild::state::save(world);
  ecs::World reloaded;
  const modbuild::state::LoadResult result = modbuild::state::load(saved, reloaded);
  expect(result.ok, "the world loads back: " + result.error);
  expect(ecs.is_alive(reloaded, a) && !ecs.is_alive(reloaded, b), "liveness survives the reload");
  const auto transform = ecs.get_transform(reloaded, a);
  expect(transform && transform->x == 1.5 && transform->y == 1.0, "the moved transform survives the reload");
  expect(reloaded.free_slots == world.free_slots, "the free list survives the reload");
}

void exercise_rendering(const std::string& path, const std::string& module) {
  const ModbuildModuleInfo* info = load(path, module);
  expect(info != nullptr, module + " exports its entry point");
  if (!info) return;
  std::string why;
  // Both backends bind to the one generated table type of the contract.
  const modbuild_gen::rendering_api::Table* table = modbuild_gen::rendering_api::Proxy::bind(*info, &why);
  expect(table != nullptr, module + " binds: " + why);
  if (!table) return;
  modbuild_gen::rendering_api::Proxy rendering(*table);
  const rendering::Window window = rendering.create_window(8, 4, "test");
  rendering::DrawList list;
  list.background = {10, 20, 30};
  list.commands.push_back(rendering::FillRect{0, 0, 4, 4, {255, 0, 0}});
  list.commands.push_back(rendering::FillCircle{6, 2, 1, {0, 255, 0}});
  rendering::RenderTarget target;
  rendering.render_frame(window, list, target);
  expect(target.width == 8 && target.height == 4 && target.pixels.size() == 96, module + " renders the frame");
  expect(target.pixels[0] == 255 && target.pixels[1] == 0, module + " draws the rectangle");

  rendering::DrawList back;
  const auto result = modbuild::state::load(modbuild::state::save(list), back);
  expect(result.ok && back.commands.size() == 2 &&
             std::get<rendering::FillCircle>(back.commands[1]).radius == 1.0,
         "a draw list with variants survives the round trip: " + result.error);
}

void expect_refused(const std::string& path) {
  const ModbuildModuleInfo* info = load(path, "ecs-sparse");
  expect(info != nullptr, "the changed module exports its entry point");
  if (!info) return;
  std::string why;
  expect(modbuild_gen::ecs_api::Proxy::bind(*info, &why) == nullptr, "a module built against another layout is refused");
  std::printf("refused: %s\n", why.c_str());
  expect(why == "the layout of 'ecs::Transform' differs from the module's", "the refusal names the struct: " + why);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  exercise_ecs(argv[1]);
  exercise_rendering(argv[2], "render-raster");
  exercise_rendering(argv[3], "render-ascii");
  if (argc > 4) expect_refused(argv[4]);
  if (failures == 0) std::printf("ok\n");
  return failures == 0 ? 0 : 1;
}
