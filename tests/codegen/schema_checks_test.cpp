// The API checks of `modbuild check` on in-memory workspaces and schemas.
#include "modbuild/codegen/schema_checks.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "modbuild/codegen/schema.h"
#include "modbuild/diagnostics/render.h"
#include "schema_fixture.h"

namespace modbuild::codegen {
namespace {

using testing::sample_schema;

constexpr std::string_view kHeader =
    "#pragma once\n"  // 1
    "namespace physics {\n"
    "enum class Kind { dynamic, fixed };\n"
    "struct Body { double mass; Kind kind; };\n"
    "struct World {\n"  // 5
    "  std::vector<Body> bodies;\n"
    "  double gravity;\n"
    "};\n"
    "std::size_t body_count(const World& world);\n"
    "void step(World& world, double dt);\n"  // 10
    "}\n";

class SchemaChecksTest : public ::testing::Test {
 protected:
  SchemaChecksTest() {
    fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"core\", \"soft\"]\n");
    fs_.add_file("/w/core/include/physics/physics.h", std::string(kHeader));
    fs_.add_file("/w/soft/src/soft.cpp", "#include \"physics/physics.h\"\n\nvoid physics::step(World& w, float dt) {}\n");
    soft_.module = "physics-soft";
    soft_.version = "1.0.0";
    Function defined = sample_schema().functions[1];
    defined.parameters[1].type = "float";
    defined.location = {"src/soft.cpp", 3, 16};
    soft_.implementation = Implementation{"physics-core", {sample_schema().functions[0], defined}};
  }

  void core_version(std::string_view version) {
    fs_.add_file("/w/core/module.toml",
                 fmt::format("[module]\nname = \"physics-core\"\nversion = \"{}\"\nkind = \"core\"\n"
                             "[contract]\ndata = [\"World\"]\napi = [\"step\", \"body_count\"]\n"
                             "[build]\ninclude = [\"include\"]\napi-headers = [\"include/physics/physics.h\"]\n",
                             version));
    fs_.add_file("/w/soft/module.toml",
                 "[module]\nname = \"physics-soft\"\nversion = \"1.0.0\"\nkind = \"system\"\n"
                 "[implements]\nmodule = \"physics-core\"\nversion = \"^1\"\napi = [\"step\", \"body_count\"]\n"
                 "[build]\ninclude = []\n");
  }

  void write_schemas(const std::string& dir, const ApiSchema& core) {
    fs_.add_file(dir + "/physics-core/physics-core.api.json", to_json(core));
    fs_.add_file(dir + "/physics-soft/physics-soft.api.json", to_json(soft_));
  }

  std::string check(const std::string& baseline = "") {
    loaded_ = manifest::load_workspace(fs_, "/w", "");
    for (const auto& d : loaded_.diagnostics) {
      if (d.severity == diagnostics::Severity::error) ADD_FAILURE() << diagnostics::render_text(d, loaded_.workspace.sources);
    }
    const diagnostics::DiagnosticList found =
        check_api_schemas(loaded_.workspace, fs_, {"/w/gen", baseline}, loaded_.workspace.sources);
    std::string out;
    for (const auto& d : found) out += diagnostics::render_text(d, loaded_.workspace.sources);
    return out;
  }

