#include "modbuild/manifest/metadata.h"

#include <gtest/gtest.h>

#include "modbuild/support/file_system.h"

namespace modbuild::manifest {
namespace {

TEST(MetadataTest, DescribesEveryModuleAndRelation) {
  support::MemoryFileSystem fs;
  fs.add_file("/w/modbuild.toml", R"([workspace]
name = "engine"
members = ["*"]
allow-outside = ["../vendor"]
[registries]
local = "../registry"
[providers]
render.backend = "render-raster"
)");
  fs.add_directory("/vendor");
  fs.add_file("/w/ecs/module.toml", R"([module]
name = "ecs"
version = "1.2.0"
kind = "core"
[contract]
data = ["Transform"]
api = ["spawn_entity"]
)");
  fs.add_file("/w/ecs-sparse/module.toml", R"([module]
name = "ecs-sparse"
version = "1.2.0"
kind = "system"
description = "sparse sets"
[implements]
module = "ecs"
version = "^1.2"
api = ["spawn_entity"]
[core]
ecs = { version = "^1.2", data = ["Transform"] }
[dependencies]
console = { version = "^1", optional = true }
[options]
trace = ["console"]
[features.provides]
ecs.storage = "1.0.0"
[features.requires]
log = true
)");
  LoadResult result = load_workspace(fs, "/w", "");
  ASSERT_FALSE(result.diagnostics.has_errors());
  nlohmann::json j = workspace_metadata(result.workspace);
  EXPECT_EQ(j["schema"], "modbuild-metadata");
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["workspace"], nlohmann::json::parse(R"({
    "name": "engine", "root": "/w", "manifest_path": "/w/modbuild.toml", "members": ["*"], "exclude": [], "roots": [],
    "allow_outside": ["../vendor"], "registries": [{"name": "local", "path": "/registry"}],
    "providers": {"render.backend": "render-raster"}})"));
  ASSERT_EQ(j["modules"].size(), 2u);
  EXPECT_EQ(j["modules"][0]["name"], "ecs");
  EXPECT_EQ(j["modules"][0]["contract"], nlohmann::json::parse(R"({"data": ["Transform"], "api": ["spawn_entity"]})"));
  EXPECT_EQ(j["modules"][1], nlohmann::json::parse(R"({
    "name": "ecs-sparse", "version": "1.2.0", "kind": "system", "description": "sparse sets",
    "directory": "ecs-sparse", "manifest_path": "/w/ecs-sparse/module.toml",
    "contract": null,
    "implements": {"module": "ecs", "version": "^1.2", "api": ["spawn_entity"]},
    "core": [{"module": "ecs", "version": "^1.2", "data": ["Transform"]}],
    "dependencies": [{"module": "console", "version": "^1", "optional": true, "options": []}],
    "options": {"default": [], "trace": ["console"]},
    "features": {"provides": [{"name": "ecs.storage", "version": "1.0.0", "exclusive": false}],
                 "requires": [{"name": "log", "version": "*", "exclusive": false}]},
    "build": {"sources": ["src/**/*.cpp"], "include": [], "api_headers": [], "output": "shared"}})"));
}

}  // namespace
}  // namespace modbuild::manifest
