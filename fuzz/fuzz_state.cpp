// Fuzz target: loading saved Core data (modbuild/state.h). Any bytes must
// load or be refused with a message; what loads must save and load again to
// the same value.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "modbuild/state.h"

namespace {

struct Item {
  std::string name;
  std::optional<std::int32_t> count;
  friend bool operator==(const Item&, const Item&) = default;
};

struct Root {
  std::uint32_t id = 0;
  bool alive = false;
  std::vector<Item> items;
  std::variant<double, std::string> tag;
  friend bool operator==(const Root&, const Root&) = default;
};

}  // namespace

namespace modbuild::state {

template <>
struct Fields<Item> {
  static constexpr std::string_view name = "Item";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("name", "std::string", s.name);
    v.field("count", "std::optional<int32_t>", s.count);
  }
};

template <>
struct Fields<Root> {
  static constexpr std::string_view name = "Root";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("id", "uint32_t", s.id);
    v.field("alive", "bool", s.alive);
    v.field("items", "std::vector<Item>", s.items);
    v.field("tag", "std::variant<double, std::string>", s.tag);
  }
};

}  // namespace modbuild::state

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Root root;
  auto loaded = modbuild::state::load(bytes, root);
  if (!loaded) {
    if (loaded.error.empty()) __builtin_trap();
    return 0;
  }
  Root again;
  if (!modbuild::state::load(modbuild::state::save(root), again)) __builtin_trap();
  // NaN in the variant compares unequal to itself; compare the bytes instead.
  if (modbuild::state::save(again) != modbuild::state::save(root)) __builtin_trap();
  return 0;
}
