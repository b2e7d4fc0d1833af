// TextTable rendering.
#include "table.h"

#include <algorithm>

#include "modbuild/support/text.h"

namespace modbuild::cli {
namespace {

void append_cell(std::string& out, const std::string& cell, std::size_t width, bool last) {
  out += cell;
  if (!last) out.append(width - support::count_code_points(cell) + 2, ' ');
}

}  // namespace

std::string TextTable::render(bool color) const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = support::count_code_points(headers_[c]);
    for (const auto& row : rows_) {
      if (c < row.size()) widths[c] = std::max(widths[c], support::count_code_points(row[c]));
    }
  }
  std::string out;
  if (color) out += "\x1b[1m";
  for (std::size_t c = 0; c < headers_.size(); ++c) append_cell(out, headers_[c], widths[c], c + 1 == headers_.size());
  if (color) out += "\x1b[0m";
  out += '\n';
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < headers_.size(); ++c) {
      append_cell(out, c < row.size() ? row[c] : std::string(), widths[c], c + 1 == headers_.size());
    }
    out += '\n';
  }
  return out;
}

}  // namespace modbuild::cli
