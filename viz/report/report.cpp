#include "viz/report/report.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <stdexcept>

#include "io/atomic_file.hpp"
#include "io/input_error.hpp"
#include "viz/report/comparison_charts.hpp"
#include "viz/report/h5_reader.hpp"
#include "viz/report/html.hpp"
#include "viz/report/scenario_summary.hpp"
#include "viz/report/series_section.hpp"
#include "viz/report/summary_sections.hpp"

namespace wfsim::report {

namespace {

constexpr const char* kHint =
    "give a results file written by wfsim run, compare -o, sweep, calibrate or sensitivity";

InputError bad_input(const std::filesystem::path& input, const std::string& problem) {
  return InputError({input.string(), 0, 0}, "", problem, kHint);
}

// Where a kind's content must be, to tell a wfsim file from any HDF5 file.
std::string required_object(const std::string& kind) {
  if (kind == "run") return "series";
  if (kind == "comparison") return "comparison/metric";
  if (kind == "sweep") return "design";
  if (kind == "calibration") return "posterior/weight";
  if (kind == "sensitivity") return "factors/name";
  return "";
}

std::string attribute_or(const H5Reader& file, const std::string& name,
                         const std::string& fallback = "&ndash;") {
  const auto value = file.attribute_text(name);
  return value ? escape(*value) : fallback;
}

std::string header(const H5Reader& file, const std::filesystem::path& input,
                   const std::string& kind, const std::string& name) {
  static const std::map<std::string, std::string> kinds{
      {"run", "ensemble run"},
      {"comparison", "comparison of two scenarios"},
      {"sweep", "parameter sweep"},
      {"calibration", "calibration (ABC-SMC)"},
      {"sensitivity", "sensitivity analysis"}};
  const bool complete = file.attribute_number("complete").value_or(0) != 0;
  std::string facts = fmt::format(
      "<dl class=\"facts\"><dt>file</dt><dd><code>{}</code></dd><dt>kind</dt><dd>{}</dd>"
      "<dt>wfsim version</dt><dd>{} (commit <code>{}</code>)</dd><dt>seed</dt><dd>{}</dd>",
      escape(input.filename().string()), escape(kinds.at(kind)),
      attribute_or(file, "wfsim_version"), attribute_or(file, "git_sha"),
      attribute_or(file, "seed"));
  for (const char* attribute : {"replicates", "weeks", "points", "evaluations", "particles",
                                "generations", "method", "design", "interval"}) {
    if (!file.has_attribute(attribute)) continue;
    std::string value = attribute_or(file, attribute);
    if (std::string(attribute) == "interval")
      value = value == "bootstrap" ? "percentile bootstrap (paired): chance only"
              : value == "pairs"   ? "central 95 % of the pairs: parameter uncertainty and chance"
                                   : "paired Student t: chance only";
    facts += fmt::format("<dt>{}</dt><dd>{}</dd>", attribute, value);
  }
  facts += fmt::format(
      "<dt>complete</dt><dd>{}</dd></dl>\n",
      complete ? "<span class=\"badge ok\">yes (1)</span>"
               : "<span class=\"badge warn\">no (0): interrupted or unfinished; weeks or points "
                 "not simulated are undefined and not drawn</span>");
  return fmt::format("<header>\n<h1>wfsim report: {}</h1>\n{}</header>\n", escape(name), facts);
}

std::string nav(const std::vector<std::pair<std::string, std::string>>& links) {
  std::string out = "<nav aria-label=\"Contents\"><p><strong>Contents:</strong> ";
  for (std::size_t i = 0; i < links.size(); ++i)
    out += fmt::format("{}<a href=\"#{}\">{}</a>", i == 0 ? "" : " &middot; ", links[i].first,
                       links[i].second);
  return out + "</p></nav>\n";
}

std::string body(const H5Reader& file, const std::filesystem::path& input,
                 const std::string& kind) {
  const std::string scenario = file.attribute_text("scenario").value_or("");
  const std::string currency = scenario_currency(scenario);
  const std::string name =
      file.attribute_text("name").value_or(kind == "comparison" ? "comparison" : kind);
  std::string out;
  if (kind == "comparison") {
    const std::string a_name = file.attribute_text("name", "a").value_or("A");
    const std::string b_name = file.attribute_text("name", "b").value_or("B");
    out += header(file, input, kind, a_name + " vs " + b_name);
    const std::string over_time = difference_section(file, currency);
    const std::string cost_effectiveness = cost_effectiveness_section(file, currency);
    const std::string flips = what_flips_section(file, currency);
    const std::string uncertainty = uncertainty_section(file);
    std::vector<std::pair<std::string, std::string>> links{{"scenario", "Scenarios"},
                                                           {"comparison", "Differences"}};
    if (!over_time.empty()) links.emplace_back("differences-over-time", "B − A over time");
    if (!cost_effectiveness.empty()) links.emplace_back("cost-effectiveness", "Cost-effectiveness");
    if (!flips.empty()) links.emplace_back("what-flips", "What could flip");
    if (!uncertainty.empty()) links.emplace_back("uncertainty", "Parameter uncertainty");
    links.emplace_back("system", "Weekly series");
    out += nav(links);
    out += "<section id=\"scenario\">\n<h2>Scenarios</h2>\n" +
           scenario_summary(scenario, "A: " + a_name) +
           scenario_summary(file.attribute_text("scenario_b").value_or(""), "B: " + b_name) +
           "</section>\n";
    out +=
        comparison_section(file, currency) + over_time + cost_effectiveness + flips + uncertainty;
    out +=
        series_sections(file, {{"a", "A: " + a_name, "a"}, {"b", "B: " + b_name, "b"}}, currency);
    return out;
  }
  out += header(file, input, kind, name);
  if (kind == "run") {
    out += nav({{"scenario", "Scenario"}, {"system", "Weekly series"}});
    out += "<section id=\"scenario\">\n<h2>Scenario</h2>\n" + scenario_summary(scenario, name) +
           "</section>\n";
    out += series_sections(file, {{"run", name, ""}}, currency);
    return out;
  }
  const std::string text_attribute = kind == "calibration" ? "calibration" : "experiment";
  out += "<section id=\"scenario\">\n<h2>Scenario</h2>\n" +
         scenario_summary(scenario, kind == "sweep" ? "Point 0" : "Base scenario");
  if (const auto text = file.attribute_text(text_attribute)) {
    out += fmt::format(
        "<details><summary>The {} file</summary>\n<pre class=\"yaml\">{}</pre>\n"
        "</details>\n",
        text_attribute, escape(*text));
  }
  out += "</section>\n";
  if (kind == "sweep") {
    std::vector<std::string> labels;
    out += sweep_section(file, labels);
    constexpr std::size_t kMaxLines = 7;  // colours in the palette
    if (labels.size() <= kMaxLines && !file.datasets_under("series").empty()) {
      out += sweep_series_section(file, labels, currency);
    } else if (!file.datasets_under("series").empty()) {
      out += fmt::format(
          "<p class=\"note\">The weekly series are not drawn: {} points are too "
          "many lines for one chart (at most {}).</p>\n",
          labels.size(), kMaxLines);
    }
  } else if (kind == "calibration") {
    out += calibration_section(file);
  } else {
    out += sensitivity_section(file);
  }
  return out;
}

std::string render_unchecked(const std::filesystem::path& input) {
  std::error_code error;
  if (!std::filesystem::exists(input, error)) throw bad_input(input, "no such file");
  if (std::filesystem::is_directory(input, error))
    throw bad_input(input, "is a directory, not a results file");
  std::unique_ptr<H5Reader> file;
  try {
    file = std::make_unique<H5Reader>(input);
  } catch (const std::runtime_error&) {
    throw bad_input(input, "not an HDF5 file, so not a wfsim results file");
  }
  if (!file->has_attribute("wfsim_version"))
    throw bad_input(input,
                    "an HDF5 file, but not a wfsim results file (no root attribute "
                    "wfsim_version)");
  const std::string kind = file->attribute_text("kind").value_or("run");
  const std::string required = required_object(kind);
  if (required.empty()) throw bad_input(input, "unknown kind of results file '" + kind + "'");
  if (!file->exists(required))
    throw bad_input(input, "a wfsim " + kind + " file without /" + required +
                               " (damaged, or written by another version)");
  try {
    return html_document("wfsim report: " + input.filename().string(), body(*file, input, kind));
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& e) {  // HDF5 and YAML failures: a damaged file
    throw bad_input(input, std::string("cannot read the file: ") + e.what());
  }
}

}  // namespace

std::string render_report(const std::filesystem::path& input) {
  // The whole report is made once in a child process first: a file that
  // crashes the HDF5 library there is refused here, before this process reads it.
  if (std::filesystem::is_regular_file(input) && H5Fis_hdf5(input.c_str()) > 0) {
    try {
      check_in_child(input, [&] { (void)render_unchecked(input); });
    } catch (const std::runtime_error& e) {
      throw bad_input(input, e.what());
    }
  }
  return render_unchecked(input);
}

void write_report(const std::filesystem::path& input, const std::filesystem::path& output) {
  write_file_atomically(output, render_report(input));
}

}  // namespace wfsim::report
