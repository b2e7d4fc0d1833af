// The Runtime's public operations: each builds a Change and applies it
// (transaction.cpp), or answers from what is loaded.
#include "modbuild/runtime/runtime.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "modbuild/module.h"
#include "modbuild/support/spelling.h"
#include "runtime_impl.h"

namespace modbuild::runtime {
namespace {

Outcome failed(std::string message, std::vector<std::string> details = {}) {
  return Outcome{false, std::move(message), std::move(details)};
}

Result<std::string> make_copy_dir(const std::string& wanted, bool& owned) {
  owned = wanted.empty();
  if (!owned) {
    std::error_code error;
    std::filesystem::create_directories(wanted, error);
    if (error) return Error{wanted + ": cannot create the directory for module copies: " + error.message()};
    return wanted;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/modbuild-runtime-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) return Error{pattern + ": cannot create the directory for module copies"};
  return pattern;
}

void append(void* context, const char* bytes, std::size_t size) { static_cast<std::string*>(context)->append(bytes, size); }

}  // namespace

void Runtime::Impl::log(const std::string& line) const {
  if (options.log) {
    options.log(line);
  } else {
    std::cerr << "modbuild: " << line << '\n';
  }
}

const Loaded* Runtime::Impl::find_loaded(std::string_view name) const {
  const auto it = loaded.find(std::string(name));
  return it == loaded.end() ? nullptr : it->second.get();
}

const Loaded* Runtime::Impl::application() const {
  const Loaded* app = nullptr;
  for (const Loaded* m : in_load_order()) {
    if (!m->defines(MODBUILD_HOOK_FRAME)) continue;
    if (!options.app.empty() && m->indexed.name != options.app) continue;
    app = m;
  }
  return app;
}

std::vector<const Loaded*> Runtime::Impl::in_load_order() const {
  std::vector<const Loaded*> order;
  for (Loaded* m : by_load_order(loaded)) order.push_back(m);
  return order;
}

std::string Runtime::Impl::suggestion(std::string_view name, const std::vector<std::string>& candidates) const {
  const std::optional<std::string> near = support::closest_match(name, candidates);
  return near ? " (did you mean '" + *near + "'?)" : "";
}

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<Runtime>> Runtime::open(const std::string& index_path, Options options) {
  Result<ModuleIndex> index = read_index(index_path);
  if (!index) return index.error();
  auto impl = std::make_unique<Impl>();
  Result<std::string> copies = make_copy_dir(options.copy_dir, impl->owns_copy_dir);
  if (!copies) return copies.error();
  impl->copy_dir = *copies;
  impl->options = std::move(options);
  impl->index = std::move(*index);
  impl->args = impl->options.app_args;
  for (const std::string& arg : impl->args) impl->argv.push_back(arg.c_str());
  impl->fill_host(impl->program_host, impl->program_context, "");
  if (!impl->options.control_socket.empty()) {
    auto control = ControlSocket::listen(impl->options.control_socket);
    if (!control) return Error{"cannot listen for commands: " + control.error().message};
    impl->control = std::move(*control);
  }
  return std::unique_ptr<Runtime>(new Runtime(std::move(impl)));
}

Runtime::~Runtime() {
  Impl& rt = *impl_;
  rt.finish_probation();
  std::vector<Loaded*> order = by_load_order(rt.loaded);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Loaded& m = **it;
    if (m.info().hooks.on_unload == nullptr) continue;
    const std::optional<Crash> crash = run_guarded([&] { m.info().hooks.on_unload(&m.host, MODBUILD_LOAD_FIRST); });
    if (crash) rt.log("warning: " + m.indexed.name + " crashed in on_unload with " + crash->describe());
  }
  for (auto& [key, cell] : rt.cells) {
    Cell& c = *cell;
    if (run_guarded([&] { c.ops->destroy(c.data.object); })) rt.log("warning: freeing " + c.name + " crashed");
  }
  rt.cells.clear();
  rt.subscriptions.clear();
  std::vector<std::string> warnings;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    rt.release(std::move(rt.loaded.at((*it)->indexed.name)), warnings);
  }
  rt.loaded.clear();
  if (rt.owns_copy_dir) {
    std::error_code ignored;
    std::filesystem::remove_all(rt.copy_dir, ignored);
  }
}

Outcome Runtime::load_all() {
  Impl& rt = *impl_;
  rt.finish_probation();
  Change change;
  change.verb = "load";
  change.summary = "loaded";
  change.next_index = rt.index;
  change.started = std::chrono::steady_clock::now();
  std::size_t count = 0;
  for (const IndexedModule& m : rt.index.modules) {
    if (m.alternate || m.output == "executable" || rt.loaded.count(m.name) != 0) continue;
    if (Outcome staged = rt.stage(change, m.name); !staged) return staged;
    ++count;
  }
  change.summary += " " + std::to_string(count) + " module" + (count == 1 ? "" : "s");
  return rt.apply(std::move(change));
}

