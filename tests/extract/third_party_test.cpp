// Real third-party headers installed from Debian, as plain input and with
// every declaration annotated (#pragma clang attribute): extraction must not
// crash, and every problem must come with a location.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "extract_fixture.h"

namespace modbuild::extract {
namespace {

using testing::extract_header;

// Located in a file that exists, so that an editor can open it: the
// standard library is reached through symbolic links and "..".
void expect_located(const ExtractResult& result) {
  for (const Problem& p : result.problems) {
    EXPECT_FALSE(p.file.empty()) << p.message;
    EXPECT_TRUE(p.file.starts_with(testing::kModuleDir + "/") || std::filesystem::exists(p.file)) << p.file;
    EXPECT_GT(p.line, 0u) << p.message;
    EXPECT_GT(p.column, 0u) << p.message;
  }
}

std::string annotating_everything(const std::string& include) {
  return "#pragma clang attribute push(__attribute__((annotate(\"modbuild:api\"))), apply_to = function)\n"
         "#pragma clang attribute push(__attribute__((annotate(\"modbuild:data\"))), apply_to = record)\n"
         "#include <" + include + ">\n"
         "#pragma clang attribute pop\n#pragma clang attribute pop\n";
}

TEST(ThirdPartyTest, NlohmannJsonAsPlainInputHasNoApi) {
  const ExtractResult result = extract_header("#include <nlohmann/json.hpp>\n");
  ASSERT_TRUE(result.schema);
  EXPECT_TRUE(result.problems.empty());
  EXPECT_TRUE(result.schema->functions.empty());
  EXPECT_GT(result.files_read.size(), 20u);
}

TEST(ThirdPartyTest, NlohmannJsonFullyAnnotatedGivesLocatedDiagnostics) {
  const ExtractResult result = extract_header(annotating_everything("nlohmann/json.hpp"));
  ASSERT_TRUE(result.schema);
  EXPECT_GT(result.problems.size(), 50u);  // templates, member functions, overloads...
  expect_located(result);
}

TEST(ThirdPartyTest, TomlPlusPlusFullyAnnotatedGivesLocatedDiagnostics) {
  const ExtractResult result = extract_header(annotating_everything("toml++/toml.h"));
  ASSERT_TRUE(result.schema);
  EXPECT_GT(result.problems.size(), 50u);
  expect_located(result);
}

TEST(ThirdPartyTest, ALibraryTypeInAnAnnotatedStructIsReportedWithTheFieldThatReachedIt) {
  const ExtractResult result = extract_header(
      "#include <nlohmann/json.hpp>\n#include \"modbuild/annotate.h\"\n"
      "struct MODBUILD_DATA Settings { nlohmann::json values; };\n");
  ASSERT_EQ(result.problems.size(), 2u);  // basic_json's two private fields
  for (const Problem& p : result.problems) {
    EXPECT_TRUE(p.file.ends_with("/nlohmann/json.hpp")) << p.file;
    EXPECT_THAT(p.message, ::testing::HasSubstr("is not public; the generated serializer cannot reach it"));
    ASSERT_EQ(p.notes.size(), 1u);
    EXPECT_THAT(p.notes[0], ::testing::EndsWith("api.h:3:48: 'nlohmann::basic_json<std::map, std::vector, "
                                                "std::basic_string<char, std::char_traits<char>, std::allocator<char>>, "
                                                "bool, long, unsigned long, double, std::allocator, "
                                                "nlohmann::adl_serializer, std::vector<unsigned char, "
                                                "std::allocator<unsigned char>>>' is serialized because of this field"));
  }
}

}  // namespace
}  // namespace modbuild::extract
