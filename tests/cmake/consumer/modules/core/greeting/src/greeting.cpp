// greeting: helpers over the Core data that need no system.
#include "greeting/greeting.h"

namespace greeting {
namespace {

// Not part of the API: hidden by the module's default visibility.
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::string shout(std::string text) {
  for (char& c : text) c = upper(c);
  return text;
}

}  // namespace greeting
