// API extraction with Clang libTooling: a module's annotated headers => ApiSchema.
//
// Pipeline: the API headers => one umbrella translation unit that includes
// them all (one parse per module, not per header) => Clang, with the module's
// own compile flags and MODBUILD_GENERATING defined => the declarations marked
// through modbuild/annotate.h => checks of what can be bound and serialized
// => an ApiSchema, the problems found, and every file the parse read (for the
// depfile: ClangTool's own -MD handling is not used).
//
// This library is the only one in modbuild that links Clang; LLVM types stay
// inside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modbuild/codegen/schema.h"
#include "modbuild/support/expected.h"

namespace modbuild::extract {

struct ExtractOptions {
  std::string module;
  std::string version;
  /// Absolute; schema locations inside it are written relative to it.
  std::string module_dir;
  /// Absolute paths of the API headers, in the order the manifest names them.
  std::vector<std::string> headers;
  /// The headers as the manifest names them, for ApiSchema::headers.
  std::vector<std::string> header_names;
  /// The module's compile flags (-I, -isystem, -D, -std=...); -std=c++20 is
  /// used when none is given.
  std::vector<std::string> flags;
  /// Clang's resource directory (see find_resource_dir()).
  std::string resource_dir;
  /// Source files of a system, each parsed on its own, in which definitions
  /// of the headers' API functions are looked for (ExtractResult::definitions).
  std::vector<std::string> implementation_sources;
  /// Absolute; the locations of the definitions are written relative to it.
  std::string implementation_dir;
  /// Files served from memory instead of the disk (absolute path, contents).
  std::vector<std::pair<std::string, std::string>> memory_files;
  /// Absolute directories of other modules: what their headers annotate is
  /// their API, not this module's, even when this module's headers include
  /// them (a plugin's API taking a Core module's data).
  std::vector<std::string> foreign_dirs;
};

enum class ProblemKind {
  compile_error,  ///< Clang's own error: the header does not compile with these flags
  unsupported,    ///< an annotated declaration uses something that cannot be bound or serialized
};

struct Problem {
  ProblemKind kind = ProblemKind::unsupported;
  std::string file;  ///< absolute, or empty for problems without a location
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
  std::vector<std::string> notes;
};

struct ExtractResult {
  /// Set unless the headers failed to compile.
  std::optional<codegen::ApiSchema> schema;
  /// Definitions of the API functions found in implementation_sources, with
  /// the signature each has there (a different one is another overload).
  std::vector<codegen::Function> definitions;
  std::vector<Problem> problems;
  /// Every file the parses read, absolute and sorted, the headers included.
  std::vector<std::string> files_read;
};

ExtractResult extract_api(const ExtractOptions& options);

/// Clang's resource directory, where stddef.h and the other compiler headers
/// live: `configured` if given, else $MODBUILD_CLANG_RESOURCE_DIR, else the
/// one found when modbuild was configured. The error says which directory
/// lacks include/stddef.h and how to point at the right one.
support::Expected<std::string, std::string> find_resource_dir(const std::string& configured);

}  // namespace modbuild::extract
