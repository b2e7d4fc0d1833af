#include <gtest/gtest.h>

#include <set>

#include "modbuild/diagnostics/diagnostic.h"
#include "modbuild/diagnostics/explain.h"

namespace modbuild::diagnostics {
namespace {

TEST(CodesTest, EveryCodeHasAnExplanationTitledWithItsSummary) {
  for (const CodeInfo& code : all_codes()) {
    auto text = explanation(code.code);
    ASSERT_TRUE(text.has_value()) << code.id << " has no docs/diagnostics/" << code.id << ".md";
    const std::string title = "# " + std::string(code.id) + ": " + std::string(code.summary) + "\n";
    EXPECT_TRUE(text->starts_with(title)) << code.id << " explanation should start with '" << title << "'";
    EXPECT_GT(text->size(), title.size() + 80) << code.id << " explanation is too short to help anyone";
  }
}

TEST(CodesTest, IdsAndSlugsAreUniqueAndLookupWorks) {
  std::set<std::string_view> ids, slugs;
  for (const CodeInfo& code : all_codes()) {
    EXPECT_TRUE(ids.insert(code.id).second) << code.id;
    EXPECT_TRUE(slugs.insert(code.slug).second) << code.slug;
    EXPECT_EQ(&info(code.code), &code);
    EXPECT_EQ(find_code(code.id), &code);
    EXPECT_EQ(find_code(code.slug), &code);
  }
  EXPECT_EQ(find_code("mb1004"), find_code("MB1004"));
  EXPECT_EQ(find_code("MB9999"), nullptr);
}

TEST(CodesTest, SummariesFollowTheMessageStyle) {
  for (const CodeInfo& code : all_codes()) {
    ASSERT_FALSE(code.summary.empty());
    EXPECT_TRUE(std::islower(static_cast<unsigned char>(code.summary.front()))) << code.id;
    EXPECT_NE(code.summary.back(), '.') << code.id;
  }
}

}  // namespace
}  // namespace modbuild::diagnostics
