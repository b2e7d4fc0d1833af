// A host program of the consumer project: it links modbuild::runtime from
// the package, loads the workspace's modules from their index, and calls the
// greeting contract through the runtime's slot, checked as the runtime
// checks a module's imports.
#include <cstdio>
#include <string>

#include "greeting/greeting.h"
#include "greeting_api.h"
#include "modbuild/runtime/runtime.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: runtime_host <module index>\n");
    return 2;
  }
  auto runtime = modbuild::runtime::Runtime::open(argv[1]);
  if (!runtime) {
    std::fprintf(stderr, "runtime_host: %s\n", runtime.error().message.c_str());
    return 1;
  }
  if (auto loaded = (*runtime)->load_all(); !loaded) {
    std::fprintf(stderr, "runtime_host: %s\n", loaded.message.c_str());
    return 1;
  }
  namespace greeting_api = modbuild_gen::greeting_api;
  if (auto bound = (*runtime)->bind_host({greeting_api::kContract, &greeting_api::imported_slot}); !bound) {
    std::fprintf(stderr, "runtime_host: %s\n", bound.message.c_str());
    return 1;
  }
  std::printf("%s\n", greeting_api::api().greet(greeting::Greeting{"runtime"}).c_str());
  for (const auto& module : (*runtime)->modules()) {
    std::printf("%s %s %s\n", module.name.c_str(), module.version.c_str(), module.state.c_str());
  }
  return 0;
}
