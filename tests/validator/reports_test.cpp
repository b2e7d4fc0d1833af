// The CI reports of a hand-made check: GitHub commands, JUnit XML and SARIF.
#include "modbuild/validator/reports.h"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "modbuild/diagnostics/explain.h"
#include "modbuild/support/file_system.h"

namespace modbuild::validator {
namespace {

using diagnostics::Code;
using diagnostics::Diagnostic;
using diagnostics::DiagnosticList;
using diagnostics::FileId;
using diagnostics::Severity;
using diagnostics::SourceMap;
using diagnostics::SourceSpan;

SourceSpan span(FileId file, std::uint32_t line, std::uint32_t column, std::uint32_t end_column) {
  return {file, line, column, line, end_column};
}

constexpr std::string_view special_message = "no version of \"render\" fits < 2 & >= 3 (100% of caf\xC3\xA9's)\nsecond line";

// A workspace under "engine/" of the working directory, as the CLI's display
// paths are: its manifest, the modules ecs and physics, and sandbox without
// findings.
class ReportsTest : public ::testing::Test {
 protected:
  ReportsTest() {
    workspace_ = sources_.add("engine/modbuild.toml", "[workspace]\nmembers = [\"core/*\", \"plugins/*\"]\n");
    ecs_ = sources_.add("engine/core/ecs/module.toml", "[module]\nname = \"ecs\"\nverion = \"1.0.0\"\n");
    physics_ = sources_.add("engine/plugins/physics/module.toml",
                            "[module]\nname = \"ecs\"\n\n[dependencies]\nrender = { version = \"1\", optional = true }\n");
    context_.workspace_root = support::RealFileSystem().absolute("engine");
    context_.tool_version = "0.1.0";
    context_.modules = {"ecs", "physics", "sandbox"};
    context_.rules = {Code::unknown_key, Code::duplicate_module, Code::unused_optional_dependency,
                      Code::sources_match_nothing, Code::missing_key};
    context_.module_of_file = {"", "ecs", "physics"};

    list_.add(Diagnostic::make(Code::no_solution, std::string(special_message)).with_note("from the lockfile"));
    list_.add(Diagnostic::make(Code::unknown_key, "unknown key 'verion' in [module]", span(ecs_, 3, 1, 7), "unknown key")
                  .with_help("did you mean 'version'?"));
    list_.add(Diagnostic::make(Code::duplicate_module, "module name 'ecs' is used by more than one member",
                               span(physics_, 2, 8, 13), "declared again here")
                  .with_secondary(span(ecs_, 2, 8, 13), "first declared here")
                  .with_secondary(span(workspace_, 2, 12, 20), "matched by this pattern")
                  .with_note("module names must be unique across the workspace"));
    list_.add(Diagnostic::make(Code::unused_optional_dependency, "optional dependency 'render' is enabled by no option",
                               span(physics_, 5, 1, 7), "never enabled")
                  .with_help("add an option that enables it"));
    Diagnostic note = Diagnostic::make(Code::sources_match_nothing, "the module has no sources", span(ecs_, 1, 1, 9));
    note.severity = Severity::note;
    list_.add(std::move(note));
  }

  nlohmann::json sarif() const { return nlohmann::json::parse(sarif_report(list_, sources_, context_)); }

