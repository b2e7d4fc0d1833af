// Unix domain sockets by path: what the engine's control socket and
// `modbuild watch` share.
//
// A socket address holds 107 bytes of path; build directories are often
// deeper. Longer paths are reached through their directory, opened and named
// as /proc/self/fd/<fd>/<file>, which the kernel resolves at bind() and
// connect() time.
#pragma once

#include <string>

#include "modbuild/support/expected.h"

namespace modbuild::support {

/// A listening, non-blocking socket at `path`, accessible to its owner only
/// (0600). A socket file nothing answers on any more (left by a process
/// that died) is replaced; one that something answers on is an error.
Expected<int, std::string> listen_unix(const std::string& path, int backlog);

/// A connected (blocking) socket to `path`; the error says why not
/// ("nothing listens on <path>").
Expected<int, std::string> connect_unix(const std::string& path);

}  // namespace modbuild::support
