// console: Core data of a text console and the API its systems implement.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// CONSOLE_EXPORT marks the API: modules build with hidden visibility, and the
// build generates this header for every module.
#include "console_export.h"

// Marks for modbuild's code generator (modbuild/annotate.h); when modbuild's
// headers are not on the include path the marks are simply empty.
#if __has_include("modbuild/annotate.h")
#include "modbuild/annotate.h"
#else
#define MODBUILD_DATA
#define MODBUILD_API
#define MODBUILD_HOT
#endif

namespace console {

/// A console: the last `capacity` lines written, oldest first, and the input
/// lines waiting to be read, oldest first.
struct MODBUILD_DATA Console {
  std::size_t capacity = 256;
  std::deque<std::string> scrollback;
  std::deque<std::string> pending_input;
};

// The contract: implemented by a system such as console-stdio.

/// Appends `text` to the scrollback as one line per '\n'-separated part (a
/// single trailing '\n' does not start another line), dropping the oldest
/// lines beyond `capacity`, and shows the lines to the user.
MODBUILD_API CONSOLE_EXPORT void write(Console& console, std::string_view text);
/// Removes and returns the oldest pending input line; nullopt if none waits.
MODBUILD_API CONSOLE_EXPORT std::optional<std::string> read_line(Console& console);
/// Empties the scrollback; pending input is kept.
MODBUILD_API CONSOLE_EXPORT void clear(Console& console);
/// Number of lines in the scrollback.
MODBUILD_API CONSOLE_EXPORT std::size_t line_count(const Console& console);

// Helpers of the Core module itself, usable without a system. Inline: the
// engine's modules link no other module.

/// Queues `line` as one line of input for read_line, as if it had been typed.
inline void submit_input(Console& console, std::string line) { console.pending_input.push_back(std::move(line)); }

/// The scrollback as one text, lines separated by '\n', without a final '\n'.
inline std::string transcript(const Console& console) {
  std::string text;
  for (std::size_t i = 0; i < console.scrollback.size(); ++i) {
    if (i > 0) text += '\n';
    text += console.scrollback[i];
  }
  return text;
}

}  // namespace console
