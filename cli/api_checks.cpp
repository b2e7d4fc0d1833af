// run_api_checks(): where the schemas are, then codegen::check_api_schemas().
#include "api_checks.h"

#include <fmt/format.h>

#include "modbuild/codegen/schema_checks.h"

namespace modbuild::cli {

void run_api_checks(Context& context, manifest::Workspace& workspace, const ApiCheckOptions& options,
                    diagnostics::DiagnosticList& findings) {
  support::FileSystem& fs = context.fs();
  std::string schemas = options.schemas_dir.empty() ? workspace.absolute(".modbuild/gen") : fs.absolute(options.schemas_dir);
  const bool present = fs.type(schemas) == support::FileType::directory;
  if (!present && (!options.schemas_dir.empty() || !options.baseline_dir.empty())) {
    findings.add(diagnostics::Diagnostic::make(diagnostics::Code::api_schema_unreadable,
                                               fmt::format("no API schemas in '{}'", schemas))
                     .with_help("run `modbuild gen` first, or name the directory it wrote with --api-schemas"));
    return;
  }
  if (!present) return;
  const std::string baseline = options.baseline_dir.empty() ? "" : fs.absolute(options.baseline_dir);
  if (!baseline.empty() && fs.type(baseline) != support::FileType::directory) {
    findings.add(diagnostics::Diagnostic::make(diagnostics::Code::api_schema_unreadable,
                                               fmt::format("the API baseline '{}' is not a directory", baseline)));
    return;
  }
  findings.append(codegen::check_api_schemas(workspace, fs, {schemas, baseline}, workspace.sources));
}

}  // namespace modbuild::cli
