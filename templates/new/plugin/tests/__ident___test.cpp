// {{name}}: plugin tests.
#include <cstdio>

#include "{{ident}}/{{ident}}.h"

int main() {
  if ({{ident}}::describe() != "{{name}} plugin") {
    std::puts("describe() should name the plugin");
    return 1;
  }
  return 0;
}
