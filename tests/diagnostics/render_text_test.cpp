#include <gtest/gtest.h>

#include "modbuild/diagnostics/render.h"

namespace modbuild::diagnostics {
namespace {

SourceSpan span(FileId file, std::uint32_t line, std::uint32_t column, std::uint32_t end_column) {
  return {file, line, column, line, end_column};
}

class RenderTextTest : public ::testing::Test {
 protected:
  FileId add(std::string path, std::string text) { return sources_.add(std::move(path), std::move(text)); }
  std::string render(const Diagnostic& d, bool color = false) { return render_text(d, sources_, {color}); }
  SourceMap sources_;
};

TEST_F(RenderTextTest, PrimarySpanWithCaretAndHelp) {
  FileId file = add("core/ecs/module.toml", "[module]\nname = \"ecs\"\nverion = \"1.0.0\"\n");
  Diagnostic d = Diagnostic::make(Code::unknown_key, "unknown key 'verion' in [module]", span(file, 3, 1, 7),
                                  "unknown key")
                     .with_help("did you mean 'version'?");
  EXPECT_EQ(render(d),
            "core/ecs/module.toml:3:1: error[MB1004]: unknown key 'verion' in [module]\n"
            "  |\n"
            "3 | verion = \"1.0.0\"\n"
            "  | ^^^^^^ unknown key\n"
            "  |\n"
            "  = help: did you mean 'version'?\n");
}

TEST_F(RenderTextTest, SecondarySpansInTheSameFileAndInAnother) {
  FileId first = add("a/module.toml", "[module]\nname = \"ecs\"\n");
  FileId second = add("b/module.toml", "# b\n[module]\n\n\n\n\n\n\n\n\nname = \"ecs\"\n");
  Diagnostic d = Diagnostic::make(Code::duplicate_module, "module name 'ecs' is used by more than one member",
                                  span(second, 11, 8, 13), "declared again here")
                     .with_secondary(span(second, 2, 1, 9), "in this table")
                     .with_secondary(span(first, 2, 8, 13), "first declared here")
                     .with_note("module names must be unique across the workspace");
  EXPECT_EQ(render(d),
            "b/module.toml:11:8: error[MB1008]: module name 'ecs' is used by more than one member\n"
            "   |\n"
            " 2 | [module]\n"
            "   | -------- in this table\n"
            "...\n"
            "11 | name = \"ecs\"\n"
            "   |        ^^^^^ declared again here\n"
            "  ::: a/module.toml:2:8\n"
            "   |\n"
            " 2 | name = \"ecs\"\n"
            "   |        ----- first declared here\n"
            "   |\n"
            "   = note: module names must be unique across the workspace\n");
}

TEST_F(RenderTextTest, TabsAndWideCharactersKeepTheCaretAligned) {
  FileId file = add("m.toml", "\tdata = [\"B\xC3\xA9\", 3]\n");
  Diagnostic d = Diagnostic::make(Code::wrong_type, "expected a string", span(file, 1, 16, 17), "here");
  EXPECT_EQ(render(d),
            "m.toml:1:16: error[MB1002]: expected a string\n"
            "  |\n"
            "1 |     data = [\"B\xC3\xA9\", 3]\n"
            "  |                   ^ here\n");
}

// Once passed through: a manifest could retitle the terminal and clear the
// screen from a quoted source line or a name in a message.
TEST_F(RenderTextTest, ControlCharactersFromInputAreShownNotSent) {
  FileId file = add("ws/modbuild.toml", "[workspace]\nname = \"eng\x1b]0;PWNED\x07\x1b[2J\" # \xC2\x9b\n");
  Diagnostic d = Diagnostic::make(Code::invalid_name, "invalid workspace name 'eng\x1b]0;PWNED\x07\x1b[2J'",
                                  span(file, 2, 30, 31), "here\x1b[1m")
                     .with_note("line one\nline\x0btwo");
  EXPECT_EQ(render(d),
            "ws/modbuild.toml:2:30: error[MB1005]: invalid workspace name 'eng\\x1b]0;PWNED\\x07\\x1b[2J'\n"
            "  |\n"
            "2 | name = \"eng\\x1b]0;PWNED\\x07\\x1b[2J\" # \\u{9b}\n"
            "  |                                       ^^^^^^ here\\x1b[1m\n"
            "  |\n"
            "  = note: line one\n"
            "          line\\x0btwo\n");
}

TEST_F(RenderTextTest, MultiLineSpanIsUnderlinedToTheEndOfItsFirstLine) {
  FileId file = add("m.toml", "x = [\n  1,\n]\n");
  Diagnostic d = Diagnostic::make(Code::wrong_type, "expected a string", {file, 1, 5, 3, 2}, "an array");
  EXPECT_EQ(render(d),
            "m.toml:1:5: error[MB1002]: expected a string\n"
            "  |\n"
            "1 | x = [\n"
            "  |     ^ an array\n");
}

TEST_F(RenderTextTest, SpanAtTheEndOfAFileStillGetsACaret) {
  FileId file = add("m.toml", "name = \"x");
  Diagnostic d = Diagnostic::make(Code::toml_syntax, "invalid TOML: encountered end-of-file", span(file, 1, 10, 11));
  EXPECT_EQ(render(d),
            "m.toml:1:10: error[MB1001]: invalid TOML: encountered end-of-file\n"
            "  |\n"
            "1 | name = \"x\n"
            "  |          ^\n");
}

TEST_F(RenderTextTest, WithoutALocation) {
  Diagnostic d = Diagnostic::make(Code::no_workspace, "no modbuild.toml in '/x' or any parent directory")
                     .with_help("point at one with -C <dir>");
  EXPECT_EQ(render(d),
            "error[MB0002]: no modbuild.toml in '/x' or any parent directory\n"
            "  = help: point at one with -C <dir>\n");
}

TEST_F(RenderTextTest, WarningsAndColour) {
  FileId file = add("m.toml", "sources = [\"src/*.c\"]\n");
  Diagnostic d = Diagnostic::make(Code::sources_match_nothing, "source pattern 'src/*.c' matches no file",
                                  span(file, 1, 12, 21), "matches nothing");
  const std::string colored = render(d, true);
  EXPECT_NE(colored.find("\x1b[1;33mwarning[MB1017]"), std::string::npos) << colored;
  EXPECT_NE(colored.find("\x1b[1;33m^^^^^^^^^ matches nothing\x1b[0m"), std::string::npos) << colored;
  EXPECT_EQ(render(d).find('\x1b'), std::string::npos);
}

// A generated line of megabytes: the snippet shows a window around the span,
// elided on both sides, with the caret still under the span.
TEST_F(RenderTextTest, ALongLineIsShownAsAWindowAroundTheSpan) {
  const std::string line = std::string(5000, 'a') + "bad" + std::string(5000, 'z');
  FileId file = add("module.toml", line + "\n");
  Diagnostic d = Diagnostic::make(Code::unknown_key, "unknown key", span(file, 1, 5001, 5004), "here");
  const std::string out = render(d);
  EXPECT_LT(out.size(), 600u) << out;
  const std::string shown = "1 | ..." + std::string(20, 'a') + "bad" + std::string(97, 'z') + "...\n";
  EXPECT_NE(out.find(shown), std::string::npos) << out;
  EXPECT_NE(out.find("  | " + std::string(3 + 20, ' ') + "^^^ here\n"), std::string::npos) << out;

  // A span that starts on the long line and runs past the window ends at its edge.
  Diagnostic wide = Diagnostic::make(Code::unknown_key, "unknown key", span(file, 1, 1, 10004), "all of it");
  const std::string wide_out = render(wide);
  EXPECT_NE(wide_out.find("  | " + std::string(120, '^') + " all of it\n"), std::string::npos) << wide_out;
}

TEST(DiagnosticTest, LongMessagesAndLabelsAreCutAtACharacterBoundary) {
  const std::string key = std::string(1023, 'k') + "\xc3\xa9" + std::string(5'000'000, 'k');
  const Diagnostic d = Diagnostic::make(Code::unknown_key, key, {}, key);
  EXPECT_EQ(d.message, std::string(1023, 'k') + "... (5000002 more bytes)");
  EXPECT_EQ(d.label, d.message);
}

TEST(DiagnosticListTest, OutputIsLimitedPerFileAndInAllWithTheOmittedCounted) {
  SourceMap sources;
  FileId a = sources.add("a.toml", "");
  FileId b = sources.add("b.toml", "");
  DiagnosticList list;
  for (std::uint32_t line = 1; line <= 250; ++line) {
    list.add(Diagnostic::make(line == 240 ? Code::unknown_key : Code::sources_match_nothing, "a",
                              {a, line, 1, line, 2}));
  }
  for (std::uint32_t line = 1; line <= 5; ++line) {
    list.add(Diagnostic::make(Code::sources_match_nothing, "b", {b, line, 1, line, 2}));
  }
  list.sort(sources);
  const DiagnosticList shown = list.limited(sources, {100, 103});
  // a's first 100, b's first 3, then one line for the rest: past the total, a
  // file's overflow gets no line of its own.
  ASSERT_EQ(shown.size(), 104u);
  EXPECT_EQ(shown.items()[100].message, "b");
  EXPECT_EQ(shown.items()[103].message, "152 more diagnostics not shown");
  EXPECT_EQ(shown.items()[103].severity, Severity::error) << "an omitted error keeps the list failing";

  const DiagnosticList by_default = list.limited(sources);
  ASSERT_EQ(by_default.size(), 106u) << "the defaults cut only the 250 of one file";
  EXPECT_EQ(by_default.items()[105].message, "150 more diagnostics in 'a.toml' not shown");
  EXPECT_EQ(by_default.items()[105].severity, Severity::error);

  // Unsorted, one file's diagnostics in several runs are still limited as one.
  DiagnosticList interleaved;
  for (std::uint32_t line = 1; line <= 150; ++line) {
    interleaved.add(Diagnostic::make(Code::sources_match_nothing, "a", {line % 2 ? a : b, line, 1, line, 2}));
  }
  EXPECT_EQ(interleaved.limited(sources, {50, 1000}).size(), 102u);
}

TEST(SummarizeTest, CountsBySeverity) {
  DiagnosticList list;
  EXPECT_EQ(summarize(list), "no problems");
  list.add(Diagnostic::make(Code::unknown_key, "a"));
  list.add(Diagnostic::make(Code::unknown_key, "b"));
  list.add(Diagnostic::make(Code::sources_match_nothing, "c"));
  EXPECT_EQ(summarize(list), "2 errors and 1 warning");
  EXPECT_TRUE(list.has_errors());
}

TEST(DiagnosticListTest, SortsByFileThenPosition) {
  SourceMap sources;
  FileId b = sources.add("b.toml", "");
  FileId a = sources.add("a.toml", "");
  DiagnosticList list;
  list.add(Diagnostic::make(Code::unknown_key, "b2", {b, 2, 1, 2, 2}));
  list.add(Diagnostic::make(Code::unknown_key, "a9", {a, 9, 1, 9, 2}));
  list.add(Diagnostic::make(Code::no_workspace, "none"));
  list.add(Diagnostic::make(Code::unknown_key, "b1", {b, 1, 5, 1, 6}));
  list.sort(sources);
  std::vector<std::string> order;
  for (const Diagnostic& d : list) order.push_back(d.message);
  EXPECT_EQ(order, (std::vector<std::string>{"none", "a9", "b1", "b2"}));
}

}  // namespace
}  // namespace modbuild::diagnostics

namespace modbuild::diagnostics {
namespace {

TEST(RenderTextMultiLineTest, NotesKeepTheirLinesAligned) {
  SourceMap sources;
  Diagnostic d = Diagnostic::make(Code::no_solution, "no set of versions satisfies every requirement")
                     .with_note("Because a depends on b,\nand b depends on c,\n\nc is required.")
                     .with_help("change one of them");
  EXPECT_EQ(render_text(d, sources),
            "error[MB2003]: no set of versions satisfies every requirement\n"
            "  = note: Because a depends on b,\n"
            "          and b depends on c,\n"
            "\n"
            "          c is required.\n"
            "  = help: change one of them\n");
}

}  // namespace
}  // namespace modbuild::diagnostics
