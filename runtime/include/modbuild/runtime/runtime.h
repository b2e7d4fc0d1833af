// modbuild/runtime/runtime.h: loads an engine's modules from its module index,
// checks them before anything of theirs is bound, and reloads, swaps and
// unloads them while the engine runs.
//
// The protocol of every change (docs/runtime.md): the new builds are copied
// to unique paths and opened (RTLD_NOW | RTLD_LOCAL); their entry points are
// checked against the index and against what stays loaded (ABI version,
// identity, API and layout fingerprints, the fields of Core data, the
// dependency graph); Core data is migrated into the new layout with the old
// build's serializers and the new build's; only then are slots switched,
// imports bound and hooks run, under a crash guard. A refusal changes
// nothing; a crash in a new build's on_load, or in the frames right after a
// change, rolls the change back.
//
// Single-threaded: every call is made from the engine's main thread, between
// frames (frame() itself runs the application's frame).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/module_abi.h"
#include "modbuild/runtime/export.h"
#include "modbuild/runtime/index.h"
#include "modbuild/runtime/result.h"

namespace modbuild::runtime {

struct Options {
  /// Where module copies are written; empty: a new directory under $TMPDIR
  /// (or /tmp), removed when the runtime is destroyed.
  std::string copy_dir;
  /// The application's arguments, which it reads through its Host.
  std::vector<std::string> app_args;
  /// The application frame() runs: a loaded module whose frame hook is
  /// defined; empty: the one such module (the last in load order if several).
  std::string app;
  /// Frames after a change during which a crash rolls the change back.
  unsigned probation_frames = 120;
  /// Receives one line per message of the runtime and of the modules
  /// (Host::log); default: standard error, prefixed with "modbuild: ".
  std::function<void(std::string_view)> log;
  /// Where to listen for module commands from other processes
  /// (docs/runtime.md, "The control socket"); empty: nowhere.
  std::string control_socket;
};

/// What a change did, or why it changed nothing.
struct Outcome {
  bool ok = false;
  /// One line: "reloaded ecs-sparse 1.2.0 in 0.41 ms", or the refusal.
  std::string message;
  /// The reasons behind a refusal, one per line (a field that differs, a
  /// dependent), or what the change involved.
  std::vector<std::string> details;
  explicit operator bool() const { return ok; }
};

struct ModuleStatus {
  std::string name;
  std::string version;
  std::string kind;
  /// "loaded", "available" (built, not loaded) or "alternate" (an
  /// implementation the workspace did not choose, not loaded).
  std::string state;
  std::string library;  ///< the copy mapped when loaded, else the build's library
  std::size_t load_index = 0;
  std::string fills;                   ///< the contract whose slot it fills, "" if none
  std::vector<std::string> provides;  ///< features
};

class MODBUILD_RUNTIME_EXPORT Runtime {
 public:
  /// Reads the index (errors name the file and member) and prepares the
  /// copy directory; loads nothing yet.
  static Result<std::unique_ptr<Runtime>> open(const std::string& index_path, Options options = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  /// Every module of the index but the alternates and executables, in load
  /// order, as one change: all of them, or none with the reason.
  Outcome load_all();
  /// One module that is not loaded (an alternate, or one unloaded before);
  /// what it needs must be loaded, and no loaded module may fill its
  /// contract already (that is swap()).
  Outcome load(std::string_view name);
  /// Refused while loaded modules depend on it or call its contract.
  Outcome unload(std::string_view name);
  /// Replaces a loaded module with its current build. When the new build
  /// changes a contract's API or data layout, every loaded module built
  /// against that contract is replaced with its current build too, and Core
  /// data is migrated; if any of them is still built against the old
  /// layout, the whole reload is refused.
  Outcome reload(std::string_view name);
  /// Several modules as one change (what `modbuild watch` sends after a
  /// build that rewrote several libraries).
  Outcome reload(const std::vector<std::string>& names);
  /// Replaces the loaded module that provides `feature` with `provider`,
  /// which must fill the same contract; Core data stays where it is.
  Outcome swap(std::string_view feature, std::string_view provider);

  /// One frame of the loaded application (the module whose frame hook is
  /// defined), under the crash guard, then the events published meanwhile,
  /// then the queued commands. Returns MODBUILD_FRAME_CONTINUE or the
  /// application's exit status; a crash outside a probation is reported and
  /// returns 128 + the signal number.
  int frame();
  /// frame() until the application returns an exit status.
  int run();
  /// Answers the control socket's clients (frame() does, after each frame).
  void poll_control();

  /// Runs one module command (docs/runtime.md, "Commands"): modules, load,
  /// unload, reload, swap, why, graph, data, help. `reply` gets its text;
  /// false when the command failed or was refused.
  bool command(std::string_view line, std::string& reply);
  /// Queues a command to run after the current frame (what a module's
  /// Host::command does); its reply is published as "command.reply".
  void queue_command(std::string_view line);

  std::vector<ModuleStatus> modules() const;
  const ModuleIndex& index() const;

  /// The slot of a contract; nullptr if no loaded module fills it.
  const ModbuildSlot* slot(std::string_view contract) const;
  /// Binds a call of the host program's own, as the runtime binds a module's
  /// imports: `{modbuild_gen::ecs_api::kContract, &modbuild_gen::ecs_api::imported_slot}`.
  /// Refused, with the struct and fields that differ, when the host was
  /// compiled against another API or layout than the loaded module filling
  /// the contract; bind again after a change of that contract.
  Outcome bind_host(const ModbuildImport& import);
  /// What the runtime offers the host program's own code, as it offers each
  /// module: wrap it in a modbuild::Host (modbuild/module.h) to reach Core
  /// data (`Host(runtime.host()).data<ecs::World>("world")`) and events.
  const ModbuildHost& host() const;
  /// A named instance of Core data as JSON (modbuild::state::describe), or
  /// in the state format of modbuild/state.h.
  Result<std::string> describe_data(std::string_view type, std::string_view name) const;
  Result<std::string> save_data(std::string_view type, std::string_view name) const;
  /// The named data instances, as "type name".
  std::vector<std::string> data_instances() const;

  /// Events (cold paths): delivered synchronously after each frame.
  using EventHandler = std::function<void(std::string_view event, std::string_view payload)>;
  std::uint64_t subscribe(std::string_view event, EventHandler handler);
  void unsubscribe(std::uint64_t subscription);
  void publish(std::string_view event, std::string_view payload);
  /// Delivers what was published since the last delivery (frame() does).
  void deliver_events();

  struct Impl;

 private:
  explicit Runtime(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace modbuild::runtime
