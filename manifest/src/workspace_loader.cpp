// Loading a workspace: modbuild.toml, member expansion, parallel manifest
// parsing and the checks that need more than one manifest.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "manifest_cache.h"
#include "modbuild/manifest/workspace.h"
#include "modbuild/support/glob.h"
#include "modbuild/support/parallel.h"
#include "modbuild/support/path.h"
#include "modbuild/support/sha256.h"
#include "modbuild/support/text.h"

namespace modbuild::manifest {
namespace {

using diagnostics::Code;
using diagnostics::Diagnostic;
using diagnostics::DiagnosticList;
using support::FileType;

constexpr std::string_view workspace_file = "modbuild.toml";
constexpr std::string_view module_file = "module.toml";

// A directory selected by a member pattern, and the first pattern that did.
struct Member {
  std::string directory;
  const LocatedString* pattern;
  bool recursive;  // matched through '**', where directories without a manifest are expected
};

// What one worker produced for one member.
struct Slot {
  std::optional<Manifest> manifest;
  DiagnosticList diagnostics;
  // With the manifest cache: the digest of the text, whether the manifest
  // came from the cache, and else its encoding when it may be cached.
  std::optional<detail::Digest> digest;
  bool from_cache = false;
  std::string encoded;
};

// The manifest cache of one load: the file's bytes and the entries, which
// view those bytes (hence no copy or move).
struct CacheFile {
  CacheFile(const support::FileSystem& fs, const std::string& directory, std::string cache_key)
      : path(support::join_path(directory, "manifests")), key(std::move(cache_key)) {
    if (auto read = fs.read(path)) {
      bytes = std::move(*read);
      cache = detail::ManifestCache::read(bytes, key, detail::cache_secret());
    }
  }
  CacheFile(const CacheFile&) = delete;
  CacheFile& operator=(const CacheFile&) = delete;

