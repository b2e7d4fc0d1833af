// The control socket, over a real Unix socket: one JSON reply per line, and
// nothing a client sends (garbage, overlong lines, a connection dropped
// mid-line, too many clients) can hurt the engine.
#include "control_socket.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "modbuild/support/unix_socket.h"
#include "runtime_fixture.h"

namespace modbuild::runtime {
namespace {

using ::testing::HasSubstr;

TEST(LineSplitterTest, SplitsWhateverChunksArrive) {
  LineSplitter lines;
  EXPECT_TRUE(lines.feed("mod"));
  EXPECT_FALSE(lines.next());
  EXPECT_TRUE(lines.feed("ules\r\nwhy ecs\nre"));
  EXPECT_EQ(lines.next(), "modules");
  EXPECT_EQ(lines.next(), "why ecs");
  EXPECT_FALSE(lines.next());
  EXPECT_EQ(lines.rest(), "re");
  EXPECT_FALSE(lines.rest());
}

TEST(LineSplitterTest, RefusesLinesBeyondTheLimit) {
  LineSplitter lines;
  EXPECT_TRUE(lines.feed(std::string(LineSplitter::kMaxLine, 'x')));
  EXPECT_FALSE(lines.feed("y"));
  EXPECT_TRUE(lines.overlong());
  EXPECT_FALSE(lines.next());
  // A line that arrives whole is refused when it comes out.
  LineSplitter complete;
  complete.feed("short\n" + std::string(LineSplitter::kMaxLine + 1, 'z') + "\nlast\n");
  EXPECT_EQ(complete.next(), "short");
  EXPECT_FALSE(complete.next());
  EXPECT_TRUE(complete.overlong());
}

TEST(ControlReplyTest, IsOneLineOfJsonWhateverTheText) {
  const std::string reply = reply_json(false, "bad \xff\xfe bytes\nand a newline");
  EXPECT_EQ(std::count(reply.begin(), reply.end(), '\n'), 1);
  const nlohmann::json parsed = nlohmann::json::parse(reply);
  EXPECT_FALSE(parsed["ok"]);
  EXPECT_THAT(parsed["reply"].get<std::string>(), HasSubstr("and a newline"));
}

class ControlSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto socket = ControlSocket::listen(dir_.dir() + "/engine.sock");
    ASSERT_TRUE(socket) << socket.error().message;
    socket_ = std::move(*socket);
  }

  int client() {
    auto fd = support::connect_unix(dir_.dir() + "/engine.sock");
    EXPECT_TRUE(fd) << fd.error();
    return fd ? *fd : -1;
  }

  // What the engine would answer: the command echoed.
  void poll() {
    socket_->poll([this](std::string_view line) {
      seen_.emplace_back(line);
      return reply_json(true, "ran " + std::string(line));
    });
  }

  static void send_text(int fd, std::string_view text) {
    ASSERT_EQ(::send(fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
  }

  // Reads until `lines` newlines or the peer closes.
  static std::string receive(int fd, int lines = 1) {
    std::string text;
    char buffer[4096];
    while (std::count(text.begin(), text.end(), '\n') < lines) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
  }

  testing::IndexDirectory dir_;
  std::unique_ptr<ControlSocket> socket_;
  std::vector<std::string> seen_;
};

TEST_F(ControlSocketTest, IsOnlyForItsOwner) {
  struct stat info {};
  ASSERT_EQ(::stat(socket_->path().c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(ControlSocketTest, AnswersEachLineWithOneJsonLine) {
  const int fd = client();
  send_text(fd, "modules\nwhy ecs\n");
  poll();
  const std::string replies = receive(fd, 2);
  EXPECT_EQ(replies, "{\"ok\":true,\"reply\":\"ran modules\"}\n{\"ok\":true,\"reply\":\"ran why ecs\"}\n");
  ::close(fd);
}

TEST_F(ControlSocketTest, ClosesAConnectionWithAnOverlongLine) {
  const int fd = client();
  send_text(fd, std::string(LineSplitter::kMaxLine + 10, 'x'));
  for (int i = 0; i < 3; ++i) poll();
  EXPECT_THAT(receive(fd, 1), HasSubstr("\"reply\":\"a line longer than 4096 bytes: closing the connection\""));
  char byte = 0;
  EXPECT_EQ(::recv(fd, &byte, 1, 0), 0) << "the engine closed it";
  EXPECT_TRUE(seen_.empty());
  ::close(fd);
  EXPECT_EQ(socket_->clients(), 0u);
}

TEST_F(ControlSocketTest, SurvivesGarbageAndDroppedConnections) {
  const int garbage = client();
  send_text(garbage, std::string("\0\xff\x01 nonsense\n", 13));
  const int dropped = client();
  send_text(dropped, "reload ecs-sp");
  ::close(dropped);  // gone mid-line: its last line still runs
  poll();
  EXPECT_THAT(receive(garbage), HasSubstr("\"ok\":true"));
  poll();
  EXPECT_EQ(seen_.size(), 2u);
  EXPECT_EQ(seen_.back(), "reload ecs-sp");
  ::close(garbage);
  poll();
  EXPECT_EQ(socket_->clients(), 0u);
}

TEST_F(ControlSocketTest, RefusesClientsBeyondTheLimit) {
  std::vector<int> fds;
  for (std::size_t i = 0; i <= ControlSocket::kMaxClients; ++i) fds.push_back(client());
  poll();
  EXPECT_THAT(receive(fds.back()), HasSubstr("too many clients: at most 16 at once"));
  for (int fd : fds) ::close(fd);
  poll();
  EXPECT_EQ(socket_->clients(), 0u);
}

TEST_F(ControlSocketTest, ReplacesASocketLeftByAProcessThatIsGoneButNotALiveOne) {
  auto again = ControlSocket::listen(socket_->path());
  ASSERT_FALSE(again);
  EXPECT_THAT(again.error().message, HasSubstr("another process listens on it"));
  // A socket file with nobody behind it (the engine was killed) is replaced.
  const std::string stale = dir_.dir() + "/stale.sock";
  auto fd = support::listen_unix(stale, 1);
  ASSERT_TRUE(fd);
  ::close(*fd);
  auto replaced = ControlSocket::listen(stale);
  EXPECT_TRUE(replaced) << replaced.error().message;
}

TEST_F(ControlSocketTest, WorksAtPathsLongerThanASocketAddress) {
  std::string deep = dir_.dir();
  while (deep.size() < 150) deep += "/deeper-directory";
  std::filesystem::create_directories(deep);
  auto socket = ControlSocket::listen(deep + "/engine.sock");
  ASSERT_TRUE(socket) << socket.error().message;
  auto fd = support::connect_unix(deep + "/engine.sock");
  ASSERT_TRUE(fd) << fd.error();
  send_text(*fd, "graph\n");
  (*socket)->poll([](std::string_view) { return reply_json(true, "ok"); });
  EXPECT_EQ(receive(*fd), "{\"ok\":true,\"reply\":\"ok\"}\n");
  ::close(*fd);
}

}  // namespace
}  // namespace modbuild::runtime
