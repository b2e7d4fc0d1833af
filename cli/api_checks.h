// The API checks of `modbuild check` (--api-schemas, --api-baseline): the
// glue between the command and modbuild::codegen's schema checks.
#pragma once

#include <string>

#include "context.h"

namespace modbuild::cli {

struct ApiCheckOptions {
  std::string schemas_dir;   ///< --api-schemas; empty: <workspace>/.modbuild/gen when it exists
  std::string baseline_dir;  ///< --api-baseline; empty: no semver check
};

/// Adds the findings of the schema checks. Without schemas (no explicit
/// directory and no `modbuild gen` output) only --api-baseline is an error.
void run_api_checks(Context& context, manifest::Workspace& workspace, const ApiCheckOptions& options,
                    diagnostics::DiagnosticList& findings);

}  // namespace modbuild::cli
