// The CMake form of the build plan.
#include "modbuild/builder/cmake_plan.h"

#include <gtest/gtest.h>

namespace modbuild::builder {
namespace {

TEST(CmakeBracketTest, ClosingBracketsInsideTheTextGetMoreEquals) {
  EXPECT_EQ(cmake_bracket("/w/src/a.cpp"), "[[/w/src/a.cpp]]");
  EXPECT_EQ(cmake_bracket("a]]b"), "[=[a]]b]=]");
  EXPECT_EQ(cmake_bracket("a]=]b]]"), "[==[a]=]b]]]==]");
  // A text ending in ']' would close a [[...]] bracket early.
  EXPECT_EQ(cmake_bracket("x]"), "[=[x]]=]");
  EXPECT_EQ(cmake_bracket("${not_a_variable} \"quoted\" ;"), "[[${not_a_variable} \"quoted\" ;]]");
}

BuildPlan sample_plan() {
  BuildPlan plan;
  plan.workspace_name = "game";
  plan.root = "/w";
  ModulePlan ecs;
  ecs.name = "ecs";
  ecs.version = "1.2.0";
  ecs.sources = {"/w/ecs/src/a.cpp", "/w/ecs/src/b.cpp"};
  ecs.include_dirs = {"/w/ecs/include"};
  ModulePlan sparse;
  sparse.name = "ecs-sparse";
  sparse.version = "1.0.0";
  sparse.kind = manifest::ModuleKind::system;
  sparse.public_links = {"ecs"};
  sparse.definitions = {"ECS_SPARSE_CHECKED"};
  sparse.provides = {{"price.$<", "1.0.0"}};
  sparse.load_index = 1;
  plan.modules = {ecs, sparse};
  plan.configure_depends = {"/w/ecs/module.toml", "/w/modbuild.toml"};
  return plan;
}

TEST(CmakePlanTest, SetsOneVariablePerFieldAsBracketArguments) {
  const std::string text = cmake_plan(sample_plan());
  EXPECT_NE(text.find("set(MODBUILD_PLAN_SCHEMA_VERSION [[2]])\n"), std::string::npos);
  EXPECT_NE(text.find("set(MODBUILD_PLAN_MODULES [[ecs]] [[ecs-sparse]])\n"), std::string::npos);
  EXPECT_NE(text.find("set(MODBUILD_PLAN_ecs_SOURCES [[/w/ecs/src/a.cpp]] [[/w/ecs/src/b.cpp]])\n"), std::string::npos);
  EXPECT_NE(text.find("set(MODBUILD_PLAN_ecs-sparse_PUBLIC_LINKS [[ecs]])\n"), std::string::npos);
  EXPECT_NE(text.find("set(MODBUILD_PLAN_ecs-sparse_PRIVATE_LINKS)\n"), std::string::npos);
  EXPECT_NE(text.find("set(MODBUILD_PLAN_ecs-sparse_KIND [[system]])\n"), std::string::npos);
  EXPECT_NE(text.find("set(MODBUILD_PLAN_ecs-sparse_ROLE [[default]])\n"), std::string::npos);
  EXPECT_NE(text.find("set(MODBUILD_PLAN_WORKSPACE_JSON [[\"game\"]])\n"), std::string::npos);
}

TEST(CmakePlanTest, MetadataCannotStartAGeneratorExpression) {
  const std::string text = cmake_plan(sample_plan());
  EXPECT_EQ(text.find("$<"), std::string::npos);
  EXPECT_NE(text.find("\"price.\\u0024<\""), std::string::npos);
}

TEST(CmakePlanTest, IsDeterministic) { EXPECT_EQ(cmake_plan(sample_plan()), cmake_plan(sample_plan())); }

}  // namespace
}  // namespace modbuild::builder