  std::string path;
  std::string key;
  std::string bytes;
  detail::ManifestCache cache;
};

// Rewrites the cache when this load parsed a manifest it did not hold, or did
// not need all it held (so that it never grows beyond the workspace). A cache
// that cannot be written only costs the next load its speed.
void update_cache(support::FileSystem& fs, const CacheFile& file, const std::vector<Slot>& slots) {
  std::vector<std::pair<detail::Digest, std::string_view>> entries;
  bool parsed_new = false;
  for (const Slot& slot : slots) {
    if (!slot.digest) continue;
    if (slot.from_cache) {
      entries.emplace_back(*slot.digest, *file.cache.find(*slot.digest));
    } else if (!slot.encoded.empty()) {
      entries.emplace_back(*slot.digest, slot.encoded);
      parsed_new = true;
    }
  }
  if (!parsed_new && entries.size() == file.cache.size()) return;
  detail::write_cache_file(fs, file.path,
                           detail::ManifestCache::write(file.key, detail::cache_secret(), std::move(entries)));
}

std::vector<Member> expand_members(const support::FileSystem& fs, const Workspace& ws, DiagnosticList& out) {
  std::vector<support::Glob> excludes;
  for (const LocatedString& pattern : ws.manifest.exclude) {
    if (auto glob = support::Glob::parse(pattern.value)) excludes.push_back(std::move(*glob));
  }
  std::map<std::string, Member> selected;
  for (const LocatedString& pattern : ws.manifest.members) {
    auto glob = support::Glob::parse(pattern.value);
    if (!glob) continue;  // reported while parsing modbuild.toml
    std::vector<std::string> dirs = glob->expand(fs, ws.root, FileType::directory);
    std::size_t kept = 0;
    for (std::string& dir : dirs) {
      bool excluded = std::any_of(excludes.begin(), excludes.end(), [&](const auto& e) { return e.matches(dir); });
      if (excluded) continue;
      ++kept;
      selected.try_emplace(dir, Member{dir, &pattern, glob->has_recursive_segment()});
    }
    if (kept == 0) {
      out.add(Diagnostic::make(Code::glob_matches_nothing,
                               fmt::format("member pattern '{}' matches no directory", pattern.value), pattern.span,
                               dirs.empty() ? "matches nothing" : "every match is excluded")
                  .with_help("fix the pattern, create the module, or remove the pattern from 'members'"));
    }
  }
  std::vector<Member> members;
  members.reserve(selected.size());
  for (auto& [dir, member] : selected) members.push_back(std::move(member));
  return members;
}

// The conventional include/ directory is public only when it exists, so that
// metadata never advertises a directory that is not there.
void drop_absent_default_include(Manifest& manifest, const support::FileSystem& fs, const std::string& module_dir) {
  BuildSpec& build = manifest.build;
  if (build.defaulted_include && fs.type(support::join_path(module_dir, "include")) != FileType::directory) {
    build.include.clear();
  }
}

// Where `path` really leads when that is outside the workspace's allowed
// directories; nullopt when it is inside (or does not exist).
std::optional<std::string> outside_target(const support::FileSystem& fs, const Workspace& ws, const std::string& path) {
  auto real = fs.real_path(path);
  if (real) return ws.allows(*real) ? std::nullopt : std::optional(*real);
  // Missing: judged by its spelling, so that '../../x' is not merely "missing".
  const std::string spelled = support::normalize_path(path);
  const bool inside = support::is_within(spelled, ws.root) ||
                      std::any_of(ws.manifest.allow_outside.begin(), ws.manifest.allow_outside.end(),
                                  [&](const LocatedString& dir) { return support::is_within(spelled, ws.absolute(dir.value)); });
  return inside ? std::nullopt : std::optional(spelled);
}

constexpr std::string_view outside_help =
    "modbuild reads no file outside the workspace: replace the link with the file, or name the directory in "
    "[workspace] allow-outside";

// MB1023 for a path found on disk (a member directory, a file a pattern
// found, the root itself) when it has CMake syntax: "<what> '<path>' has ';'...".
std::optional<Diagnostic> cmake_syntax_problem(std::string_view what, const std::string& path, const SourceSpan& at,
                                               std::string label, std::string_view help) {
  const auto [offset, meaning] = support::find_cmake_syntax(path);
  if (offset == std::string::npos) return std::nullopt;
  return Diagnostic::make(Code::path_unsafe_for_cmake,
                          fmt::format("{} '{}' has '{}', which CMake reads as {}", what,
                                      support::escape_control_characters(path), path[offset], meaning),
                          at, std::move(label))
      .with_help(std::string(help));
}

// Reads and parses one member's manifest (runs on a worker thread).
void load_member(const support::FileSystem& fs, Workspace& ws, const Member& member, FileId file,
                 const detail::ManifestCache* cache, Slot& slot) {
  // The directory is the root of every path of the module's build.
  if (auto problem = cmake_syntax_problem("member directory", member.directory, member.pattern->span,
                                          fmt::format("matches '{}'", support::escape_control_characters(member.directory)),
                                          "rename the directory without ';' and '$'")) {
    slot.diagnostics.add(std::move(*problem));
    return;
  }
  const std::string module_dir = ws.absolute(member.directory);
  const std::string path = support::join_path(module_dir, module_file);
  std::string real;
  auto text = fs.read_resolved(path, real);
  // Never use, and so never quote, a manifest that is a link to elsewhere
  // (/proc/self/environ would print the environment into a diagnostic).
  if (text && !ws.allows(real)) {
    slot.diagnostics.add(Diagnostic::make(Code::path_outside_workspace,
                                          fmt::format("'{}' leads outside the workspace, to '{}'",
                                                      ws.sources.path(file), real),
                                          member.pattern->span, fmt::format("matches '{}'", member.directory))
                             .with_help(std::string(outside_help)));
    return;
  }
  if (!text) {
    if (fs.type(path) == FileType::missing) {
      if (member.recursive) return;  // '**' walks through directories that are not modules
      slot.diagnostics.add(
          Diagnostic::make(Code::member_without_manifest,
                           fmt::format("directory '{}' matched by member pattern '{}' has no {}", member.directory,
                                       member.pattern->value, module_file),
                           member.pattern->span, fmt::format("matches '{}'", member.directory))
              .with_help(fmt::format("create {}/{} or exclude the directory with 'exclude'", member.directory,
                                     module_file)));
    } else {
      slot.diagnostics.add(Diagnostic::make(Code::io_error,
                                            fmt::format("could not read '{}': {}", ws.sources.path(file), text.error()),
                                            member.pattern->span, "while loading this member"));
    }
    return;
  }
  if (cache) {
    slot.digest = support::sha256(*text);
    if (const std::string_view* cached = cache->find(*slot.digest)) {
      slot.manifest = detail::decode_manifest(*cached, file);
      slot.from_cache = slot.manifest.has_value();
    }
  }
  ws.sources.set_contents(file, std::move(*text));
  if (!slot.from_cache) {
    slot.manifest = parse_module_manifest(ws.sources, file, slot.diagnostics);
    // Only a manifest without a single finding is cached: a hit has nothing to report.
    if (cache && slot.manifest && slot.diagnostics.empty()) {
      if (auto encoded = detail::encode_manifest(*slot.manifest)) slot.encoded = std::move(*encoded);
    }
  }
  if (!slot.manifest) return;
  slot.manifest->directory = member.directory;
  drop_absent_default_include(*slot.manifest, fs, module_dir);
  // Where no link was followed to the manifest, none was to its directory.
  const bool unlinked =
      real == support::join_path(support::join_path(ws.allowed_dirs.front(), member.directory), module_file);
  check_build_paths(*slot.manifest, fs, module_dir, ws, slot.diagnostics, unlinked);
}

// Moves the loaded manifests into name order, keeping the first of each name
// in directory order and reporting the others: module names are the identity
// of everything downstream. Each manifest is moved once (they are large).
std::vector<Manifest> collect_modules(std::vector<Slot>& slots, DiagnosticList& out) {
  std::vector<std::size_t> order;
  order.reserve(slots.size());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].manifest && slots[i].manifest->identity_valid) order.push_back(i);
  }
  // Stable: slots are in directory order, so the first of a name stays first.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return slots[a].manifest->name.value < slots[b].manifest->name.value;
  });
  std::vector<Manifest> modules;
  modules.reserve(order.size());
  for (std::size_t i : order) {
    Manifest& manifest = *slots[i].manifest;
    if (!modules.empty() && modules.back().name.value == manifest.name.value) {
      out.add(Diagnostic::make(Code::duplicate_module,
                               fmt::format("module name '{}' is used by more than one member", manifest.name.value),
                               manifest.name.span, "declared again here")
                  .with_secondary(modules.back().name.span, "first declared here")
                  .with_note("module names must be unique across the workspace; rename one of the modules"));
      continue;
    }
    modules.push_back(std::move(manifest));
  }
  return modules;
}

}  // namespace

