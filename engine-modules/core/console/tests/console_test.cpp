// console: tests of the Core helpers, on Console data built by hand (no system).
#include <cstdio>

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
  console::Console console;
  expect(console::transcript(console).empty(), "an empty scrollback has an empty transcript");

  console.scrollback = {"first", "", "third"};
  expect(console::transcript(console) == "first\n\nthird",
         "transcript joins lines, keeping empty ones");
  console.scrollback = {""};
  expect(console::transcript(console).empty(), "a single empty line gives an empty transcript");

  console::submit_input(console, "look");
  console::submit_input(console, "take lamp");
  expect(console.pending_input.size() == 2, "submit_input queues each line");
  expect(console.pending_input.front() == "look", "input is queued oldest first");
  expect(console.scrollback.size() == 1, "submitting input does not touch the scrollback");

  if (failures == 0) std::puts("console: all tests passed");
  return failures == 0 ? 0 : 1;
}
