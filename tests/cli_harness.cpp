#include "tests/cli_harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace wfsim::test {

namespace fs = std::filesystem;

std::string ProcessResult::describe() const {
  std::ostringstream text;
  text << "exit code " << exit_code;
  if (term_signal != 0) text << ", killed by signal " << term_signal;
  if (timed_out) text << " (timed out: killed by the test)";
  text << "\n--- stdout ---\n" << out << "\n--- stderr ---\n" << err;
  return text.str();
}

namespace {

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Only async-signal-safe calls from here on: the child of fork() in a process
// that may have other threads must not allocate or take locks before execv.
[[noreturn]] void exec_child(const char* program, char* const* argv, const char* cwd,
                             bool close_stdin, int out_fd, int err_fd, int status_fd) {
  // A test runner may have blocked or ignored signals, and both survive execv;
  // the child must see SIGINT/SIGTERM exactly as a user's shell would send them.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal : {SIGINT, SIGTERM, SIGPIPE}) sigaction(signal, &default_action, nullptr);

  if (cwd != nullptr && chdir(cwd) != 0) {
    const int error = errno;
    (void)!write(status_fd, &error, sizeof error);
    _exit(127);
  }
  if (close_stdin) {
    close(STDIN_FILENO);
  } else {
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0 && null_fd != STDIN_FILENO) {
      dup2(null_fd, STDIN_FILENO);
      close(null_fd);
    }
  }
  dup2(out_fd, STDOUT_FILENO);
  dup2(err_fd, STDERR_FILENO);
  execv(program, argv);
  const int error = errno;
  (void)!write(status_fd, &error, sizeof error);
  _exit(127);
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const SpawnOptions& options) {
  // Everything the child needs is prepared before fork, for the reason above.
  std::vector<std::string> storage{program};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string cwd = options.cwd.string();

  int out_pipe[2], err_pipe[2], status_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw_errno("pipe");
  if (pipe2(err_pipe, O_CLOEXEC) != 0) throw_errno("pipe");
  // Close-on-exec: the parent reads EOF on it exactly when execv succeeded,
  // or the errno that made execv (or chdir) fail.
  if (pipe2(status_pipe, O_CLOEXEC) != 0) throw_errno("pipe");

  pid_ = fork();
  if (pid_ < 0) throw_errno("fork");
  if (pid_ == 0) {
    exec_child(storage[0].c_str(), argv.data(), cwd.empty() ? nullptr : cwd.c_str(),
               options.close_stdin, out_pipe[1], err_pipe[1], status_pipe[1]);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(status_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];

  int child_errno = 0;
  ssize_t got = 0;
  do {
    got = read(status_pipe[0], &child_errno, sizeof child_errno);
  } while (got < 0 && errno == EINTR);
  close(status_pipe[0]);
  if (got > 0) {
    int status = 0;
    waitpid(pid_, &status, 0);
    finished_ = true;
    close(out_fd_);
    close(err_fd_);
    out_fd_ = err_fd_ = -1;
    throw std::system_error(child_errno, std::generic_category(),
                            "cannot start " + program + (cwd.empty() ? "" : " in " + cwd));
  }
}

ChildProcess::~ChildProcess() {
  if (!finished_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

void ChildProcess::drain(int timeout_ms) {
  pollfd fds[2];
  int count = 0;
  for (int fd : {out_fd_, err_fd_}) {
    if (fd >= 0) fds[count++] = {fd, POLLIN, 0};
  }
  if (count == 0) {
    // Both pipes are closed, so there is nothing to wake us: nap briefly.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout_ms, 5)));
    return;
  }
  if (poll(fds, static_cast<nfds_t>(count), timeout_ms) <= 0) return;
  for (int i = 0; i < count; ++i) {
    if (fds[i].revents == 0) continue;
    const bool is_out = fds[i].fd == out_fd_;
    char buffer[65536];
    const ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
    if (got > 0) {
      (is_out ? result_.out : result_.err).append(buffer, static_cast<std::size_t>(got));
    } else if (got == 0 || errno != EINTR) {
      close(fds[i].fd);
      (is_out ? out_fd_ : err_fd_) = -1;
    }
  }
}

void ChildProcess::reap_if_exited() {
  if (finished_) return;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done != pid_) return;
  finished_ = true;
  if (WIFEXITED(status)) result_.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result_.term_signal = WTERMSIG(status);
}

bool ChildProcess::wait_for(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!finished_) {
    drain(20);
    reap_if_exited();
    if (std::chrono::steady_clock::now() >= deadline) break;
  }
  if (finished_) {
    // The child is gone, so its pipe ends are closed and the rest of its output
    // is already buffered; the bound only guards against an inherited pipe.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while ((out_fd_ >= 0 || err_fd_ >= 0) && std::chrono::steady_clock::now() < until) drain(20);
  }
  return finished_;
}

ProcessResult ChildProcess::wait(std::chrono::milliseconds limit) {
  if (!wait_for(limit)) {
    kill(pid_, SIGKILL);
    result_.timed_out = true;
    wait_for(std::chrono::seconds(10));
  }
  return result_;
}

bool ChildProcess::catches_signal(int signal) const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigCgt:", 0) != 0) continue;
    const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
    return ((mask >> (signal - 1)) & 1U) != 0;
  }
  return false;
}

std::string ChildProcess::output_so_far() {
  drain(0);
  return result_.out;
}

void ChildProcess::send(int signal) const {
  if (!finished_) kill(pid_, signal);
}

ProcessResult run_wfsim(const std::vector<std::string>& args, const SpawnOptions& options,
                        std::chrono::milliseconds limit) {
  ChildProcess child(WFSIM_EXE, args, options);
  return child.wait(limit);
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "wfsim_cli_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw_errno("mkdtemp " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;  // cleanup must not throw from a destructor
  fs::remove_all(path_, ignored);
}

fs::path TempDir::write(const std::string& name, const std::string& content) const {
  const fs::path file = path_ / name;
  std::ofstream out(file, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file.string());
  return file;
}

std::set<std::string> TempDir::entries() const {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(path_)) names.insert(entry.path().filename());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::istringstream in(read_file(path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace wfsim::test
