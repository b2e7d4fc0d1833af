// The engine's control socket: accepts clients, reads command lines, writes
// JSON replies, without ever blocking the frame loop.
#include "control_socket.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <nlohmann/json.hpp>

#include "modbuild/support/unix_socket.h"

namespace modbuild::runtime {

bool LineSplitter::feed(std::string_view bytes) {
  if (overlong_) return false;
  pending_.append(bytes);
  // Complete lines are checked as they come out; the open one here.
  const std::size_t last = pending_.rfind('\n');
  const std::size_t open = last == std::string::npos ? pending_.size() : pending_.size() - last - 1;
  if (open > kMaxLine) overlong_ = true;
  return !overlong_;
}

std::optional<std::string> LineSplitter::next() {
  if (overlong_) return std::nullopt;
  const std::size_t newline = pending_.find('\n');
  if (newline == std::string::npos) return std::nullopt;
  std::string line = pending_.substr(0, newline);
  pending_.erase(0, newline + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > kMaxLine) {
    overlong_ = true;
    return std::nullopt;
  }
  return line;
}

std::optional<std::string> LineSplitter::rest() {
  if (overlong_ || pending_.empty()) return std::nullopt;
  std::string line = std::move(pending_);
  pending_.clear();
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string reply_json(bool ok, std::string_view text) {
  const nlohmann::json reply = {{"ok", ok}, {"reply", text}};
  // Replies quote what clients sent, which need not be UTF-8.
  return reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<std::unique_ptr<ControlSocket>> ControlSocket::listen(const std::string& path) {
  auto fd = support::listen_unix(path, static_cast<int>(kMaxClients));
  if (!fd) return Error{fd.error()};
  return std::unique_ptr<ControlSocket>(new ControlSocket(*fd, path));
}

ControlSocket::~ControlSocket() {
  for (const auto& client : clients_) ::close(client->fd);
  ::close(fd_);
  ::unlink(path_.c_str());
}

void ControlSocket::accept_clients() {
  for (;;) {
    const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN: nobody else waiting
    auto client = std::make_unique<Client>();
    client->fd = fd;
    if (clients_.size() >= kMaxClients) {
      client->out = reply_json(false, "too many clients: at most " + std::to_string(kMaxClients) + " at once");
      client->closing = true;
    }
    clients_.push_back(std::move(client));
  }
}

void ControlSocket::read_from(Client& client, const std::function<std::string(std::string_view)>& handle) {
  // A few lines per client and frame: a client that sends without end
  // slows the engine down by that much, no more.
  std::size_t handled = 0;
  auto answer = [&](const std::string& line) {
    client.out += handle(line);
    ++handled;
    if (client.out.size() > kMaxPendingReply) {  // it does not read its replies
      client.out.clear();
      client.closing = true;
    }
  };
  char buffer[4096];
  while (!client.closing && handled < kMaxLinesPerPoll) {
    while (!client.closing && handled < kMaxLinesPerPoll) {
      std::optional<std::string> line = client.lines.next();
      if (!line) break;
      answer(*line);
    }
    if (client.lines.overlong()) {
      client.out += reply_json(false, "a line longer than " + std::to_string(LineSplitter::kMaxLine) +
                                          " bytes: closing the connection");
      client.closing = true;
    }
    if (client.closing || handled >= kMaxLinesPerPoll) return;
    const ssize_t n = ::recv(client.fd, buffer, sizeof buffer, 0);
    if (n == 0) {
      // The client is done sending; a last line without "\n" still counts.
      if (std::optional<std::string> line = client.lines.rest()) answer(*line);
      client.closing = true;
      return;
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
      client.out.clear();
      client.closing = true;
      return;
    }
    client.lines.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
  }
}

void ControlSocket::write_to(Client& client) {
  while (!client.out.empty()) {
    const ssize_t n = ::send(client.fd, client.out.data(), client.out.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        client.out.clear();
        client.closing = true;
      }
      return;
    }
    client.out.erase(0, static_cast<std::size_t>(n));
  }
}

void ControlSocket::poll(const std::function<std::string(std::string_view)>& handle) {
  accept_clients();
  for (const auto& client : clients_) {
    if (!client->closing) read_from(*client, handle);
    write_to(*client);
  }
  std::erase_if(clients_, [](const std::unique_ptr<Client>& client) {
    if (!client->closing || !client->out.empty()) return false;
    ::close(client->fd);
    return true;
  });
}

}  // namespace modbuild::runtime
