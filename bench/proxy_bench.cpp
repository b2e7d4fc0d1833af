// A call through the runtime's slot and through the generated proxy against
// the other ways modules could call each other: a direct call, a plain
// function pointer, a virtual call, and a message whose arguments are
// serialized and dispatched by name (the engine's earlier design). The callee is ecs-sparse's is_alive, compiled in
// another translation unit, so that no variant can be inlined away; the
// generated table and entry point come from modbuild-gen at build time.
#include <benchmark/benchmark.h>

#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ecs_api.h"

extern "C" const ModbuildModuleInfo* modbuild_module_ecs_sparse();

namespace {

ecs::World make_world() {
  ecs::World world;
  for (int i = 0; i < 64; ++i) ecs::spawn_entity(world);
  return world;
}

struct EcsInterface {
  virtual ~EcsInterface() = default;
  virtual bool is_alive(const ecs::World& world, ecs::Entity entity) const = 0;
};

struct SparseEcs final : EcsInterface {
  bool is_alive(const ecs::World& world, ecs::Entity entity) const override { return ecs::is_alive(world, entity); }
};

// A message bus: arguments packed into bytes, a handler looked up by name,
// the arguments unpacked, the result packed and unpacked again.
class MessageBus {
 public:
  using Handler = std::function<std::vector<char>(const ecs::World&, const std::vector<char>&)>;
  void add(std::string name, Handler handler) { handlers_[std::move(name)] = std::move(handler); }
  std::vector<char> call(const std::string& name, const ecs::World& world, const std::vector<char>& args) const {
    return handlers_.at(name)(world, args);
  }

 private:
  std::map<std::string, Handler> handlers_;
};

void direct_call(benchmark::State& state) {
  const ecs::World world = make_world();
  ecs::Entity entity{7, 0};
  for (auto _ : state) {
    benchmark::DoNotOptimize(entity);
    benchmark::DoNotOptimize(ecs::is_alive(world, entity));
  }
}

void function_pointer_call(benchmark::State& state) {
  const ecs::World world = make_world();
  ecs::Entity entity{7, 0};
  bool (*volatile pointer)(const ecs::World&, ecs::Entity) = &ecs::is_alive;
  auto call = pointer;
  for (auto _ : state) {
    benchmark::DoNotOptimize(entity);
    benchmark::DoNotOptimize(call(world, entity));
  }
}

void generated_proxy_call(benchmark::State& state) {
  const ecs::World world = make_world();
  ecs::Entity entity{7, 0};
  std::string why;
  const auto* table = modbuild_gen::ecs_api::Proxy::bind(*modbuild_module_ecs_sparse(), &why);
  if (!table) {
    state.SkipWithError(why.c_str());
    return;
  }
  const modbuild_gen::ecs_api::Proxy ecs(*table);
  for (auto _ : state) {
    benchmark::DoNotOptimize(entity);
    benchmark::DoNotOptimize(ecs.is_alive(world, entity));
  }
}

// What modules do: modbuild_gen::ecs_api::api() reads the library's
// imported_slot, then the runtime's slot, then calls through the table.
void runtime_slot_call(benchmark::State& state) {
  const ecs::World world = make_world();
  ecs::Entity entity{7, 0};
  const ModbuildModuleInfo& info = *modbuild_module_ecs_sparse();
  ModbuildSlot slot{info.table};
  modbuild_gen::ecs_api::imported_slot = &slot;
  for (auto _ : state) {
    benchmark::DoNotOptimize(entity);
    benchmark::DoNotOptimize(modbuild_gen::ecs_api::api().is_alive(world, entity));
  }
}

void virtual_call(benchmark::State& state) {
  const ecs::World world = make_world();
  ecs::Entity entity{7, 0};
  SparseEcs sparse;
  const EcsInterface* volatile hidden = &sparse;
  const EcsInterface* system = hidden;
  for (auto _ : state) {
    benchmark::DoNotOptimize(entity);
    benchmark::DoNotOptimize(system->is_alive(world, entity));
  }
}

void serialized_message_call(benchmark::State& state) {
  const ecs::World world = make_world();
  ecs::Entity entity{7, 0};
  MessageBus bus;
  bus.add("ecs.is_alive", [](const ecs::World& w, const std::vector<char>& args) {
    ecs::Entity e;
    std::memcpy(&e, args.data(), sizeof e);
    return std::vector<char>{static_cast<char>(ecs::is_alive(w, e))};
  });
  for (auto _ : state) {
    benchmark::DoNotOptimize(entity);
    std::vector<char> args(sizeof entity);
    std::memcpy(args.data(), &entity, sizeof entity);
    const std::vector<char> reply = bus.call("ecs.is_alive", world, args);
    benchmark::DoNotOptimize(reply[0] != 0);
  }
}

BENCHMARK(direct_call);
BENCHMARK(function_pointer_call);
BENCHMARK(generated_proxy_call);
BENCHMARK(runtime_slot_call);
BENCHMARK(virtual_call);
BENCHMARK(serialized_message_call);

}  // namespace

BENCHMARK_MAIN();
