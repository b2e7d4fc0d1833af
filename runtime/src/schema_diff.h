// schema_diff.h: which fields differ between two builds of a Core module.
//
// The runtime refuses a module by its fingerprints, which say that a layout
// differs but not how. The API schemas that the build puts beside the
// libraries (<module>-<version>.api.json) say how: this compares the
// structs of two schemas by name and field by field. A field whose type
// changed cannot be migrated (the state format matches fields by name and
// type), so the diff tells those apart from fields added or removed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modbuild/runtime/result.h"

namespace modbuild::runtime {

struct LayoutDiff {
  /// One line per difference, e.g. "field 'z' (double) was added to 'ecs::Transform'".
  std::vector<std::string> changes;
  /// The changes state cannot cross, e.g. "field 'x' of 'ecs::Transform'
  /// changed type from 'double' to 'float'".
  std::vector<std::string> incompatible;
};

/// Compares the structs of two schema documents (JSON text). With `only`
/// set, just that struct. Errors name which document is malformed.
Result<LayoutDiff> diff_layouts(std::string_view before, std::string_view after, std::string_view only = {});

/// Whether a schema document describes exactly these layouts: every
/// (qualified name, layout fingerprint) pair is a struct of the schema with
/// that fingerprint. Tells which build of a Core module a module was built
/// against, from the fingerprints its entry point carries.
bool schema_matches(std::string_view schema, const std::vector<std::pair<std::string, std::string>>& layouts);

}  // namespace modbuild::runtime
