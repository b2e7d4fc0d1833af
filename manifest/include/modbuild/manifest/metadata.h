// `modbuild metadata`: the whole workspace as versioned JSON for tool authors.
//
// The schema is documented in docs/metadata.md; `metadata_schema_version`
// changes only when a field is removed or changes meaning (fields may be added).
#pragma once

#include <nlohmann/json.hpp>

#include "modbuild/manifest/workspace.h"

namespace modbuild::manifest {

inline constexpr int metadata_schema_version = 1;

nlohmann::json workspace_metadata(const Workspace& workspace);

}  // namespace modbuild::manifest
