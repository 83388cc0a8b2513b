// Runs the real wfsim binary from tests: fork/execv with captured output, a
// bounded wait, and throwaway directories to hold scenarios and results.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace wfsim::test {

/// How a child process ended, and what it printed.
struct ProcessResult {
  int exit_code = -1;      ///< exit status when it exited normally, else -1
  int term_signal = 0;     ///< the signal that killed it, else 0
  bool timed_out = false;  ///< the harness killed it (SIGKILL) after the time limit
  std::string out;
  std::string err;
  /// For failure messages: everything needed to see what went wrong.
  std::string describe() const;
};

struct SpawnOptions {
  std::filesystem::path cwd;  ///< working directory of the child; empty: the test's own
  bool close_stdin = false;   ///< close fd 0 instead of reading /dev/null
};

/// One running child. Its stdout and stderr go to pipes that are drained while
/// waiting, so a chatty child can never block on a full pipe.
class ChildProcess {
 public:
  /// Starts `program` with `args` (argv[1..]); returns once execv has succeeded
  /// (throws if it failed), so the pid is already the new program.
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const SpawnOptions& options = {});
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  /// Kills (SIGKILL) and reaps a child still running, so no test leaves one behind.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  bool running() const { return !finished_; }

  /// Waits up to `limit` for the child to exit, reading its output meanwhile.
  /// Returns true when it has exited.
  bool wait_for(std::chrono::milliseconds limit);
  /// Waits up to `limit`, then kills it with SIGKILL (marking timed_out).
  ProcessResult wait(std::chrono::milliseconds limit);

  /// True once the child has a handler installed for `signal` (Linux
  /// /proc/PID/status SigCgt), i.e. it is ready to be interrupted gracefully.
  bool catches_signal(int signal) const;

  /// Sends `signal` to the child only (never to a group).
  void send(int signal) const;

  /// What the child has written to stdout so far (reads what is waiting).
  std::string output_so_far();

 private:
  void drain(int timeout_ms);
  void reap_if_exited();

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool finished_ = false;
  ProcessResult result_;
};

/// Runs wfsim (WFSIM_EXE) with `args` to completion, bounded by `limit`.
ProcessResult run_wfsim(const std::vector<std::string>& args, const SpawnOptions& options = {},
                        std::chrono::milliseconds limit = std::chrono::seconds(60));

/// A fresh, uniquely named directory under the system temp directory,
/// removed with everything in it when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  /// Writes `content` to `name` (relative to the directory); returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;
  /// The names of the entries directly inside the directory.
  std::set<std::string> entries() const;

 private:
  std::filesystem::path path_;
};

/// The whole content of a file, as bytes.
std::string read_file(const std::filesystem::path& path);

/// The lines of a text file, without their line ends.
std::vector<std::string> read_lines(const std::filesystem::path& path);

}  // namespace wfsim::test
