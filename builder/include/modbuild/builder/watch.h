// The edit-save-see loop of `modbuild watch`.
//
// Pipeline per cycle: inotify events under the workspace, coalesced until
// the editor is done saving => the files changed => the modules they belong
// to, and whether a manifest changed (then CMake configures again as part
// of the build) => `cmake --build <dir> --target <those modules and every
// module built against them>`, its output shown as it goes => the modules
// whose libraries the build rewrote => `reload <them, in load order>` sent
// to the running engine's control socket => one line saying all of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modbuild/builder/build_summary.h"
#include "modbuild/support/expected.h"

namespace modbuild::builder {

/// Watches directories (recursively) for files being written, created,
/// moved in or removed. Hidden entries, editor backups and the directories
/// in `excluded` (build trees) are ignored.
class FileWatcher {
 public:
  static support::Expected<std::unique_ptr<FileWatcher>, std::string> watch(const std::vector<std::string>& roots,
                                                                            const std::vector<std::string>& excluded);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  /// Waits up to `timeout` for a change; once one comes, goes on collecting
  /// until `quiet` passes without another (an editor's save is a burst of
  /// events). The absolute paths changed, sorted, without the files that
  /// were created and gone again within the burst (an editor's temporary
  /// file renamed over the real one); empty after a timeout.
  std::vector<std::string> wait(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet);

 private:
  explicit FileWatcher(int fd, std::vector<std::string> excluded) : fd_(fd), excluded_(std::move(excluded)) {}
  void add_tree(const std::string& dir, int depth);
  void drain(std::map<std::string, std::uint32_t>& changed);

  int fd_;
  std::vector<std::string> excluded_;
  std::map<int, std::string> dirs_;  ///< watch descriptor => directory
};

/// A module of the workspace, as watch sees it.
struct WatchedModule {
  std::string name;
  std::string directory;  ///< absolute
};

/// The module each changed file belongs to (the deepest module directory
/// holding it), and whether any of them is a manifest, the workspace file or
/// the lockfile, which CMake's configuration depends on.
struct ChangeSet {
  std::vector<std::string> files;    ///< relative to the workspace
  std::vector<std::string> modules;  ///< sorted
  bool manifests = false;
};
ChangeSet classify_changes(const std::vector<std::string>& changed, const std::string& workspace_root,
                           const std::vector<WatchedModule>& modules);

/// The targets to build for `changed` modules: them and every module built
/// against them (a dependent of a Core module or a plugin, directly or
/// not, as the index says), in load order.
std::vector<std::string> targets_to_build(const ModuleIndex& index, const std::vector<std::string>& changed);

/// What identifies a build of a library file: its inode, size and mtime.
using LibraryStamps = std::map<std::string, std::string>;
LibraryStamps stamp_libraries(const ModuleIndex& index);
/// The modules whose library differs between two stamps, in load order.
std::vector<std::string> rebuilt_modules(const ModuleIndex& index, const LibraryStamps& before, const LibraryStamps& after);

/// The control socket beside a module index: engine.modules.json => engine.sock.
std::string control_socket_of(const std::string& index_path);

/// Sends one command line to an engine's control socket and returns its
/// parsed reply ({"ok": ..., "reply": ...}); the error when no engine
/// listens there or it does not answer within `timeout`.
support::Expected<nlohmann::json, std::string> send_command(const std::string& socket, const std::string& line,
                                                           std::chrono::milliseconds timeout);

/// One cycle, for the line watch prints and its JSON form.
struct CycleReport {
  ChangeSet changes;
  std::vector<std::string> targets;
  bool built = false;
  double build_ms = 0;
  std::vector<std::string> rebuilt;
  /// Set when something was sent to the engine.
  std::optional<nlohmann::json> reply;
  double reload_ms = 0;
  std::string engine_problem;  ///< why nothing was reloaded ("nothing listens on ...")
};
std::string cycle_line(const CycleReport& report);
nlohmann::json cycle_json(const CycleReport& report);

}  // namespace modbuild::builder
