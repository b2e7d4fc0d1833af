// Runs extract_api() on headers held in memory, under /virtual/mod.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "modbuild/extract/extract.h"

namespace modbuild::extract::testing {

inline const std::string kModuleDir = "/virtual/mod";

inline std::string problem_text(const Problem& p) {
  std::string file = p.file.rfind(kModuleDir + "/", 0) == 0 ? p.file.substr(kModuleDir.size() + 1) : p.file;
  return file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + p.message;
}

inline std::vector<std::string> problem_texts(const ExtractResult& result) {
  std::vector<std::string> out;
  for (const Problem& p : result.problems) out.push_back(problem_text(p));
  return out;
}

/// Parses `header` as include/mod/api.h of a module, with modbuild/annotate.h reachable.
inline ExtractResult extract_header(const std::string& header, std::vector<std::string> extra_flags = {},
                                    std::vector<std::string> sources = {}, std::vector<std::pair<std::string, std::string>> more_files = {}) {
  auto resource_dir = find_resource_dir("");
  EXPECT_TRUE(resource_dir) << resource_dir.error();
  ExtractOptions options;
  options.module = "mod";
  options.version = "1.0.0";
  options.module_dir = kModuleDir;
  options.headers = {kModuleDir + "/include/mod/api.h"};
  options.header_names = {"include/mod/api.h"};
  options.flags = {"-I" + kModuleDir + "/include", "-I" MODBUILD_RUNTIME_INCLUDE_DIR};
  options.flags.insert(options.flags.end(), extra_flags.begin(), extra_flags.end());
  options.resource_dir = resource_dir ? *resource_dir : "";
  options.memory_files = {{kModuleDir + "/include/mod/api.h", header}};
  options.memory_files.insert(options.memory_files.end(), more_files.begin(), more_files.end());
  options.implementation_sources = std::move(sources);
  options.implementation_dir = "/virtual/sys";
  return extract_api(options);
}

}  // namespace modbuild::extract::testing
