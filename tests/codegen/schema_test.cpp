#include "modbuild/codegen/schema.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "schema_fixture.h"

namespace modbuild::codegen {
namespace {

using testing::sample_schema;

TEST(SchemaTest, JsonRoundTripKeepsEverything) {
  ApiSchema api = sample_schema();
  api.implementation = Implementation{"physics-core", {api.functions[0]}};
  auto back = from_json(to_json(api));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, api);
}

TEST(SchemaTest, ListsAreSortedByQualifiedName) {
  const ApiSchema api = sample_schema();
  EXPECT_EQ(api.functions[0].qualified_name, "physics::body_count");
  EXPECT_EQ(api.structs[0].qualified_name, "physics::Body");
}

TEST(SchemaTest, JsonCarriesVersionSignaturesAndFingerprints) {
  const ApiSchema api = sample_schema();
  const auto json = nlohmann::json::parse(to_json(api));
  EXPECT_EQ(json["schema_version"], kSchemaVersion);
  EXPECT_EQ(json["functions"][1]["signature"], "void (physics::World &, double)");
  EXPECT_EQ(json["api_fingerprint"], api_fingerprint(api));
  EXPECT_EQ(json["structs"][1]["fingerprint"], layout_fingerprint(api.structs[1]));
  EXPECT_TRUE(json["implements"].is_null());
}

TEST(SchemaTest, OutputIsDeterministic) { EXPECT_EQ(to_json(sample_schema()), to_json(sample_schema())); }

TEST(SchemaTest, LayoutFingerprintFollowsOffsetsTypesAndNamesOnly) {
  const Struct original = sample_schema().structs[1];
  Struct same = original;
  same.location = {"elsewhere.h", 1, 1};
  EXPECT_EQ(layout_fingerprint(same), layout_fingerprint(original));
  EXPECT_EQ(layout_fingerprint(original).size(), 16u);
  for (auto change : {+[](Struct& s) { s.fields[0].offset = 4; }, +[](Struct& s) { s.fields[0].type = "float"; },
                      +[](Struct& s) { s.fields[0].name = "weight"; }, +[](Struct& s) { s.size = 24; },
                      +[](Struct& s) { s.align = 16; }}) {
    Struct changed = original;
    change(changed);
    EXPECT_NE(layout_fingerprint(changed), layout_fingerprint(original));
  }
}

TEST(SchemaTest, ApiFingerprintFollowsSignatures) {
  const ApiSchema api = sample_schema();
  ApiSchema changed = api;
  changed.functions[0].parameters[0].type = "physics::World &";
  EXPECT_NE(api_fingerprint(changed), api_fingerprint(api));
  ApiSchema renamed_parameter = api;
  renamed_parameter.functions[0].parameters[0].name = "w";
  EXPECT_EQ(api_fingerprint(renamed_parameter), api_fingerprint(api));
}

TEST(SchemaTest, ReadingNamesTheWrongMember) {
  auto json = nlohmann::json::parse(to_json(sample_schema()));
  json["functions"][1]["parameters"] = "none";
  auto read = from_json(json.dump());
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error(), "functions[1].parameters: expected an array");

  json = nlohmann::json::parse(to_json(sample_schema()));
  json["structs"][0].erase("size");
  EXPECT_EQ(from_json(json.dump()).error(), "structs[0]: missing member 'size'");

  json = nlohmann::json::parse(to_json(sample_schema()));
  json["structs"][0]["role"] = "other";
  EXPECT_EQ(from_json(json.dump()).error(), "structs[0].role: expected \"data\" or \"nested\", found \"other\"");
}

TEST(SchemaTest, ReadingRefusesOtherSchemaVersionsAndNonJson) {
  auto json = nlohmann::json::parse(to_json(sample_schema()));
  json["schema_version"] = 2;
  EXPECT_EQ(from_json(json.dump()).error(), "schema_version: expected 1, found 2");
  EXPECT_EQ(from_json("{").error(), "not valid JSON");
  EXPECT_EQ(from_json("[]").error(), "the document: expected an object");
  EXPECT_EQ(from_json("{}").error(), "the document: missing member 'schema_version'");
}

}  // namespace
}  // namespace modbuild::codegen
