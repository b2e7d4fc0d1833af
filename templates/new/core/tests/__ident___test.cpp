// {{name}}: tests of the Core data helpers.
#include <cstdio>

#include "{{ident}}/{{ident}}.h"

int main() {
  {{ident}}::State state;
  if ({{ident}}::average_step(state) != 0.0) {
    std::puts("average_step of a fresh state should be 0");
    return 1;
  }
  state.ticks = 4;
  state.elapsed_seconds = 2.0;
  if ({{ident}}::average_step(state) != 0.5) {
    std::puts("average_step should divide elapsed time by ticks");
    return 1;
  }
  return 0;
}
