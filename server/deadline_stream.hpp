// An httplib::Stream over a connected socket, as httplib's own (buffered
// reads, a timeout for each read and write) plus an optional deadline that
// bounds the total time to read a request however slowly it arrives.
#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <string>

namespace wfsim::serve {

class DeadlineStream : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  DeadlineStream(int fd, std::chrono::milliseconds read_timeout,
                 std::chrono::milliseconds write_timeout)
      : fd_(fd), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  /// Reads fail once `deadline` has passed, until disarm().
  void arm(Clock::time_point deadline) {
    deadline_ = deadline;
    armed_ = true;
  }
  void disarm() { armed_ = false; }
  /// Whether a read gave up waiting (its timeout or the deadline): httplib
  /// answers such a request 400 and would keep the connection for the next
  /// one, holding a thread for a client that has shown it is too slow.
  bool stalled() const { return stalled_; }
  /// Whether bytes already read from the socket wait to be used (a pipelined request).
  bool has_buffered() const { return consumed_ < buffered_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  /// Milliseconds a read may wait: the read timeout, cut short by the deadline.
  int read_wait_ms() const;
  /// Waits for bytes to read, noting a wait that gives up.
  bool wait_to_read() const;

  const int fd_;
  const std::chrono::milliseconds read_timeout_;
  const std::chrono::milliseconds write_timeout_;
  bool armed_ = false;
  mutable bool stalled_ = false;  ///< set by the const is_readable too
  Clock::time_point deadline_;
  // httplib reads request lines a byte at a time: without a buffer each
  // byte would be a system call.
  std::array<char, 4096> buffer_{};
  std::size_t buffered_ = 0;
  std::size_t consumed_ = 0;
};

/// The address and port at either end of a connected socket.
void socket_address(int fd, bool remote, std::string& ip, int& port);

}  // namespace wfsim::serve
