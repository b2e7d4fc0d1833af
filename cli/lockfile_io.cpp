// modbuild.lock next to modbuild.toml.
#include "lockfile_io.h"

#include <fmt/format.h>

#include "modbuild/resolver/resolve.h"
#include "modbuild/support/path.h"
#include "modbuild/support/text.h"

namespace modbuild::cli {

LockState read_lockfile(const support::FileSystem& fs, manifest::Workspace& workspace,
                        diagnostics::DiagnosticList& out, support::FileSystem* cache) {
  LockState state;
  state.path = support::join_path(workspace.root, "modbuild.lock");
  if (fs.type(state.path) == support::FileType::missing) return state;
  const std::string shown = workspace.display_root.empty() ? "modbuild.lock"
                                                           : support::join_path(workspace.display_root, "modbuild.lock");
  // A lockfile that is a link to elsewhere is neither read nor quoted.
  if (auto real = fs.real_path(state.path); real && !workspace.allows(*real)) {
    out.add(diagnostics::Diagnostic::make(diagnostics::Code::path_outside_workspace,
                                          fmt::format("'{}' leads outside the workspace, to '{}'", shown, *real))
                .with_help("replace the link with the lockfile itself"));
    state.readable = false;
    return state;
  }
  auto text = fs.read(state.path);
  if (!text) {
    out.add(diagnostics::Diagnostic::make(diagnostics::Code::io_error,
                                          fmt::format("could not read '{}': {}", state.path, text.error())));
    state.readable = false;
    return state;
  }
  state.text = *text;
  diagnostics::FileId file = workspace.sources.add(shown, std::move(*text));
  state.file = file;
  diagnostics::DiagnosticList problems;
  state.lockfile = manifest::parse_lockfile_cached(workspace.sources, file, problems, cache, workspace.root);
  state.readable = state.lockfile.has_value() && !problems.has_errors();
  out.append(std::move(problems));
  return state;
}

namespace {

// Lines split at '\n' only, so that a '\r' before it stays visible.
std::vector<std::string_view> raw_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// The first line (from 0) where two texts differ; past the end of one of them when it is the other's prefix.
std::size_t first_differing_line(const std::vector<std::string_view>& found,
                                 const std::vector<std::string_view>& expected) {
  std::size_t line = 0;
  while (line < found.size() && line < expected.size() && found[line] == expected[line]) ++line;
  return line;
}

bool is_comment(std::string_view line) {
  const std::size_t text = line.find_first_not_of(" \t");
  return text != std::string_view::npos && line[text] == '#';
}

// What differs on that line, said so that the fix is plain.
std::string describe_line(std::string_view found, std::string_view expected, bool found_ended, bool expected_ended) {
  if (found_ended && expected_ended) return "the last line has no line break at its end; modbuild ends the file with one";
  if (found_ended) return "the lockfile ends where resolution writes more lines";
  if (expected_ended) return "this line and those after it are not part of what resolution writes";
  if (found.ends_with('\r') && found.substr(0, found.size() - 1) == expected) {
    return "the lockfile has Windows line endings (CRLF) and modbuild writes LF; a .gitattributes line "
           "'modbuild.lock text eol=lf' keeps git from converting it";
  }
  if (is_comment(found)) {
    return is_comment(expected) ? fmt::format("modbuild's own comment reads '{}'", expected)
                                : "modbuild writes no comment here, and 'modbuild resolve' would drop this one";
  }
  return fmt::format("resolution writes '{}' here", support::escape_control_characters(expected));
}

}  // namespace

diagnostics::Diagnostic lockfile_difference(const LockState& lock, const manifest::Lockfile& resolved,
                                            const std::string& resolved_text, bool locked) {
  const auto code = locked ? diagnostics::Code::lockfile_outdated : diagnostics::Code::lockfile_stale;
  if (!lock.text) {
    return diagnostics::Diagnostic::make(code, "modbuild.lock is missing: --locked needs a lockfile to compare with")
        .with_help("run 'modbuild resolve' and commit modbuild.lock");
  }
  const std::vector<std::string> changes =
      resolver::describe_lock_changes(lock.lockfile.value_or(manifest::Lockfile{}), resolved);
  if (!changes.empty()) {
    return diagnostics::Diagnostic::make(
               code, "modbuild.lock is out of date: resolving the workspace gives a different lockfile")
        .with_note(fmt::format("changes:\n{}", fmt::join(changes, "\n")))
        .with_help("run 'modbuild resolve' and commit modbuild.lock");
  }
  // The same modules, other text: say where, or a gate fails with nothing to fix.
  const std::vector<std::string_view> found = raw_lines(*lock.text);
  const std::vector<std::string_view> expected = raw_lines(resolved_text);
  const std::size_t line = first_differing_line(found, expected);
  const bool found_ended = line >= found.size();
  const std::string_view found_line = found_ended ? std::string_view() : found[line];
  diagnostics::SourceSpan span;
  span.file = lock.file;
  span.line = static_cast<std::uint32_t>(std::min(line, found.empty() ? 0 : found.size() - 1) + 1);
  span.column = 1;
  span.end_line = span.line;
  span.end_column = static_cast<std::uint32_t>(std::max<std::size_t>(found_line.size(), 1) + 1);
  return diagnostics::Diagnostic::make(code,
                                       "modbuild.lock locks the same versions but is not the text modbuild writes",
                                       span, "differs from here")
      .with_note(describe_line(found_line, found_ended ? std::string_view() : (line < expected.size() ? expected[line] : ""),
                               found_ended, line >= expected.size()))
      .with_help("run 'modbuild resolve' to rewrite it, and commit modbuild.lock");
}

}  // namespace modbuild::cli
