// The exit statuses of modbuild, documented in docs/cli.md. Stable: CI
// pipelines and the CMake package rely on them.
#pragma once

namespace modbuild::cli {

enum class ExitStatus : int {
  success = 0,   ///< the command did its job and found no error
  problems = 1,  ///< the input has problems (diagnostics of error severity)
  usage = 2,     ///< the command line was wrong
  internal = 3,  ///< modbuild itself failed (a bug, or the system refused)
};

}  // namespace modbuild::cli
