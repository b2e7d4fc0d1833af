// Format numbers and checksums of the files modbuild writes (see format_checks.h).
#include "format_checks.h"

#include <fmt/format.h>

namespace modbuild::manifest::detail {
namespace {

constexpr std::string_view checksum_prefix = "sha256:";
constexpr std::size_t checksum_digits = 64;

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

struct ChecksumProblem {
  std::size_t offset;
  std::size_t length;
  std::string label;
};

std::optional<ChecksumProblem> find_checksum_problem(std::string_view text) {
  if (!text.starts_with(checksum_prefix)) {
    std::size_t colon = text.find(':');
    return ChecksumProblem{0, colon == std::string_view::npos ? text.size() : colon + 1, "expected 'sha256:'"};
  }
  std::string_view digits = text.substr(checksum_prefix.size());
  for (std::size_t i = 0; i < digits.size() && i < checksum_digits; ++i) {
    if (!is_lower_hex(digits[i])) {
      return ChecksumProblem{checksum_prefix.size() + i, 1, "not a lowercase hex digit"};
    }
  }
  if (digits.size() != checksum_digits) {
    std::size_t end = checksum_prefix.size() + std::min(digits.size(), checksum_digits);
    return ChecksumProblem{end, text.size() - end,
                           fmt::format("expected {} hex digits, found {}", checksum_digits, digits.size())};
  }
  return std::nullopt;
}

}  // namespace

FormatCheck check_format_number(DocumentReader& doc, TableReader& top, std::string_view key, int supported,
                                Code code, std::string_view what, std::string_view help) {
  const toml::node* node = top.find(key);
  if (node == nullptr) return FormatCheck::missing;
  std::optional<std::int64_t> number = node->value_exact<std::int64_t>();
  if (!number) {
    top.wrong_type(key, *node, "an integer");
    return FormatCheck::wrong_type;
  }
  if (*number == supported) return FormatCheck::supported;
  doc.report(Diagnostic::make(code, fmt::format("unsupported {} {}: this modbuild reads {} {}", what, *number, what,
                                                supported),
                              doc.span(node->source()), "unsupported")
                 .with_help(std::string(help)));
  return FormatCheck::unsupported;
}

bool check_checksum(DocumentReader& doc, const LocatedString& checksum, Code code) {
  auto problem = find_checksum_problem(checksum.value);
  if (!problem) return true;
  doc.report(Diagnostic::make(code, fmt::format("invalid checksum '{}'", checksum.value),
                              checksum.sub_span(problem->offset, problem->length), std::move(problem->label))
                 .with_note("a checksum is 'sha256:' followed by the 64 lowercase hex digits of a SHA-256 digest"));
  return false;
}

}  // namespace modbuild::manifest::detail
