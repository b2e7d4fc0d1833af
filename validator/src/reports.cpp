// SARIF, JUnit XML and GitHub workflow-command reports of a check (see reports.h).
#include "modbuild/validator/reports.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "modbuild/diagnostics/explain.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/support/file_system.h"
#include "modbuild/support/path.h"
#include "modbuild/support/sha256.h"
#include "modbuild/support/text.h"

namespace modbuild::validator {
namespace {

using diagnostics::Code;
using diagnostics::Diagnostic;
using diagnostics::DiagnosticList;
using diagnostics::Severity;
using diagnostics::SourceMap;
using diagnostics::SourceSpan;

constexpr std::string_view sarif_schema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view information_uri = "https://github.com/modbuild/modbuild";
constexpr std::string_view root_base_id = "%SRCROOT%";
constexpr std::string_view fingerprint_key = "modbuildFingerprint/v1";
constexpr std::string_view workspace_case = "workspace";
constexpr std::string_view replacement_character = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
constexpr char32_t invalid_utf8 = 0xFFFFFFFF;

// --- shared -------------------------------------------------------------------------

std::vector<Code> report_rules(const DiagnosticList& list, const ReportContext& context) {
  std::set<Code> codes(context.rules.begin(), context.rules.end());
  for (const Diagnostic& d : list) codes.insert(d.code);
  return {codes.begin(), codes.end()};
}

std::string rule_title(Code code) {
  const diagnostics::CodeInfo& code_info = diagnostics::info(code);
  return fmt::format("{} {}", code_info.id, code_info.slug);
}

std::string message_with_notes(const Diagnostic& d) {
  std::string text = d.message;
  for (const std::string& note : d.notes) text += "\nnote: " + note;
  for (const std::string& help : d.help) text += "\nhelp: " + help;
  return text;
}

bool is_outside(std::string_view relative) { return relative == ".." || relative.starts_with("../"); }

// A display path relative to `base`, or absolute when the file lies outside it.
// Both are resolved against the working directory first.
std::string path_under(std::string_view display_path, std::string_view base) {
  const support::RealFileSystem disk;
  std::string absolute = disk.absolute(std::string(display_path));
  std::string relative = support::relative_path(absolute, disk.absolute(std::string(base)));
  return is_outside(relative) ? absolute : relative;
}

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// --- SARIF --------------------------------------------------------------------------

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Percent-encodes every byte of a path but RFC 3986's unreserved characters
// and '/', so that the result is a valid URI path whatever the file names.
std::string encode_uri_path(std::string_view path) {
  std::string out;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_unreserved(byte) || c == '/') {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

std::string root_uri(std::string_view root) {
  std::string uri = "file://" + encode_uri_path(support::RealFileSystem().absolute(std::string(root)));
  if (uri.back() != '/') uri.push_back('/');
  return uri;
}

nlohmann::json artifact_location(std::string_view display_path, std::string_view root) {
  const std::string path = path_under(display_path, root);
  if (support::is_absolute_path(path)) return {{"uri", "file://" + encode_uri_path(path)}};
  return {{"uri", encode_uri_path(path)}, {"uriBaseId", root_base_id}};
}

nlohmann::json region(const SourceSpan& span) {
  nlohmann::json out = {{"startLine", span.line}};
  if (span.column > 0) out["startColumn"] = span.column;
  if (span.end_line < span.line) return out;
  out["endLine"] = span.end_line;
  const bool ends_after_start = span.end_line > span.line || span.end_column >= span.column;
  if (span.column > 0 && span.end_column > 0 && ends_after_start) out["endColumn"] = span.end_column;
  return out;
}

nlohmann::json location(const SourceSpan& span, std::string_view message, const SourceMap& sources,
                        std::string_view root) {
  nlohmann::json out = nlohmann::json::object();
  if (span.valid()) {
    out["physicalLocation"] = {{"artifactLocation", artifact_location(sources.path(span.file), root)},
                               {"region", region(span)}};
  }
  if (!message.empty()) out["message"] = {{"text", message}};
  return out;
}

// Hashes what identifies a finding, but not its line number, so that edits
// above it do not make it look new.
std::string fingerprint_hash(const Diagnostic& d, const SourceMap& sources, std::string_view root) {
  std::string key(diagnostics::info(d.code).id);
  key.push_back('\0');
  if (d.span.valid()) {
    key += path_under(sources.path(d.span.file), root);
    key.push_back('\0');
    key += trim(sources.line(d.span.file, d.span.line));
  }
  key.push_back('\0');
  key += d.message;
  return fmt::format("{:02x}", fmt::join(support::sha256(key), ""));
}

std::string pascal_case(std::string_view slug) {
  std::string out;
  bool start_of_word = true;
  for (char c : slug) {
    if (c == '_') {
      start_of_word = true;
      continue;
    }
    out.push_back(start_of_word && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    start_of_word = false;
  }
  return out;
}

// The first paragraph after the "# MB1004: ..." heading, its lines joined.
std::string first_paragraph(std::string_view markdown) {
  std::string out;
  for (std::string_view line : support::split_lines(markdown)) {
    const std::string_view text = trim(line);
    if (text.empty() || (out.empty() && text.starts_with('#'))) {
      if (!out.empty()) break;
      continue;
    }
    if (!out.empty()) out.push_back(' ');
    out += text;
  }
  return out;
}

nlohmann::json sarif_rule(Code code) {
  const diagnostics::CodeInfo& code_info = diagnostics::info(code);
  const std::string_view explanation = diagnostics::explanation(code).value_or(code_info.summary);
  const std::string description = first_paragraph(explanation);
  return {{"id", code_info.id},
          {"name", pascal_case(code_info.slug)},
          {"shortDescription", {{"text", code_info.summary}}},
          {"fullDescription", {{"text", description.empty() ? std::string(code_info.summary) : description}}},
          {"help", {{"text", explanation}, {"markdown", explanation}}},
          {"defaultConfiguration", {{"level", diagnostics::to_string(code_info.default_severity)}}}};
}

nlohmann::json sarif_result(const Diagnostic& d, std::size_t rule_index, const SourceMap& sources,
                            std::string_view root) {
  nlohmann::json out = {{"ruleId", diagnostics::info(d.code).id},
                        {"ruleIndex", rule_index},
                        {"level", diagnostics::to_string(d.severity)},
                        {"message", {{"text", message_with_notes(d)}}}};
  if (d.span.valid()) out["locations"] = nlohmann::json::array({location(d.span, d.label, sources, root)});
  nlohmann::json related = nlohmann::json::array();
  for (const diagnostics::Label& label : d.secondary) {
    nlohmann::json entry = location(label.span, label.message, sources, root);
    entry["id"] = related.size() + 1;
    related.push_back(std::move(entry));
  }
  if (!related.empty()) out["relatedLocations"] = std::move(related);
  return out;
}

nlohmann::json sarif_results(const DiagnosticList& list, const std::vector<Code>& rules, const SourceMap& sources,
                             std::string_view root) {
  nlohmann::json results = nlohmann::json::array();
  std::map<std::string, int> occurrences;  // of each hash, so that identical findings stay apart
  for (const Diagnostic& d : list) {
    const auto rule = std::lower_bound(rules.begin(), rules.end(), d.code);
    nlohmann::json result = sarif_result(d, static_cast<std::size_t>(rule - rules.begin()), sources, root);
    const std::string hash = fingerprint_hash(d, sources, root);
    result["partialFingerprints"] = {{fingerprint_key, fmt::format("{}:{}", hash, ++occurrences[hash])}};
    results.push_back(std::move(result));
  }
  return results;
}

// --- JUnit XML ----------------------------------------------------------------------

// Decodes the code point at `at` and moves past it; a byte that does not start
// a valid UTF-8 sequence (overlong, surrogate, truncated) gives invalid_utf8.
char32_t next_code_point(std::string_view text, std::size_t& at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const std::size_t length = lead < 0x80          ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xE  ? 3
                             : (lead >> 3) == 0x1E ? 4
                                                   : 0;
  if (length <= 1 || at + length > text.size()) {
    ++at;
    return length == 1 ? lead : invalid_utf8;
  }
  char32_t code_point = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[at + i]);
    if ((byte & 0xC0) != 0x80) {
      ++at;
      return invalid_utf8;
    }
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  static constexpr char32_t shortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < shortest[length] || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    ++at;
    return invalid_utf8;
  }
  at += length;
  return code_point;
}

// The Char production of XML 1.0.
bool allowed_in_xml(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

enum class XmlPlace { text, attribute };

// Line breaks and tabs become references in attributes, where a parser would
// otherwise normalize them to spaces; a carriage return everywhere, where it
// would be folded into the line break.
std::string xml_escape(std::string_view text, XmlPlace place) {
  const bool attribute = place == XmlPlace::attribute;
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t start = at;
    const char32_t c = next_code_point(text, at);
    if (!allowed_in_xml(c)) {
      out += replacement_character;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out.append(text.substr(start, at - start));
    }
  }
  return out;
}

// The findings of one rule, by module ("" for those outside any module).
using FindingsByModule = std::map<std::string, std::vector<const Diagnostic*>>;

std::map<Code, FindingsByModule> group_findings(const DiagnosticList& list, const ReportContext& context) {
  std::map<Code, FindingsByModule> findings;
  for (const Diagnostic& d : list) {
    const bool in_module = d.span.valid() && d.span.file < context.module_of_file.size();
    findings[d.code][in_module ? context.module_of_file[d.span.file] : std::string()].push_back(&d);
  }
  return findings;
}

// Every module checked and any other holding a finding, by name, then ""
// (the workspace) when something lies outside the modules.
std::vector<std::string> case_modules(const FindingsByModule& findings, const ReportContext& context) {
  std::set<std::string> names(context.modules.begin(), context.modules.end());
  for (const auto& [module, unused] : findings) {
    if (!module.empty()) names.insert(module);
  }
  std::vector<std::string> modules(names.begin(), names.end());
  if (findings.contains("")) modules.emplace_back();
  return modules;
}

struct TestCase {
  std::string name;
  std::vector<const Diagnostic*> errors;
  std::vector<const Diagnostic*> others;  // warnings and notes
};

struct TestSuite {
  Code rule;
  std::vector<TestCase> cases;
  std::size_t failures = 0;
};

TestSuite make_suite(Code rule, const FindingsByModule& findings, const ReportContext& context) {
  TestSuite suite{rule, {}, 0};
  for (const std::string& module : case_modules(findings, context)) {
    TestCase test_case{module.empty() ? std::string(workspace_case) : module, {}, {}};
    if (auto found = findings.find(module); found != findings.end()) {
      for (const Diagnostic* d : found->second) {
        (d->severity == Severity::error ? test_case.errors : test_case.others).push_back(d);
      }
    }
    if (!test_case.errors.empty()) ++suite.failures;
    suite.cases.push_back(std::move(test_case));
  }
  return suite;
}

std::string rendered(const std::vector<const Diagnostic*>& findings, const SourceMap& sources) {
  std::string text;
  for (const Diagnostic* d : findings) {
    if (!text.empty()) text.push_back('\n');
    text += diagnostics::render_text(*d, sources);
  }
  return xml_escape(text, XmlPlace::text);
}

std::string failure_message(const std::vector<const Diagnostic*>& errors) {
  if (errors.size() == 1) return errors.front()->message;
  return fmt::format("{} (and {} more)", errors.front()->message, errors.size() - 1);
}

void write_case(std::string& out, std::string_view rule_id, const TestCase& test_case, const SourceMap& sources) {
  out += fmt::format(R"(    <testcase classname="{}" name="{}")", rule_id, xml_escape(test_case.name, XmlPlace::attribute));
  if (test_case.errors.empty() && test_case.others.empty()) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  if (!test_case.errors.empty()) {
    out += fmt::format(R"(      <failure message="{}" type="{}">{}</failure>)",
                       xml_escape(failure_message(test_case.errors), XmlPlace::attribute), rule_id,
                       rendered(test_case.errors, sources));
    out += "\n";
  }
  if (!test_case.others.empty()) {
    out += fmt::format("      <system-out>{}</system-out>\n", rendered(test_case.others, sources));
  }
  out += "    </testcase>\n";
}

void write_suite(std::string& out, const TestSuite& suite, const SourceMap& sources) {
  out += fmt::format(R"(  <testsuite name="{}" tests="{}" failures="{}">)", rule_title(suite.rule),
                     suite.cases.size(), suite.failures);
  out += "\n";
  for (const TestCase& test_case : suite.cases) write_case(out, diagnostics::info(suite.rule).id, test_case, sources);
  out += "  </testsuite>\n";
}

// --- GitHub workflow commands -------------------------------------------------------

// GitHub's own escapes, then every other control character made visible: the
// log these commands go to is shown in a terminal view too.
std::string escape_command_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out.push_back(c);
    }
  }
  return support::escape_control_characters(out);
}

