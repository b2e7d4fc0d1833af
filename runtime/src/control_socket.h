// control_socket.h: module commands from other processes (`modbuild watch`,
// a terminal), over a Unix domain socket.
//
// Protocol (docs/runtime.md, "The control socket"): a client sends one
// command per line ("reload ecs-sparse\n"); each line gets one JSON reply on
// one line, {"ok": true, "reply": "..."}. Everything a client sends is
// untrusted: a line longer than kMaxLine, a client that does not read its
// replies, too many clients, all end that client's connection, never the
// engine. The socket is polled between frames and never blocks.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modbuild/runtime/result.h"

namespace modbuild::runtime {

/// Splits a byte stream into lines: what the socket reads is fed in, whole
/// lines come out (without "\n" and a trailing "\r").
class LineSplitter {
 public:
  static constexpr std::size_t kMaxLine = 4096;

  /// Appends bytes; false once a line has grown beyond kMaxLine (the
  /// splitter then refuses everything after).
  bool feed(std::string_view bytes);
  /// The next complete line, if there is one.
  std::optional<std::string> next();
  /// What is left after the last "\n" (the stream ended), if anything.
  std::optional<std::string> rest();
  bool overlong() const { return overlong_; }

 private:
  std::string pending_;
  bool overlong_ = false;
};

/// The JSON reply to one command line.
std::string reply_json(bool ok, std::string_view text);

class ControlSocket {
 public:
  static constexpr std::size_t kMaxClients = 16;
  /// A client that leaves this much of its replies unread is dropped.
  static constexpr std::size_t kMaxPendingReply = 1u << 20;
  static constexpr std::size_t kMaxLinesPerPoll = 32;

  /// Listens on `path`, owner-only (0600). A socket file left by an engine
  /// that is gone is replaced; one that an engine still answers on is an
  /// error. Paths longer than a socket address holds are reached through
  /// their directory.
  static Result<std::unique_ptr<ControlSocket>> listen(const std::string& path);
  ~ControlSocket();
  ControlSocket(const ControlSocket&) = delete;
  ControlSocket& operator=(const ControlSocket&) = delete;

  /// Accepts new clients, reads what they sent, runs `handle` on each
  /// complete line and queues its reply; writes what it can. Never blocks.
  void poll(const std::function<std::string(std::string_view line)>& handle);

  const std::string& path() const { return path_; }
  std::size_t clients() const { return clients_.size(); }

 private:
  struct Client {
    int fd = -1;
    LineSplitter lines;
    std::string out;
    bool closing = false;  ///< close once `out` is written
  };

  ControlSocket(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  void accept_clients();
  void read_from(Client& client, const std::function<std::string(std::string_view)>& handle);
  static void write_to(Client& client);

  int fd_;
  std::string path_;
  std::vector<std::unique_ptr<Client>> clients_;
};

}  // namespace modbuild::runtime