  SourceMap sources_;
  FileId workspace_ = 0, ecs_ = 0, physics_ = 0;
  ReportContext context_;
  DiagnosticList list_;
};

// --- GitHub workflow commands -------------------------------------------------------

TEST_F(ReportsTest, GithubCommandsOnePerDiagnostic) {
  EXPECT_EQ(github_report(list_, sources_, context_),
            "::error title=MB2003 no_solution::no version of \"render\" fits < 2 & >= 3 (100%25 of caf\xC3\xA9's)"
            "%0Asecond line%0Anote: from the lockfile\n"
            "::error file=engine/core/ecs/module.toml,line=3,col=1,endLine=3,endColumn=7,title=MB1004 unknown_key::"
            "unknown key 'verion' in [module]%0Ahelp: did you mean 'version'?\n"
            "::error file=engine/plugins/physics/module.toml,line=2,col=8,endLine=2,endColumn=13,"
            "title=MB1008 duplicate_module::module name 'ecs' is used by more than one member"
            "%0Anote: module names must be unique across the workspace\n"
            "::warning file=engine/plugins/physics/module.toml,line=5,col=1,endLine=5,endColumn=7,"
            "title=MB1020 unused_optional_dependency::optional dependency 'render' is enabled by no option"
            "%0Ahelp: add an option that enables it\n"
            "::notice file=engine/core/ecs/module.toml,line=1,col=1,endLine=1,endColumn=9,"
            "title=MB1017 sources_match_nothing::the module has no sources\n");
}

TEST(GithubReportTest, EscapesPropertiesAndDropsColumnsOfMultiLineSpans) {
  SourceMap sources;
  FileId odd = sources.add("./odd, name: 100%/module.toml", "x = [\n  1,\n]\n");
  DiagnosticList list;
  list.add(Diagnostic::make(Code::wrong_type, "expected a string\r\nnot an array", {odd, 1, 5, 3, 2}));
  EXPECT_EQ(github_report(list, sources, {}),
            "::error file=odd%2C name%3A 100%25/module.toml,line=1,endLine=3,title=MB1002 wrong_type::"
            "expected a string%0D%0Anot an array\n");
}

TEST(GithubReportTest, ControlCharactersOfTheInputAreShownNotSent) {
  SourceMap sources;
  FileId file = sources.add("ws/modbuild.toml", "x\n");
  DiagnosticList list;
  list.add(Diagnostic::make(Code::invalid_name, "invalid name 'eng\x1b]0;PWNED\x07'", span(file, 1, 1, 2)));
  EXPECT_EQ(github_report(list, sources, {}),
            "::error file=ws/modbuild.toml,line=1,col=1,endLine=1,endColumn=2,title=MB1005 invalid_name::"
            "invalid name 'eng\\x1b]0;PWNED\\x07'\n");
}

TEST(GithubReportTest, AbsolutePathsUnderTheWorkingDirectoryBecomeRelative) {
  const std::string here = support::RealFileSystem().absolute(".");
  SourceMap sources;
  FileId inside = sources.add(here + "/core/module.toml", "x\n");
  FileId outside = sources.add("/nonexistent/elsewhere/module.toml", "x\n");
  DiagnosticList list;
  list.add(Diagnostic::make(Code::wrong_type, "a", span(inside, 1, 1, 2)));
  list.add(Diagnostic::make(Code::wrong_type, "b", span(outside, 1, 1, 2)));
  EXPECT_EQ(github_report(list, sources, {}),
            "::error file=core/module.toml,line=1,col=1,endLine=1,endColumn=2,title=MB1002 wrong_type::a\n"
            "::error file=/nonexistent/elsewhere/module.toml,line=1,col=1,endLine=1,endColumn=2,"
            "title=MB1002 wrong_type::b\n");
}

// --- JUnit XML ----------------------------------------------------------------------

// Well-formedness in the small: no character XML 1.0 forbids (nor a raw
// carriage return), every '&' starts a reference, no '>' outside markup,
// attribute values quoted, and tags that nest.
::testing::AssertionResult well_formed(std::string_view xml) {
  if (!xml.starts_with("<?xml ")) return ::testing::AssertionFailure() << "no XML declaration";
  static const std::vector<std::string_view> references = {"&amp;", "&lt;", "&gt;", "&quot;",
                                                           "&apos;", "&#9;", "&#10;", "&#13;"};
  for (std::size_t at = 0; at < xml.size(); ++at) {
    const auto c = static_cast<unsigned char>(xml[at]);
    if (c < 0x20 && c != '\n' && c != '\t') return ::testing::AssertionFailure() << "control character at " << at;
    if (c == '&' && std::none_of(references.begin(), references.end(),
                                 [&](std::string_view r) { return xml.substr(at).starts_with(r); })) {
      return ::testing::AssertionFailure() << "bare '&' at " << at;
    }
  }
  std::vector<std::string_view> open;
  for (std::size_t at = xml.find("?>") + 2; at < xml.size(); ++at) {
    if (xml[at] == '>') return ::testing::AssertionFailure() << "'>' outside a tag at " << at;
    if (xml[at] != '<') continue;
    const std::size_t end = xml.find('>', at);
    if (end == std::string_view::npos) return ::testing::AssertionFailure() << "unclosed tag at " << at;
    const std::string_view tag = xml.substr(at + 1, end - at - 1);
    if (tag.find('<') != std::string_view::npos || std::count(tag.begin(), tag.end(), '"') % 2 != 0) {
      return ::testing::AssertionFailure() << "bad tag <" << tag << ">";
    }
    if (tag.starts_with('/')) {
      if (open.empty() || open.back() != tag.substr(1)) {
        return ::testing::AssertionFailure() << "<" << tag << "> closes nothing";
      }
      open.pop_back();
    } else if (!tag.ends_with('/')) {
      open.push_back(tag.substr(0, tag.find(' ')));
    }
    at = end;
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> not closed";
  return ::testing::AssertionSuccess();
}

TEST_F(ReportsTest, JunitSuitesPerRuleAndCasesPerModule) {
  const std::string xml = junit_report(list_, sources_, context_);
  EXPECT_TRUE(well_formed(xml));
  EXPECT_THAT(xml, ::testing::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<testsuites name=\"modbuild\" tests=\"19\" failures=\"3\">\n"
                                         "  <testsuite name=\"MB1003 missing_key\" tests=\"3\" failures=\"0\">\n"
                                         "    <testcase classname=\"MB1003\" name=\"ecs\"/>\n"
                                         "    <testcase classname=\"MB1003\" name=\"physics\"/>\n"
                                         "    <testcase classname=\"MB1003\" name=\"sandbox\"/>\n"
                                         "  </testsuite>\n"
                                         "  <testsuite name=\"MB1004 unknown_key\" tests=\"3\" failures=\"1\">\n"
                                         "    <testcase classname=\"MB1004\" name=\"ecs\">\n"
                                         "      <failure message=\"unknown key &apos;verion&apos; in [module]\" "
                                         "type=\"MB1004\">engine/core/ecs/module.toml:3:1: error[MB1004]: "));
  EXPECT_THAT(xml, ::testing::HasSubstr("  <testsuite name=\"MB1017 sources_match_nothing\" tests=\"3\" failures=\"0\">\n"
                                        "    <testcase classname=\"MB1017\" name=\"ecs\">\n"
                                        "      <system-out>engine/core/ecs/module.toml:1:1: note[MB1017]: "));
  EXPECT_THAT(xml, ::testing::HasSubstr("  <testsuite name=\"MB2003 no_solution\" tests=\"4\" failures=\"1\">\n"
                                        "    <testcase classname=\"MB2003\" name=\"ecs\"/>\n"
                                        "    <testcase classname=\"MB2003\" name=\"physics\"/>\n"
                                        "    <testcase classname=\"MB2003\" name=\"sandbox\"/>\n"
                                        "    <testcase classname=\"MB2003\" name=\"workspace\">\n"
                                        "      <failure message=\"no version of &quot;render&quot; fits &lt; 2 &amp; "
                                        "&gt;= 3 (100% of caf\xC3\xA9&apos;s)&#10;second line\" type=\"MB2003\">"
                                        "error[MB2003]: no version of &quot;render&quot; fits &lt; 2 &amp; &gt;= 3 "
                                        "(100% of caf\xC3\xA9&apos;s)\nsecond line\n"
                                        "  = note: from the lockfile\n"
                                        "</failure>\n"
                                        "    </testcase>\n"
                                        "  </testsuite>\n"
                                        "</testsuites>\n"));
}

TEST(JunitReportTest, WholeReportOfOneRule) {
  SourceMap sources;
  FileId ecs = sources.add("core/ecs/module.toml", "[module]\nname = \"ecs\"\nverion = 1\nfoo = 2\n");
  DiagnosticList list;
  list.add(Diagnostic::make(Code::unknown_key, "unknown key 'verion'", span(ecs, 3, 1, 7), "unknown key"));
  list.add(Diagnostic::make(Code::unknown_key, "unknown key 'foo'", span(ecs, 4, 1, 4)));
  ReportContext context{"/w", "0.1.0", {"physics", "ecs"}, {Code::unknown_key}, {"ecs"}};
  EXPECT_EQ(junit_report(list, sources, context),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"modbuild\" tests=\"2\" failures=\"1\">\n"
            "  <testsuite name=\"MB1004 unknown_key\" tests=\"2\" failures=\"1\">\n"
            "    <testcase classname=\"MB1004\" name=\"ecs\">\n"
            "      <failure message=\"unknown key &apos;verion&apos; (and 1 more)\" type=\"MB1004\">"
            "core/ecs/module.toml:3:1: error[MB1004]: unknown key &apos;verion&apos;\n"
            "  |\n"
            "3 | verion = 1\n"
            "  | ^^^^^^ unknown key\n"
            "\n"
            "core/ecs/module.toml:4:1: error[MB1004]: unknown key &apos;foo&apos;\n"
            "  |\n"
            "4 | foo = 2\n"
            "  | ^^^\n"
            "</failure>\n"
            "    </testcase>\n"
            "    <testcase classname=\"MB1004\" name=\"physics\"/>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

TEST(JunitReportTest, CharactersXmlCannotHoldAreReplaced) {
  SourceMap sources;
  DiagnosticList list;
  list.add(Diagnostic::make(Code::io_error, "bell \x07, bad \xFF\xC0\xAF, tab\t, cr\r, ok \xE2\x82\xAC"));
  const std::string xml = junit_report(list, sources, {});
  EXPECT_TRUE(well_formed(xml));
  EXPECT_THAT(xml, ::testing::HasSubstr(
                       "<failure message=\"bell \xEF\xBF\xBD, bad \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD, tab&#9;, "
                       "cr&#13;, ok \xE2\x82\xAC\" type=\"MB0001\">error[MB0001]: bell \\x07, bad "
                       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD, tab\t, cr\\x0d, ok \xE2\x82\xAC\n</failure>"))
      << "the body is the text rendering, where control characters are shown escaped";
}

// --- SARIF --------------------------------------------------------------------------

TEST_F(ReportsTest, SarifRunAndTool) {
  const nlohmann::json document = sarif();
  EXPECT_EQ(document["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(document["version"], "2.1.0");
  ASSERT_EQ(document["runs"].size(), 1u);
  const nlohmann::json& run = document["runs"][0];
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  const std::string root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  EXPECT_THAT(root, ::testing::StartsWith("file:///"));
  EXPECT_THAT(root, ::testing::EndsWith("/engine/"));
  const nlohmann::json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "modbuild");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["informationUri"], "https://github.com/modbuild/modbuild");
  std::vector<std::string> ids;
  for (const nlohmann::json& rule : driver["rules"]) ids.push_back(rule["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"MB1003", "MB1004", "MB1008", "MB1017", "MB1020", "MB2003"}));
}

TEST_F(ReportsTest, SarifRuleCarriesTheExplanation) {
  const std::string explanation(*diagnostics::explanation(Code::unknown_key));
  nlohmann::json expected = nlohmann::json::parse(R"({
    "id": "MB1004", "name": "UnknownKey",
    "shortDescription": {"text": "a manifest key is not part of the format"},
    "fullDescription": {"text": "The table holds a key that modbuild does not know. Unknown keys are errors rather than silently ignored, because a misspelt key (`verion`, `dependancies`) would otherwise drop information without anyone noticing."},
    "defaultConfiguration": {"level": "error"}
  })");
  expected["help"] = {{"text", explanation}, {"markdown", explanation}};
  EXPECT_EQ(sarif()["runs"][0]["tool"]["driver"]["rules"][1], expected);
  EXPECT_EQ(sarif()["runs"][0]["tool"]["driver"]["rules"][4]["name"], "UnusedOptionalDependency");
  EXPECT_EQ(sarif()["runs"][0]["tool"]["driver"]["rules"][4]["defaultConfiguration"]["level"], "warning");
}

nlohmann::json without_fingerprint(nlohmann::json result) {
  result.erase("partialFingerprints");
  return result;
}

TEST_F(ReportsTest, SarifResultWithoutLocation) {
  EXPECT_EQ(without_fingerprint(sarif()["runs"][0]["results"][0]), nlohmann::json({
    {"ruleId", "MB2003"}, {"ruleIndex", 5}, {"level", "error"},
    {"message", {{"text", std::string(special_message) + "\nnote: from the lockfile"}}}}));
}

TEST_F(ReportsTest, SarifResultWithRelatedLocationsInTwoFiles) {
  EXPECT_EQ(without_fingerprint(sarif()["runs"][0]["results"][2]), nlohmann::json::parse(R"({
    "ruleId": "MB1008", "ruleIndex": 2, "level": "error",
    "message": {"text": "module name 'ecs' is used by more than one member\nnote: module names must be unique across the workspace"},
    "locations": [{
      "physicalLocation": {
        "artifactLocation": {"uri": "plugins/physics/module.toml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 8, "endLine": 2, "endColumn": 13}},
      "message": {"text": "declared again here"}}],
    "relatedLocations": [
      {"id": 1, "message": {"text": "first declared here"},
       "physicalLocation": {
         "artifactLocation": {"uri": "core/ecs/module.toml", "uriBaseId": "%SRCROOT%"},
         "region": {"startLine": 2, "startColumn": 8, "endLine": 2, "endColumn": 13}}},
      {"id": 2, "message": {"text": "matched by this pattern"},
       "physicalLocation": {
         "artifactLocation": {"uri": "modbuild.toml", "uriBaseId": "%SRCROOT%"},
         "region": {"startLine": 2, "startColumn": 12, "endLine": 2, "endColumn": 20}}}]
  })"));
}

TEST_F(ReportsTest, SarifLevelsAndMessages) {
  const nlohmann::json results = sarif()["runs"][0]["results"];
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[1]["message"]["text"], "unknown key 'verion' in [module]\nhelp: did you mean 'version'?");
  EXPECT_EQ(results[3]["level"], "warning");
  EXPECT_EQ(results[3]["ruleIndex"], 4);
  EXPECT_EQ(results[4]["level"], "note");
  EXPECT_FALSE(results[4]["locations"][0].contains("message"));  // no label
}

TEST(SarifReportTest, UrisArePercentEncodedAndFilesOutsideTheRootAbsolute) {
  SourceMap sources;
  FileId inside = sources.add("/home/ci/my engine/plugins/ph#ys:ics/m\xC3\xB3" "dulo.toml", "x\n");
  FileId outside = sources.add("/opt/shared/x.toml", "x\n");
  DiagnosticList list;
  list.add(Diagnostic::make(Code::wrong_type, "a", span(inside, 1, 1, 2)).with_secondary(span(outside, 1, 1, 2), "b"));
  ReportContext context{"/home/ci/my engine", "0.1.0", {}, {}, {}};
  const nlohmann::json run = nlohmann::json::parse(sarif_report(list, sources, context))["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///home/ci/my%20engine/");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
            nlohmann::json({{"uri", "plugins/ph%23ys%3Aics/m%C3%B3dulo.toml"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(run["results"][0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"],
            nlohmann::json({{"uri", "file:///opt/shared/x.toml"}}));
}

// --- fingerprints -------------------------------------------------------------------

std::string fingerprint(const DiagnosticList& list, const SourceMap& sources, const ReportContext& context,
                        std::size_t index = 0) {
  const nlohmann::json document = nlohmann::json::parse(sarif_report(list, sources, context));
  return document["runs"][0]["results"][index]["partialFingerprints"]["modbuildFingerprint/v1"];
}

// The same finding in a file of the same workspace, checked out elsewhere
// and with `shift` lines inserted above it.
std::string fingerprint_of(std::string_view checkout, std::uint32_t shift, std::string message = "unknown key 'x'") {
  SourceMap sources;
  FileId file = sources.add(std::string(checkout) + "/core/ecs/module.toml",
                            std::string(shift, '\n') + "[module]\n  x = 1  \n");
  DiagnosticList list;
  list.add(Diagnostic::make(Code::unknown_key, std::move(message), span(file, 2 + shift, 3, 4)));
  return fingerprint(list, sources, {std::string(checkout), "0.1.0", {}, {}, {}});
}

TEST(SarifFingerprintTest, StableAcrossCheckoutsAndLineShifts) {
  const std::string original = fingerprint_of("/home/alice/engine", 0);
  EXPECT_THAT(original, ::testing::MatchesRegex("[0-9a-f]{64}:1"));
  EXPECT_EQ(fingerprint_of("/home/alice/engine", 0), original);
  EXPECT_EQ(fingerprint_of("/builds/ci/engine", 0), original);
  EXPECT_EQ(fingerprint_of("/home/alice/engine", 7), original);
  EXPECT_NE(fingerprint_of("/home/alice/engine", 0, "unknown key 'y'"), original);
}

TEST(SarifFingerprintTest, IdenticalFindingsAreNumbered) {
  SourceMap sources;
  FileId file = sources.add("/w/m.toml", "x = 1\nx = 1\n");
  DiagnosticList list;
  list.add(Diagnostic::make(Code::duplicate_entry, "'x' is declared twice", span(file, 1, 1, 2)));
  list.add(Diagnostic::make(Code::duplicate_entry, "'x' is declared twice", span(file, 2, 1, 2)));
  const ReportContext context{"/w", "0.1.0", {}, {}, {}};
  const std::string first = fingerprint(list, sources, context, 0);
  const std::string second = fingerprint(list, sources, context, 1);
  EXPECT_EQ(first.substr(0, 64), second.substr(0, 64));
  EXPECT_THAT(first, ::testing::EndsWith(":1"));
  EXPECT_THAT(second, ::testing::EndsWith(":2"));
}

TEST_F(ReportsTest, ReportsAreDeterministic) {
  EXPECT_EQ(sarif_report(list_, sources_, context_), sarif_report(list_, sources_, context_));
  EXPECT_EQ(junit_report(list_, sources_, context_), junit_report(list_, sources_, context_));
  EXPECT_THAT(sarif_report(list_, sources_, context_), ::testing::EndsWith("}\n"));
}

// Writes the report of this fixture for the schema check in CMakeLists.txt
// (sarif_report_matches_the_schema), atomically since two runs may overlap.
class SarifSampleTest : public ReportsTest {};

TEST_F(SarifSampleTest, WritesTheSampleForTheSchemaCheck) {
  FileId odd = sources_.add("engine/plugins/ph#ys ics/m\xC3\xB3" "dulo.toml", "x = [\n  1,\n]\n");
  FileId outside = sources_.add("/nonexistent/shared/x.toml", "x\n");
  list_.add(Diagnostic::make(Code::wrong_type, "expected a string", {odd, 1, 5, 3, 2}, "an array")
                .with_secondary(span(outside, 1, 1, 2), "declared outside the workspace")
                .with_secondary({}, "somewhere"));
  support::RealFileSystem disk;
  ASSERT_TRUE(disk.write(MODBUILD_SARIF_SAMPLE, sarif_report(list_, sources_, context_)));
}

}  // namespace
}  // namespace modbuild::validator
