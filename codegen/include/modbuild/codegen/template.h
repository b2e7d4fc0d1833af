// The template language of templates/codegen/: a strict subset of Mustache.
//
//   {{name}}            the value of `name` (a string, number or bool), looked
//                       up from the innermost section outwards; `a.b` walks
//                       into objects; `.` is the current item
//   {{#name}}..{{/name}} repeated for each element of an array, entered once
//                       for an object or a true value, skipped for false,
//                       null, an empty array or an empty string
//   {{^name}}..{{/name}} rendered only where {{#name}} would be skipped
//   {{! comment }}      nothing
//
// A line holding nothing but one section, closing or comment tag disappears
// entirely, so templates can put tags on their own lines and stay readable.
// Nothing is HTML-escaped (the output is C++). Unlike Mustache, a name that
// resolves to nothing is an error, so a misspelt name cannot silently print
// nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "modbuild/support/expected.h"

namespace modbuild::codegen {

/// A problem at a 1-based line and column of the template text.
struct TemplateError {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
};

class Template {
 public:
  struct Node;

  /// Parses template text; the error points at the offending tag.
  static support::Expected<Template, TemplateError> parse(std::string_view text);

  /// Renders with `data` as the outermost context.
  support::Expected<std::string, TemplateError> render(const nlohmann::json& data) const;

 private:
  std::shared_ptr<const std::vector<Node>> nodes_;
};

}  // namespace modbuild::codegen
