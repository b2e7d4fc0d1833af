// Test helper: runs a program and captures its output and exit status.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace modbuild::testing {

struct ProcessResult {
  int status = -1;  ///< exit status, or 128 + signal
  std::string out;
  std::string err;
};

/// Runs `program` with `args` in `directory`, with extra environment variables.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::string& directory, const std::map<std::string, std::string>& env = {});

/// A file's bytes; empty when it cannot be read.
std::string read_file(const std::string& path);

/// Copies a workspace directory without its .modbuild/, so that no cache
/// (which other tests may be writing) comes along.
void copy_workspace(const std::string& from, const std::string& to);

/// Splits a command line on spaces, honouring double quotes.
std::vector<std::string> split_arguments(const std::string& line);

}  // namespace modbuild::testing
