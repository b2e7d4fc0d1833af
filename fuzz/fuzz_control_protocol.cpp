// Fuzz target: the control socket's protocol (runtime/src/control_socket.cpp):
// bytes arriving in arbitrary chunks are split into command lines and each
// gets a reply. No line may exceed the limit or hold a newline, and every
// reply must be one line of JSON, whatever bytes the line held.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control_socket.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  modbuild::runtime::LineSplitter lines;
  // The first byte decides the chunk size, as reads of a socket would.
  const std::size_t chunk = size == 0 ? 1 : 1 + data[0] % 64;
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    lines.feed(input.substr(at, chunk));
    while (std::optional<std::string> line = lines.next()) {
      if (line->size() > modbuild::runtime::LineSplitter::kMaxLine || line->find('\n') != std::string::npos) std::abort();
      const std::string reply = modbuild::runtime::reply_json(true, *line);
      if (reply.find('\n') != reply.size() - 1) std::abort();
      if (nlohmann::json::parse(reply, nullptr, false).is_discarded()) std::abort();
    }
  }
  if (std::optional<std::string> rest = lines.rest(); rest && rest->find('\n') != std::string::npos) std::abort();
  return 0;
}
