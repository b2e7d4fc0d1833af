// The secret that authenticates the parse caches (see manifest_cache.h).
//
// It lives in the user's cache directory, outside every workspace, so that a
// cache a repository carries (a committed or planted .modbuild/) cannot prove
// itself: without the secret, no entry can be forged, and a cache that does
// not prove itself is ignored.
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <string>

#include "manifest_cache.h"
#include "modbuild/support/path.h"

namespace modbuild::manifest::detail {
namespace {

constexpr std::size_t secret_size = 32;

// $XDG_CACHE_HOME/modbuild, else ~/.cache/modbuild; empty without a home.
std::string secret_directory() {
  const char* cache_home = std::getenv("XDG_CACHE_HOME");
  if (cache_home != nullptr && support::is_absolute_path(cache_home)) return support::join_path(cache_home, "modbuild");
  const char* home = std::getenv("HOME");
  if (home != nullptr && support::is_absolute_path(home)) return support::join_path(home, ".cache/modbuild");
  return {};
}

// mkdir -p, private to the user where it creates.
bool make_directories(const std::string& dir) {
  if (dir == "/" || dir.empty()) return true;
  struct stat info {};
  if (::stat(dir.c_str(), &info) == 0) return S_ISDIR(info.st_mode);
  if (!make_directories(support::parent_path(dir))) return false;
  return ::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST;
}

// The secret in `path` when it is a regular file of the right size that only
// this user owns and can read; else empty.
std::string read_secret(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);  // a FIFO never waits
  if (fd < 0) return {};
  std::string secret(secret_size, '\0');
  struct stat info {};
  const bool trusted = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == ::geteuid() &&
                       (info.st_mode & 077) == 0 && info.st_size == static_cast<off_t>(secret_size) &&
                       ::read(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size());
  ::close(fd);
  return trusted ? secret : std::string();
}

// Writes fresh random bytes to a private temporary and links it into place:
// link(2) fails when another process got there first, and both then read
// the one that won.
void create_secret(const std::string& path) {
  std::array<char, secret_size> bytes{};
  if (::getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size())) return;
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  const bool written = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (written) (void)::link(temporary.c_str(), path.c_str());
  ::unlink(temporary.c_str());
}

}  // namespace

const std::string& cache_secret() {
  static const std::string secret = [] {
    const std::string dir = secret_directory();
    if (dir.empty() || !make_directories(dir)) return std::string();
    const std::string path = support::join_path(dir, "cache-secret");
    std::string found = read_secret(path);
    if (!found.empty()) return found;
    create_secret(path);
    return read_secret(path);
  }();
  return secret;
}

}  // namespace modbuild::manifest::detail
