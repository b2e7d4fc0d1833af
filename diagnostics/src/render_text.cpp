// Human-readable rendering: a located header, the source line, carets, notes.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "modbuild/diagnostics/render.h"
#include "modbuild/support/text.h"

namespace modbuild::diagnostics {
namespace {

constexpr int tab_width = 4;

struct Palette {
  std::string_view error, warning, note, help, gutter, bold, reset;
  static Palette make(bool color) {
    if (!color) return {};
    return {"\x1b[1;31m", "\x1b[1;33m", "\x1b[1;32m", "\x1b[1;36m", "\x1b[1;34m", "\x1b[1m", "\x1b[0m"};
  }
  std::string_view for_severity(Severity s) const {
    return s == Severity::error ? error : s == Severity::warning ? warning : note;
  }
};

// One underline to draw: a span on a line, its mark and its text.
struct Mark {
  std::uint32_t column;
  std::uint32_t end_column;  // exclusive; clamped to the line for multi-line spans
  bool primary;
  std::string message;
};

// Display width of the first `columns` code points of a line, tabs expanded
// and control characters escaped as draw_source_line() shows them.
std::size_t display_width(std::string_view line, std::size_t columns) {
  std::size_t width = 0;
  std::size_t seen = 0;
  for (std::size_t i = 0; i < line.size() && seen < columns; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    width += (c == '\t') ? tab_width : support::escaped_width_at(line, i);
    ++seen;
  }
  return width + (columns > seen ? columns - seen : 0);  // past end of line: one cell each
}

std::string expand_tabs(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '\t') {
      out.append(tab_width, ' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The code points of a long line a snippet shows: a minified or generated
// line of megabytes would otherwise be printed whole under every finding.
constexpr std::size_t max_shown_columns = 120;
constexpr std::size_t context_before_focus = 20;
constexpr std::string_view elision = "...";

struct Window {
  std::size_t first = 0;  // first code point shown
  std::size_t last = 0;   // one past the last
  bool cut_front = false;
  bool cut_back = false;
};

// All of a short line; else max_shown_columns from a little before `focus`.
Window window_for(std::size_t line_columns, std::size_t focus) {
  if (line_columns <= max_shown_columns) return {0, line_columns, false, false};
  std::size_t first = focus > context_before_focus ? focus - context_before_focus : 0;
  first = std::min(first, line_columns - max_shown_columns);
  const std::size_t last = first + max_shown_columns;
  return {first, last, first > 0, last < line_columns};
}

// The part of the line a window shows.
std::string_view windowed(std::string_view line, const Window& window) {
  const std::size_t begin = support::byte_offset_of_code_point(line, window.first);
  const std::size_t end = support::byte_offset_of_code_point(line, window.last);
  return line.substr(begin, end - begin);
}

class TextRenderer {
 public:
  TextRenderer(const Diagnostic& d, const SourceMap& sources, TextStyle style)
      : d_(d), sources_(sources), palette_(Palette::make(style.color)) {}

  std::string render() {
    header();
    gutter_width_ = compute_gutter_width();
    bool has_snippet = false;
    if (d_.span.valid()) has_snippet = snippet(d_.span.file);
    for (FileId file : other_files()) {
      out_ += fmt::format("{:>{}}{}:::{} {}\n", "", gutter_width_, palette_.gutter, palette_.reset,
                          location(first_span_in(file)));
      has_snippet = snippet(file) || has_snippet;
    }
    trailer(has_snippet);
    return std::move(out_);
  }

 private:
  std::string location(const SourceSpan& span) const {
    return fmt::format("{}:{}:{}", support::escape_control_characters(sources_.path(span.file)), span.line,
                       span.column);
  }

  void header() {
    const std::string_view color = palette_.for_severity(d_.severity);
    if (d_.span.valid()) out_ += fmt::format("{}{}:{} ", palette_.bold, location(d_.span), palette_.reset);
    out_ += fmt::format("{}{}[{}]{}{}: {}{}\n", color, to_string(d_.severity), info(d_.code).id,
                        palette_.reset, palette_.bold, support::escape_control_characters(d_.message),
                        palette_.reset);
  }

  std::size_t compute_gutter_width() const {
    std::uint32_t max_line = d_.span.valid() ? d_.span.line : 0;
    for (const Label& label : d_.secondary) max_line = std::max(max_line, label.span.line);
    return max_line == 0 ? 1 : fmt::formatted_size("{}", max_line);
  }

  std::vector<FileId> other_files() const {
    std::vector<FileId> files;
    for (const Label& label : d_.secondary) {
      if (!label.span.valid() || (d_.span.valid() && label.span.file == d_.span.file)) continue;
      if (std::find(files.begin(), files.end(), label.span.file) == files.end()) files.push_back(label.span.file);
    }
    return files;
  }

  SourceSpan first_span_in(FileId file) const {
    for (const Label& label : d_.secondary) {
      if (label.span.file == file) return label.span;
    }
    return {};
  }

  // Draws every marked line of one file; returns whether anything was drawn.
  bool snippet(FileId file) {
    std::map<std::uint32_t, std::vector<Mark>> lines;
    auto add = [&](const SourceSpan& span, bool primary, const std::string& message) {
      if (!span.valid() || span.file != file) return;
      std::uint32_t end = span.end_line == span.line ? span.end_column : 0;
      lines[span.line].push_back({span.column, end, primary, message});
    };
    if (d_.span.valid()) add(d_.span, true, d_.label);
    for (const Label& label : d_.secondary) add(label.span, false, label.message);
    if (lines.empty() || sources_.line(file, lines.begin()->first).data() == nullptr) return false;

    blank_gutter();
    std::uint32_t previous = 0;
    for (auto& [line_number, marks] : lines) {
      if (previous != 0 && line_number == previous + 2) {
        draw_source_line(file, previous + 1);  // one line of context reads better than "..."
      } else if (previous != 0 && line_number > previous + 2) {
        out_ += fmt::format("{}{:>{}}{}\n", palette_.gutter, "...", gutter_width_ + 1, palette_.reset);
      }
      draw_line(file, line_number, marks);
      previous = line_number;
    }
    return true;
  }

  void blank_gutter() {
    out_ += fmt::format("{:>{}} {}|{}\n", "", gutter_width_, palette_.gutter, palette_.reset);
  }

  void draw_source_line(FileId file, std::uint32_t line_number, std::size_t focus = 0) {
    const std::string_view line = sources_.line(file, line_number);
    const Window window = window_for(support::count_code_points(line), focus);
    out_ += fmt::format("{}{:>{}} |{} {}{}{}\n", palette_.gutter, line_number, gutter_width_, palette_.reset,
                        window.cut_front ? elision : "",
                        support::escape_control_characters(expand_tabs(windowed(line, window))),
                        window.cut_back ? elision : "");
  }

  void draw_line(FileId file, std::uint32_t line_number, std::vector<Mark>& marks) {
    const std::string_view line = sources_.line(file, line_number);
    std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
      return a.primary != b.primary ? a.primary : a.column < b.column;
    });
    const std::size_t line_columns = support::count_code_points(line);
    const std::size_t focus = marks.front().column > 0 ? marks.front().column - 1 : 0;
    draw_source_line(file, line_number, focus);
    const Window window = window_for(line_columns, focus);
    const std::string_view text = windowed(line, window);
    const std::size_t lead = window.cut_front ? elision.size() : 0;
    for (const Mark& mark : marks) {
      std::size_t start = mark.column > 0 ? mark.column - 1 : 0;
      std::size_t end = mark.end_column > mark.column ? mark.end_column - 1 : std::max(start + 1, line_columns);
      if (mark.end_column == 0 && start >= line_columns) end = start + 1;  // span at end of line
      if (window.cut_front || window.cut_back) {
        // Into the window's columns; a mark reaching beyond it stops at its edge.
        const std::size_t shown_start = std::clamp(start, window.first, window.last);
        const std::size_t shown_end = std::clamp(end, shown_start + 1, std::max(window.last, shown_start + 1));
        start = shown_start - window.first;
        end = shown_end - window.first;
      }
      const std::size_t indent = lead + display_width(text, start);
      const std::size_t width = std::max<std::size_t>(1, lead + display_width(text, end) - indent);
      const std::string_view color = mark.primary ? palette_.for_severity(d_.severity) : palette_.gutter;
      std::string underline(width, mark.primary ? '^' : '-');
      out_ += fmt::format("{:>{}} {}|{} {:{}}{}{}{}{}{}\n", "", gutter_width_, palette_.gutter, palette_.reset, "",
                          indent, color, underline, mark.message.empty() ? "" : " ",
                          support::escape_control_characters(mark.message),
                          palette_.reset);
    }
  }

  void trailer(bool has_snippet) {
    if (has_snippet && (!d_.notes.empty() || !d_.help.empty())) blank_gutter();
    for (const std::string& note : d_.notes) annotation("note", palette_.bold, note);
    for (const std::string& help : d_.help) annotation("help", palette_.help, help);
  }

  // "= note: text"; the lines of a multi-line text stay aligned under the first.
  void annotation(std::string_view kind, std::string_view color, std::string_view text) {
    std::vector<std::string_view> lines = support::split_lines(text);
    if (lines.empty()) lines.push_back("");
    out_ += fmt::format("{:>{}} {}={} {}{}{}: {}\n", "", gutter_width_, palette_.gutter, palette_.reset, color, kind,
                        palette_.reset, support::escape_control_characters(lines[0]));
    const std::size_t indent = gutter_width_ + 3 + kind.size() + 2;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      out_ += lines[i].empty() ? "\n"
                               : fmt::format("{:>{}}{}\n", "", indent, support::escape_control_characters(lines[i]));
    }
  }

  const Diagnostic& d_;
  const SourceMap& sources_;
  Palette palette_;
  std::size_t gutter_width_ = 1;
  std::string out_;
};

}  // namespace

std::string render_text(const Diagnostic& diagnostic, const SourceMap& sources, TextStyle style) {
  return TextRenderer(diagnostic, sources, style).render();
}

std::string summarize(const DiagnosticList& list) {
  std::vector<std::string> parts;
  if (std::size_t errors = list.count(Severity::error)) parts.push_back(support::count_of(errors, "error"));
  if (std::size_t warnings = list.count(Severity::warning)) parts.push_back(support::count_of(warnings, "warning"));
  if (std::size_t notes = list.count(Severity::note)) parts.push_back(support::count_of(notes, "note"));
  return parts.empty() ? "no problems" : support::join_human(parts);
}

}  // namespace modbuild::diagnostics
