// modbuild/module.h: a module's side of the host, and the hooks it may define.
//
// The generated entry point of every module (<module>_module.cpp) wraps the
// hooks below into the C ABI of modbuild/module_abi.h; a module defines only
// the ones it needs, in its own sources:
//
//   #include "modbuild/module.h"
//   namespace modbuild::hooks {
//   bool on_load(Host& host, LoadReason reason) { world = host.data<ecs::World>("world"); return bool(world); }
//   }
//
// Host wraps what the runtime offers a loaded module: named Core data,
// events, logging and module commands. Data<T> is a handle to Core data that
// stays valid when a reload migrates the data to a new layout. StaticLinks
// binds modules that a program links at build time instead (module tests,
// hosts without the runtime).
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modbuild/module_abi.h"
#include "modbuild/state.h"

namespace modbuild {

enum class LoadReason : std::uint32_t {
  first = MODBUILD_LOAD_FIRST,
  reload = MODBUILD_LOAD_RELOAD,
  rollback = MODBUILD_LOAD_ROLLBACK,
  swap = MODBUILD_LOAD_SWAP,
};

/// Returned by hooks::frame to keep the application running.
inline constexpr int kContinue = MODBUILD_FRAME_CONTINUE;

/// A handle to a named instance of Core data, owned by the host. Each access
/// reads the host's cell, so the handle survives a reload that moves the
/// data to a new layout; a reference obtained from it must not outlive the
/// current frame.
template <class T>
class Data {
 public:
  Data() = default;
  explicit Data(ModbuildData* cell) : cell_(cell) {}

  T& operator*() const { return *static_cast<T*>(cell_->object); }
  T* operator->() const { return static_cast<T*>(cell_->object); }
  T* get() const { return cell_ != nullptr ? static_cast<T*>(cell_->object) : nullptr; }
  explicit operator bool() const { return cell_ != nullptr; }

 private:
  ModbuildData* cell_ = nullptr;
};

namespace detail {
inline void append_to_string(void* context, const char* bytes, std::size_t size) {
  static_cast<std::string*>(context)->append(bytes, size);
}
}  // namespace detail

/// What the runtime offers the module; valid from on_load to on_unload.
class Host {
 public:
  explicit Host(const ModbuildHost& host) : host_(&host) {}

  /// The instance of T named `name`, created by T's Core module on first
  /// use. Empty, with the reason in `error`, when no loaded Core module has
  /// the type or this module was built against another layout of it.
  template <class T>
  Data<T> data(std::string_view name, std::string* error = nullptr) const {
    const std::string type(state::Fields<T>::name);
    const std::string fingerprint(state::Fields<T>::fingerprint);
    const std::string instance(name);
    std::string why;
    ModbuildData* cell = host_->data(host_->context, type.c_str(), fingerprint.c_str(), instance.c_str(),
                                     &detail::append_to_string, &why);
    if (cell == nullptr && error != nullptr) *error = std::move(why);
    return Data<T>(cell);
  }

  void log(std::string_view message) const {
    const std::string text(message);
    host_->log(host_->context, text.c_str());
  }

  /// The application's arguments.
  std::vector<std::string_view> args() const {
    std::vector<std::string_view> list;
    for (int i = 0; i < host_->argc; ++i) list.emplace_back(host_->argv[i]);
    return list;
  }

  /// `handler` is called with `user` for every `event` published, on the
  /// main thread between frames, until unsubscribe() or this module's unload.
  std::uint64_t subscribe(std::string_view event, ModbuildEventHandler handler, void* user) const {
    const std::string name(event);
    return host_->subscribe(host_->context, name.c_str(), handler, user);
  }
  void unsubscribe(std::uint64_t subscription) const { host_->unsubscribe(host_->context, subscription); }
  void publish(std::string_view event, std::string_view payload = {}) const {
    const std::string name(event);
    const std::string text(payload);
    host_->publish(host_->context, name.c_str(), text.c_str());
  }

  /// Queues a module command ("modules", "reload ecs-sparse"), which runs
  /// after the current frame; its reply is published as the event
  /// "command.reply".
  void command(std::string_view line) const {
    const std::string text(line);
    host_->command(host_->context, text.c_str());
  }

  const ModbuildHost& raw() const { return *host_; }