  support::MemoryFileSystem fs_;
  manifest::LoadResult loaded_;
  ApiSchema soft_;
};

TEST_F(SchemaChecksTest, ASignatureMismatchShowsBothLines) {
  core_version("1.4.0");
  write_schemas("/w/gen", sample_schema());
  EXPECT_EQ(check(),
            "soft/src/soft.cpp:3:16: error[MB5006]: system 'physics-soft' defines 'physics::step' as "
            "'void (physics::World &, float)', but contract 'physics-core' declares 'void (physics::World &, double)'\n"
            "   |\n"
            " 3 | void physics::step(World& w, float dt) {}\n"
            "   |                ^ defined here\n"
            "  ::: core/include/physics/physics.h:30:20\n"
            "   |\n"
            "   = help: give the definition exactly the contract's signature; a different one is another overload, "
            "which the generated table cannot hold\n");
}

TEST_F(SchemaChecksTest, AFieldTypeChangeWithoutAMajorBumpNamesTheField) {
  core_version("1.5.0");
  soft_.implementation->definitions.clear();
  ApiSchema changed = sample_schema();
  changed.version = "1.5.0";
  changed.structs[1].fields[1].type = "float";  // physics::World::gravity
  changed.structs[1].location = {"include/physics/physics.h", 5, 8};
  write_schemas("/w/gen", changed);
  fs_.add_file("/w/base/physics-core.api.json", to_json(sample_schema()));
  const std::string out = check("/w/base");
  EXPECT_NE(out.find("core/include/physics/physics.h:5:8: error[MB5007]: field 'gravity' of 'physics::World' changed "
                     "type from 'double' to 'float', but 'physics-core' goes from 1.4.0 to 1.5.0\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("= note: in 1.4.0 it was declared at include/physics/physics.h:20:22"), std::string::npos) << out;
  EXPECT_NE(out.find("= help: a breaking change needs at least version 2.0.0, or undo the change"), std::string::npos) << out;
}

TEST_F(SchemaChecksTest, AMajorBumpAllowsTheBreakAndAnAdditionNeedsAMinorBump) {
  core_version("2.0.0");
  soft_.implementation->definitions.clear();
  ApiSchema changed = sample_schema();
  changed.structs[1].fields[1].type = "float";
  write_schemas("/w/gen", changed);
  fs_.add_file("/w/base/physics-core.api.json", to_json(sample_schema()));
  EXPECT_EQ(check("/w/base"), "");

  core_version("1.4.1");
  ApiSchema grown = sample_schema();
  grown.functions.push_back({"reset", "physics::reset", "void", {}, false, {"include/physics/physics.h", 10, 6}});
  write_schemas("/w/gen", grown);
  const std::string out = check("/w/base");
  EXPECT_EQ(out.rfind("core/include/physics/physics.h:10:6: warning[MB5008]: function 'physics::reset' was added, "
                      "but 'physics-core' goes from 1.4.0 to 1.4.1\n", 0),
            0u)
      << out;
}

TEST_F(SchemaChecksTest, ARegistryBaselineIsTheNewestPublishedVersionUpToTheModules) {
  soft_.implementation->definitions.clear();
  ApiSchema changed = sample_schema();
  changed.structs[1].fields[1].type = "float";  // physics::World::gravity
  write_schemas("/w/gen", changed);
  auto publish = [&](std::string_view version) {
    ApiSchema schema = sample_schema();
    schema.version = std::string(version);
    fs_.add_file(registry_schema_path("/w/registry", "physics-core", version), to_json(schema));
  };
  publish("1.3.0");
  publish("1.4.0");
  publish("2.0.0");  // newer than the module: not its baseline
  fs_.add_file("/w/registry/api/physics-core/notes.txt", "not a schema");

  core_version("1.4.0");  // published already: the change needs a bump
  std::string out = check("/w/registry");
  EXPECT_NE(out.find("error[MB5007]: field 'gravity' of 'physics::World' changed type from 'double' to 'float', "
                     "but 'physics-core' goes from 1.4.0 to 1.4.0"),
            std::string::npos)
      << out;
  core_version("1.5.0");
  out = check("/w/registry");
  EXPECT_NE(out.find("but 'physics-core' goes from 1.4.0 to 1.5.0"), std::string::npos) << out;
  core_version("1.2.0");  // older than every published schema: nothing to compare with
  EXPECT_EQ(check("/w/registry"), "");
}

TEST_F(SchemaChecksTest, MissingAndInvalidSchemasAreReported) {
  core_version("1.4.0");
  fs_.add_file("/w/gen/physics-core/physics-core.api.json", "{\"schema_version\": 9}");
  const std::string out = check();
  EXPECT_NE(out.find("error[MB5005]: the API schema '/w/gen/physics-core/physics-core.api.json' is not valid: "
                     "schema_version: expected 1, found 9"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("soft/module.toml:2:8: error[MB5005]: cannot read the API schema of 'physics-soft'"), std::string::npos)
      << out;
}

}  // namespace
}  // namespace modbuild::codegen
