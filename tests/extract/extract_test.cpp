#include "modbuild/extract/extract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "extract_fixture.h"

namespace modbuild::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::extract_header;
using testing::problem_texts;

constexpr const char* kGoodHeader = R"(#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>
#include "modbuild/annotate.h"

namespace game {

enum class MODBUILD_DATA Mode : std::uint8_t { idle, running = 4 };

struct Point { float x = 0; float y = 0; };

template <typename T>
struct Pool { std::vector<T> items; std::size_t used = 0; };

struct MODBUILD_DATA State {
  std::uint32_t id = 0;
  bool alive = false;
  Mode mode = Mode::idle;
  std::string name;
  Pool<Point> points;
  std::optional<double> speed;
  std::variant<int, Point> tag;
};

MODBUILD_API State make_state(std::string name, int count);
MODBUILD_API MODBUILD_HOT bool step(State& state, const Point& by);
int not_part_of_the_api(int);

}  // namespace game
)";

TEST(ExtractTest, FunctionsWithFullSignatures) {
  const ExtractResult result = extract_header(kGoodHeader);
  ASSERT_THAT(problem_texts(result), IsEmpty());
  ASSERT_TRUE(result.schema);
  const auto& functions = result.schema->functions;
  ASSERT_EQ(functions.size(), 2u);
  EXPECT_EQ(functions[0].qualified_name, "game::make_state");
  EXPECT_EQ(functions[0].signature(), "game::State (std::string, int)");
  EXPECT_FALSE(functions[0].hot);
  EXPECT_EQ(functions[1].signature(), "bool (game::State &, const game::Point &)");
  EXPECT_EQ(functions[1].parameters[1].name, "by");
  EXPECT_TRUE(functions[1].hot);
  EXPECT_EQ(functions[1].location, (codegen::Location{"include/mod/api.h", 30, 32}));
}

TEST(ExtractTest, StructsWithClangsLayoutAndNestedStructsReachedThroughFields) {
  const ExtractResult result = extract_header(kGoodHeader);
  ASSERT_TRUE(result.schema);
  std::vector<std::string> names;
  for (const auto& s : result.schema->structs) names.push_back(s.qualified_name);
  EXPECT_THAT(names, ElementsAre("game::Point", "game::Pool<game::Point>", "game::State"));
  const codegen::Struct& state = result.schema->structs[2];
  EXPECT_EQ(state.role, codegen::StructRole::data);
  EXPECT_EQ(result.schema->structs[1].role, codegen::StructRole::nested);
  EXPECT_EQ(state.location, (codegen::Location{"include/mod/api.h", 19, 22}));
  ASSERT_EQ(state.fields.size(), 7u);
  EXPECT_EQ(state.fields[1].name, "alive");
  EXPECT_EQ(state.fields[1].offset, 4u);
  EXPECT_EQ(state.fields[2].type, "game::Mode");
  EXPECT_EQ(state.fields[2].offset, 5u);
  EXPECT_EQ(state.fields[3].type, "std::string");
  EXPECT_EQ(state.fields[3].offset, 8u);
  EXPECT_EQ(state.fields[4].type, "game::Pool<game::Point>");
  EXPECT_EQ(state.fields[4].size, 32u);
  EXPECT_EQ(state.align, 8u);
}

TEST(ExtractTest, EnumsWithUnderlyingTypeAndValues) {
  const ExtractResult result = extract_header(kGoodHeader);
  ASSERT_TRUE(result.schema);
  ASSERT_EQ(result.schema->enums.size(), 1u);
  const codegen::Enum& mode = result.schema->enums[0];
  EXPECT_EQ(mode.qualified_name, "game::Mode");
  // std::uint8_t is ::uint8_t brought into std, and spelled as such.
  EXPECT_EQ(mode.underlying_type, "uint8_t");
  EXPECT_EQ(mode.enumerators, (std::vector<codegen::Enumerator>{{"idle", 0}, {"running", 4}}));
}

TEST(ExtractTest, EveryFileReadIsListedForTheDepfile) {
  const ExtractResult result = extract_header(kGoodHeader);
  const auto& files = result.files_read;
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
  auto has = [&](std::string_view suffix) {
    return std::any_of(files.begin(), files.end(), [&](const std::string& f) { return f.ends_with(suffix); });
  };
  EXPECT_TRUE(has("/modbuild/annotate.h"));
  EXPECT_TRUE(has("/include/stddef.h"));        // Clang's resource directory
  EXPECT_TRUE(has("/bits/stl_vector.h"));       // included transitively
  EXPECT_FALSE(has(".modbuild-umbrella.cpp"));  // exists only in memory
  for (const std::string& file : files) {
    if (file.rfind("/virtual/", 0) != 0) {
      EXPECT_TRUE(std::filesystem::exists(file)) << file;
    }
  }
}

