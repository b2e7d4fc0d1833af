// The AST side of extraction: annotated declarations => schema entries.
//
// Pipeline: every declaration carrying a "modbuild:" annotation => checks of
// what a table can bind (no templates, overloads, variadics, member
// functions, references to incomplete types) and what a serializer can walk
// (plain structs of public fields whose types are arithmetic, enums,
// std::string, std::vector, std::deque, std::optional, std::variant,
// std::array or other such structs) => Function, Struct and Enum entries with
// Clang's layout. Structs reached through fields are collected too, as
// `nested`. A declaration that fails a check is reported with its location and
// left out, so every problem of a module shows in one run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <clang/AST/ASTConsumer.h>
#include <clang/Frontend/CompilerInstance.h>

#include "modbuild/codegen/schema.h"
#include "modbuild/extract/extract.h"

namespace modbuild::extract {

struct CollectorOptions {
  std::string module_dir;  ///< locations inside it become relative
  /// Set when scanning a system's source: collect only definitions of these
  /// qualified names (whatever their signature), not annotations.
  std::vector<std::string> definitions_of;
  /// Annotated declarations under these directories are not collected.
  std::vector<std::string> foreign_dirs;
};

struct CollectorOutput {
  std::vector<codegen::Function> functions;
  std::vector<codegen::Struct> structs;
  std::vector<codegen::Enum> enums;
  std::vector<codegen::Function> definitions;
  std::vector<Problem> problems;
  std::vector<std::string> files_read;
};

std::unique_ptr<clang::ASTConsumer> make_collector(clang::CompilerInstance& compiler, const CollectorOptions& options,
                                                   CollectorOutput& output);

}  // namespace modbuild::extract
