// Running another program (cmake) and waiting for it, its output shown live.
#pragma once

#include <string>
#include <vector>

#include "modbuild/support/expected.h"

namespace modbuild::builder {

struct RunOptions {
  /// Send the child's standard output to our standard error, so that a
  /// command printing JSON on stdout keeps stdout for its document.
  bool stdout_to_stderr = false;
};

/// Runs `argv` (argv[0] looked up on PATH) and waits for it. Returns its exit
/// code, 128 + the signal number if a signal ended it, or the reason it
/// could not be started.
support::Expected<int, std::string> run_process(const std::vector<std::string>& argv, const RunOptions& options = {});

/// The absolute path of the running executable (from /proc/self/exe), or
/// `fallback` when the system does not say.
std::string current_executable(const std::string& fallback);

}  // namespace modbuild::builder
