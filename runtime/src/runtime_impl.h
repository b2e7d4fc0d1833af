// runtime_impl.h: what a Runtime keeps, and the steps of a change.
//
// Every change (load, unload, reload, swap) is one transaction:
//
//   Change (what the caller asked)
//     => stage: new builds copied and opened, entry points read (library.h)
//     => close over layouts: a new build that changes a contract brings in
//        the new builds of every loaded module built against that contract
//     => check the future set: identity, ABI, dependencies, one filler per
//        contract that is called, fingerprints on both sides of every slot
//     => prepare data: Core data saved with the old build, loaded into the
//        new build's objects (nothing switched yet)
//     => commit: old modules' state saved and on_unload, cells and slots
//        switched, imports bound, new modules' state restored and on_load,
//        under the crash guard; a crash or refusal there rolls back
//     => probation: the old modules stay mapped for a few frames, so that a
//        crash in the new code rolls the change back; then they are closed
//        and their data freed.
//
// A refusal before commit changes nothing that a module can see.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "control_socket.h"
#include "crash_guard.h"
#include "library.h"
#include "modbuild/runtime/runtime.h"

namespace modbuild::runtime {

struct HostContext {
  Runtime::Impl* runtime = nullptr;
  std::string module;  ///< "" for the host program itself
};

/// A module as it is (or will be) loaded.
struct Loaded {
  IndexedModule indexed;  ///< as the index said when this build was staged
  std::unique_ptr<Library> library;
  std::string schema;  ///< its API schema text, "" when it has none
  HostContext context;
  ModbuildHost host{};

  const ModbuildModuleInfo& info() const { return library->info(); }
  bool defines(std::uint32_t hook) const;
  /// The contract it defines (a Core module) or fills (its table), or null.
  const ModbuildContractRef* contract() const { return info().exported; }
  bool fills() const { return info().exported != nullptr && info().table != nullptr; }
  const ModbuildDataType* data_type(std::string_view type) const;
};

/// A host-owned slot and who fills it.
struct SlotRecord {
  ModbuildSlot slot{nullptr};
  std::string filled_by;
};

/// A named instance of Core data.
struct Cell {
  ModbuildData data{};
  std::string type;
  std::string name;
  std::string core;                        ///< the Core module whose build owns `data.object`
  const ModbuildDataType* ops = nullptr;  ///< that build's operations on it
};

/// A Core data object moved into a new build's layout, not yet switched in.
struct Migration {
  Cell* cell = nullptr;
  void* new_object = nullptr;
  const ModbuildDataType* new_ops = nullptr;
  void* old_object = nullptr;
  const ModbuildDataType* old_ops = nullptr;
  std::string old_core;
  std::size_t bytes = 0;  ///< size of the saved state; 0 when only the operations change
  double save_ms = 0;     ///< time the old build took to save it
  double load_ms = 0;     ///< time the new build took to create and load it
};

struct Change {
  std::string verb;     ///< "load", "unload", "reload", "swap"
  std::string summary;  ///< what the outcome says when it succeeds, e.g. "reloaded ecs-sparse 1.2.0"
  std::uint32_t reason = MODBUILD_LOAD_FIRST;
  std::set<std::string> leaving;                          ///< loaded modules that go (or are replaced)
  std::map<std::string, std::unique_ptr<Loaded>> staged;  ///< builds that come in, by name
  std::map<std::string, std::string> stand_ins;           ///< after the change
  ModuleIndex next_index;
  std::vector<Migration> migrations;
  std::vector<std::string> brought_in;  ///< staged because a contract they use changed
  std::chrono::steady_clock::time_point started;
};

/// A committed change whose old modules are kept until its probation ends.
struct Probation {
  std::string what;  ///< "reload of ecs-sparse"
  unsigned frames_left = 0;
  std::map<std::string, std::unique_ptr<Loaded>> previous;  ///< the modules it replaced or removed
  std::map<std::string, std::string> saved_states;          ///< their own state, by name
  std::vector<std::string> arrived;                         ///< the modules it loaded
  std::vector<Migration> migrations;
  std::map<std::string, std::string> stand_ins;  ///< before the change
};

struct Subscription {
  std::uint64_t id = 0;
  std::string owner;  ///< the module, "" for the host program
  std::string event;  ///< a name, or a prefix ending in ".*", or "*"
  ModbuildEventHandler c_handler = nullptr;
  void* user = nullptr;
  Runtime::EventHandler handler;
};

struct __attribute__((visibility("hidden"))) Runtime::Impl {
  Options options;
  ModuleIndex index;
  std::string copy_dir;
  bool owns_copy_dir = false;
  std::uint64_t serial = 0;
  std::vector<std::string> args;
  std::vector<const char*> argv;
  /// The host program's own services (module "").
  HostContext program_context;
  ModbuildHost program_host{};

  std::map<std::string, std::unique_ptr<Loaded>> loaded;
  std::map<std::string, std::unique_ptr<SlotRecord>> slots;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Cell>> cells;
  /// A swapped-out provider and the module standing in for it, so that the
  /// modules that depend on the first are satisfied by the second.
  std::map<std::string, std::string> stand_ins;
  std::optional<Probation> probation;
  std::string scratch;  ///< saved Core data on its way to a new layout

  /// Every schema seen of each module (its builds loaded or staged), so that
  /// a refusal can tell which fields differ between the build a module was
  /// compiled against and the one loaded.
  std::map<std::string, std::vector<std::string>> schema_history;

  std::vector<Subscription> subscriptions;
  std::deque<std::pair<std::string, std::string>> events;  ///< published, not yet delivered
  std::uint64_t next_subscription = 1;
  std::deque<std::string> commands;  ///< queued by modules
  std::unique_ptr<ControlSocket> control;
  std::uint64_t frames = 0;

  void log(const std::string& line) const;

  // transaction.cpp
  Outcome apply(Change change);
  Outcome stage(Change& change, const std::string& name);
  void finish_probation();
  Outcome roll_back_probation(const std::string& why);
  void release(std::unique_ptr<Loaded> module, std::vector<std::string>& warnings);

  // host_services.cpp
  void attach_host(Loaded& module);
  void fill_host(ModbuildHost& host, HostContext& context, const std::string& module);
  ModbuildData* data_for(const std::string& module, std::string_view type, std::string_view fingerprint,
                         std::string_view name, std::string& error);
  void remove_subscriptions(const std::string& owner);
  std::uint64_t add_subscription(Subscription subscription);

  /// The fields that differ between two sides of a contract, read from the
  /// schemas beside the libraries (the loaded definer's against its current build).
  std::vector<std::string> contract_details(const std::string& contract, const ModbuildContractRef& a,
                                            const ModbuildContractRef& b) const;

  // Queries shared by the API and the commands.
  const Loaded* find_loaded(std::string_view name) const;
  const Loaded* application() const;
  std::vector<const Loaded*> in_load_order() const;
  std::string suggestion(std::string_view name, const std::vector<std::string>& candidates) const;
};

/// The Loaded modules of `set` sorted by their index position.
std::vector<Loaded*> by_load_order(const std::map<std::string, std::unique_ptr<Loaded>>& set);

}  // namespace modbuild::runtime
