// What a command may write: checked before it reads or simulates anything,
// so that a mistake costs nothing. An output must be writable, must not be
// one of the command's own inputs (even with --force), and must not replace
// an existing file unless the user says so (--force, or --resume where the
// command continues the file).
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace wfsim::cli {

struct OutputRules {
  std::vector<std::filesystem::path> inputs;  ///< files the command reads
  bool replace = false;                       ///< --force (or --resume) was given
};

/// Throws InputError (exit 2) naming `option` and `output` if `output` cannot
/// be written, is a directory, is one of `rules.inputs`, or exists and
/// `rules.replace` is false.
void check_output(const std::filesystem::path& output, const std::string& option,
                  const OutputRules& rules);

/// The same for `files` (names) in the directory `dir`, which is created if need be.
void check_output_dir(const std::filesystem::path& dir, const std::vector<std::string>& files,
                      const std::string& option, const OutputRules& rules);

/// Adds --force to `command`, setting `force`.
void add_force_option(CLI::App* command, bool& force);

}  // namespace wfsim::cli