Outcome Runtime::load(std::string_view name) {
  Impl& rt = *impl_;
  if (rt.loaded.count(std::string(name)) != 0) return failed(std::string(name) + " is loaded already");
  rt.finish_probation();
  Result<ModuleIndex> next = read_index(rt.index.path);
  if (!next) return failed(next.error().message);
  Change change;
  change.verb = "load";
  change.next_index = *next;
  change.stand_ins = rt.stand_ins;
  change.started = std::chrono::steady_clock::now();
  if (Outcome staged = rt.stage(change, std::string(name)); !staged) return staged;
  change.summary = "loaded " + std::string(name) + " " + change.staged.begin()->second->indexed.version;
  Outcome outcome = rt.apply(std::move(change));
  if (outcome) rt.index = std::move(*next);
  return outcome;
}

Outcome Runtime::unload(std::string_view name) {
  Impl& rt = *impl_;
  const Loaded* module = rt.find_loaded(name);
  if (module == nullptr) {
    std::vector<std::string> names;
    for (const auto& [loaded, m] : rt.loaded) names.push_back(loaded);
    return failed(std::string(name) + " is not loaded" + rt.suggestion(name, names));
  }
  rt.finish_probation();
  Change change;
  change.verb = "unload";
  change.summary = "unloaded " + module->indexed.name + " " + module->indexed.version;
  change.next_index = rt.index;
  change.stand_ins = rt.stand_ins;
  change.started = std::chrono::steady_clock::now();
  change.leaving.insert(std::string(name));
  return rt.apply(std::move(change));
}

Outcome Runtime::reload(std::string_view name) { return reload(std::vector<std::string>{std::string(name)}); }

Outcome Runtime::reload(const std::vector<std::string>& names) {
  Impl& rt = *impl_;
  std::vector<std::string> loaded_names;
  for (const auto& [loaded, m] : rt.loaded) loaded_names.push_back(loaded);
  for (const std::string& name : names) {
    if (rt.find_loaded(name) == nullptr) return failed(name + " is not loaded" + rt.suggestion(name, loaded_names));
  }
  if (names.empty()) return failed("nothing to reload");
  rt.finish_probation();
  Result<ModuleIndex> next = read_index(rt.index.path);
  if (!next) return failed("cannot reload " + names.front() + ": " + next.error().message);
  Change change;
  change.verb = "reload";
  change.reason = MODBUILD_LOAD_RELOAD;
  change.next_index = *next;
  change.stand_ins = rt.stand_ins;
  change.started = std::chrono::steady_clock::now();
  for (const std::string& name : names) {
    if (change.staged.count(name) != 0) continue;
    change.leaving.insert(name);
    if (Outcome staged = rt.stage(change, name); !staged) return staged;
  }
  change.summary = "reloaded";
  for (const auto& [name, m] : change.staged) {
    change.summary += (change.summary == "reloaded" ? " " : ", ") + name + " " + m->indexed.version;
  }
  Outcome outcome = rt.apply(std::move(change));
  if (outcome) rt.index = std::move(*next);
  return outcome;
}

Outcome Runtime::swap(std::string_view feature, std::string_view provider) {
  Impl& rt = *impl_;
  const Loaded* current = nullptr;
  std::vector<std::string> features;
  for (const Loaded* m : rt.in_load_order()) {
    for (const auto& [name, version] : m->indexed.provides) {
      features.push_back(name);
      if (name == feature) current = m;
    }
  }
  if (current == nullptr) return failed("no loaded module provides '" + std::string(feature) + "'" + rt.suggestion(feature, features));
  if (current->indexed.name == provider) return failed(std::string(provider) + " provides '" + std::string(feature) + "' already");
  const IndexedModule* next = rt.index.find(provider);
  std::vector<std::string> providers;
  for (const IndexedModule& m : rt.index.modules) {
    for (const auto& [name, version] : m.provides) {
      if (name == feature && m.name != current->indexed.name) providers.push_back(m.name);
    }
  }
  if (next == nullptr || std::find(providers.begin(), providers.end(), next->name) == providers.end()) {
    return failed("'" + std::string(provider) + "' does not provide '" + std::string(feature) + "'" +
                      rt.suggestion(provider, providers),
                  {providers.empty() ? "no other module of the index provides it"
                                     : "its other providers: " + [&] {
                                         std::string list;
                                         for (const std::string& p : providers) list += (list.empty() ? "" : ", ") + p;
                                         return list;
                                       }()});
  }
  if (current->indexed.implements != next->implements) {
    return failed("cannot swap " + current->indexed.name + " for " + next->name + ": they implement '" +
                  current->indexed.implements + "' and '" + next->implements + "'");
  }
  rt.finish_probation();
  Change change;
  change.verb = "swap";
  change.reason = MODBUILD_LOAD_SWAP;
  change.summary = "swapped " + current->indexed.name + " for " + next->name + " " + next->version;
  change.next_index = rt.index;
  change.started = std::chrono::steady_clock::now();
  // Modules that depend on the old provider are satisfied by the new one.
  for (const auto& [old, stand_in] : rt.stand_ins) {
    change.stand_ins[old] = stand_in == current->indexed.name ? next->name : stand_in;
  }
  change.stand_ins[current->indexed.name] = next->name;
  std::erase_if(change.stand_ins, [](const auto& entry) { return entry.first == entry.second; });
  change.leaving.insert(current->indexed.name);
  if (Outcome staged = rt.stage(change, next->name); !staged) return staged;
  return rt.apply(std::move(change));
}

