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

TEST(EmitTest, SystemEntryPointFillsTheTableAndNamesItself) {
  const ApiSchema contract = sample_schema();
  auto file = emit_module({"physics-soft", "0.3.1", "system", &contract, {}, nullptr});
  ASSERT_TRUE(file) << file.error();
  EXPECT_EQ(file->name, "physics_soft_module.cpp");
  EXPECT_THAT(file->contents, HasSubstr("#include \"physics_core_api.h\""));
  EXPECT_THAT(file->contents, HasSubstr("    &physics::body_count,\n    &physics::step,\n"));
  EXPECT_THAT(file->contents, HasSubstr("const ModbuildModuleInfo* modbuild_module_physics_soft()"));
  EXPECT_THAT(file->contents, HasSubstr("\"physics-soft\",\n    \"0.3.1\",\n    \"system\",\n"));
  EXPECT_THAT(file->contents, HasSubstr("&modbuild_gen::physics_core_api::kContract,\n    &table,\n    0,\n    nullptr,\n"));
}

TEST(EmitTest, EntryPointListsImportsAndCoreDataTypes) {
  const ApiSchema core = sample_schema();
  auto file = emit_module({"physics-core", "1.0.0", "core", nullptr, {"ecs", "render-core"}, &core});
  ASSERT_TRUE(file) << file.error();
  const std::string& text = file->contents;
  EXPECT_THAT(text, HasSubstr("#include \"physics_core_api.h\"\n#include \"ecs_api.h\"\n#include \"render_core_api.h\"\n"
                              "#include \"physics_core_state.h\"\n"));
  EXPECT_THAT(text, HasSubstr("{modbuild_gen::ecs_api::kContract, &modbuild_gen::ecs_api::imported_slot},\n"
                              "    {modbuild_gen::render_core_api::kContract, &modbuild_gen::render_core_api::imported_slot},\n"));
  // Only the data structs get operations, not the nested ones they reach.
  for (const Struct& s : core.structs) {
    const std::string row = "{\"" + s.qualified_name + "\", \"" + data_fingerprint(core, s) + "\", &create_";
    EXPECT_EQ(text.find(row) != std::string::npos, s.role == StructRole::data) << s.qualified_name;
  }
  // It defines its contract and leaves the table to its systems.
  EXPECT_THAT(text, HasSubstr("    &modbuild_gen::physics_core_api::kContract,\n    nullptr,\n    2,\n    imports,\n"));
  EXPECT_THAT(text, HasSubstr("modbuild::state::load(std::string_view(bytes, size), *static_cast<physics::World*>(object))"));
}

TEST(EmitTest, AppEntryPointHasHooksOnly) {
  auto file = emit_module({"sandbox", "0.1.0", "app", nullptr, {}, nullptr});
  ASSERT_TRUE(file) << file.error();
  EXPECT_THAT(file->contents, HasSubstr("    nullptr,\n    nullptr,\n    0,\n    nullptr,\n    0,\n    nullptr,\n"
                                        "    {&defined_hooks, &on_load, &on_unload, &save_state, &restore_state, &frame},\n"));
  EXPECT_THAT(file->contents, ::testing::Not(HasSubstr("_api.h")));
}

TEST(EmitTest, OutputIsDeterministic) {
  EXPECT_EQ(emit_contract(sample_schema(), {{"a.h"}})->at(0), emit_contract(sample_schema(), {{"a.h"}})->at(0));
}

}  // namespace
}  // namespace modbuild::codegen
