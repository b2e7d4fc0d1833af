// The pieces of `modbuild watch`: inotify, changes to modules, targets,
// rebuilt libraries, and the engine's control socket.
#include "modbuild/builder/watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "modbuild/support/path.h"
#include "modbuild/support/unix_socket.h"

namespace modbuild::builder {
namespace {

using support::Expected;
using support::unexpected;

constexpr std::uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;
// A pathological tree (or a symlink loop) must not exhaust the watches.
constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxWatches = 8192;
// A burst of saves is cut off here even if events keep coming.
constexpr std::chrono::milliseconds kMaxBurst{1000};

// Editors' temporary and backup files, and hidden entries.
bool ignored_name(std::string_view name) {
  return name.empty() || name.front() == '.' || name.back() == '~' || name.ends_with(".swp") ||
         name.ends_with(".swx") || name.ends_with(".tmp") || name == "4913";
}

bool is_manifest(std::string_view file) {
  const std::string_view name = support::file_name(file);
  return name == "module.toml" || name == "modbuild.toml" || name == "modbuild.lock";
}

}  // namespace

Expected<std::unique_ptr<FileWatcher>, std::string> FileWatcher::watch(const std::vector<std::string>& roots,
                                                                       const std::vector<std::string>& excluded) {
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return unexpected(std::string("inotify: ") + std::strerror(errno));
  std::unique_ptr<FileWatcher> watcher(new FileWatcher(fd, excluded));
  for (const std::string& root : roots) watcher->add_tree(root, 0);
  if (watcher->dirs_.empty()) return unexpected(std::string("nothing to watch: no directory could be watched"));
  return watcher;
}

FileWatcher::~FileWatcher() { ::close(fd_); }

void FileWatcher::add_tree(const std::string& dir, int depth) {
  if (depth > kMaxDepth || dirs_.size() >= kMaxWatches) return;
  for (const std::string& excluded : excluded_) {
    if (dir == excluded) return;
  }
  // A build tree inside the workspace changes with every build.
  if (::access((dir + "/CMakeCache.txt").c_str(), F_OK) == 0) return;
  const int wd = ::inotify_add_watch(fd_, dir.c_str(), kEvents | IN_ONLYDIR | IN_DONT_FOLLOW);
  if (wd < 0) return;
  dirs_[wd] = dir;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    std::error_code type_error;
    if (!ignored_name(name) && entry.is_directory(type_error) && !entry.is_symlink(type_error)) {
      add_tree(entry.path().string(), depth + 1);
    }
  }
}

void FileWatcher::drain(std::map<std::string, std::uint32_t>& changed) {
  alignas(inotify_event) char buffer[16 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) return;
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      const auto dir = dirs_.find(event->wd);
      if (dir == dirs_.end() || event->len == 0 || ignored_name(event->name)) continue;
      const std::string path = dir->second + "/" + event->name;
      // A new directory (a new source folder, a new module) is watched too.
      if ((event->mask & (IN_CREATE | IN_MOVED_TO)) != 0 && (event->mask & IN_ISDIR) != 0) add_tree(path, 1);
      changed[path] |= event->mask;
    }
  }
}

std::vector<std::string> FileWatcher::wait(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet) {
  std::vector<std::string> paths;
  pollfd ready{fd_, POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(timeout.count())) <= 0) return paths;
  std::map<std::string, std::uint32_t> changed;
  const auto started = std::chrono::steady_clock::now();
  drain(changed);
  while (std::chrono::steady_clock::now() - started < kMaxBurst &&
         ::poll(&ready, 1, static_cast<int>(quiet.count())) > 0) {
    drain(changed);
  }
  for (const auto& [path, events] : changed) {
    const bool born_in_burst = (events & IN_CREATE) != 0;
    if (born_in_burst && ::access(path.c_str(), F_OK) != 0) continue;
    paths.push_back(path);
  }
  return paths;
}

ChangeSet classify_changes(const std::vector<std::string>& changed, const std::string& workspace_root,
                           const std::vector<WatchedModule>& modules) {
  ChangeSet set;
  std::set<std::string> names;
  for (const std::string& file : changed) {
    set.files.push_back(support::relative_path(file, workspace_root));
    set.manifests = set.manifests || is_manifest(file);
    const WatchedModule* owner = nullptr;
    for (const WatchedModule& m : modules) {
      if (file.starts_with(m.directory + "/") && (owner == nullptr || m.directory.size() > owner->directory.size())) {
        owner = &m;
      }
    }
    if (owner != nullptr) names.insert(owner->name);
  }
  set.modules.assign(names.begin(), names.end());
  return set;
}

