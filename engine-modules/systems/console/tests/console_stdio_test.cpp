// console-stdio: tests of the console contract as implemented over
// standard input and output.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "console/console.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
  // Capture what the system echoes: it writes through std::cout.
  std::ostringstream echoed;
  std::streambuf* const original = std::cout.rdbuf(echoed.rdbuf());

  console::Console console;
  console.capacity = 3;
  console::write(console, "hello");
  console::write(console, "two\nlines\n");
  expect(console::line_count(console) == 3, "a trailing newline does not add a line");
  expect(console::transcript(console) == "hello\ntwo\nlines", "lines are stored in order");

  console::write(console, "fourth");
  expect(console::line_count(console) == 3, "the scrollback stays within capacity");
  expect(console.scrollback.front() == "two", "the oldest line is dropped first");

  console::write(console, "");
  expect(console.scrollback.back().empty(), "writing nothing stores an empty line");

  std::cout.rdbuf(original);
  expect(echoed.str() == "hello\ntwo\nlines\nfourth\n\n", "every line is echoed to stdout");

  console::clear(console);
  expect(console::line_count(console) == 0, "clear empties the scrollback");

  // Standard input is a pipe the test writes into: typed lines become
  // input as soon as they end; a line without its newline waits.
  int typed[2];
  if (::pipe(typed) != 0 || ::dup2(typed[0], STDIN_FILENO) < 0) return 1;
  expect(!console::read_line(console).has_value(), "no input is pending at first");
  const char keys[] = "reload ecs-sparse\nswap render.backend";
  if (::write(typed[1], keys, sizeof keys - 1) != static_cast<ssize_t>(sizeof keys - 1)) return 1;
  expect(console::read_line(console) == "reload ecs-sparse", "a typed line is read");
  expect(!console::read_line(console).has_value(), "a line without its end waits");
  if (::write(typed[1], " render-ascii\n", 14) != 14) return 1;
  expect(console::read_line(console) == "swap render.backend render-ascii", "the rest of the line completes it");
  ::close(typed[1]);
  expect(!console::read_line(console).has_value(), "the end of input is no line");

  console::submit_input(console, "look");
  console::submit_input(console, "quit");
  const auto first = console::read_line(console);
  const auto second = console::read_line(console);
  expect(first == "look" && second == "quit", "read_line returns input oldest first");
  expect(!console::read_line(console).has_value(), "read_line consumes the input");

  if (failures == 0) std::puts("console-stdio: all tests passed");
  return failures == 0 ? 0 : 1;
}