TEST(ExtractTest, OneParseCoversEveryHeaderOfTheModule) {
  auto resource_dir = find_resource_dir("");
  ASSERT_TRUE(resource_dir);
  ExtractOptions options;
  options.module = "mod";
  options.module_dir = "/virtual/mod";
  options.headers = {"/virtual/mod/a.h", "/virtual/mod/b.h"};
  options.flags = {"-I" MODBUILD_RUNTIME_INCLUDE_DIR};
  options.resource_dir = *resource_dir;
  options.memory_files = {{"/virtual/mod/a.h", "#pragma once\n#include \"modbuild/annotate.h\"\nMODBUILD_API int a();\n"},
                          {"/virtual/mod/b.h", "#pragma once\n#include \"modbuild/annotate.h\"\nMODBUILD_API int b(int);\n"}};
  const ExtractResult result = extract_api(options);
  ASSERT_TRUE(result.schema);
  ASSERT_EQ(result.schema->functions.size(), 2u);
  EXPECT_EQ(result.schema->functions[1].location.file, "b.h");
}

TEST(ExtractTest, CompileErrorsAreClangsOwnWithTheirLocation) {
  const ExtractResult result = extract_header("#pragma once\nstruct Broken {\n  int x\n};\nint f(Unknown u);\n");
  EXPECT_FALSE(result.schema);
  EXPECT_THAT(problem_texts(result), ElementsAre("include/mod/api.h:3:8: expected ';' at end of declaration list",
                                                 "include/mod/api.h:5:7: unknown type name 'Unknown'"));
  EXPECT_EQ(result.problems[0].kind, ProblemKind::compile_error);
}

TEST(ExtractTest, AMissingIncludeIsAFatalCompileError) {
  const ExtractResult result = extract_header("#include \"nowhere.h\"\n");
  EXPECT_FALSE(result.schema);
  EXPECT_THAT(problem_texts(result), ElementsAre("include/mod/api.h:1:10: 'nowhere.h' file not found"));
}

TEST(ExtractTest, TheModulesDefinitionsAreUsed) {
  const ExtractResult result = extract_header(
      "#pragma once\n#include \"modbuild/annotate.h\"\n#if !defined(GAME_FAST)\n#error GAME_FAST is needed\n#endif\n"
      "MODBUILD_API int fast();\n",
      {"-DGAME_FAST"});
  ASSERT_THAT(problem_texts(result), IsEmpty());
  EXPECT_EQ(result.schema->functions.size(), 1u);
}

TEST(ExtractTest, DefinitionsInASystemsSourcesKeepTheirOwnSignature) {
  const std::string source = "/virtual/sys/src/impl.cpp";
  const ExtractResult result = extract_header(
      "#pragma once\n#include \"modbuild/annotate.h\"\nnamespace game {\nMODBUILD_API int area(int w, int h);\n"
      "MODBUILD_API void reset();\n}\n",
      {}, {source},
      {{source, "#include \"mod/api.h\"\nnamespace game {\nint area(int w, int h) { return w * h; }\n"
                "long area(long w, int h) { return w * h; }\nvoid reset() {}\n}\nint unrelated() { return 0; }\n"}});
  ASSERT_THAT(problem_texts(result), IsEmpty());
  std::vector<std::string> found;
  for (const auto& f : result.definitions) {
    found.push_back(f.qualified_name + " " + f.signature() + " @" + std::to_string(f.location.line));
  }
  EXPECT_THAT(found, ElementsAre("game::area int (int, int) @3", "game::area long (long, int) @4", "game::reset void () @5"));
  EXPECT_EQ(result.definitions[0].location.file, "src/impl.cpp");
}