const Manifest* Workspace::find(std::string_view name) const {
  auto found = std::lower_bound(modules.begin(), modules.end(), name,
                                [](const Manifest& m, std::string_view n) { return m.name.value < n; });
  return (found != modules.end() && found->name.value == name) ? &*found : nullptr;
}

bool Workspace::allows(std::string_view real_path) const {
  return std::any_of(allowed_dirs.begin(), allowed_dirs.end(),
                     [&](const std::string& dir) { return support::is_within(real_path, dir); });
}

std::string Workspace::absolute(std::string_view relative) const {
  return support::normalize_path(support::join_path(root, relative));
}

std::optional<std::string> find_workspace_root(const support::FileSystem& fs, const std::string& start) {
  std::string dir = fs.absolute(start);
  for (;;) {
    if (fs.type(support::join_path(dir, workspace_file)) == FileType::file) return dir;
    if (dir == "/") return std::nullopt;
    dir = support::parent_path(dir);
  }
}

// A module's directory as the path checks see it.
struct ModuleDir {
  const support::FileSystem& fs;
  const Workspace& ws;
  const std::string& path;
  bool unlinked;  // lies where its path says below the workspace's real root
};

// A file a pattern found reaches CMake as a path of the build, so it must be
// one path to CMake and lie inside the workspace once links are followed:
// the same files `plan` and `build` would compile, judged where they were
// asked for (`at`: the pattern, or the module's name for a default one).
// Only a file reached through a link can lead elsewhere, so only such a file
// costs a realpath().
void check_found_file(const ModuleDir& dir, const LocatedString& pattern, const SourceSpan& at, std::string_view what,
                      const support::Glob::Match& found, DiagnosticList& out) {
  const std::string shown = support::escape_control_characters(found.path);
  const std::string label = fmt::format("'{}' matches '{}'", pattern.value, shown);
  if (auto problem = cmake_syntax_problem(fmt::format("{} file", what), found.path, at, label,
                                          "rename the file or directory without ';' and '$'")) {
    out.add(std::move(*problem));
    return;
  }
  if (dir.unlinked && !found.linked) return;
  if (auto target = outside_target(dir.fs, dir.ws, support::join_path(dir.path, found.path))) {
    out.add(Diagnostic::make(Code::path_outside_workspace,
                             fmt::format("{} file '{}' leads outside the workspace, to '{}'", what, shown,
                                         support::escape_control_characters(*target)),
                             at, label)
                .with_help(std::string(outside_help)));
  }
}

