// A small API schema shared by the codegen tests: two functions, a data
// struct with a nested one, an enum.
#pragma once

#include "modbuild/codegen/schema.h"

namespace modbuild::codegen::testing {

inline ApiSchema sample_schema() {
  ApiSchema api;
  api.module = "physics-core";
  api.version = "1.4.0";
  api.headers = {"include/physics/physics.h"};
  api.functions = {
      {"step", "physics::step", "void", {{"world", "physics::World &"}, {"dt", "double"}}, true,
       {"include/physics/physics.h", 30, 20}},
      {"body_count", "physics::body_count", "std::size_t", {{"world", "const physics::World &"}}, false,
       {"include/physics/physics.h", 32, 13}},
  };
  api.structs = {
      {"physics::World", StructRole::data, 32, 8,
       {{"bodies", "std::vector<physics::Body>", 0, 24, 8}, {"gravity", "double", 24, 8, 8}},
       {"include/physics/physics.h", 20, 22}},
      {"physics::Body", StructRole::nested, 16, 8,
       {{"mass", "double", 0, 8, 8}, {"kind", "physics::Kind", 8, 4, 4}},
       {"include/physics/physics.h", 14, 8}},
  };
  api.enums = {{"physics::Kind", "int", {{"dynamic", 0}, {"fixed", 1}}, {"include/physics/physics.h", 10, 12}}};
  canonicalize(api);
  return api;
}

}  // namespace modbuild::codegen::testing