// Each construct that cannot be bound or serialized gets its own diagnostic
// at the declaration, and nothing else of the header is lost.
TEST(ExtractTest, UnsupportedConstructsAreReportedWhereTheyAre) {
  const ExtractResult result = extract_header(R"(#pragma once
#include <functional>
#include "modbuild/annotate.h"
struct Incomplete;
struct Plain { int a; };
template <class T> MODBUILD_API T pick(T a);
MODBUILD_API int twice(int);
MODBUILD_API double twice(double);
MODBUILD_API int sum(int count, ...);
MODBUILD_API void take(Incomplete& thing);
union MODBUILD_DATA Either { int i; float f; };
struct MODBUILD_DATA Flags { unsigned a : 3; };
struct MODBUILD_DATA Hidden { private: int secret; };
struct MODBUILD_DATA Linked { Plain* next; std::function<void()> callback; int raw[4]; };
template <class T> struct MODBUILD_DATA Box { T value; };
struct MODBUILD_DATA Later;
struct Widget { MODBUILD_API void draw(); };
struct Base { int b; };
struct MODBUILD_DATA Derived : Base { int d; };
MODBUILD_API int fine(const Plain& plain);
)");
  ASSERT_TRUE(result.schema);
  EXPECT_THAT(problem_texts(result),
              ElementsAre("include/mod/api.h:6:35: function template 'pick' cannot be bound: a table slot holds one "
                          "address; annotate a non-template function that calls it",
                          "include/mod/api.h:7:18: 'twice' is overloaded: a table slot holds one function; give each "
                          "overload its own name",
                          "include/mod/api.h:8:21: 'twice' is overloaded: a table slot holds one function; give each "
                          "overload its own name",
                          "include/mod/api.h:9:18: variadic function 'sum' cannot be bound: the table needs a fixed signature",
                          "include/mod/api.h:10:36: parameter 'thing' of 'take': 'Incomplete &' refers to an incomplete "
                          "type, whose layout is unknown to the generated code",
                          "include/mod/api.h:11:21: union 'Either' cannot be serialized: which member is active is unknown",
                          "include/mod/api.h:12:39: bit-field 'Flags::a' cannot be serialized or checked with offsetof",
                          "include/mod/api.h:13:44: field 'Hidden::secret' is not public; the generated serializer "
                          "cannot reach it",
                          "include/mod/api.h:14:38: field 'Linked::next': 'Plain *' is a pointer or reference, which "
                          "does not survive a reload; store an index or a handle",
                          "include/mod/api.h:14:66: field 'Linked::callback': 'std::function<void ()>' cannot be "
                          "serialized (supported: arithmetic types, enums, std::string, std::vector, std::deque, "
                          "std::optional, std::variant, std::array and plain structs of those)",
                          "include/mod/api.h:14:80: field 'Linked::raw': C arrays are not serialized; use std::array",
                          "include/mod/api.h:15:41: class template 'Box' cannot be Core data: annotate the structs that "
                          "use it; their fields' specializations are serialized with them",
                          "include/mod/api.h:16:22: 'Later' is marked MODBUILD_DATA but not defined in the API headers",
                          "include/mod/api.h:17:35: member function 'Widget::draw' cannot be bound: API functions are "
                          "free functions taking the Core data as a parameter",
                          "include/mod/api.h:19:22: 'Derived' has base classes; Core data structs must be plain structs"));
  EXPECT_EQ(result.problems[1].notes.size(), 1u);  // where the other overload is
  ASSERT_EQ(result.schema->functions.size(), 1u);
  EXPECT_EQ(result.schema->functions[0].name, "fine");
}

TEST(ExtractTest, FunctionsSharingATableSlotAndBitVectorsAreRefused) {
  const ExtractResult result = extract_header(
      "#pragma once\n#include <vector>\n#include \"modbuild/annotate.h\"\n"
      "namespace a { MODBUILD_API int reset(); }\nnamespace b { MODBUILD_API int reset(); }\n"
      "struct MODBUILD_DATA Bits { std::vector<bool> on; };\n");
  EXPECT_THAT(problem_texts(result),
              ElementsAre("include/mod/api.h:5:32: 'b::reset' and 'a::reset' would share the table slot 'reset'; rename one",
                          "include/mod/api.h:6:47: field 'Bits::on': std::vector<bool> packs its bits and has no element "
                          "references to load into; use std::vector<std::uint8_t>"));
}