 private:
  const ModbuildHost* host_;
};

// The hooks a module may define (weak: the generated entry point sees which
// exist). Hidden, so that every module has its own.
namespace hooks {
/// After the module's imports are bound; false refuses the load (say why
/// through host.log). On a reload, runs after restore_state.
[[gnu::weak, gnu::visibility("hidden")]] bool on_load(Host& host, LoadReason reason);
/// Before the module is unloaded or replaced; `reason` is reload or swap
/// when another build takes over.
[[gnu::weak, gnu::visibility("hidden")]] void on_unload(Host& host, LoadReason reason);
/// The module's own state (not Core data, which the host keeps), handed to
/// the next build's restore_state on a reload.
[[gnu::weak, gnu::visibility("hidden")]] std::string save_state();
/// False refuses the reload.
[[gnu::weak, gnu::visibility("hidden")]] bool restore_state(std::string_view bytes);
/// An application's frame: kContinue, or the exit status.
[[gnu::weak, gnu::visibility("hidden")]] int frame(Host& host);
}  // namespace hooks

/// Whether two sides were compiled against the same contract: name, API
/// fingerprint, every layout fingerprint and the table's size. On a
/// difference, `why` says what differs (the first one).
inline bool same_contract(const ModbuildContractRef& a, const ModbuildContractRef& b, std::string* why = nullptr) {
  auto differs = [&](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  if (std::strcmp(a.contract, b.contract) != 0) {
    return differs(std::string("it is the contract of '") + b.contract + "', not of '" + a.contract + "'");
  }
  if (std::strcmp(a.api_fingerprint, b.api_fingerprint) != 0) {
    return differs(std::string("the API of '") + a.contract + "' differs (" + a.contract_version + " against " +
                   b.contract_version + ")");
  }
  for (std::uint32_t i = 0; i < a.layout_count; ++i) {
    const ModbuildLayoutFingerprint& layout = a.layouts[i];
    const ModbuildLayoutFingerprint* other = nullptr;
    for (std::uint32_t j = 0; j < b.layout_count; ++j) {
      if (std::strcmp(b.layouts[j].type, layout.type) == 0) other = &b.layouts[j];
    }
    if (other == nullptr) return differs(std::string("'") + layout.type + "' is missing on one side");
    if (std::strcmp(other->fingerprint, layout.fingerprint) != 0) {
      return differs(std::string("the layout of '") + layout.type + "' differs");
    }
  }
  if (a.layout_count != b.layout_count) return differs("the two sides have other data structs");
  if (a.table_size != b.table_size) return differs("the tables have different sizes");
  return true;
}

/// Binds modules that a program links at build time (module tests, hosts
/// without the runtime): every import of every module goes to the slot of
/// the module among them that fills the contract. An import that none of
/// them fills stays unbound (the module must not call it). Runs no hooks and
/// loads nothing; the slots live in this object, which must outlive the calls.
class StaticLinks {
 public:
  /// "" when every import that a module among them fills was built against
  /// the same fingerprints; else the first problem, and nothing more is bound.
  std::string link(std::initializer_list<const ModbuildModuleInfo*> modules) {
    for (const ModbuildModuleInfo* module : modules) {
      if (module->abi_version != MODBUILD_MODULE_ABI_VERSION) {
        return std::string("module '") + module->module + "' was built for another module ABI version";
      }
      if (module->exported != nullptr) slots_.push_back({module->exported, ModbuildSlot{module->table}});
    }
    for (const ModbuildModuleInfo* module : modules) {
      for (std::uint32_t i = 0; i < module->import_count; ++i) {
        const ModbuildImport& import = module->imports[i];
        const ModbuildSlot* slot = nullptr;
        if (!find(import.contract, module->module, slot)) return problem_;
        if (slot != nullptr) *import.slot = slot;
      }
    }
    return "";
  }

  /// The slot of `contract`, for the program's own calls (its generated
  /// `<contract>_api::imported_slot`); nullptr if no module fills it.
  const ModbuildSlot* slot(std::string_view contract) const {
    for (const Bound& bound : slots_) {
      if (contract == bound.contract->contract) return &bound.slot;
    }
    return nullptr;
  }

 private:
  struct Bound {
    const ModbuildContractRef* contract;
    ModbuildSlot slot;
  };

  // False on a mismatch; `slot` stays null when no module fills the contract.
  bool find(const ModbuildContractRef& wanted, const char* importer, const ModbuildSlot*& slot) {
    for (const Bound& bound : slots_) {
      if (std::strcmp(bound.contract->contract, wanted.contract) != 0) continue;
      std::string why;
      if (!same_contract(wanted, *bound.contract, &why)) {
        problem_ = std::string("module '") + importer + "' cannot call '" + wanted.contract + "': " + why;
        return false;
      }
      slot = &bound.slot;
      return true;
    }
    return true;
  }

  std::deque<Bound> slots_;
  std::string problem_;
};

}  // namespace modbuild
