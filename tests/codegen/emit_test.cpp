#include "modbuild/codegen/emit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "schema_fixture.h"

namespace modbuild::codegen {
namespace {

using ::testing::HasSubstr;
using testing::sample_schema;

TEST(EmitTest, ContractHeaderHasTableProxyAndFingerprints) {
  auto files = emit_contract(sample_schema(), {{"physics/physics.h"}});
  ASSERT_TRUE(files) << files.error();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].name, "physics_core_api.h");
  const std::string& api = (*files)[0].contents;
  EXPECT_THAT(api, HasSubstr("#include \"physics/physics.h\""));
  EXPECT_THAT(api, HasSubstr("namespace modbuild_gen::physics_core_api {"));
  EXPECT_THAT(api, HasSubstr("  void (*step)(physics::World &, double);\n"));
  EXPECT_THAT(api, HasSubstr("[[gnu::always_inline]] void step(physics::World & world, double dt) const {"));
  EXPECT_THAT(api, HasSubstr("kApiFingerprint = \"" + api_fingerprint(sample_schema()) + "\""));
  EXPECT_THAT(api, HasSubstr("{\"physics::World\", \"" + layout_fingerprint(sample_schema().structs[1]) + "\"}"));
}

TEST(EmitTest, StateHeaderChecksEveryOffsetAndDescribesEveryField) {
  auto files = emit_contract(sample_schema(), {{"physics/physics.h"}});
  ASSERT_TRUE(files) << files.error();
  const std::string& state = (*files)[1].contents;
  EXPECT_EQ((*files)[1].name, "physics_core_state.h");
  EXPECT_THAT(state, HasSubstr("static_assert(sizeof(modbuild_gen::physics_core_layout::physics_World) == 32,"));
  EXPECT_THAT(state, HasSubstr("static_assert(offsetof(modbuild_gen::physics_core_layout::physics_Body, kind) == 8,"));
  EXPECT_THAT(state, HasSubstr("visitor.field(\"bodies\", \"std::vector<physics::Body>\", value.bodies);"));
}

TEST(EmitTest, FunctionPointerTypesStayDeclarable) {
  ApiSchema api = sample_schema();
  api.functions[0].parameters.push_back({"callback", "void (*)(int)"});
  auto files = emit_contract(api, {{"physics/physics.h"}});
  ASSERT_TRUE(files) << files.error();
  EXPECT_THAT((*files)[0].contents, HasSubstr("std::type_identity_t<void (*)(int)> callback"));
}

TEST(EmitTest, SystemSourceFillsTheTableAndNamesItsEntryPoint) {
  auto file = emit_system(sample_schema(), {{"physics/physics.h"}}, {"physics-soft", "0.3.1"});
  ASSERT_TRUE(file) << file.error();
  EXPECT_EQ(file->name, "physics_soft_module.cpp");
  EXPECT_THAT(file->contents, HasSubstr("    &physics::body_count,\n    &physics::step,\n"));
  EXPECT_THAT(file->contents, HasSubstr("const ModbuildModuleInfo* modbuild_module_physics_soft()"));
  EXPECT_THAT(file->contents, HasSubstr("\"physics-soft\",\n    \"0.3.1\","));
}

TEST(EmitTest, OutputIsDeterministic) {
  EXPECT_EQ(emit_contract(sample_schema(), {{"a.h"}})->at(0), emit_contract(sample_schema(), {{"a.h"}})->at(0));
}

}  // namespace
}  // namespace modbuild::codegen
