// What the runtime offers each loaded module through its ModbuildHost:
// Core data cells, logging, events and commands.
#include <cstring>

#include "runtime_impl.h"

namespace modbuild::runtime {
namespace {

HostContext& context_of(void* context) { return *static_cast<HostContext*>(context); }

void write_to(ModbuildSink sink, void* context, const std::string& text) {
  if (sink != nullptr) sink(context, text.data(), text.size());
}

ModbuildData* host_data(void* context, const char* type, const char* fingerprint, const char* name,
                        ModbuildSink error, void* error_context) {
  HostContext& host = context_of(context);
  std::string why;
  if (type == nullptr || fingerprint == nullptr || name == nullptr) {
    write_to(error, error_context, "data(): the type, fingerprint and name are required");
    return nullptr;
  }
  ModbuildData* cell = host.runtime->data_for(host.module, type, fingerprint, name, why);
  if (cell == nullptr) write_to(error, error_context, why);
  return cell;
}

void host_log(void* context, const char* message) {
  HostContext& host = context_of(context);
  host.runtime->log(host.module + ": " + (message != nullptr ? message : ""));
}

std::uint64_t host_subscribe(void* context, const char* event, ModbuildEventHandler handler, void* user) {
  HostContext& host = context_of(context);
  if (event == nullptr || handler == nullptr) return 0;
  Subscription subscription;
  subscription.owner = host.module;
  subscription.event = event;
  subscription.c_handler = handler;
  subscription.user = user;
  return host.runtime->add_subscription(std::move(subscription));
}

void host_unsubscribe(void* context, std::uint64_t id) {
  HostContext& host = context_of(context);
  // A module ends only its own subscriptions.
  std::erase_if(host.runtime->subscriptions,
                [&](const Subscription& s) { return s.id == id && s.owner == host.module; });
}

void host_publish(void* context, const char* event, const char* payload) {
  if (event == nullptr) return;
  context_of(context).runtime->events.emplace_back(event, payload != nullptr ? payload : "");
}

void host_command(void* context, const char* line) {
  if (line != nullptr) context_of(context).runtime->commands.emplace_back(line);
}

}  // namespace

void Runtime::Impl::attach_host(Loaded& module) { fill_host(module.host, module.context, module.indexed.name); }

void Runtime::Impl::fill_host(ModbuildHost& host, HostContext& context, const std::string& module) {
  context.runtime = this;
  context.module = module;
  host.abi_version = MODBUILD_MODULE_ABI_VERSION;
  host.context = &context;
  host.argc = static_cast<int>(argv.size());
  host.argv = argv.data();
  host.data = &host_data;
  host.log = &host_log;
  host.subscribe = &host_subscribe;
  host.unsubscribe = &host_unsubscribe;
  host.publish = &host_publish;
  host.command = &host_command;
}

// The cell of (type, name), created by the loaded Core module that has the
// type. A caller built against another layout gets nothing: it would read
// the fields at the wrong offsets.
ModbuildData* Runtime::Impl::data_for(const std::string& module, std::string_view type, std::string_view fingerprint,
                                      std::string_view name, std::string& error) {
  const Loaded* core = nullptr;
  const ModbuildDataType* ops = nullptr;
  for (const auto& [core_name, candidate] : loaded) {
    if (const ModbuildDataType* found = candidate->data_type(type)) {
      core = candidate.get();
      ops = found;
      break;
    }
  }
  if (ops == nullptr) {
    error = "no loaded Core module has the data type '" + std::string(type) + "'";
    return nullptr;
  }
  if (fingerprint != ops->fingerprint) {
    error = (module.empty() ? std::string("the host") : "module '" + module + "'") + " was built against another layout of '" +
            std::string(type) + "' than " + core->indexed.name + " " + core->indexed.version + " has now: rebuild it";
    return nullptr;
  }
  const auto key = std::make_pair(std::string(type), std::string(name));
  if (auto it = cells.find(key); it != cells.end()) return &it->second->data;
  std::string why;
  void* object = nullptr;
  const std::optional<Crash> crash = run_guarded([&] {
    object = ops->create([](void* context, const char* bytes, std::size_t size) {
      static_cast<std::string*>(context)->append(bytes, size);
    }, &why);
  });
  if (crash || object == nullptr) {
    error = "creating '" + std::string(type) + "' failed: " + (crash ? crash->describe() : why);
    return nullptr;
  }
  auto cell = std::make_unique<Cell>();
  cell->type = key.first;
  cell->name = key.second;
  cell->core = core->indexed.name;
  cell->ops = ops;
  cell->data.object = object;
  cell->data.type = cell->type.c_str();
  cell->data.name = cell->name.c_str();
  ModbuildData* data = &cell->data;
  cells.emplace(key, std::move(cell));
  return data;
}

std::uint64_t Runtime::Impl::add_subscription(Subscription subscription) {
  subscription.id = next_subscription++;
  subscriptions.push_back(std::move(subscription));
  return subscriptions.back().id;
}

void Runtime::Impl::remove_subscriptions(const std::string& owner) {
  std::erase_if(subscriptions, [&](const Subscription& s) { return s.owner == owner; });
}

bool Loaded::defines(std::uint32_t hook) const {
  const ModbuildHooks& hooks = info().hooks;
  if (hook == MODBUILD_HOOK_FRAME && hooks.frame == nullptr) return false;
  return hooks.defined != nullptr && (hooks.defined() & hook) != 0;
}

const ModbuildDataType* Loaded::data_type(std::string_view type) const {
  const ModbuildModuleInfo& i = info();
  for (std::uint32_t k = 0; k < i.data_type_count; ++k) {
    if (type == i.data_types[k].type) return &i.data_types[k];
  }
  return nullptr;
}

}  // namespace modbuild::runtime
