#include "cli/output_rules.hpp"

#include <unistd.h>

#include "io/input_error.hpp"

namespace wfsim::cli {

namespace {

namespace fs = std::filesystem;

void check_directory(const fs::path& dir, const std::string& where) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir) || access(dir.c_str(), W_OK | X_OK) != 0) {
    throw InputError({where, 0, 0}, "", "cannot write to directory '" + dir.string() + "'",
                     "choose an output path in a writable directory");
  }
}

/// Whether `a` and `b` name the same file (through links and `..` too).
bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  return fs::equivalent(a, b, error) && !error;
}

void check_file(const fs::path& output, const std::string& where, const OutputRules& rules) {
  std::error_code error;
  const fs::file_status status = fs::status(output, error);
  if (fs::is_directory(status)) {
    throw InputError({where, 0, 0}, "", "the output path is a directory",
                     "give a file name, e.g. results/run.h5");
  }
  for (const fs::path& input : rules.inputs) {
    if (same_file(output, input)) {
      throw InputError({where, 0, 0}, "",
                       "the output is the same file as the input '" + input.string() +
                           "', which writing would destroy",
                       "choose another output path");
    }
  }
  if (fs::exists(status) && !rules.replace) {
    throw InputError({where, 0, 0}, "", "'" + output.string() + "' already exists",
                     "add --force to replace it, or choose another output path");
  }
}

}  // namespace

void check_output(const fs::path& output, const std::string& option, const OutputRules& rules) {
  const std::string where = option + " " + output.string();
  check_directory(output.has_parent_path() ? output.parent_path() : fs::path("."), where);
  check_file(output, where, rules);
}

void check_output_dir(const fs::path& dir, const std::vector<std::string>& files,
                      const std::string& option, const OutputRules& rules) {
  const std::string where = option + " " + dir.string();
  check_directory(dir, where);
  for (const std::string& name : files) check_file(dir / name, where, rules);
}

void add_force_option(CLI::App* command, bool& force) {
  command->add_flag("--force", force, "Replace output files that already exist");
}

}  // namespace wfsim::cli
