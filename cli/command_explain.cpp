// `modbuild explain <code>`: the long explanation of a diagnostic code.
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "modbuild/diagnostics/render.h"
#include "modbuild/diagnostics/explain.h"
#include "modbuild/support/spelling.h"

namespace modbuild::cli {
namespace {

struct ExplainOptions {
  std::string code;
  bool list = false;
};

ExitStatus list_codes(Context& context) {
  if (context.json()) {
    nlohmann::json codes = nlohmann::json::array();
    for (const auto& code : diagnostics::all_codes()) {
      codes.push_back({{"code", code.id},
                       {"name", code.slug},
                       {"severity", diagnostics::to_string(code.default_severity)},
                       {"summary", code.summary}});
    }
    std::cout << diagnostics::json_text(nlohmann::json{{"codes", codes}}) << '\n';
    return ExitStatus::success;
  }
  for (const auto& code : diagnostics::all_codes()) {
    std::cout << fmt::format("{}  {:<7}  {}\n", code.id, diagnostics::to_string(code.default_severity), code.summary);
  }
  return ExitStatus::success;
}

ExitStatus explain(Context& context, const ExplainOptions& options) {
  if (options.list) return list_codes(context);
  if (options.code.empty()) {
    context.error("expected a diagnostic code such as MB1004, or --list");
    return ExitStatus::usage;
  }
  const diagnostics::CodeInfo* code = diagnostics::find_code(options.code);
  if (code == nullptr) {
    std::vector<std::string> ids;
    for (const auto& c : diagnostics::all_codes()) ids.emplace_back(c.id);
    std::string message = fmt::format("unknown diagnostic code '{}'", options.code);
    if (auto suggestion = support::closest_match(options.code, ids)) message += fmt::format("; did you mean '{}'?", *suggestion);
    context.error(message + " (run 'modbuild explain --list' for all codes)");
    return ExitStatus::usage;
  }
  auto text = diagnostics::explanation(code->code);
  if (!text) {
    context.error(fmt::format("{} has no explanation; this is a bug in modbuild", code->id));
    return ExitStatus::internal;
  }
  if (context.json()) {
    std::cout << diagnostics::json_text(nlohmann::json{{"code", code->id},
                                {"name", code->slug},
                                {"severity", diagnostics::to_string(code->default_severity)},
                                {"summary", code->summary},
                                {"explanation", *text}})
              << '\n';
  } else {
    std::cout << *text;
  }
  return ExitStatus::success;
}

}  // namespace

CLI::App* define_explain(CLI::App& parent, Runner& runner) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* sub = parent.add_subcommand("explain", "Explain a diagnostic code in detail, e.g. 'modbuild explain MB1004'");
  sub->add_option("code", options->code, "A code (MB1004) or its name (unknown_key)");
  sub->add_flag("--list", options->list, "List every code with its default severity and summary");
  runner = [options](Context& context) { return explain(context, *options); };
  return sub;
}

}  // namespace modbuild::cli
