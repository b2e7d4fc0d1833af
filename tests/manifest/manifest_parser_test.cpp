#include "manifest_fixture.h"

namespace modbuild::manifest::testing {
namespace {

using ParserTest = ManifestTest;

TEST_F(ParserTest, ReadsEveryTable) {
  auto m = parse(R"([module]
name = "physics"
version = "0.3.0-beta.1"
kind = "plugin"
description = "Rigid bodies"

[core]
ecs = { version = "^1.2", data = ["Transform", "Velocity"] }
console = "^1.0"

[dependencies]
ecs-sparse = "^1.2"
render-ascii = { version = "^0.2", optional = true, options = ["color"] }

[options]
default = ["debug-draw"]
debug-draw = ["render-ascii"]

[features.provides]
physics.rigid-body = "0.3.0"
physics.debug = true
"physics.solver" = { version = "1.0.0", exclusive = true }

[features.requires]
ecs.storage = "^1.0"
log = true
render.backend = { version = "^2", exclusive = true }

[build]
sources = ["src/*.cpp"]
include = ["include", "extra"]
api-headers = ["include/physics/physics.h"]
output = "module"
)");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(errors(), "");
  EXPECT_EQ(m->name.value, "physics");
  EXPECT_EQ(m->version.to_string(), "0.3.0-beta.1");
  EXPECT_EQ(m->kind, ModuleKind::plugin);
  EXPECT_EQ(m->description, "Rigid bodies");
  ASSERT_EQ(m->core.size(), 2u);
  EXPECT_EQ(m->core[0].module.value, "console");
  EXPECT_EQ(m->core[0].requirement.value, "^1.0");
  EXPECT_TRUE(m->core[0].data.empty());
  EXPECT_EQ(m->core[1].module.value, "ecs");
  ASSERT_EQ(m->core[1].data.size(), 2u);
  EXPECT_EQ(m->core[1].data[1].value, "Velocity");
  ASSERT_EQ(m->dependencies.size(), 2u);
  EXPECT_EQ(m->dependencies[0].module.value, "ecs-sparse");
  EXPECT_FALSE(m->dependencies[0].optional);
  EXPECT_TRUE(m->dependencies[1].optional);
  EXPECT_EQ(m->dependencies[1].options[0].value, "color");
  ASSERT_EQ(m->default_options.size(), 1u);
  ASSERT_EQ(m->options.size(), 1u);
  EXPECT_EQ(m->options[0].name.value, "debug-draw");
  ASSERT_EQ(m->provides.size(), 3u);
  EXPECT_EQ(m->provides[0].name.value, "physics.debug");
  EXPECT_FALSE(m->provides[0].version.has_value());
  EXPECT_EQ(m->provides[1].name.value, "physics.rigid-body");
  EXPECT_EQ(m->provides[1].version->to_string(), "0.3.0");
  EXPECT_TRUE(m->provides[2].exclusive);
  ASSERT_EQ(m->requires_features.size(), 3u);
  EXPECT_EQ(m->requires_features[0].name.value, "ecs.storage");
  EXPECT_EQ(m->requires_features[1].name.value, "log");
  EXPECT_EQ(m->requires_features[1].requirement.value, "*");
  EXPECT_TRUE(m->requires_features[2].exclusive);
  EXPECT_EQ(m->build.sources.size(), 1u);
  EXPECT_EQ(m->build.include.size(), 2u);
  EXPECT_EQ(m->build.output, OutputKind::module);
  EXPECT_TRUE(m->identity_valid);
}

TEST_F(ParserTest, DefaultsTheBuildLayout) {
  auto m = parse(plugin_header);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->build.sources[0].value, "src/**/*.cpp");
  EXPECT_TRUE(m->build.defaulted_sources);
  EXPECT_EQ(m->build.include[0].value, "include");
  EXPECT_EQ(m->build.tests[0].value, "tests/*.cpp");
  EXPECT_TRUE(m->build.defaulted_tests);
  EXPECT_EQ(m->build.output, OutputKind::shared);
  auto app = parse(R"([module]
name = "sandbox"
version = "0.1.0"
kind = "app"
)");
  EXPECT_EQ(app->build.output, OutputKind::executable);
}

TEST_F(ParserTest, ReadsCoreAndSystemTables) {
  auto core = parse(R"([module]
name = "ecs"
version = "1.2.0"
kind = "core"
[contract]
data = ["World", "Transform"]
api = ["spawn_entity"]
)");
  ASSERT_TRUE(core->contract.has_value());
  EXPECT_EQ(core->contract->data.size(), 2u);
  EXPECT_EQ(core->contract->api[0].value, "spawn_entity");

  auto system = parse(R"([module]
name = "ecs-sparse"
version = "1.2.0"
kind = "system"
[implements]
module = "ecs"
version = "^1.2"
api = ["spawn_entity"]
)");
  EXPECT_EQ(errors(), "");
  ASSERT_TRUE(system->implements.has_value());
  EXPECT_EQ(system->implements->module.value, "ecs");
  EXPECT_EQ(system->implements->requirement.value, "^1.2");
}

TEST_F(ParserTest, SyntaxError) {
  EXPECT_FALSE(parse("[module]\nname = \"physics\nversion = \"1.0.0\"\n").has_value());
  EXPECT_EQ(errors(),
            "module.toml:2:16: error[MB1001]: invalid TOML: unterminated string: expected a closing quote before the end "
            "of the line\n"
            "  |\n"
            "2 | name = \"physics\n"
            "  |                ^\n"
            "  |\n"
            "  = note: while parsing string\n\n");
}

TEST_F(ParserTest, KeyDefinedTwice) {
  EXPECT_FALSE(parse("[module]\nname = \"a\"\nname = \"b\"\n").has_value());
  EXPECT_EQ(codes(), "MB1001");
  EXPECT_NE(errors().find("cannot redefine existing string 'name'"), std::string::npos) << errors();
}

TEST_F(ParserTest, WrongTypeUnknownKeyAndBadVersionAllReported) {
  auto m = parse(R"([module]
name = "physics"
verion = "0.3.0"
version = 3
kind = "plugin"
[dependencies]
ecs-sparse = { version = "^1.2", optional = "yes" }
)");
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(m->identity_valid);
  EXPECT_EQ(errors(),
            "module.toml:3:1: error[MB1004]: unknown key 'verion' in [module]\n"
            "  |\n"
            "3 | verion = \"0.3.0\"\n"
            "  | ^^^^^^ unknown key\n"
            "  |\n"
            "  = help: did you mean 'version'?\n\n"
            "module.toml:4:11: error[MB1002]: expected a string for 'version' in [module], found an integer\n"
            "  |\n"
            "4 | version = 3\n"
            "  |           ^ expected a string\n\n"
            "module.toml:7:45: error[MB1002]: expected a boolean (true or false) for 'optional' in "
            "[dependencies.ecs-sparse], found a string\n"
            "  |\n"
            "7 | ecs-sparse = { version = \"^1.2\", optional = \"yes\" }\n"
            "  |                                             ^^^^^ expected a boolean (true or false)\n\n");
}

TEST_F(ParserTest, UnknownKeyWithoutCloseSpellingListsTheAcceptedKeys) {
  parse(std::string(plugin_header) + "license = \"MIT\"\n");
  EXPECT_EQ(errors(),
            "module.toml:5:1: error[MB1004]: unknown key 'license' in [module]\n"
            "  |\n"
            "5 | license = \"MIT\"\n"
            "  | ^^^^^^^ unknown key\n"
            "  |\n"
            "  = note: [module] accepts name, version, kind and description\n\n");
}

TEST_F(ParserTest, UnknownTopLevelTable) {
  parse(std::string(plugin_header) + "[dependancies]\necs = \"1\"\n");
  EXPECT_EQ(codes(), "MB1004");
  EXPECT_NE(errors().find("help: did you mean 'dependencies'?"), std::string::npos) << errors();
}

TEST_F(ParserTest, MissingModuleTableAndKeys) {
  parse("[build]\nsources = []\n");
  EXPECT_EQ(errors(),
            "module.toml:1:1: error[MB1003]: missing required key 'module' in module.toml\n"
            "  |\n"
            "1 | [build]\n"
            "  | ^ 'module' is required here\n"
            "  |\n"
            "  = help: add it, e.g. [module] with name, version and kind\n\n");
  parse("[module]\nname = \"x\"\n");
  EXPECT_EQ(codes(), "MB1003 MB1003");
  EXPECT_NE(errors().find("missing required key 'version' in [module]"), std::string::npos);
  EXPECT_NE(errors().find("missing required key 'kind' in [module]"), std::string::npos);
}

TEST_F(ParserTest, InvalidModuleNameSuggestsAFix) {
  parse("[module]\nname = \"Physics_Engine\"\nversion = \"1.0.0\"\nkind = \"plugin\"\n");
  EXPECT_EQ(errors(),
            "module.toml:2:8: error[MB1005]: invalid module name 'Physics_Engine': a name may only use lowercase "
            "letters, digits and single '-', and must start with a letter\n"
            "  |\n"
            "2 | name = \"Physics_Engine\"\n"
            "  |        ^^^^^^^^^^^^^^^^ invalid name\n"
            "  |\n"
            "  = help: did you mean 'physics-engine'?\n\n");
}

TEST_F(ParserTest, NameRules) {
  EXPECT_TRUE(is_valid_module_name("ecs"));
  EXPECT_TRUE(is_valid_module_name("render-raster"));
  EXPECT_TRUE(is_valid_module_name("physics2d"));
  EXPECT_FALSE(is_valid_module_name(""));
  EXPECT_FALSE(is_valid_module_name("2d"));
  EXPECT_FALSE(is_valid_module_name("a--b"));
  EXPECT_FALSE(is_valid_module_name("a-"));
  EXPECT_FALSE(is_valid_module_name("Ecs"));
  EXPECT_FALSE(is_valid_module_name(std::string(65, 'a')));
  EXPECT_TRUE(is_valid_feature_name("render.backend"));
  EXPECT_TRUE(is_valid_feature_name("physics.rigid-body"));
  EXPECT_FALSE(is_valid_feature_name("render..backend"));
  EXPECT_FALSE(is_valid_feature_name(".render"));
  EXPECT_FALSE(is_valid_feature_name("Render"));
}

TEST_F(ParserTest, BadVersionPointsInsideTheString) {
  parse("[module]\nname = \"x\"\nversion = \"1.0.0-beta..2\"\nkind = \"core\"\n");
  EXPECT_EQ(errors(),
            "module.toml:3:23: error[MB1006]: invalid version '1.0.0-beta..2': expected a pre-release identifier "
            "([0-9A-Za-z-]+), found '.'\n"
            "  |\n"
            "3 | version = \"1.0.0-beta..2\"\n"
            "  |                       ^ expected a pre-release identifier ([0-9A-Za-z-]+), found '.'\n"
            "  |\n"
            "  = note: versions follow Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH, optionally followed by "
            "-PRERELEASE and +BUILD, e.g. 1.4.0 or 2.0.0-rc.1\n\n");
}

TEST_F(ParserTest, BadVersionInAnEscapedStringPointsAtTheWholeString) {
  parse("[module]\nname = \"x\"\nversion = \"1.0\\u0030.0\"\nkind = \"core\"\n");
  EXPECT_EQ(codes(), "MB1006");
  EXPECT_NE(errors().find("  |           ^^^^^^^^^^^^^"), std::string::npos) << errors();
}

TEST_F(ParserTest, BadProvidedFeatureVersion) {
  parse(std::string(plugin_header) + "[features.provides]\nphysics.rigid-body = \"1.0\"\n");
  EXPECT_EQ(codes(), "MB1006");
}

TEST_F(ParserTest, InvalidKindSuggestsTheClosest) {
  parse("[module]\nname = \"x\"\nversion = \"1.0.0\"\nkind = \"sytem\"\n");
  EXPECT_EQ(errors(),
            "module.toml:4:8: error[MB1007]: invalid module kind 'sytem': expected 'core', 'system', 'plugin' or "
            "'app'\n"
            "  |\n"
            "4 | kind = \"sytem\"\n"
            "  |        ^^^^^^^ not a module kind\n"
            "  |\n"
            "  = help: did you mean 'system'?\n\n");
}

TEST_F(ParserTest, OnlyAppsAreExecutables) {
  parse(std::string(plugin_header) + "[build]\noutput = \"executable\"\n");
  EXPECT_EQ(codes(), "MB1007");
  EXPECT_NE(errors().find("a plugin module cannot be built as an executable"), std::string::npos);
  parse(std::string(plugin_header) + "[build]\noutput = \"static\"\n");
  EXPECT_EQ(codes(), "MB1007");
}

TEST_F(ParserTest, BuildPathsWithCMakeSyntaxAreRefusedWhereTheyAreWritten) {
  parse(std::string(plugin_header) +
        "[build]\nsources = [\"src/*.cpp;/etc/x.cpp\"]\ninclude = [\"include\", \"in$<1:c>\"]\n"
        "api-headers = [\"a;b.h\"]\ntests = [\"t/${HOME}.cpp\"]\n");
  EXPECT_EQ(codes(), "MB1023 MB1023 MB1023 MB1023") << errors();
  EXPECT_NE(errors().find("error[MB1023]: source pattern 'src/*.cpp;/etc/x.cpp' has ';', which CMake reads as a list "
                          "separator"),
            std::string::npos)
      << errors();
  EXPECT_NE(errors().find("include directory 'in$<1:c>' has '$', which CMake reads as the start of a variable or "
                          "generator expression"),
            std::string::npos)
      << errors();
  EXPECT_NE(errors().find("               ^ CMake syntax"), std::string::npos) << "the caret under the '$':\n" << errors();
}

TEST_F(ParserTest, KindSpecificTables) {
  parse(std::string(plugin_header) + "[contract]\ndata = [\"X\"]\n[implements]\nmodule = \"ecs\"\nversion = \"1\"\n");
  EXPECT_EQ(codes(), "MB1011 MB1011");
  EXPECT_NE(errors().find("[contract] is not allowed in a plugin module"), std::string::npos) << errors();
  EXPECT_NE(errors().find("4 | kind = \"plugin\"\n  |        -------- the module is a plugin here"), std::string::npos)
      << errors();

  parse("[module]\nname = \"s\"\nversion = \"1.0.0\"\nkind = \"system\"\n");
  EXPECT_EQ(errors(),
            "module.toml:4:8: error[MB1003]: missing [implements] in a system module\n"
            "  |\n"
            "4 | kind = \"system\"\n"
            "  |        ^^^^^^^^ a system implements a Core contract\n"
            "  |\n"
            "  = help: add [implements] with module = \"<core module>\" and version = \"<requirement>\"\n\n");
}

TEST_F(ParserTest, IdentifiersAndDuplicates) {
  parse(R"([module]
name = "ecs"
version = "1.0.0"
kind = "core"
[contract]
data = ["Transform", "ecs::World", "Transform"]
)");
  EXPECT_EQ(codes(), "MB1012 MB1013");
  EXPECT_NE(errors().find("invalid data item 'ecs::World': expected a C++ identifier"), std::string::npos);
  EXPECT_NE(errors().find("data item 'Transform' is listed twice"), std::string::npos);
}

TEST_F(ParserTest, CoreAndDependencyOverlap) {
  parse(std::string(plugin_header) + "[core]\necs = \"^1\"\n[dependencies]\necs = \"^1\"\n");
  EXPECT_EQ(errors(),
            "module.toml:8:1: error[MB1013]: 'ecs' is listed in both [core] and [dependencies]\n"
            "  |\n"
            "6 | ecs = \"^1\"\n"
            "  | --- first listed here\n"
            "7 | [dependencies]\n"
            "8 | ecs = \"^1\"\n"
            "  | ^^^ listed again here\n"
            "  |\n"
            "  = help: list a Core module under [core] only\n\n");
}

TEST_F(ParserTest, InvalidFeatureName) {
  parse(std::string(plugin_header) + "[features.requires]\n\"Render.Backend\" = \"^1\"\n");
  EXPECT_EQ(codes(), "MB1014");
  EXPECT_NE(errors().find("invalid feature name 'Render.Backend'"), std::string::npos);
}

TEST_F(ParserTest, DottedFeatureKeysAreUnderlinedWhole) {
  parse(std::string(plugin_header) + "[features.provides]\nrender.Backend = \"1.0.0\"\n");
  EXPECT_NE(errors().find("6 | render.Backend = \"1.0.0\"\n  | ^^^^^^^^^^^^^^ invalid feature name"), std::string::npos)
      << errors();
}

TEST_F(ParserTest, SelfDependency) {
  parse(std::string(plugin_header) + "[dependencies]\nphysics = \"^0.3\"\n");
  EXPECT_EQ(codes(), "MB1018");
  EXPECT_NE(errors().find("module 'physics' names itself in [dependencies]"), std::string::npos);
}

TEST_F(ParserTest, OptionsMustNameOptionalDependenciesOrOptions) {
  parse(std::string(plugin_header) + R"([dependencies]
render-ascii = { version = "^0.2", optional = true }
console-stdio = { version = "^1", optional = true }
[options]
default = ["fast"]
debug-draw = ["render-asci"]
)");
  EXPECT_EQ(codes(), "MB1020 MB1020 MB1019 MB1019") << "render-ascii is misspelt in the option, so no option enables it";
  EXPECT_NE(errors().find("option 'default' enables 'fast', which is neither an optional dependency nor an option"),
            std::string::npos);
  EXPECT_NE(errors().find("help: did you mean 'render-ascii'?"), std::string::npos);
  EXPECT_NE(errors().find("optional dependency 'console-stdio' is enabled by no option"), std::string::npos);
}

TEST_F(ParserTest, EntriesOfTheWrongShape) {
  parse(std::string(plugin_header) + R"([core]
ecs = 1
[dependencies]
ecs-sparse = ["^1"]
[options]
x = "y"
[features.provides]
a = false
[features.requires]
b = 2
)");
  EXPECT_EQ(codes(), "MB1002 MB1002 MB1002 MB1002 MB1002");
}

TEST_F(ParserTest, ArraysWithNonStringsAreReportedPerElement) {
  parse(std::string(plugin_header) + "[build]\nsources = [\"a.cpp\", 7, \"b.cpp\"]\n");
  EXPECT_EQ(errors(),
            "module.toml:6:21: error[MB1002]: expected a string in 'sources' of [build], found an integer\n"
            "  |\n"
            "6 | sources = [\"a.cpp\", 7, \"b.cpp\"]\n"
            "  |                     ^ expected a string\n\n");
}

TEST_F(ParserTest, ArbitraryBytesNeverCrash) {
  // Regression guard for inputs the fuzzer found interesting.
  for (std::string_view text : {std::string_view("\xff\xfe", 2), std::string_view("[[[[", 4),
                                std::string_view("a.b.c.d.e = 1\n[a]\n", 18), std::string_view("\0", 1),
                                std::string_view("[features.provides]\na.b = { c = { d = 1 } }\n", 41)}) {
    parse(text);
    EXPECT_TRUE(diagnostics_.has_errors()) << "input of size " << text.size() << " should be reported";
  }
}

}  // namespace
}  // namespace modbuild::manifest::testing
