// {{name}}: tests of the {{core}} implementation.
#include <cstdio>

#include "{{core_ident}}/{{core_ident}}.h"

int main() {
  {{core_ident}}::State state;
  {{core_ident}}::step(state, 0.25);
  {{core_ident}}::step(state, 0.25);
  if (state.ticks != 2 || state.elapsed_seconds != 0.5) {
    std::puts("two steps of 0.25 s should make 2 ticks and 0.5 s");
    return 1;
  }
  {{core_ident}}::reset(state);
  if (state.ticks != 0) {
    std::puts("reset should clear the ticks");
    return 1;
  }
  return 0;
}
