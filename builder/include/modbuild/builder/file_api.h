// The CMake File API (cmake-file-api(7)): the query modbuild writes into a
// build directory before configuring, and the reply CMake leaves there,
// from which `modbuild build` learns every target's artifacts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "modbuild/support/expected.h"
#include "modbuild/support/file_system.h"

namespace modbuild::builder {

/// The client name under .cmake/api/v1/query/: modbuild's own query, so
/// that IDEs and other clients keep theirs.
inline constexpr std::string_view file_api_client = "client-modbuild";

/// Writes .cmake/api/v1/query/client-modbuild/query.json asking for
/// codemodel v2, cache v2 and toolchains v1.
support::Expected<void, support::IoError> write_file_api_query(support::FileSystem& fs, const std::string& build_dir);

struct FileApiTarget {
  std::string name;
  std::string type;                    ///< e.g. SHARED_LIBRARY, EXECUTABLE
  std::vector<std::string> artifacts;  ///< absolute paths
};

struct FileApiReply {
  std::string generator;
  std::string configuration;  ///< the configuration read (build type)
  std::vector<FileApiTarget> targets;
  std::map<std::string, std::string> cache;  ///< every cache entry, name => value
  std::string cxx_compiler_id;
  std::string cxx_compiler_version;

  const FileApiTarget* find_target(std::string_view name) const;
};

/// Reads the newest reply to modbuild's query. `configuration` picks one of
/// a multi-configuration generator's configurations; empty: the first.
/// Errors name the file that is missing or malformed.
support::Expected<FileApiReply, std::string> read_file_api_reply(const support::FileSystem& fs, const std::string& build_dir,
                                                                 const std::string& configuration = "");

}  // namespace modbuild::builder
