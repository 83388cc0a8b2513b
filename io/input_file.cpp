#include "io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace wfsim {

namespace {

// Closes the descriptor on every way out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string size_text(std::uint64_t bytes) {
  constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  if (bytes >= kMiB)
    return fmt::format("{:.1f} MiB ({} bytes)", static_cast<double>(bytes) / (1 << 20), bytes);
  return fmt::format("{} bytes", bytes);
}

const char* control_name(unsigned char c) {
  static const char* const names[] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                      "BS",  "HT",  "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                      "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                      "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
  return c < 0x20 ? names[c] : "DEL";
}

}  // namespace

std::string read_input_file(const std::filesystem::path& file, const InputLocation& referrer,
                            const std::string& key_path, std::uint64_t max_bytes,
                            const std::string& hint) {
  const std::string name = file.string();
  // O_NONBLOCK: opening a FIFO with no writer must not wait for one.
  const FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    const int error = errno;
    throw InputError(referrer, key_path,
                     fmt::format("cannot open '{}': {}", name, std::strerror(error)), hint);
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) {
    const int error = errno;
    throw InputError(referrer, key_path,
                     fmt::format("cannot read '{}': {}", name, std::strerror(error)), hint);
  }
  if (!S_ISREG(status.st_mode)) {
    throw InputError(referrer, key_path,
                     fmt::format("'{}' is {}, not a file", name, kind_of(status.st_mode)),
                     "give the path of a regular file");
  }
  const auto too_big = [&](std::uint64_t bytes, bool at_least) {
    return InputError(
        referrer, key_path,
        fmt::format("'{}' is {}{}, more than the {} an input file may have", name,
                    at_least ? "at least " : "", size_text(bytes), size_text(max_bytes)),
        "is it the right file?");
  };
  const auto size = static_cast<std::uint64_t>(status.st_size);
  if (size > max_bytes) throw too_big(size, false);
  // Regular files never block; read to the end (the size may have changed,
  // and files under /proc report 0), stopping past the cap.
  std::string text;
  text.reserve(static_cast<std::size_t>(size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      throw InputError(referrer, key_path,
                       fmt::format("cannot read '{}': {}", name, std::strerror(error)), hint);
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > max_bytes) throw too_big(text.size(), true);
  }
  return text;
}

void check_text_characters(std::string_view text, const std::string& origin) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
      continue;
    }
    if (c >= 0x20 && c != 0x7f) continue;
    if (c == '\t' || c == '\r') continue;
    throw InputError({origin, line, static_cast<int>(i - line_start) + 1}, "",
                     fmt::format("control character 0x{:02X} ({}) in the text", c, control_name(c)),
                     "input files are plain text: only tabs and line breaks may stand among "
                     "the characters; is it the right file, or was it saved in another encoding "
                     "(UTF-16, say)?");
  }
}

}  // namespace wfsim
