// console: helpers over the Core data that need no system.
#include "console/console.h"

#include <utility>

namespace console {

void submit_input(Console& console, std::string line) {
  console.pending_input.push_back(std::move(line));
}

std::string transcript(const Console& console) {
  std::string text;
  for (std::size_t i = 0; i < console.scrollback.size(); ++i) {
    if (i > 0) text += '\n';
    text += console.scrollback[i];
  }
  return text;
}

}  // namespace console
