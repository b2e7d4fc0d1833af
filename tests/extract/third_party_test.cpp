// Real third-party headers installed from Debian, as plain input and with
// every declaration annotated (#pragma clang attribute): extraction must not
// crash, and every problem must come with a location.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "extract_fixture.h"

namespace modbuild::extract {
namespace {

using ::testing::ElementsAre;
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

TEST(ThirdPartyTest, GlmAsPlainInputHasNoApi) {
  const ExtractResult result = extract_header(
      "#include <glm/glm.hpp>\n#include <glm/gtc/matrix_transform.hpp>\n#include <glm/gtc/quaternion.hpp>\n"
      "#include <glm/gtc/type_ptr.hpp>\n");
  ASSERT_TRUE(result.schema);
  EXPECT_TRUE(result.problems.empty());
  EXPECT_TRUE(result.schema->functions.empty());
  EXPECT_TRUE(result.schema->structs.empty());
  EXPECT_THAT(result.files_read, ::testing::Contains("/usr/include/glm/detail/type_vec3.hpp"));
}

TEST(ThirdPartyTest, GlmFullyAnnotatedGivesLocatedDiagnostics) {
  const ExtractResult result = extract_header(annotating_everything("glm/glm.hpp"));
  ASSERT_TRUE(result.schema);
  const auto in_glm = std::count_if(result.problems.begin(), result.problems.end(),
                                    [](const Problem& p) { return p.file.starts_with("/usr/include/glm/"); });
  EXPECT_GT(in_glm, 50);  // function templates, member functions, class templates, anonymous unions
  expect_located(result);
}

// An engine's Core data with glm fields, and API functions taking glm types.
constexpr const char* kGlmHarness = R"(#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>
#include "modbuild/annotate.h"
struct MODBUILD_DATA Transform { glm::vec3 position; glm::quat rotation; glm::vec4 color; float scale = 1; };
struct MODBUILD_DATA Camera { glm::mat4 view; };
MODBUILD_API Transform compose(const Transform& parent, const glm::vec3& offset);
MODBUILD_API glm::mat4 model_matrix(const Transform& transform, glm::mat4 parent);
)";

const codegen::Struct* find_struct(const codegen::ApiSchema& schema, const std::string& name) {
  for (const codegen::Struct& s : schema.structs) {
    if (s.qualified_name == name) return &s;
  }
  return nullptr;
}

// glm's types are specializations of class templates: the API functions bind
// them as any complete type, and the serializer takes the specializations
// that fields reach as nested structs when they are plain structs.
TEST(ThirdPartyTest, GlmTypesPassThroughApiFunctionsWithTheirOwnNames) {
  const ExtractResult result = extract_header(kGlmHarness, {"-DGLM_FORCE_XYZW_ONLY"});
  ASSERT_TRUE(result.schema);
  const auto& functions = result.schema->functions;
  ASSERT_EQ(functions.size(), 2u);
  EXPECT_EQ(functions[0].signature(), "Transform (const Transform &, const glm::vec3 &)");
  EXPECT_EQ(functions[1].signature(), "glm::mat4 (const Transform &, glm::mat4)");
}

// With GLM_FORCE_XYZW_ONLY glm's vectors and quaternions are plain structs of
// x, y, z, w, and Clang's layout of them is what g++ will be asked to confirm.
TEST(ThirdPartyTest, GlmVectorsAndQuaternionsWithPlainFieldsAreNestedStructs) {
  const ExtractResult result = extract_header(kGlmHarness, {"-DGLM_FORCE_XYZW_ONLY"});
  ASSERT_TRUE(result.schema);
  const codegen::Struct* transform = find_struct(*result.schema, "Transform");
  ASSERT_TRUE(transform);
  EXPECT_EQ(transform->role, codegen::StructRole::data);
  EXPECT_EQ(transform->size, 48u);
  EXPECT_EQ(transform->align, 4u);
  EXPECT_EQ(transform->fields, (std::vector<codegen::Field>{{"position", "glm::vec3", 0, 12, 4},
                                                           {"rotation", "glm::quat", 12, 16, 4},
                                                           {"color", "glm::vec4", 28, 16, 4},
                                                           {"scale", "float", 44, 4, 4}}));
  const codegen::Struct* quaternion = find_struct(*result.schema, "glm::qua<float, glm::packed_highp>");
  ASSERT_TRUE(quaternion);
  EXPECT_EQ(quaternion->role, codegen::StructRole::nested);
  EXPECT_EQ(quaternion->size, 16u);
  EXPECT_EQ(quaternion->fields, (std::vector<codegen::Field>{{"x", "float", 0, 4, 4},
                                                            {"y", "float", 4, 4, 4},
                                                            {"z", "float", 8, 4, 4},
                                                            {"w", "float", 12, 4, 4}}));
  const codegen::Struct* vec3 = find_struct(*result.schema, "glm::vec<3, float, glm::packed_highp>");
  ASSERT_TRUE(vec3);
  EXPECT_EQ(vec3->size, 12u);
  EXPECT_EQ(vec3->fields, (std::vector<codegen::Field>{{"x", "float", 0, 4, 4}, {"y", "float", 4, 4, 4}, {"z", "float", 8, 4, 4}}));
  EXPECT_TRUE(find_struct(*result.schema, "glm::vec<4, float, glm::packed_highp>"));
  EXPECT_FALSE(find_struct(*result.schema, "glm::mat<4, 4, float, glm::packed_highp>"));
}

// glm's matrices keep their columns private: refused in glm's header, with a
// note at the field of the engine that made the matrix serialized.
TEST(ThirdPartyTest, GlmMatricesAreRefusedNamingTheFieldThatReachedThem) {
  const ExtractResult result = extract_header(kGlmHarness, {"-DGLM_FORCE_XYZW_ONLY"});
  ASSERT_THAT(testing::problem_texts(result),
              ElementsAre("/usr/include/glm/detail/type_mat4x4.hpp:22:12: field 'glm::mat<4, 4, float, "
                          "glm::packed_highp>::value' is not public; the generated serializer cannot reach it"));
  EXPECT_THAT(result.problems[0].notes,
              ElementsAre(testing::kModuleDir + "/include/mod/api.h:5:41: 'glm::mat<4, 4, float, glm::packed_highp>' "
                                                "is serialized because of this field"));
}

// By default glm's vectors hold each component in an anonymous union (x, r,
// s): which name is in use is unknown, so each union is refused.
TEST(ThirdPartyTest, GlmVectorsWithAnonymousUnionsAreRefusedNamingTheirMembers) {
  const ExtractResult result = extract_header(kGlmHarness);
  std::vector<std::string> vec3_problems;
  for (const Problem& p : result.problems) {
    if (p.file != "/usr/include/glm/detail/type_vec3.hpp") continue;
    vec3_problems.push_back(testing::problem_text(p));
    EXPECT_THAT(p.notes, ElementsAre(testing::kModuleDir + "/include/mod/api.h:4:44: 'glm::vec<3, float, "
                                                           "glm::packed_highp>' is serialized because of this field"));
  }
  const std::string in_vec3 = "in 'glm::vec<3, float, glm::packed_highp>' cannot be serialized: which member is active is unknown";
  EXPECT_THAT(vec3_problems,
              ElementsAre("/usr/include/glm/detail/type_vec3.hpp:68:4: the anonymous union of 'x', 'r', 's' " + in_vec3,
                          "/usr/include/glm/detail/type_vec3.hpp:69:4: the anonymous union of 'y', 'g', 't' " + in_vec3,
                          "/usr/include/glm/detail/type_vec3.hpp:70:4: the anonymous union of 'z', 'b', 'p' " + in_vec3));
  EXPECT_EQ(result.problems.size(), 3u + 4u + 1u);  // vec3, vec4 (x, y, z, w), mat4
  expect_located(result);
}

}  // namespace
}  // namespace modbuild::extract