int Runtime::frame() {
  Impl& rt = *impl_;
  const Loaded* app = rt.application();
  if (app == nullptr) {
    rt.log(rt.options.app.empty() ? "no loaded module is an application (none defines a frame hook)"
                                  : "application '" + rt.options.app + "' is not loaded, or defines no frame hook");
    return 1;
  }
  ++rt.frames;
  int status = MODBUILD_FRAME_CONTINUE;
  Loaded& running = const_cast<Loaded&>(*app);
  const std::optional<Crash> crash = run_guarded([&] {
    status = running.info().hooks.frame(&running.host);
    deliver_events();
  });
  if (crash) {
    if (rt.probation) {
      const Outcome back = rt.roll_back_probation("the new code crashed with " + crash->describe() + " in frame " +
                                                  std::to_string(rt.frames));
      rt.log(back.message);
      return MODBUILD_FRAME_CONTINUE;
    }
    rt.log(app->indexed.name + " crashed with " + crash->describe() + " in frame " + std::to_string(rt.frames) +
           "; no change is on probation, so there is nothing to roll back to");
    return 128 + crash->signal;
  }
  if (rt.probation && --rt.probation->frames_left == 0) rt.finish_probation();
  while (!rt.commands.empty()) {
    const std::string line = std::move(rt.commands.front());
    rt.commands.pop_front();
    std::string reply;
    command(line, reply);
    publish("command.reply", reply);
  }
  poll_control();
  return status;
}

void Runtime::poll_control() {
  if (!impl_->control) return;
  impl_->control->poll([this](std::string_view line) {
    std::string reply;
    const bool ok = command(line, reply);
    return reply_json(ok, reply);
  });
}

int Runtime::run() {
  for (;;) {
    const int status = frame();
    if (status != MODBUILD_FRAME_CONTINUE) return status;
  }
}

void Runtime::queue_command(std::string_view line) { impl_->commands.emplace_back(line); }

std::vector<ModuleStatus> Runtime::modules() const {
  const Impl& rt = *impl_;
  std::vector<ModuleStatus> list;
  for (const IndexedModule& m : rt.index.modules) {
    ModuleStatus status;
    status.name = m.name;
    status.version = m.version;
    status.kind = m.kind;
    status.load_index = m.load_index;
    for (const auto& [feature, version] : m.provides) status.provides.push_back(feature);
    if (const Loaded* loaded = rt.find_loaded(m.name)) {
      status.state = "loaded";
      status.version = loaded->indexed.version;
      status.library = loaded->library->copy_path();
      if (loaded->fills()) status.fills = loaded->contract()->contract;
    } else {
      status.state = m.alternate ? "alternate" : "available";
      status.library = m.artifact;
    }
    list.push_back(std::move(status));
  }
  return list;
}

const ModuleIndex& Runtime::index() const { return impl_->index; }

const ModbuildHost& Runtime::host() const { return impl_->program_host; }

const ModbuildSlot* Runtime::slot(std::string_view contract) const {
  const auto it = impl_->slots.find(std::string(contract));
  return it == impl_->slots.end() || it->second->slot.table == nullptr ? nullptr : &it->second->slot;
}