std::vector<std::string> targets_to_build(const ModuleIndex& index, const std::vector<std::string>& changed) {
  std::set<std::string> wanted(changed.begin(), changed.end());
  // Only Core modules and plugins have headers their dependents compile
  // against; a system's or an app's change rebuilds itself alone.
  std::set<std::string> headers_travel;
  for (const IndexedModule& m : index.modules) {
    if (m.kind == "core" || m.kind == "plugin") headers_travel.insert(m.name);
  }
  // The index is in load order: a dependent comes after what it needs.
  std::vector<std::string> targets;
  for (const IndexedModule& m : index.modules) {
    const bool built_against_changed = std::any_of(m.dependencies.begin(), m.dependencies.end(), [&](const std::string& d) {
      return wanted.count(d) != 0 && headers_travel.count(d) != 0;
    });
    if (wanted.count(m.name) == 0 && !built_against_changed) continue;
    wanted.insert(m.name);
    targets.push_back(m.target.empty() ? m.name : m.target);
  }
  return targets;
}

LibraryStamps stamp_libraries(const ModuleIndex& index) {
  LibraryStamps stamps;
  const std::string dir = support::parent_path(index.path);
  for (const IndexedModule& m : index.modules) {
    struct stat info {};
    if (m.artifact.empty() || ::stat(support::join_path(dir, m.artifact).c_str(), &info) != 0) continue;
    stamps[m.name] = fmt::format("{}:{}:{}.{}", info.st_ino, info.st_size, info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
  }
  return stamps;
}

std::vector<std::string> rebuilt_modules(const ModuleIndex& index, const LibraryStamps& before, const LibraryStamps& after) {
  std::vector<std::string> rebuilt;
  for (const IndexedModule& m : index.modules) {
    const auto now = after.find(m.name);
    if (now == after.end()) continue;
    const auto then = before.find(m.name);
    if (then == before.end() || then->second != now->second) rebuilt.push_back(m.name);
  }
  return rebuilt;
}

std::string control_socket_of(const std::string& index_path) {
  const std::string suffix = ".modules.json";
  if (index_path.ends_with(suffix)) return index_path.substr(0, index_path.size() - suffix.size()) + ".sock";
  return index_path + ".sock";
}

Expected<nlohmann::json, std::string> send_command(const std::string& socket, const std::string& line,
                                                  std::chrono::milliseconds timeout) {
  auto fd = support::connect_unix(socket);
  if (!fd) return unexpected(fd.error());
  const std::string request = line + "\n";
  const bool sent = ::send(*fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size());
  std::string reply;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (sent && reply.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd ready{*fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[4096];
    const ssize_t n = ::recv(*fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(*fd);
  const std::size_t newline = reply.find('\n');
  if (newline == std::string::npos) {
    return unexpected(fmt::format("the engine on {} did not answer within {} ms", socket, timeout.count()));
  }
  nlohmann::json parsed = nlohmann::json::parse(reply.substr(0, newline), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return unexpected(fmt::format("the engine on {} answered something else than JSON", socket));
  return parsed;
}

namespace {

std::string list(const std::vector<std::string>& items, std::size_t limit = 4) {
  std::string text;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) text += (i == 0 ? "" : ", ") + items[i];
  if (items.size() > limit) text += fmt::format(" and {} more", items.size() - limit);
  return text;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

std::string cycle_line(const CycleReport& r) {
  std::string line = list(r.changes.files) + " changed";
  if (r.changes.manifests) line += " (a manifest: CMake configures again)";
  if (!r.built) {
    return line + fmt::format("; the build failed after {:.2f} s (its errors are above); the engine runs on unchanged",
                              r.build_ms / 1000);
  }
  line += r.rebuilt.empty() ? fmt::format("; built in {:.2f} s, no library changed", r.build_ms / 1000)
                            : fmt::format("; built {} in {:.2f} s", list(r.rebuilt), r.build_ms / 1000);
  if (!r.engine_problem.empty()) return line + "; " + r.engine_problem;
  if (!r.reply) return line;
  const bool ok = r.reply->value("ok", false);
  const std::string reply = r.reply->value("reply", std::string());
  return line + fmt::format("; {} ({:.1f} ms round trip): {}", first_line(reply), r.reload_ms, ok ? "ok" : "refused");
}

nlohmann::json cycle_json(const CycleReport& r) {
  nlohmann::json document = {{"changed", r.changes.files}, {"modules", r.changes.modules},
                             {"manifests_changed", r.changes.manifests}, {"targets", r.targets},
                             {"built", r.built}, {"build_ms", r.build_ms}, {"rebuilt", r.rebuilt}};
  if (r.reply) {
    document["reload"] = {{"ok", r.reply->value("ok", false)}, {"reply", r.reply->value("reply", std::string())},
                          {"round_trip_ms", r.reload_ms}};
  } else {
    document["reload"] = nullptr;
  }
  if (!r.engine_problem.empty()) document["engine"] = r.engine_problem;
  return document;
}

}  // namespace modbuild::builder
