// console-stdio: implements the console contract, echoing every line to stdout.
#include <iostream>
#include <utility>

#include "console/console.h"

namespace console {

void write(Console& console, std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  while (true) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    std::cout << line << '\n';
    console.scrollback.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  while (console.scrollback.size() > console.capacity) console.scrollback.pop_front();
}

std::optional<std::string> read_line(Console& console) {
  if (console.pending_input.empty()) return std::nullopt;
  std::string line = std::move(console.pending_input.front());
  console.pending_input.pop_front();
  return line;
}

void clear(Console& console) { console.scrollback.clear(); }

std::size_t line_count(const Console& console) { return console.scrollback.size(); }

}  // namespace console
