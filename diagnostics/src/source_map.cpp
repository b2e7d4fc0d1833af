// SourceMap: file texts with a lazily built line index.
#include "modbuild/diagnostics/source_map.h"

#include <algorithm>

namespace modbuild::diagnostics {

FileId SourceMap::add(std::string display_path, std::string contents) {
  FileId id = reserve(std::move(display_path));
  set_contents(id, std::move(contents));
  return id;
}

FileId SourceMap::reserve(std::string display_path) {
  files_.push_back(File{std::move(display_path), {}, {}});
  return static_cast<FileId>(files_.size() - 1);
}

void SourceMap::set_contents(FileId file, std::string contents) {
  files_[file].contents = std::move(contents);
  files_[file].line_starts.clear();
}

std::string_view SourceMap::line(FileId file, std::uint32_t line_number) const {
  if (file >= files_.size() || line_number == 0) return {};
  const File& f = files_[file];
  if (f.line_starts.empty()) {
    f.line_starts.push_back(0);
    for (std::size_t i = 0; i < f.contents.size(); ++i) {
      if (f.contents[i] == '\n') f.line_starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
  }
  if (line_number > f.line_starts.size()) return {};
  std::size_t start = f.line_starts[line_number - 1];
  std::size_t end = line_number < f.line_starts.size() ? f.line_starts[line_number] - 1 : f.contents.size();
  std::string_view text = std::string_view(f.contents).substr(start, end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

}  // namespace modbuild::diagnostics
