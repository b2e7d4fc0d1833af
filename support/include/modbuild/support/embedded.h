// Files compiled into the executable (see cmake/ModbuildEmbed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace modbuild::support {

struct EmbeddedFile {
  std::string_view path;  ///< relative to the embedded directory, '/'-separated
  std::string_view contents;
};

/// The file at `path` in a sorted embedded set, or nullptr.
const EmbeddedFile* find_embedded(std::span<const EmbeddedFile> files, std::string_view path);

}  // namespace modbuild::support