// Each pattern must be a valid glob matching at least one file, and every
// file it matches must be one the build may use. A defaulted pattern may
// match nothing (a module without src/ or tests/), but what it matches is
// still built, so it is still checked, at the module's name.
void check_file_patterns(const ModuleDir& dir, const std::vector<LocatedString>& patterns, bool defaulted,
                         const SourceSpan& module_name, std::string_view what, DiagnosticList& out) {
  for (const LocatedString& pattern : patterns) {
    auto glob = support::Glob::parse(pattern.value);
    if (!glob) {
      out.add(Diagnostic::make(Code::invalid_glob,
                               fmt::format("invalid {} pattern '{}': {}", what, pattern.value, glob.error().message),
                               pattern.sub_span(glob.error().offset, 1), glob.error().message));
      continue;
    }
    const auto found = glob->expand_with_links(dir.fs, dir.path, FileType::file);
    for (const support::Glob::Match& match : found) {
      check_found_file(dir, pattern, defaulted ? module_name : pattern.span, what, match, out);
    }
    if (!found.empty() || defaulted) continue;
    out.add(Diagnostic::make(Code::sources_match_nothing,
                             fmt::format("{} pattern '{}' matches no file", what, pattern.value), pattern.span,
                             "matches nothing"));
  }
}

// An include directory or API header must lie inside the workspace once
// links are followed: `gen` parses these files and quotes their lines.
bool check_confined(const support::FileSystem& fs, const Workspace& ws, const std::string& module_dir,
                    const LocatedString& path, std::string_view what, DiagnosticList& out) {
  auto target = outside_target(fs, ws, support::join_path(module_dir, path.value));
  if (!target) return true;
  out.add(Diagnostic::make(Code::path_outside_workspace,
                           fmt::format("{} '{}' leads outside the workspace, to '{}'", what, path.value, *target),
                           path.span, "outside the workspace")
              .with_help(std::string(outside_help)));
  return false;
}

void check_build_paths(const Manifest& manifest, const support::FileSystem& fs, const std::string& module_dir,
                       const Workspace& workspace, DiagnosticList& out, bool module_dir_unlinked) {
  const BuildSpec& build = manifest.build;
  for (const LocatedString& dir : build.include) {
    if (!check_confined(fs, workspace, module_dir, dir, "include directory", out)) continue;
    if (build.defaulted_include || fs.type(support::join_path(module_dir, dir.value)) == FileType::directory) continue;
    out.add(Diagnostic::make(Code::missing_path, fmt::format("include directory '{}' does not exist", dir.value),
                             dir.span, "no such directory"));
  }
  for (const LocatedString& header : build.api_headers) {
    if (!check_confined(fs, workspace, module_dir, header, "API header", out)) continue;
    if (fs.type(support::join_path(module_dir, header.value)) == FileType::file) continue;
    out.add(Diagnostic::make(Code::missing_path, fmt::format("API header '{}' does not exist", header.value),
                             header.span, "no such file"));
  }
  const ModuleDir dir{fs, workspace, module_dir, module_dir_unlinked};
  check_file_patterns(dir, build.sources, build.defaulted_sources, manifest.name.span, "source", out);
  check_file_patterns(dir, build.tests, build.defaulted_tests, manifest.name.span, "test", out);
}

namespace {

// Why a directory may not be allowed: the workspace file comes with the
// workspace, so it must not be able to open the whole machine to it.
std::optional<std::string> too_wide(std::string_view real, std::string_view real_root) {
  if (support::is_within(real_root, real)) return "it contains the workspace; allow a directory beside it instead";
  for (std::string_view system : {"/proc", "/sys", "/dev", "/etc", "/run"}) {
    if (support::is_within(real, system)) return fmt::format("it lies in the system's {}", system);
  }
  for (std::string_view shared : {"/home", "/root", "/tmp", "/usr"}) {
    if (real == shared) return fmt::format("it is all of {}", shared);
  }
  return std::nullopt;
}

// Each existing [workspace] allow-outside directory's real path, after the
// root's (which load_workspace() puts first).
void add_allowed_dirs(const support::FileSystem& fs, Workspace& ws, DiagnosticList& out) {
  for (const LocatedString& dir : ws.manifest.allow_outside) {
    auto real = fs.real_path(ws.absolute(dir.value));
    if (!real || fs.type(*real) != FileType::directory) {
      out.add(Diagnostic::make(Code::missing_path, fmt::format("allowed directory '{}' does not exist", dir.value),
                               dir.span, "no such directory"));
    } else if (auto reason = too_wide(*real, ws.allowed_dirs.front())) {
      out.add(Diagnostic::make(Code::path_outside_workspace,
                               fmt::format("'{}' may not be allowed: {}", dir.value, *reason), dir.span,
                               "too wide")
                  .with_help("name the directory beside the workspace that holds the modules or headers"));
    } else {
      ws.allowed_dirs.push_back(*real);
    }
  }
}

// modbuild.toml itself must be a file of the workspace, not a link to one
// outside it, before anything of it is read or quoted.
std::optional<Diagnostic> refuse_linked_workspace_file(const support::FileSystem& fs, const Workspace& ws,
                                                        const std::string& shown_path) {
  auto real_root = fs.real_path(ws.root);
  auto real = fs.real_path(support::join_path(ws.root, workspace_file));
  if (!real_root || !real || support::is_within(*real, *real_root)) return std::nullopt;
  return Diagnostic::make(Code::path_outside_workspace,
                          fmt::format("'{}' leads outside the workspace, to '{}'", shown_path, *real))
      .with_help("replace the link with the workspace file itself");
}

}  // namespace

