// Binding and connecting Unix domain sockets by path, long paths included.
#include "modbuild/support/unix_socket.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace modbuild::support {
namespace {

// The address of `path`, through an open directory when it is too long;
// `dir_fd` is then the directory, which the caller closes after use.
bool address_of(const std::string& path, sockaddr_un& address, int& dir_fd, std::string& error) {
  address = {};
  address.sun_family = AF_UNIX;
  dir_fd = -1;
  std::string name = path;
  if (path.size() >= sizeof address.sun_path) {
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) {
      error = dir + ": " + std::strerror(errno);
      return false;
    }
    name = "/proc/self/fd/" + std::to_string(dir_fd) + "/" + path.substr(slash + 1);
    if (name.size() >= sizeof address.sun_path) {
      ::close(dir_fd);
      dir_fd = -1;
      error = path + ": the socket's file name is too long";
      return false;
    }
  }
  std::memcpy(address.sun_path, name.c_str(), name.size() + 1);
  return true;
}

struct Closer {
  int& fd;
  ~Closer() {
    if (fd >= 0) ::close(fd);
  }
};

int try_connect(const std::string& path, std::string& error) {
  sockaddr_un address{};
  int dir_fd = -1;
  if (!address_of(path, address, dir_fd, error)) return -1;
  Closer dir{dir_fd};
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    error = errno == ENOENT || errno == ECONNREFUSED ? "nothing listens on " + path
                                                     : path + ": " + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

Expected<int, std::string> connect_unix(const std::string& path) {
  std::string error;
  const int fd = try_connect(path, error);
  if (fd < 0) return unexpected(error);
  return fd;
}

Expected<int, std::string> listen_unix(const std::string& path, int backlog) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0) {
    if (!S_ISSOCK(info.st_mode)) return unexpected(path + ": exists and is not a socket");
    std::string ignored;
    if (const int fd = try_connect(path, ignored); fd >= 0) {
      ::close(fd);
      return unexpected(path + ": another process listens on it");
    }
    ::unlink(path.c_str());  // left by a process that is gone
  }
  sockaddr_un address{};
  int dir_fd = -1;
  std::string error;
  if (!address_of(path, address, dir_fd, error)) return unexpected(error);
  Closer dir{dir_fd};
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return unexpected(std::string("socket: ") + std::strerror(errno));
  // Owner-only from the moment it exists: no window in which others connect.
  const mode_t previous = ::umask(0177);
  const int bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  const int bind_errno = errno;
  ::umask(previous);
  if (bound != 0 || ::listen(fd, backlog) != 0) {
    ::close(fd);
    return unexpected(path + ": " + std::strerror(bound != 0 ? bind_errno : errno));
  }
  ::chmod(path.c_str(), 0600);
  return fd;
}

}  // namespace modbuild::support
