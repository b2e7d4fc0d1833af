// The pre-scan that keeps toml++ 3.3 away from its undefined behaviour
// (manifest/src/toml_guard.h), seen through the parser.
#include "manifest_fixture.h"

namespace modbuild::manifest::testing {
namespace {

using TomlGuardTest = ManifestTest;

TEST_F(TomlGuardTest, NonAsciiOutsideStringsIsReportedBeforeTomlSeesIt) {
  parse("[module]\nname = \xC3\xB1\n");
  EXPECT_EQ(errors(),
            "module.toml:2:8: error[MB1001]: invalid TOML: unexpected character U+00F1; outside strings and "
            "comments TOML allows only ASCII\n"
            "  |\n"
            "2 | name = \xC3\xB1\n"
            "  |        ^\n\n");
  parse("\xEF\xBB\xBEi)n");  // found by fuzz_module_manifest: U+FEFE, not a byte order mark
  EXPECT_EQ(codes(), "MB1001");
  parse("a = 1\n\xFF");
  EXPECT_NE(errors().find("unexpected byte 0xFF"), std::string::npos) << errors();
}

TEST_F(TomlGuardTest, NonAsciiInStringsAndCommentsIsFine) {
  auto m = parse(R"([module] # über
name = "x"
version = "1.0.0"
kind = "core"
description = "Über \" '''"
[contract]
data = ['é', """
é"""]
)");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->description, "Über \" '''");
  EXPECT_EQ(codes(), "MB1012 MB1012") << "the data items are not identifiers, but the TOML is valid";
  EXPECT_TRUE(parse("\xEF\xBB\xBF[module]\nname = \"x\"\nversion = \"1.0.0\"\nkind = \"core\"\n").has_value())
      << "a byte order mark is allowed";
  EXPECT_EQ(codes(), "");
}

TEST_F(TomlGuardTest, LineEndingBackslashBeforeNonAsciiIsRefusedNotUndefined) {
  parse(std::string(plugin_header) + "description = \"\"\"\\\n  \xC2\xA7 section\"\"\"\n");
  EXPECT_EQ(errors(),
            "module.toml:6:3: error[MB1001]: invalid TOML: character U+00A7 after a backslash in a multi-line string is "
            "not supported by this TOML parser; start the line with an ASCII character or an escape such as "
            "\\u00A7\n"
            "  |\n"
            "6 |   \xC2\xA7 section\"\"\"\n"
            "  |   ^\n\n");
  // Found by fuzz_workspace_manifest: blanks after the backslash and then,
  // on the same line, a character toml++ cannot classify.
  parse(std::string(plugin_header) + "description = \"\"\"\\\t\xCE\xA3w\"\"\"\n");
  EXPECT_NE(errors().find("module.toml:5:20: error[MB1001]: invalid TOML: character U+03A3 after a backslash"),
            std::string::npos)
      << errors();
  // toml++ trims its non-ASCII blanks too (an ideographic space indenting
  // Japanese text) and asks the same of the character after them.
  parse(std::string(plugin_header) + "description = \"\"\"\\\n\xE3\x80\x80\xC3\xA9\"\"\"\n");
  EXPECT_NE(errors().find("module.toml:6:2: error[MB1001]: invalid TOML: character U+00E9 after a backslash"),
            std::string::npos)
      << errors();
  // Where toml++ does answer (U+2022 and U+2014 lie in a block its switch
  // handles), the text is accepted.
  auto bullet = parse(std::string(plugin_header) + "description = \"\"\"\\\n  \xE2\x80\xA2 item \xE2\x80\x94 x\"\"\"\n");
  ASSERT_TRUE(bullet.has_value()) << errors();
  EXPECT_EQ(bullet->description, "\xE2\x80\xA2 item \xE2\x80\x94 x");
  auto fine = parse(std::string(plugin_header) + "description = \"\"\"\\\n  plain \xC2\xA7\"\"\"\n");
  ASSERT_TRUE(fine.has_value());
  EXPECT_EQ(fine->description, "plain \xC2\xA7");
  EXPECT_EQ(codes(), "");
}

TEST_F(TomlGuardTest, QuotesInsideMultiLineStringsDoNotEndThem) {
  auto m = parse(std::string(plugin_header) + "description = \"\"\"a \"\" b\"\"\"\"\n# ü\n");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->description, "a \"\" b\"");
  EXPECT_EQ(codes(), "");
}

}  // namespace
}  // namespace modbuild::manifest::testing

namespace modbuild::manifest::testing {
namespace {

TEST_F(TomlGuardTest, QuotesInsideBareTokensDoNotStartStrings) {
  // Found by fuzz_module_manifest: toml++ reads `0"...` as one bare token.
  parse("kind =0\"\xC6\x86\"\n");
  EXPECT_EQ(codes(), "MB1001");
  EXPECT_NE(errors().find("unexpected character U+0186"), std::string::npos) << errors();
}

TEST_F(TomlGuardTest, EscapedNonAsciiInMultiLineStrings) {
  parse("a = \"\"\"\\\xC2\xA7\"\"\"\n");
  EXPECT_EQ(codes(), "MB1001");
}

}  // namespace
}  // namespace modbuild::manifest::testing

