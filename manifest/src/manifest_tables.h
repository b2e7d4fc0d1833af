// Internal: the tables of a module manifest read from any TOML table, so that
// module.toml and each [[versions]] entry of a registry index share every check.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "toml_reader.h"

namespace modbuild::manifest::detail {

/// Where the manifest tables are read from, and what else that table may hold.
struct ManifestTablesOptions {
  /// Names the table in messages: "module.toml", "[[versions]]".
  std::string title;
  /// Keys besides the manifest tables that the table may hold.
  std::span<const std::string_view> extra_keys;
  /// Whether [build] is part of the format here; when not, it is an unknown
  /// key and the manifest's BuildSpec stays empty.
  bool allow_build = true;
  /// Reads the extra keys, through the reader that checked the table's keys.
  std::function<void(TableReader&)> read_extra_keys;
};

/// Reads [module], [contract], [implements], [core], [dependencies],
/// [options], [features] and (if allowed) [build] from `root`, runs the
/// checks of one manifest, and sorts its entries by name. Every problem is
/// reported through `doc`; the result is as complete as the problems allow.
Manifest read_manifest_tables(DocumentReader& doc, const toml::table& root, const ManifestTablesOptions& options);

}  // namespace modbuild::manifest::detail
