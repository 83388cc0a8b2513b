// `wfsim report RESULTS.h5 -o REPORT.html`: a self-contained HTML report with plots.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output_rules.hpp"
#include "cli/run_setup.hpp"
#include "viz/report/report.hpp"

namespace wfsim::cli {

namespace {

struct ReportOptions {
  std::string results;
  std::string output;
  bool force = false;
};

int report(const ReportOptions& options) {
  const std::filesystem::path output =
      options.output.empty() ? std::filesystem::path(options.results).replace_extension(".html")
                             : std::filesystem::path(options.output);
  check_output(output, "-o", {{options.results}, options.force});  // before reading anything
  report::write_report(options.results, output);
  fmt::print(stderr, "wrote {}\n", output.string());
  return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* command = app.add_subcommand(
      "report", "Write a self-contained HTML report with plots of a results file");
  command
      ->add_option("results", options->results,
                   "Results file (.h5) from run, compare -o, sweep, calibrate or sensitivity")
      ->required();
  add_force_option(command, options->force);
  command->add_option("-o,--output", options->output,
                      "Report file (default: the results file with .html)");
  command->callback([&action, options] { action = [options] { return report(*options); }; });
}

}  // namespace wfsim::cli