namespace modbuild::manifest::testing {
namespace {

TEST_F(TomlGuardTest, MessagesQuoteWholeCharactersSoJsonStaysValid) {
  // Found by fuzz_module_manifest: a byte-quoting message broke JSON output.
  parse("[module]\nname = \"x\"\nversion = \"1\xEF\xBB\xBF.0.1\"\nkind = \"core\"\n");
  EXPECT_EQ(codes(), "MB1006");
  EXPECT_NE(errors().find("expected '.' after the major version, found '\xEF\xBB\xBF'"), std::string::npos) << errors();
  for (const auto& d : diagnostics_) {
    EXPECT_NO_THROW((void)diagnostics::to_json(d, sources_).dump()) << "messages must be valid UTF-8";
  }
}

}  // namespace
}  // namespace modbuild::manifest::testing

namespace modbuild::manifest::testing {
namespace {

TEST_F(TomlGuardTest, QuotesInsideUnquotedValuesDoNotStartStrings) {
  // Found by fuzz_module_manifest: toml++ reads all of `---...'''...` as one
  // bare value, so the quotes there open nothing.
  parse("a = ---...'''...\xCA\x89...\n");
  EXPECT_EQ(codes(), "MB1001");
  parse("a = 1={\"\xC3\xA9\"}\n");
  EXPECT_EQ(codes(), "MB1001");
  // Dotted keys and inline tables still open strings where TOML does.
  EXPECT_TRUE(parse(std::string(plugin_header) + "[features.provides]\nrender.\"b\xC3\xA9\" = \"1.0.0\"\n").has_value());
  EXPECT_EQ(codes(), "MB1014") << "a valid TOML key, but not a valid feature name";
  EXPECT_TRUE(parse(std::string(plugin_header) + "[core]\necs = { version = \"^1\", data = [\"\xC3\xA9\"] }\n").has_value());
  EXPECT_EQ(codes(), "MB1012");
}

// Once a crash (exit 139): toml++ recursed per part of a dotted key, and a
// header of 40,000 parts overflowed the stack before any limit applied.
TEST_F(TomlGuardTest, DeeplyDottedKeysAreRefusedBeforeTomlSeesThem) {
  std::string header = "[k";
  for (int i = 0; i < 40000; ++i) header += ".k";
  parse(header + "]\n");
  ASSERT_EQ(codes(), "MB1001");
  EXPECT_NE(errors().find("module.toml:1:257: error[MB1001]: invalid TOML: a key of more than 128 dotted parts"),
            std::string::npos)
      << errors().substr(0, 300);

  std::string key = "a";
  for (int i = 0; i < 40000; ++i) key += i % 2 ? ".'q'" : ".b";
  parse("[module]\nx = { " + key + " = 1 }\n");
  EXPECT_EQ(codes(), "MB1001");
  parse(key + " = 1\n");
  EXPECT_EQ(codes(), "MB1001");
}

TEST_F(TomlGuardTest, DotsInValuesAndModestKeysAreNotCounted) {
  std::string text = "[module]\nname = \"x\"\nversion = \"1.0.0\"\nkind = \"core\"\n[build.options]\n";
  std::string key = "a";
  for (int i = 1; i < 100; ++i) key += ".b";  // 100 parts: fine
  text += "floats = [" ;
  for (int i = 0; i < 300; ++i) text += "1.5, ";
  text += "2.5]\nversions = [";
  for (int i = 0; i < 300; ++i) text += "\"1.0.0\", ";
  text += "\"1.0.0\"]\n" + key + " = 1\n";
  parse(text);
  EXPECT_EQ(errors().find("dotted parts"), std::string::npos) << errors().substr(0, 300);
}

// toml++ 3.3 reads a header's key without checking that one starts there:
// an assertion in debug builds of the header-only library, undefined
// behaviour in optimized ones. Found by fuzz_module_manifest.
TEST_F(TomlGuardTest, HeadersThatStartWithoutAKeyAreRefusedBeforeTomlSeesThem) {
  for (std::string text : {std::string("[#'"), std::string("\x5B\x04\x01"), std::string("[[[1]]]"),
                           std::string("[[[a]]]"), std::string("[[[]]"), std::string("[[="),
                           std::string("[module]\nname = \"x\"\n[\t=]\n"), std::string("[\n")}) {
    parse(text);
    EXPECT_EQ(codes(), "MB1001") << text;
    EXPECT_NE(errors().find("expected a key in the table header, found "), std::string::npos) << errors();
  }
  parse("[[=");
  EXPECT_NE(errors().find("module.toml:1:3: error[MB1001]: invalid TOML: expected a key in the table header, "
                          "found '='"),
            std::string::npos)
      << errors();
  // Valid headers and arrays that merely look alike.
  parse("[ \"quoted\" ]\n[[ 'list' ]]\n[-_9]\nx = [\n  [1],\n  [\"a\"],\n]\n");
  EXPECT_EQ(errors().find("table header"), std::string::npos) << errors();
}

}  // namespace
}  // namespace modbuild::manifest::testing
