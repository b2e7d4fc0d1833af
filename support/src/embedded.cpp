// Lookup in a sorted set of embedded files.
#include "modbuild/support/embedded.h"

#include <algorithm>

namespace modbuild::support {

const EmbeddedFile* find_embedded(std::span<const EmbeddedFile> files, std::string_view path) {
  auto found = std::lower_bound(files.begin(), files.end(), path,
                                [](const EmbeddedFile& file, std::string_view p) { return file.path < p; });
  return (found != files.end() && found->path == path) ? &*found : nullptr;
}

}  // namespace modbuild::support
