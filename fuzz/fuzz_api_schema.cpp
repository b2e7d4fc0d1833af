// Fuzz target: the API schema reader. Whatever it accepts must write back to
// JSON that reads as the same schema.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "modbuild/codegen/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto schema = modbuild::codegen::from_json(text);
  if (!schema) return 0;
  auto again = modbuild::codegen::from_json(modbuild::codegen::to_json(*schema));
  if (!again || !(*again == *schema)) __builtin_trap();
  return 0;
}
