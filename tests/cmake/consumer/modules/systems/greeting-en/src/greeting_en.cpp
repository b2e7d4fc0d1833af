// greeting-en: implements the greeting contract in English.
#include "greeting/greeting.h"

namespace greeting {

std::string greet(const Greeting& who) { return "hello, " + who.name; }

}  // namespace greeting
