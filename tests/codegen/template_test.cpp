#include "modbuild/codegen/template.h"

#include <gtest/gtest.h>

namespace modbuild::codegen {
namespace {

using nlohmann::json;

std::string render(std::string_view text, const json& data) {
  auto parsed = Template::parse(text);
  if (!parsed) return "parse error " + std::to_string(parsed.error().line) + ":" + std::to_string(parsed.error().column) + ": " + parsed.error().message;
  auto out = parsed->render(data);
  if (!out) return "render error " + std::to_string(out.error().line) + ":" + std::to_string(out.error().column) + ": " + out.error().message;
  return *out;
}

TEST(TemplateTest, SubstitutesStringsNumbersAndBools) {
  EXPECT_EQ(render("{{a}}-{{ b }}-{{c}}", {{"a", "x<y>"}, {"b", 42}, {"c", true}}), "x<y>-42-true");
}

TEST(TemplateTest, LoopsOverArraysWithOuterNamesVisible) {
  const json data = {{"module", "ecs"}, {"items", {{{"name", "a"}, {"last", false}}, {{"name", "b"}, {"last", true}}}}};
  EXPECT_EQ(render("{{#items}}{{module}}::{{name}}{{^last}}, {{/last}}{{/items}}", data), "ecs::a, ecs::b");
}

TEST(TemplateTest, SectionsSkipFalsyValuesAndInvertedOnesShowThem) {
  const json data = {{"empty", json::array()}, {"no", false}, {"nothing", nullptr}, {"text", ""}, {"yes", true}};
  EXPECT_EQ(render("{{#empty}}A{{/empty}}{{#no}}B{{/no}}{{#nothing}}C{{/nothing}}{{#text}}D{{/text}}{{#yes}}E{{/yes}}", data), "E");
  EXPECT_EQ(render("{{^empty}}A{{/empty}}{{^no}}B{{/no}}{{^yes}}C{{/yes}}", data), "AB");
}

TEST(TemplateTest, ObjectsOpenAScopeAndDotsWalkIntoThem) {
  const json data = {{"system", {{"module", "render-ascii"}, {"ident", "render_ascii"}}}};
  EXPECT_EQ(render("{{#system}}{{ident}}{{/system}} {{system.module}}", data), "render_ascii render-ascii");
  EXPECT_EQ(render("{{#list}}[{{.}}]{{/list}}", {{"list", {"a", "b"}}}), "[a][b]");
}

TEST(TemplateTest, TagsAloneOnTheirLineLeaveNoBlankLine) {
  const std::string text = "start\n{{#items}}\n  - {{.}}\n{{/items}}\n{{! a comment }}\nend\n";
  EXPECT_EQ(render(text, {{"items", {"a", "b"}}}), "start\n  - a\n  - b\nend\n");
}

TEST(TemplateTest, ParseErrorsPointAtTheTag) {
  EXPECT_EQ(render("a\n  {{#items}}x", {}), "parse error 2:3: section 'items' is never closed");
  EXPECT_EQ(render("{{#a}}{{/b}}", {}), "parse error 1:7: expected '{{/a}}', found '{{/b}}'");
  EXPECT_EQ(render("x{{/a}}", {}), "parse error 1:2: '{{/a}}' closes no open section");
  EXPECT_EQ(render("{{name", {}), "parse error 1:1: '{{' is never closed by '}}'");
  EXPECT_EQ(render("{{}}", {}), "parse error 1:1: a tag needs a name");
  EXPECT_EQ(render("{{a b}}", {}), "parse error 1:1: 'a b' is not a valid name");
}

TEST(TemplateTest, UnknownNamesAreErrorsNotSilence) {
  EXPECT_EQ(render("ok\n{{missing}}", {{"present", 1}}), "render error 2:1: 'missing' is not defined here");
  EXPECT_EQ(render("{{list}}", {{"list", {1, 2}}}), "render error 1:1: 'list' is not a string, number or bool");
}

TEST(TemplateTest, DeepNestingIsRefused) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "{{#a}}";
  EXPECT_EQ(render(text, {}).rfind("parse error 1:", 0), 0u);
}

}  // namespace
}  // namespace modbuild::codegen
