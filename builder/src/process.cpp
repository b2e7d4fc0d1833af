// posix_spawn rather than fork: no copy of a large address space, and nothing
// runs in the child between fork and exec.
#include "modbuild/builder/process.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

extern char** environ;

namespace modbuild::builder {

support::Expected<int, std::string> run_process(const std::vector<std::string>& argv, const RunOptions& options) {
  if (argv.empty()) return support::unexpected(std::string("no program to run"));
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (options.stdout_to_stderr) posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return support::unexpected(std::string("cannot run '") + argv[0] + "': " + std::strerror(spawned));

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return support::unexpected(std::string("waiting for '") + argv[0] + "': " + std::strerror(errno));
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

std::string current_executable(const std::string& fallback) {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? fallback : self.string();
}

}  // namespace modbuild::builder
