// A plain-text table with aligned columns, for listings.
#pragma once

#include <string>
#include <vector>

namespace modbuild::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  /// Columns separated by two spaces, the last one unpadded; headers bold when `color`.
  std::string render(bool color) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace modbuild::cli
