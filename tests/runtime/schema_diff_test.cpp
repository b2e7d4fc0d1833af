// Comparing the data layouts of two schemas, field by field.
#include "schema_diff.h"

#include <gtest/gtest.h>

#include "runtime_fixture.h"

namespace modbuild::runtime {
namespace {

using testing::IndexDirectory;

TEST(SchemaDiffTest, NamesAddedRemovedAndRetypedFields) {
  Result<LayoutDiff> added = diff_layouts(IndexDirectory::counter_schema(1), IndexDirectory::counter_schema(2));
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->changes, std::vector<std::string>{"field 'step' (std::int64_t) was added to 'counter::Counter'"});
  EXPECT_TRUE(added->incompatible.empty());

  Result<LayoutDiff> removed = diff_layouts(IndexDirectory::counter_schema(2), IndexDirectory::counter_schema(1));
  EXPECT_EQ(removed->changes, std::vector<std::string>{"field 'step' (std::int64_t) was removed from 'counter::Counter'"});

  Result<LayoutDiff> retyped = diff_layouts(IndexDirectory::counter_schema(1), IndexDirectory::counter_schema(3));
  EXPECT_EQ(retyped->incompatible,
            std::vector<std::string>{"field 'value' of 'counter::Counter' changed type from 'std::int64_t' to 'double'"});
}

TEST(SchemaDiffTest, TellsWhichBuildALayoutBelongsTo) {
  EXPECT_TRUE(schema_matches(IndexDirectory::counter_schema(2), {{"counter::Counter", "2222222222222222"}}));
  EXPECT_FALSE(schema_matches(IndexDirectory::counter_schema(1), {{"counter::Counter", "2222222222222222"}}));
  EXPECT_FALSE(schema_matches(IndexDirectory::counter_schema(1), {{"counter::Other", "1111111111111111"}}));
  EXPECT_FALSE(schema_matches("not json", {}));
}

TEST(SchemaDiffTest, MalformedSchemasAreNamed) {
  EXPECT_EQ(diff_layouts("{", IndexDirectory::counter_schema(1)).error().message,
            "the older schema is not a JSON object");
  EXPECT_EQ(diff_layouts(IndexDirectory::counter_schema(1), "{}").error().message, "the newer schema has no structs");
}

}  // namespace
}  // namespace modbuild::runtime
