#include "modbuild/codegen/api_check.h"

#include <gtest/gtest.h>

#include "schema_fixture.h"

namespace modbuild::codegen {
namespace {

using testing::sample_schema;
using Kind = ApiChange::Kind;

semver::Version v(std::string_view text) { return *semver::parse_version(text); }

std::vector<std::string> messages(const std::vector<ApiChange>& changes) {
  std::vector<std::string> out;
  for (const ApiChange& c : changes) out.push_back((c.kind == Kind::breaking ? "breaking: " : "addition: ") + c.message);
  return out;
}

TEST(CompareApiTest, SameApiHasNoChanges) { EXPECT_TRUE(compare_api(sample_schema(), sample_schema()).empty()); }

TEST(CompareApiTest, FieldTypeChangeNamesTheFieldAndBothLocations) {
  ApiSchema after = sample_schema();
  after.structs[0].fields[0].type = "float";
  after.structs[0].location.line = 15;
  const auto changes = compare_api(sample_schema(), after);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(messages(changes)[0], "breaking: field 'mass' of 'physics::Body' changed type from 'double' to 'float'");
  EXPECT_EQ(changes[0].current.line, 15u);
  EXPECT_EQ(changes[0].baseline.line, 14u);
}

TEST(CompareApiTest, RemovedAndChangedFunctionsBreakAddedOnesAdd) {
  ApiSchema after = sample_schema();
  after.functions[1].parameters[1].type = "float";
  after.functions.erase(after.functions.begin());
  after.functions.push_back({"reset", "physics::reset", "void", {}, false, {}});
  EXPECT_EQ(messages(compare_api(sample_schema(), after)),
            (std::vector<std::string>{"breaking: function 'physics::body_count' was removed",
                                      "breaking: function 'physics::step' changed its signature from "
                                      "'void (physics::World &, double)' to 'void (physics::World &, float)'",
                                      "addition: function 'physics::reset' was added"}));
}

TEST(CompareApiTest, LayoutChangesOfFieldsAndEnums) {
  ApiSchema after = sample_schema();
  after.structs[1].fields.push_back({"damping", "double", 32, 8, 8});
  after.structs[1].size = 40;
  after.structs[0].fields[1].offset = 12;
  after.enums[0].enumerators[1].value = 2;
  after.enums[0].enumerators.push_back({"kinematic", 3});
  EXPECT_EQ(messages(compare_api(sample_schema(), after)),
            (std::vector<std::string>{"breaking: field 'kind' of 'physics::Body' moved from offset 8 to 12",
                                      "breaking: field 'damping' was added to 'physics::World', changing its layout",
                                      "breaking: enumerator 'physics::Kind::fixed' changed value from 1 to 2",
                                      "addition: enumerator 'physics::Kind::kinematic' was added"}));
}

TEST(CompareApiTest, SizeOnlyChangeIsStillReported) {
  ApiSchema after = sample_schema();
  after.structs[1].align = 16;
  after.structs[1].size = 32;
  EXPECT_EQ(messages(compare_api(sample_schema(), after)),
            (std::vector<std::string>{"breaking: 'physics::World' changed size or alignment from 32/8 to 32/16"}));
}

TEST(BumpTest, CargoRulesForBreakingChangesAndAdditions) {
  EXPECT_TRUE(bump_allows(v("1.2.3"), v("2.0.0"), Bump::breaking));
  EXPECT_FALSE(bump_allows(v("1.2.3"), v("1.3.0"), Bump::breaking));
  EXPECT_TRUE(bump_allows(v("1.2.3"), v("1.3.0"), Bump::addition));
  EXPECT_FALSE(bump_allows(v("1.2.3"), v("1.2.4"), Bump::addition));
  EXPECT_FALSE(bump_allows(v("1.2.3"), v("1.1.9"), Bump::addition));
  EXPECT_TRUE(bump_allows(v("1.2.3"), v("1.2.3"), Bump::none));
  EXPECT_TRUE(bump_allows(v("0.2.3"), v("0.3.0"), Bump::breaking));
  EXPECT_FALSE(bump_allows(v("0.2.3"), v("0.2.4"), Bump::breaking));
  EXPECT_TRUE(bump_allows(v("0.2.3"), v("0.2.4"), Bump::addition));
  EXPECT_TRUE(bump_allows(v("0.0.3"), v("0.0.4"), Bump::breaking));
  EXPECT_TRUE(bump_allows(v("0.2.3"), v("1.0.0"), Bump::breaking));
}

TEST(BumpTest, NextVersionIsTheSmallestAllowed) {
  EXPECT_EQ(next_version(v("1.2.3"), Bump::breaking).to_string(), "2.0.0");
  EXPECT_EQ(next_version(v("1.2.3"), Bump::addition).to_string(), "1.3.0");
  EXPECT_EQ(next_version(v("0.2.3"), Bump::breaking).to_string(), "0.3.0");
  EXPECT_EQ(next_version(v("0.2.3"), Bump::addition).to_string(), "0.2.4");
}

TEST(SignatureTest, ReportsDefinitionsWithAnotherSignatureOnly) {
  const ApiSchema contract = sample_schema();
  ApiSchema system;
  system.module = "physics-soft";
  Function exact = contract.functions[0];
  exact.location = {"src/soft.cpp", 3, 13};
  Function other = contract.functions[1];
  other.parameters[1].type = "float";
  other.location = {"src/soft.cpp", 9, 6};
  system.implementation = Implementation{"physics-core", {exact, other}};
  const auto mismatches = signature_mismatches(contract, system);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].declared.qualified_name, "physics::step");
  EXPECT_EQ(mismatches[0].defined.signature(), "void (physics::World &, float)");
  EXPECT_EQ(mismatches[0].defined.location.line, 9u);
}

TEST(SignatureTest, AnExactOverloadBesideAnotherIsFine) {
  const ApiSchema contract = sample_schema();
  ApiSchema system;
  Function other = contract.functions[1];
  other.parameters[1].type = "float";
  system.implementation = Implementation{"physics-core", {contract.functions[1], other}};
  EXPECT_TRUE(signature_mismatches(contract, system).empty());
}

}  // namespace
}  // namespace modbuild::codegen