Outcome Runtime::bind_host(const ModbuildImport& import) {
  Impl& rt = *impl_;
  const std::string contract = import.contract.contract != nullptr ? import.contract.contract : "";
  const auto slot = rt.slots.find(contract);
  if (slot == rt.slots.end() || slot->second->slot.table == nullptr) {
    return failed("no loaded module fills '" + contract + "'");
  }
  const Loaded& filler = *rt.loaded.at(slot->second->filled_by);
  std::string why;
  if (!same_contract(import.contract, *filler.contract(), &why)) {
    return failed("the host was built against another '" + contract + "' contract than " + filler.indexed.name + " " +
                  filler.indexed.version + ": " + why, rt.contract_details(contract, import.contract, *filler.contract()));
  }
  *import.slot = &slot->second->slot;
  return Outcome{true, "bound the host's calls of " + contract + " to " + filler.indexed.name, {}};
}

namespace {

Result<std::string> with_cell(const Runtime::Impl& rt, std::string_view type, std::string_view name, bool describe) {
  const auto it = rt.cells.find({std::string(type), std::string(name)});
  if (it == rt.cells.end()) {
    std::vector<std::string> known;
    for (const auto& [key, cell] : rt.cells) known.push_back(key.first + " " + key.second);
    return Error{"no data instance '" + std::string(type) + "' " + std::string(name) +
                 rt.suggestion(std::string(type) + " " + std::string(name), known)};
  }
  const Cell& cell = *it->second;
  std::string out;
  std::string why;
  int ok = 0;
  const std::optional<Crash> crash = run_guarded([&] {
    if (describe) {
      ok = cell.ops->describe(cell.data.object, &append, &out, &append, &why);
    } else {
      out.resize(cell.ops->saved_size(cell.data.object));
      ok = cell.ops->save(cell.data.object, out.data(), out.size(), &append, &why);
    }
  });
  if (crash) return Error{"describing " + cell.name + " crashed with " + crash->describe()};
  if (ok == 0) return Error{why};
  return out;
}

}  // namespace

Result<std::string> Runtime::describe_data(std::string_view type, std::string_view name) const {
  return with_cell(*impl_, type, name, true);
}

Result<std::string> Runtime::save_data(std::string_view type, std::string_view name) const {
  return with_cell(*impl_, type, name, false);
}

std::vector<std::string> Runtime::data_instances() const {
  std::vector<std::string> list;
  for (const auto& [key, cell] : impl_->cells) list.push_back(key.first + " " + key.second);
  return list;
}

std::uint64_t Runtime::subscribe(std::string_view event, EventHandler handler) {
  Subscription subscription;
  subscription.event = std::string(event);
  subscription.handler = std::move(handler);
  return impl_->add_subscription(std::move(subscription));
}

void Runtime::unsubscribe(std::uint64_t subscription) {
  std::erase_if(impl_->subscriptions, [&](const Subscription& s) { return s.id == subscription; });
}

void Runtime::publish(std::string_view event, std::string_view payload) {
  impl_->events.emplace_back(std::string(event), std::string(payload));
}

namespace {

bool matches(const std::string& pattern, const std::string& event) {
  if (pattern == "*" || pattern == event) return true;
  return pattern.size() > 2 && pattern.ends_with(".*") && event.starts_with(pattern.substr(0, pattern.size() - 1));
}

// Handlers may publish more; an exchange that never settles is cut off.
constexpr int kMaxDeliveryRounds = 64;

}  // namespace

void Runtime::deliver_events() {
  Impl& rt = *impl_;
  for (int round = 0; round < kMaxDeliveryRounds && !rt.events.empty(); ++round) {
    std::deque<std::pair<std::string, std::string>> batch;
    batch.swap(rt.events);
    for (const auto& [event, payload] : batch) {
      // By id, not by reference: a handler may subscribe or unsubscribe.
      std::vector<std::uint64_t> ids;
      for (const Subscription& s : rt.subscriptions) {
        if (matches(s.event, event)) ids.push_back(s.id);
      }
      for (std::uint64_t id : ids) {
        const auto it = std::find_if(rt.subscriptions.begin(), rt.subscriptions.end(),
                                     [&](const Subscription& s) { return s.id == id; });
        if (it == rt.subscriptions.end()) continue;
        if (it->c_handler != nullptr) {
          const ModbuildEventHandler handler = it->c_handler;
          void* const user = it->user;
          handler(user, event.c_str(), payload.c_str());
        } else if (it->handler) {
          const EventHandler handler = it->handler;
          handler(event, payload);
        }
      }
    }
  }
  if (!rt.events.empty()) {
    rt.log("warning: events kept publishing each other for " + std::to_string(kMaxDeliveryRounds) +
           " rounds; " + std::to_string(rt.events.size()) + " were dropped");
    rt.events.clear();
  }
}

}  // namespace modbuild::runtime
