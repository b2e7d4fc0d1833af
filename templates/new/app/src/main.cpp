// {{name}}: application entry point.
#include <cstdio>

int main(int argc, char** argv) {
  std::printf("{{name}}: started with %d argument(s)\n", argc - 1);
  (void)argv;
  return 0;
}