std::string escape_command_property(std::string_view text) {
  std::string out;
  for (char c : escape_command_data(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string_view command_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "notice";
  }
  return "error";
}

// GitHub only takes columns for a span on one line.
std::vector<std::string> command_properties(const Diagnostic& d, const SourceMap& sources) {
  std::vector<std::string> properties;
  const SourceSpan& span = d.span;
  if (span.valid()) {
    properties.push_back("file=" + escape_command_property(path_under(sources.path(span.file), ".")));
    properties.push_back(fmt::format("line={}", span.line));
    const bool one_line = span.end_line <= span.line;
    if (span.column > 0 && one_line) properties.push_back(fmt::format("col={}", span.column));
    if (span.end_line >= span.line) properties.push_back(fmt::format("endLine={}", span.end_line));
    if (span.end_line == span.line && span.column > 0 && span.end_column > span.column) {
      properties.push_back(fmt::format("endColumn={}", span.end_column));
    }
  }
  properties.push_back("title=" + escape_command_property(rule_title(d.code)));
  return properties;
}

}  // namespace

std::string sarif_report(const DiagnosticList& list, const SourceMap& sources, const ReportContext& context) {
  const std::vector<Code> rules = report_rules(list, context);
  nlohmann::json driver = {{"name", "modbuild"},
                           {"version", context.tool_version},
                           {"informationUri", information_uri},
                           {"rules", nlohmann::json::array()}};
  for (Code rule : rules) driver["rules"].push_back(sarif_rule(rule));
  nlohmann::json run = {{"tool", {{"driver", std::move(driver)}}},
                        {"columnKind", "unicodeCodePoints"},
                        {"originalUriBaseIds", {{root_base_id, {{"uri", root_uri(context.workspace_root)}}}}},
                        {"results", sarif_results(list, rules, sources, context.workspace_root)}};
  const nlohmann::json document = {
      {"$schema", sarif_schema}, {"version", "2.1.0"}, {"runs", nlohmann::json::array({std::move(run)})}};
  return diagnostics::json_text(document) + "\n";
}

std::string junit_report(const DiagnosticList& list, const SourceMap& sources, const ReportContext& context) {
  const std::map<Code, FindingsByModule> findings = group_findings(list, context);
  std::vector<TestSuite> suites;
  std::size_t tests = 0;
  std::size_t failures = 0;
  for (Code rule : report_rules(list, context)) {
    auto found = findings.find(rule);
    suites.push_back(make_suite(rule, found == findings.end() ? FindingsByModule() : found->second, context));
    tests += suites.back().cases.size();
    failures += suites.back().failures;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(R"(<testsuites name="modbuild" tests="{}" failures="{}">)", tests, failures);
  out += "\n";
  for (const TestSuite& suite : suites) write_suite(out, suite, sources);
  out += "</testsuites>\n";
  return out;
}

std::string github_report(const DiagnosticList& list, const SourceMap& sources, const ReportContext&) {
  std::string out;
  for (const Diagnostic& d : list) {
    out += fmt::format("::{} {}::{}\n", command_name(d.severity), fmt::join(command_properties(d, sources), ","),
                       escape_command_data(message_with_notes(d)));
  }
  return out;
}

}  // namespace modbuild::validator
