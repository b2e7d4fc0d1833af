// hello: greets whoever is named on the command line (default: modbuild).
#include <cstdio>

#include "greeting/greeting.h"

int main(int argc, char** argv) {
  const greeting::Greeting who{argc > 1 ? argv[1] : "modbuild"};
  std::printf("%s\n%s\n", greeting::greet(who).c_str(), greeting::shout(greeting::greet(who)).c_str());
  return 0;
}
