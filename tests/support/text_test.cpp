#include "modbuild/support/text.h"

#include <gtest/gtest.h>

namespace modbuild::support {
namespace {

TEST(TextTest, CountsCodePoints) {
  EXPECT_EQ(count_code_points("abc"), 3u);
  EXPECT_EQ(count_code_points("B\xC3\xA9"), 2u);       // "Bé"
  EXPECT_EQ(byte_offset_of_code_point("B\xC3\xA9z", 2), 3u);
  EXPECT_EQ(byte_offset_of_code_point("ab", 9), 2u);
}

TEST(TextTest, SplitsLinesOfBothEndings) {
  EXPECT_EQ(split_lines("a\r\nb\nc"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(split_lines("a\n"), (std::vector<std::string_view>{"a"}));
  EXPECT_TRUE(split_lines("").empty());
}

TEST(TextTest, JoinsLikeASentence) {
  EXPECT_EQ(join_human({}), "");
  EXPECT_EQ(join_human({"a"}), "a");
  EXPECT_EQ(join_human({"a", "b"}), "a and b");
  EXPECT_EQ(join_human({"a", "b", "c"}, " or "), "a, b or c");
}

TEST(TextTest, CountsInTheSingularAndThePlural) {
  EXPECT_EQ(count_of(0, "module"), "0 modules");
  EXPECT_EQ(count_of(1, "module"), "1 module");
  EXPECT_EQ(count_of(2, "dependency", "dependencies"), "2 dependencies");
  EXPECT_EQ(count_of(1, "dependency", "dependencies"), "1 dependency");
}

TEST(TextTest, RecognisesIdentifiers) {
  EXPECT_TRUE(is_identifier("Transform"));
  EXPECT_TRUE(is_identifier("_x9"));
  EXPECT_FALSE(is_identifier("9x"));
  EXPECT_FALSE(is_identifier("ecs::Transform"));
  EXPECT_FALSE(is_identifier(""));
}

TEST(TextTest, IdentifiersFromModuleAndTypeNames) {
  EXPECT_EQ(identifier_of("render-ascii"), "render_ascii");
  EXPECT_EQ(identifier_of("render.backend"), "render_backend");
  EXPECT_EQ(identifier_of("ecs::Column<ecs::Transform>"), "ecs_Column_ecs_Transform");
  EXPECT_EQ(identifier_of("3d"), "m_3d");
  EXPECT_TRUE(is_identifier(identifier_of("--")));
}

TEST(TextTest, MacroNamesAreUppercaseWithUnderscores) {
  EXPECT_EQ(macro_name("ecs-sparse"), "ECS_SPARSE");
  EXPECT_EQ(macro_name("render.backend"), "RENDER_BACKEND");
  EXPECT_EQ(macro_name("v2"), "V2");
  // Distinct feature names can meet: `modbuild check` reports it (MB3012).
  EXPECT_EQ(macro_name("a.b-c"), macro_name("a.b_c"));
}

}  // namespace
}  // namespace modbuild::support

namespace modbuild::support {
namespace {

TEST(TextTest, QuotesWholeCharacters) {
  EXPECT_EQ(quote_character("abc", 1), "'b'");
  EXPECT_EQ(quote_character("a\xC3\xA9", 1), "'\xC3\xA9'");
  EXPECT_EQ(quote_character("a\xC3", 1), "byte 0xC3");
  EXPECT_EQ(quote_character("\xFF", 0), "byte 0xFF");
  EXPECT_EQ(quote_character("\t", 0), "control character U+0009");
  EXPECT_EQ(quote_character("ab", 2), "the end");
}

}  // namespace
TEST(TextTest, ControlCharactersAreEscapedAndTheRestKept) {
  EXPECT_EQ(escape_control_characters("plain caf\xC3\xA9\ttab\nline"), "plain caf\xC3\xA9\ttab\nline");
  EXPECT_EQ(escape_control_characters("\x1b]0;x\x07\x7f\r"), "\\x1b]0;x\\x07\\x7f\\x0d");
  EXPECT_EQ(escape_control_characters("a\xC2\x9b" "2J\xC2\xA0"), "a\\u{9b}2J\xC2\xA0") << "C1 only, not U+00A0";
  EXPECT_EQ(escape_control_characters("cut \xC2"), "cut \xC2") << "a cut sequence is no control";
  const std::string_view text = "a\x1b\xC2\x9b\xC3\xA9";
  EXPECT_EQ(escaped_width_at(text, 0), 1u);
  EXPECT_EQ(escaped_width_at(text, 1), 4u);
  EXPECT_EQ(escaped_width_at(text, 2), 6u);
  EXPECT_EQ(escaped_width_at(text, 3), 0u);
  EXPECT_EQ(escaped_width_at(text, 4), 1u);
}

}  // namespace modbuild::support
