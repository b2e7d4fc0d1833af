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

// Components kept in a vector, packed in the state: a build that adds a
// field, one that removes one, one that changes one's type.
struct Point {
  double x = 0;
  double y = 0;
  friend bool operator==(const Point&, const Point&) = default;
};
struct PointZ {
  double x = 0;
  double y = 0;
  double z = -1;
};
struct PointX {
  double x = 0;
};
struct PointF {
  float x = 0;
  double y = 0;
};
template <class P>
struct Cloud {
  std::vector<P> points;
  std::vector<std::uint32_t> ids;
  std::deque<Part> parts;
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
struct Fields<Point> {
  static constexpr std::string_view name = "Point";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("x", "double", s.x);
    v.field("y", "double", s.y);
  }
};
template <>
struct Fields<PointZ> {
  static constexpr std::string_view name = "Point";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("x", "double", s.x);
    v.field("y", "double", s.y);
    v.field("z", "double", s.z);
  }
};
template <>
struct Fields<PointX> {
  static constexpr std::string_view name = "Point";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("x", "double", s.x);
  }
};
template <>
struct Fields<PointF> {
  static constexpr std::string_view name = "Point";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("x", "float", s.x);
    v.field("y", "double", s.y);
  }
};
template <class P>
struct Fields<Cloud<P>> {
  static constexpr std::string_view name = "Cloud";
  template <class V, class S>
  static void visit(V& v, S& s) {
    v.field("points", "std::vector<Point>", s.points);
    v.field("ids", "std::vector<std::uint32_t>", s.ids);
    v.field("parts", "std::deque<Part>", s.parts);
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

Cloud<Point> cloud() {
  Cloud<Point> c;
  for (int i = 0; i < 1000; ++i) c.points.push_back({double(i), -double(i)});
  c.ids = {7, 8, 9};
  c.parts = {{"a", 1}, {"b", std::nullopt}};
  return c;
}

TEST(StateTest, ContainersOfStructsNameTheirFieldsOnce) {
  const std::string bytes = modbuild::state::save(cloud());
  // Each point costs its two doubles; the names are written once.
  Cloud<Point> more = cloud();
  more.points.resize(2000);
  EXPECT_EQ(modbuild::state::save(more).size() - bytes.size(), 1000u * 16);
  Cloud<Point> back;
  ASSERT_TRUE(modbuild::state::load(bytes, back));
  EXPECT_EQ(back.points, cloud().points);
  EXPECT_EQ(back.ids, cloud().ids);
  EXPECT_EQ(back.parts, cloud().parts);
}

TEST(StateTest, SavesIntoABufferOfExactlyTheSavedSize) {
  // saved_size() is what save_into() needs, to the byte: not one less...
  for (const std::size_t size : {modbuild::state::saved_size(sample()), modbuild::state::saved_size(cloud())}) {
    std::string buffer(size - 1, '\0');
    EXPECT_FALSE(modbuild::state::save_into(sample(), buffer.data(), buffer.size()) &&
                 modbuild::state::save_into(cloud(), buffer.data(), buffer.size()));
  }
  std::string buffer(modbuild::state::saved_size(cloud()), '\0');
  ASSERT_TRUE(modbuild::state::save_into(cloud(), buffer.data(), buffer.size()));
  EXPECT_EQ(buffer, modbuild::state::save(cloud()));
  // ...nor one more.
  buffer.push_back('\0');
  EXPECT_FALSE(modbuild::state::save_into(cloud(), buffer.data(), buffer.size()));
  Cloud<Point> empty;
  EXPECT_EQ(modbuild::state::save(empty).size(), modbuild::state::saved_size(empty));
}

TEST(StateTest, PackedElementsMatchTheirFieldsByName) {
  const std::string bytes = modbuild::state::save(cloud());
  Cloud<PointZ> grown;
  ASSERT_TRUE(modbuild::state::load(bytes, grown));
  ASSERT_EQ(grown.points.size(), 1000u);
  EXPECT_EQ(grown.points[999].x, 999.0);
  EXPECT_EQ(grown.points[999].y, -999.0);
  EXPECT_EQ(grown.points[999].z, -1.0) << "the new field keeps its default";
  Cloud<PointX> shrunk;
  ASSERT_TRUE(modbuild::state::load(bytes, shrunk));
  EXPECT_EQ(shrunk.points[5].x, 5.0);
  // And back: the saved z is skipped.
  Cloud<Point> again;
  ASSERT_TRUE(modbuild::state::load(modbuild::state::save(grown), again));
  EXPECT_EQ(again.points, cloud().points);
  Cloud<PointF> retyped;
  EXPECT_EQ(modbuild::state::load(bytes, retyped).error,
            "field 'x' of 'Point' changed type: the saved state has 'double', this build has 'float'");
}

TEST(StateTest, FormatOneStillLoads) {
  // Format 1 wrote every element of a container of structs as a struct.
  auto text = [](std::string& out, std::string_view value) {
    const std::uint64_t size = value.size();
    out.append(reinterpret_cast<const char*>(&size), 8);
    out.append(value);
  };
  auto fixed = [](std::string& out, auto value) { out.append(reinterpret_cast<const char*>(&value), sizeof value); };
  std::string point;
  fixed(point, std::uint32_t{2});
  for (const auto& [name, value] : {std::pair{"x", 1.5}, std::pair{"y", 2.5}}) {
    text(point, name);
    text(point, "double");
    fixed(point, std::uint64_t{8});
    fixed(point, value);
  }
  std::string points;
  fixed(points, std::uint64_t{1});
  points += point;
  std::string bytes = "MBST";
  fixed(bytes, std::uint16_t{1});
  text(bytes, "Cloud");
  fixed(bytes, std::uint32_t{1});
  text(bytes, "points");
  text(bytes, "std::vector<Point>");
  fixed(bytes, std::uint64_t{points.size()});
  bytes += points;
  Cloud<Point> back;
  const auto result = modbuild::state::load(bytes, back);
  ASSERT_TRUE(result) << result.error;
  EXPECT_EQ(back.points, (std::vector<Point>{{1.5, 2.5}}));
}

TEST(StateTest, EveryTruncationOfPackedDataIsReported) {
  Cloud<Point> small;
  small.points = {{1, 2}, {3, 4}};
  small.parts = {{"p", 3}};
  const std::string bytes = modbuild::state::save(small);
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    Cloud<Point> back;
    EXPECT_FALSE(modbuild::state::load(std::string_view(bytes).substr(0, size), back)) << size;
  }
}

}  // namespace
