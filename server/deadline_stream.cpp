#include "server/deadline_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace wfsim::serve {

namespace {

/// Waits up to `timeout_ms` for `events` on `fd`; true if they came.
bool wait_for(int fd, short events, int timeout_ms) {
  pollfd watched{fd, events, 0};
  for (;;) {
    const int ready = ::poll(&watched, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0;
  }
}

}  // namespace

void socket_address(int fd, bool remote, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  const int got = remote ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &size)
                         : ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ip.clear();
  port = 0;
  if (got != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    if (::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text) != nullptr) ip = text;
    port = ntohs(in6->sin6_port);
  } else if (address.ss_family == AF_INET) {
    const auto* in4 = reinterpret_cast<const sockaddr_in*>(&address);
    if (::inet_ntop(AF_INET, &in4->sin_addr, text, sizeof text) != nullptr) ip = text;
    port = ntohs(in4->sin_port);
  }
}

int DeadlineStream::read_wait_ms() const {
  auto wait = read_timeout_;
  if (armed_) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    wait = std::max(std::chrono::milliseconds(0), std::min(wait, left));
  }
  return static_cast<int>(wait.count());
}

bool DeadlineStream::wait_to_read() const {
  if (wait_for(fd_, POLLIN, read_wait_ms())) return true;
  stalled_ = true;
  return false;
}

bool DeadlineStream::is_readable() const {
  return consumed_ < buffered_ || wait_to_read();
}

bool DeadlineStream::is_writable() const {
  if (!wait_for(fd_, POLLOUT, static_cast<int>(write_timeout_.count()))) return false;
  // A peer that has closed its end reads as end of file: stop writing to it.
  if (!wait_for(fd_, POLLIN, 0)) return true;
  char byte = 0;
  return ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) != 0;
}

ssize_t DeadlineStream::read(char* ptr, size_t size) {
  if (consumed_ < buffered_) {
    const std::size_t n = std::min(size, buffered_ - consumed_);
    std::memcpy(ptr, buffer_.data() + consumed_, n);
    consumed_ += n;
    return static_cast<ssize_t>(n);
  }
  if (!wait_to_read()) return -1;
  if (size >= buffer_.size()) {
    for (;;) {
      const ssize_t n = ::recv(fd_, ptr, size, 0);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }
  ssize_t n = 0;
  do {
    n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return n;
  buffered_ = static_cast<std::size_t>(n);
  consumed_ = 0;
  return read(ptr, size);
}

ssize_t DeadlineStream::write(const char* ptr, size_t size) {
  if (!wait_for(fd_, POLLOUT, static_cast<int>(write_timeout_.count()))) return -1;
  for (;;) {
    const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}

void DeadlineStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  socket_address(fd_, true, ip, port);
}

void DeadlineStream::get_local_ip_and_port(std::string& ip, int& port) const {
  socket_address(fd_, false, ip, port);
}

}  // namespace wfsim::serve