TEST(ExtractTest, ProblemsOfANestedStructSayWhichFieldReachedIt) {
  const ExtractResult result = extract_header(
      "#pragma once\n#include \"modbuild/annotate.h\"\nstruct Inner { int* p; };\nstruct MODBUILD_DATA Outer { Inner inner; };\n");
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(testing::problem_text(result.problems[0]),
            "include/mod/api.h:3:21: field 'Inner::p': 'int *' is a pointer or reference, which does not survive a "
            "reload; store an index or a handle");
  ASSERT_EQ(result.problems[0].notes.size(), 1u);
  EXPECT_THAT(result.problems[0].notes[0], ::testing::EndsWith("api.h:4:36: 'Inner' is serialized because of this field"));
}

// An anonymous member's fields belong to the enclosing struct: the member is
// reported once, by what it holds, not as a nested struct of its own.
TEST(ExtractTest, AnonymousUnionsAndStructsAreReportedOnceNamingTheirMembers) {
  const ExtractResult result = extract_header(
      "#pragma once\n#include \"modbuild/annotate.h\"\n"
      "struct MODBUILD_DATA Shape {\n"
      "  union { int i; float f; };\n"
      "  struct { int a, b; };\n"
      "  union { int j; } tagged;\n"
      "};\n");
  EXPECT_THAT(problem_texts(result),
              ElementsAre("include/mod/api.h:4:3: the anonymous union of 'i', 'f' in 'Shape' cannot be serialized: "
                          "which member is active is unknown",
                          "include/mod/api.h:5:3: the anonymous struct of 'a', 'b' in 'Shape' cannot be serialized: "
                          "give it a name",
                          "include/mod/api.h:6:3: union 'Shape::(unnamed)' cannot be serialized: which member is "
                          "active is unknown"));
  EXPECT_THAT(result.problems[0].notes, IsEmpty());
  ASSERT_EQ(result.problems[2].notes.size(), 1u);
  EXPECT_THAT(result.problems[2].notes[0], ::testing::EndsWith("api.h:6:20: 'Shape::(unnamed)' is serialized because of this field"));
}

// The generated code names each data struct and checks its layout: a struct
// inside a template has a layout only per specialization, and a struct local
// to a function has no name a header can use.
TEST(ExtractTest, StructsInsideTemplatesOrFunctionsAreNotCoreData) {
  const ExtractResult result = extract_header(
      "#pragma once\n#include \"modbuild/annotate.h\"\n"
      "template <class T> struct Outer {\n"
      "  struct MODBUILD_DATA Plain { int a; double c; };\n"
      "};\n"
      "template <int N, class T> struct Vec {};\n"
      "template <class T> struct Vec<2, T> { union MODBUILD_DATA { T x, r; }; };\n"
      "inline int count() { struct MODBUILD_DATA Local { int n; }; return Local{1}.n; }\n"
      "struct MODBUILD_DATA Kept { int k; };\n");
  EXPECT_THAT(problem_texts(result),
              ElementsAre("include/mod/api.h:4:24: 'Plain' is declared inside template 'Outer', so it has a layout "
                          "only in each specialization: annotate the structs that use it; their fields' types are "
                          "serialized with them",
                          "include/mod/api.h:7:39: an anonymous union is declared inside template 'Vec', so it has a "
                          "layout only in each specialization: annotate the structs that use it; their fields' types "
                          "are serialized with them",
                          "include/mod/api.h:8:43: 'Local' is local to function 'count', where the generated code "
                          "cannot name it; declare it at namespace scope"));
  ASSERT_TRUE(result.schema);
  ASSERT_EQ(result.schema->structs.size(), 1u);
  EXPECT_EQ(result.schema->structs[0].qualified_name, "Kept");
}

TEST(ExtractTest, AnUnnamedParameterIsNamedByItsPosition) {
  const ExtractResult result = extract_header(
      "#pragma once\n#include \"modbuild/annotate.h\"\nstruct Incomplete;\n"
      "MODBUILD_API void take(int, const Incomplete&);\n");
  EXPECT_THAT(problem_texts(result),
              ElementsAre("include/mod/api.h:4:46: parameter 2 of 'take': 'const Incomplete &' refers to an "
                          "incomplete type, whose layout is unknown to the generated code"));
}

TEST(ResourceDirTest, AMissingDirectoryIsExplained) {
  auto found = find_resource_dir("/nonexistent/clang");
  ASSERT_FALSE(found);
  EXPECT_THAT(found.error(), ::testing::HasSubstr("'/nonexistent/clang' (from --resource-dir) has no include/stddef.h"));
  EXPECT_TRUE(find_resource_dir(""));
}

}  // namespace
}  // namespace modbuild::extract
