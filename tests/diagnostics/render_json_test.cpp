#include <gtest/gtest.h>

#include "modbuild/diagnostics/render.h"

namespace modbuild::diagnostics {
namespace {

TEST(RenderJsonTest, CarriesEverySpanAndNote) {
  SourceMap sources;
  FileId a = sources.add("a.toml", "name = \"x\"\n");
  FileId b = sources.add("b.toml", "name = \"x\"\n");
  Diagnostic d = Diagnostic::make(Code::duplicate_module, "module name 'x' is used by more than one member",
                                  {b, 1, 8, 1, 11}, "declared again here")
                     .with_secondary({a, 1, 8, 1, 11}, "first declared here")
                     .with_note("names must be unique")
                     .with_help("rename one");
  EXPECT_EQ(to_json(d, sources), nlohmann::json::parse(R"({
    "severity": "error", "code": "MB1008",
    "message": "module name 'x' is used by more than one member",
    "file": "b.toml", "line": 1, "column": 8, "end_line": 1, "end_column": 11,
    "label": "declared again here",
    "related": [{"message": "first declared here", "file": "a.toml", "line": 1, "column": 8,
                 "end_line": 1, "end_column": 11}],
    "notes": ["names must be unique"], "help": ["rename one"]
  })"));
}

TEST(RenderJsonTest, OmitsLocationWhenThereIsNone) {
  SourceMap sources;
  nlohmann::json j = to_json(Diagnostic::make(Code::no_workspace, "none"), sources);
  EXPECT_FALSE(j.contains("file"));
  EXPECT_EQ(j["severity"], "error");
}

}  // namespace
}  // namespace modbuild::diagnostics
