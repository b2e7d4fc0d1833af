// The build plan as a CMake script, the form the package's functions read.
//
// modbuild_workspace() runs `modbuild plan --cmake <file>` at configure time
// and include()s the file inside the function, so the variables it sets stay
// local to that call. Reading a generated script is much faster than parsing
// JSON with string(JSON), which matters on every configure of a large workspace.
#pragma once

#include <string>

#include "modbuild/builder/plan.h"

namespace modbuild::builder {

/// The plan as `set()` commands: MODBUILD_PLAN_SCHEMA_VERSION, _WORKSPACE,
/// _ROOT, _WORKSPACE_JSON and _ROOT_JSON (as JSON strings), _MODULES (load order), _CONFIGURE_DEPENDS, and per module
/// MODBUILD_PLAN_<module>_{VERSION,KIND,OUTPUT,DIRECTORY,MANIFEST,SOURCES,
/// INCLUDE_DIRS,API_HEADERS,PUBLIC_LINKS,PRIVATE_LINKS,DEFINITIONS,
/// LOAD_INDEX,METADATA}. Every value is a bracket argument, so no character
/// of a path needs escaping (a ';' in a path would still split a list).
/// Deterministic: the same plan gives the same bytes.
std::string cmake_plan(const BuildPlan& plan);

/// `text` as a CMake bracket argument ([=[text]=]) with enough '=' that the
/// closing bracket cannot occur inside it.
std::string cmake_bracket(std::string_view text);

}  // namespace modbuild::builder
