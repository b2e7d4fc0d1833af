// Small text helpers shared by the renderers and parsers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modbuild::support {

/// Number of Unicode code points in UTF-8 text (invalid bytes count one each).
std::size_t count_code_points(std::string_view utf8);

/// Byte offset of the code point with the given 0-based index (clamped to size).
std::size_t byte_offset_of_code_point(std::string_view utf8, std::size_t index);

/// The character at a byte offset, quoted for a message: "'x'", "'é'" (a
/// whole UTF-8 sequence), "control character U+0009", "byte 0xFF" (not
/// UTF-8), or "the end" past the text. Never splits a multi-byte character,
/// so messages stay valid UTF-8.
std::string quote_character(std::string_view text, std::size_t at);

/// The text with every control character made visible, for a terminal:
/// C0 controls but tab and line feed, and DEL, as "\x1b"; C1 controls as
/// "\u{9b}". Input
/// quoted in text output (names, source lines, paths) goes through this, so
/// that a manifest cannot move the cursor, retitle the window or clear the
/// screen. Tabs stay (the renderers expand them), and so do line feeds (a
/// message may have several lines; the terminal gains nothing from them).
std::string escape_control_characters(std::string_view text);

/// The display width escape_control_characters() gives one code point
/// starting at text[at] (1 for ordinary ones, 0 for continuation bytes).
std::size_t escaped_width_at(std::string_view text, std::size_t at);

/// The lines of a text without their terminators ("\n" or "\r\n").
std::vector<std::string_view> split_lines(std::string_view text);

/// Joins items as "a, b and c" ("a" for one, "" for none).
std::string join_human(const std::vector<std::string>& items, std::string_view last_separator = " and ");

/// "1 module", "2 modules": `n` and the word, its plural `plural` or else
/// the word with an "s".
std::string count_of(std::size_t n, std::string_view word, std::string_view plural = {});

/// Whether the text is a valid C++ identifier ([A-Za-z_][A-Za-z0-9_]*).
bool is_identifier(std::string_view text);

/// Where `path` has a character CMake reads as syntax in a value (';', a
/// list separator; '$', a variable or generator expression), with what CMake
/// makes of it; npos and "" when it has none.
std::pair<std::size_t, std::string_view> find_cmake_syntax(std::string_view path);

/// A C++ identifier from a module or type name: "render-ascii" -> "render_ascii",
/// "ecs::Column<ecs::Transform>" -> "ecs_Column_ecs_Transform", "3d" -> "m_3d".
/// Generated entry points (modbuild_module_<identifier>) and the build's
/// provider macros both name modules this way, so they must agree.
std::string identifier_of(std::string_view name);

/// The macro form of a name: uppercase, every other character but digits as
/// '_' ("ecs-sparse" -> "ECS_SPARSE", "render.backend" -> "RENDER_BACKEND").
/// The build's definitions name options and features this way; distinct
/// names can meet ("a.b-c" and "a.b_c"), which `modbuild check` reports.
std::string macro_name(std::string_view name);

}  // namespace modbuild::support