LoadResult load_workspace(const support::FileSystem& fs, const std::string& root, const std::string& display_root,
                          LoadOptions options) {
  LoadResult result;
  Workspace& ws = result.workspace;
  ws.root = fs.absolute(root);
  ws.display_root = display_root;
  auto shown = [&](std::string_view relative) {
    return display_root.empty() ? std::string(relative) : support::join_path(display_root, relative);
  };

  // The root first: what is read after a failed load (the lockfile) is
  // judged against it too.
  auto real_root = fs.real_path(ws.root);
  ws.allowed_dirs.push_back(real_root ? *real_root : ws.root);
  if (auto refused = refuse_linked_workspace_file(fs, ws, shown(workspace_file))) {
    result.diagnostics.add(std::move(*refused));
    return result;
  }
  auto text = fs.read(support::join_path(ws.root, workspace_file));
  if (!text) {
    const bool missing = fs.type(support::join_path(ws.root, workspace_file)) == FileType::missing;
    result.diagnostics.add(
        missing ? Diagnostic::make(Code::no_workspace, fmt::format("no {} in '{}'", workspace_file, ws.root))
                      .with_help("run modbuild inside a workspace, or point at one with -C <dir>")
                : Diagnostic::make(Code::io_error, fmt::format("could not read '{}': {}", shown(workspace_file),
                                                               text.error())));
    return result;
  }
  FileId workspace_id = ws.sources.add(shown(workspace_file), std::move(*text));
  auto parsed = parse_workspace_manifest(ws.sources, workspace_id, result.diagnostics);
  if (!parsed) return result;
  ws.manifest = std::move(*parsed);
  // Every path of the build starts with the root's, and reaches CMake.
  if (auto problem = cmake_syntax_problem("the workspace directory", ws.root, {}, "",
                                          "move the workspace to a directory whose path has no ';' or '$'")) {
    result.diagnostics.add(std::move(*problem));
  }
  add_allowed_dirs(fs, ws, result.diagnostics);

  std::vector<Member> members = expand_members(fs, ws, result.diagnostics);
  // Ids are handed out in directory order before the workers start, so output
  // is the same whatever the thread count.
  std::vector<FileId> files;
  files.reserve(members.size());
  for (const Member& member : members) {
    files.push_back(ws.sources.reserve(shown(support::join_path(member.directory, module_file))));
  }
  // No build ID to key it with, no secret to prove it, or a linked cache
  // directory: no cache.
  std::optional<CacheFile> cache;
  if (std::string key = detail::manifest_cache_key(); options.cache && !key.empty() && !detail::cache_secret().empty()) {
    if (auto directory = detail::cache_directory(*options.cache, ws.root)) {
      cache.emplace(*options.cache, *directory, std::move(key));
    }
  }
  const detail::ManifestCache* lookup = cache ? &cache->cache : nullptr;
  std::vector<Slot> slots(members.size());
  support::parallel_for(
      members.size(), [&](std::size_t i) { load_member(fs, ws, members[i], files[i], lookup, slots[i]); },
      options.threads);
  if (cache) update_cache(*options.cache, *cache, slots);

  for (Slot& slot : slots) result.diagnostics.append(std::move(slot.diagnostics));
  ws.modules = collect_modules(slots, result.diagnostics);
  result.diagnostics.sort(ws.sources);
  return result;
}

}  // namespace modbuild::manifest
