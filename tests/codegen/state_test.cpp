// modbuild/state.h with Fields written as modbuild-gen writes them; the
// generated ones are exercised by the codegen end-to-end test.
#include "modbuild/state.h"

#include <gtest/gtest.h>

namespace {

enum class Mode : std::uint8_t { idle, running };

struct Part {
  std::string label;
  std::optional<int> count;
  friend bool operator==(const Part&, const Part&) = default;
};

// Version 1 of a struct...
struct SaveV1 {
  int id = 0;
  double weight = 0;
  std::vector<Part> parts;
  std::variant<int, std::string> tag;
  std::array<bool, 2> flags{};
  std::deque<Mode> modes;
};

// ...and version 2: `weight` removed, `speed` added, the rest kept.
struct SaveV2 {
  int id = 0;
  float speed = 7.5f;
  std::vector<Part> parts;
  std::variant<int, std::string> tag;
  std::array<bool, 2> flags{};
  std::deque<Mode> modes;
};

// Version 3 changes the type of `id`.
struct SaveV3 {
  long id = 0;
};

}  // namespace

namespace modbuild::state {

template <>
struct Fields<Part> {
  static constexpr std::string_view name = "Part";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("label", "std::string", s.label);
    v.field("count", "std::optional<int>", s.count);
  }
};

template <>
struct Fields<SaveV1> {
  static constexpr std::string_view name = "Save";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("id", "int", s.id);
    v.field("weight", "double", s.weight);
    v.field("parts", "std::vector<Part>", s.parts);
    v.field("tag", "std::variant<int, std::string>", s.tag);
    v.field("flags", "std::array<bool, 2>", s.flags);
    v.field("modes", "std::deque<Mode>", s.modes);
  }
};

template <>
struct Fields<SaveV2> {
  static constexpr std::string_view name = "Save";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("id", "int", s.id);
    v.field("speed", "float", s.speed);
    v.field("parts", "std::vector<Part>", s.parts);
    v.field("tag", "std::variant<int, std::string>", s.tag);
    v.field("flags", "std::array<bool, 2>", s.flags);
    v.field("modes", "std::deque<Mode>", s.modes);
  }
};

template <>
struct Fields<SaveV3> {
  static constexpr std::string_view name = "Save";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("id", "long", s.id);
  }
};

}  // namespace modbuild::state

namespace {

SaveV1 sample() {
  SaveV1 v1;
  v1.id = 42;
  v1.weight = 2.5;
  v1.parts = {{"wheel", 4}, {"seat", std::nullopt}};
  v1.tag = std::string("fast");
  v1.flags = {true, false};
  v1.modes = {Mode::running, Mode::idle};
  return v1;
}

TEST(StateTest, RoundTripsEverySupportedKindOfField) {
  const SaveV1 original = sample();
  SaveV1 back;
  auto result = modbuild::state::load(modbuild::state::save(original), back);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(back.id, 42);
  EXPECT_EQ(back.weight, 2.5);
  EXPECT_EQ(back.parts, original.parts);
  EXPECT_EQ(std::get<std::string>(back.tag), "fast");
  EXPECT_EQ(back.flags, original.flags);
  EXPECT_EQ(back.modes, original.modes);
}

TEST(StateTest, AddedFieldsKeepTheirDefaultAndRemovedOnesAreSkipped) {
  SaveV2 v2;
  auto result = modbuild::state::load(modbuild::state::save(sample()), v2);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(v2.id, 42);
  EXPECT_EQ(v2.speed, 7.5f);
  EXPECT_EQ(v2.parts.size(), 2u);
  EXPECT_EQ(std::get<std::string>(v2.tag), "fast");
}

TEST(StateTest, ATypeChangeIsRefusedNamingTheField) {
  SaveV3 v3;
  auto result = modbuild::state::load(modbuild::state::save(sample()), v3);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error, "field 'id' of 'Save' changed type: the saved state has 'int', this build has 'long'");
}

TEST(StateTest, AnotherRootTypeOrFormatIsRefused) {
  Part part;
  EXPECT_EQ(modbuild::state::load(modbuild::state::save(sample()), part).error,
            "the saved state holds 'Save', not 'Part'");
  EXPECT_EQ(modbuild::state::load("JUNK", part).error, "not modbuild state data");
}

TEST(StateTest, EveryTruncationIsReportedNotTrusted) {
  const std::string bytes = modbuild::state::save(sample());
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    SaveV1 back;
    EXPECT_FALSE(modbuild::state::load(std::string_view(bytes).substr(0, size), back)) << size;
  }
}

TEST(StateTest, CorruptCountsAndFlagsAreReported) {
  std::string bytes = modbuild::state::save(sample());
  // The element count of `parts` follows its name, type and payload size.
  const std::size_t parts = bytes.find("std::vector<Part>") + std::string_view("std::vector<Part>").size() + 8;
  std::string huge = bytes;
  huge.replace(parts, 8, std::string(8, '\xff'));
  SaveV1 back;
  EXPECT_EQ(modbuild::state::load(huge, back).error, "a saved element count exceeds the data");
}

}  // namespace
