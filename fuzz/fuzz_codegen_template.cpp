// Fuzz target: the template language of templates/codegen/. Parsing and
// rendering any text must end in output or an error inside the text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "modbuild/codegen/template.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = modbuild::codegen::Template::parse(text);
  if (!parsed) {
    if (parsed.error().line == 0 || parsed.error().column == 0) __builtin_trap();
    return 0;
  }
  static const nlohmann::json context = {
      {"module", "ecs"}, {"flag", true}, {"none", nullptr},
      {"items", {{{"name", "a"}, {"last", false}}, {{"name", "b"}, {"last", true}}}},
      {"system", {{"module", "ecs-sparse"}, {"ident", "ecs_sparse"}}}};
  auto rendered = parsed->render(context);
  if (!rendered && rendered.error().line == 0) __builtin_trap();
  return 0;
}
