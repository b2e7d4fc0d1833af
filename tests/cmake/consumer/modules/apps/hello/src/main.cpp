// hello: greets whoever is named on the command line (default: modbuild),
// through the table of greeting-en's generated entry point.
#include <cstdio>
#include <string>

#include "greeting/greeting.h"
#include "greeting_api.h"
#include "modbuild/module_abi.h"

MODBUILD_DECLARE_MODULE_ENTRY(greeting_en);

int main(int argc, char** argv) {
  std::string why;
  const auto* table = modbuild_gen::greeting_api::Proxy::bind(*MODBUILD_MODULE_ENTRY(greeting_en)(), &why);
  if (table == nullptr) {
    std::fprintf(stderr, "hello: cannot bind greeting-en: %s\n", why.c_str());
    return 1;
  }
  const modbuild_gen::greeting_api::Proxy greeter(*table);
  const greeting::Greeting who{argc > 1 ? argv[1] : "modbuild"};
  std::printf("%s\n%s\n", greeter.greet(who).c_str(), greeting::shout(greeter.greet(who)).c_str());
  return 0;
}
