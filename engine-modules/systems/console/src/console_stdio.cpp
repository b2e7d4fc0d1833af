// console-stdio: implements the console contract over standard input and
// output: every line written is echoed, and lines typed on standard input
// become the console's input.
#include <poll.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <utility>

#include "console/console.h"

namespace console {

namespace {

// What was typed but not yet ended with a newline.
std::string typed;
bool input_ended = false;

// Reads what standard input has now, without waiting for more.
void take_typed_input(Console& console) {
  while (!input_ended) {
    pollfd ready{STDIN_FILENO, POLLIN, 0};
    if (::poll(&ready, 1, 0) <= 0 || (ready.revents & (POLLIN | POLLHUP)) == 0) return;
    char buffer[512];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) {
      input_ended = true;
      return;
    }
    typed.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t end; (end = typed.find('\n')) != std::string::npos; typed.erase(0, end + 1)) {
      console.pending_input.push_back(typed.substr(0, end));
    }
  }
}

}  // namespace

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
  // A console shows lines as they come, whatever standard output is.
  std::cout.flush();
}

std::optional<std::string> read_line(Console& console) {
  if (console.pending_input.empty()) take_typed_input(console);
  if (console.pending_input.empty()) return std::nullopt;
  std::string line = std::move(console.pending_input.front());
  console.pending_input.pop_front();
  return line;
}

void clear(Console& console) { console.scrollback.clear(); }

std::size_t line_count(const Console& console) { return console.scrollback.size(); }

}  // namespace console
