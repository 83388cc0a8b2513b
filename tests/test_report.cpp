// `wfsim report`: the HTML report of each kind of results file. Real runs
// (through the CLI) for the charts and bands; small synthetic files for the
// sweep, calibration and sensitivity summaries; and the failure paths.
#include <hdf5.h>
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "io/hdf5_io.hpp"
#include "tests/cli_harness.hpp"
#include "tests/h5_harness.hpp"
#include "viz/report/html.hpp"
#include "viz/report/metric_info.hpp"
#include "viz/report/svg_chart.hpp"

using namespace wfsim::test;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kReplicates = 5;
constexpr int kWeeks = 60;

// Two organisations so that the per-organisation charts appear. The target's
// `source` survives into the resolved YAML: a hostile string to escape.
const std::string kScenario = R"(name: tiny_report
seed: 11
weeks: 60
replicates: 5
parameters:
  leaving:
    annual_rate: 0.2
organisations:
  - id: north
    sector: local_authority
    teams:
      - {id: cp_1, function: child_protection, size: 8, roles: {team_manager: 1, social_worker: 7}}
      - {id: fs_1, function: family_support, size: 6}
  - id: south.v-2
    sector: voluntary
    teams:
      - {id: fs_2, function: family_support, size: 6}
evidence:
  - {id: briefings, type: published, p: 0.01, q: 0.05, contagion: simple}
targets:
  - {outcome: turnover, value: 0.2, tolerance: 0.1, relative: true, source: "<script>alert('x')</script> & </pre><img src=x onerror=y>"}
)";

// The same, with more leaving, for a comparison.
std::string scenario_b() {
  std::string text = kScenario;
  text.replace(text.find("name: tiny_report"), 17, "name: tiny_report_b");
  text.replace(text.find("annual_rate: 0.2"), 16, "annual_rate: 0.3");
  return text;
}

// The data-points of the chart of `metric` in `scope`, line `line`:
// week -> {mean, low, high, n}.
std::map<int, std::vector<double>> chart_points(const std::string& html, const std::string& metric,
                                                const std::string& scope, const std::string& line) {
  const std::string figure = "data-metric=\"" + metric + "\" data-scope=\"" + scope + "\"";
  // The first chart of that metric and scope with that line (a comparison
  // has a chart of B - A before the chart of both arms).
  auto start = html.find(figure);
  REQUIRE(start != std::string::npos);
  auto end = html.find("</figure>", start);
  auto series = html.find("data-line=\"" + line + "\"", start);
  while (series > end && html.find(figure, end) != std::string::npos) {
    start = html.find(figure, end);
    end = html.find("</figure>", start);
    series = html.find("data-line=\"" + line + "\"", start);
  }
  REQUIRE(series < end);
  const auto points_at = html.find("data-points=\"", series) + 13;
  const std::string points = html.substr(points_at, html.find('"', points_at) - points_at);
  std::map<int, std::vector<double>> out;
  std::size_t position = 0;
  while (position < points.size()) {
    std::size_t next = points.find(';', position);
    if (next == std::string::npos) next = points.size();
    std::vector<double> fields;
    std::size_t field_start = position;
    for (std::size_t i = position; i <= next; ++i) {
      if (i == next || points[i] == ':') {
        const std::string field = points.substr(field_start, i - field_start);
        fields.push_back(field == "nan" ? std::numeric_limits<double>::quiet_NaN()
                                        : std::stod(field));
        field_start = i + 1;
      }
    }
    REQUIRE(fields.size() == 5);
    out[static_cast<int>(fields[0])] = {fields[1], fields[2], fields[3], fields[4]};
    position = next + 1;
  }
  return out;
}

// Student's t 0.975 quantile with 4 degrees of freedom (tables; exact to 1e-12).
constexpr double kT975Df4 = 2.7764451051977987;

// Checks a chart's band at `week` against mean +/- t sd / sqrt(n) computed here.
void check_band(const std::string& html, const H5File& file, const std::string& dataset,
                const std::string& metric, const std::string& scope, const std::string& line,
                int week) {
  const std::vector<double> values = file.doubles(dataset);
  const std::size_t columns = kWeeks + 1;
  REQUIRE(values.size() == kReplicates * columns);
  double sum = 0;
  for (int r = 0; r < kReplicates; ++r) sum += values[r * columns + week];
  const double mean = sum / kReplicates;
  double squares = 0;
  for (int r = 0; r < kReplicates; ++r)
    squares += (values[r * columns + week] - mean) * (values[r * columns + week] - mean);
  const double half = kT975Df4 * std::sqrt(squares / (kReplicates - 1)) / std::sqrt(kReplicates);
  const auto points = chart_points(html, metric, scope, line);
  REQUIRE(points.count(week) == 1);
  const std::vector<double>& p = points.at(week);
  INFO(dataset << " week " << week << ": mean " << mean << " half-width " << half);
  // The mean is exact; the band uses sim/statistics' t quantile, accurate to ~1e-4 at df 4.
  CHECK(p[0] == Approx(mean).margin(1e-12));
  CHECK(p[1] == Approx(mean - half).epsilon(0).margin(2e-3 * half + 1e-12));
  CHECK(p[2] == Approx(mean + half).epsilon(0).margin(2e-3 * half + 1e-12));
  CHECK(p[3] == kReplicates);
}

// Nothing in the page may load anything: no external URLs, no resource
// attributes, no scripts.
void check_self_contained(const std::string& html) {
  for (const char* forbidden : {"http://", "https://", "@import", "url("}) {
    INFO("forbidden: " << forbidden);
    CHECK(html.find(forbidden) == std::string::npos);
  }
  // Every tag of the page (escaped text has no '<'): nothing that loads.
  const std::regex loads(
      R"(^<(script|link|img|iframe|object|embed|image|use|audio|video|source)\b|\s(src|srcset|xlink:href|action|data)\s*=|\shref\s*=\s*"[^#])",
      std::regex::icase);
  std::vector<std::string> bad;
  for (auto at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    if (at + 1 >= html.size() || !std::isalpha(static_cast<unsigned char>(html[at + 1]))) continue;
    const std::string tag = html.substr(at, html.find('>', at) - at + 1);
    if (std::regex_search(tag, loads)) bad.push_back(tag);
  }
  INFO("first tag that loads something: " << (bad.empty() ? std::string() : bad.front()));
  CHECK(bad.empty());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<std::string> report_args(const std::filesystem::path& in,
                                     const std::filesystem::path& out) {
  return {"report", in.string(), "-o", out.string()};
}

}  // namespace

TEST_CASE("report: a run's report charts every metric with t bands", "[report]") {
  const TempDir dir;
  const auto scenario = dir.write("tiny.yaml", kScenario);
  const ProcessResult run = run_wfsim({"run", scenario.string(), "-o", (dir / "run.h5").string()});
  INFO(run.describe());
  REQUIRE(run.exit_code == kExitOk);
  const ProcessResult report = run_wfsim(report_args(dir / "run.h5", dir / "out" / "run.html"));
  INFO(report.describe());
  REQUIRE(report.exit_code == kExitOk);
  const std::string html = read_file(dir / "out" / "run.html");
  check_self_contained(html);

  const H5File file(dir / "run.h5");
  std::size_t charts = 0;
  for (const std::string& dataset : file.datasets()) {
    std::string scope, metric;
    if (dataset.rfind("series/", 0) == 0) {
      scope = "whole system";
      metric = dataset.substr(7);
    } else if (dataset.rfind("orgs/", 0) == 0) {
      const auto slash = dataset.find('/', 5);
      scope = dataset.substr(5, slash - 5);
      metric = dataset.substr(slash + 8);  // after "/series/"
    } else {
      continue;
    }
    ++charts;
    INFO(dataset);
    CHECK(count(html, "data-metric=\"" + metric + "\" data-scope=\"" + scope + "\"") == 1);
  }
  CHECK(charts > 40);
  // Every chart is accessible: one <title> and one <desc> per SVG.
  CHECK(count(html, "<svg ") == charts);
  CHECK(count(html, "<title id=") == charts);
  CHECK(count(html, "<desc id=") == charts);

  // Bands: mean +/- t x sd / sqrt(n), computed here from the file.
  for (int week : {0, 52, kWeeks}) {
    check_band(html, file, "series/burnout_mean", "burnout_mean", "whole system", "run", week);
    check_band(html, file, "series/agency_share", "agency_share", "whole system", "run", week);
    check_band(html, file, "orgs/north/series/caseload_mean", "caseload_mean", "north", "run",
               week);
  }
  check_band(html, file, "series/uptake/briefings", "uptake/briefings", "whole system", "run", 52);

  // Header: the scenario summary and its YAML, the hostile string escaped.
  CHECK(html.find("tiny_report") != std::string::npos);
  CHECK(html.find("south.v-2") != std::string::npos);
  CHECK(html.find("cp_1 (child_protection, 8)") != std::string::npos);
  CHECK(html.find("<details><summary>Full resolved scenario (YAML)") != std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;/pre&gt;") !=
        std::string::npos);
  CHECK(html.find("</pre><img") == std::string::npos);
  CHECK(html.find("95 % confidence interval of that mean") != std::string::npos);
}

TEST_CASE("report: a comparison overlays both arms and tabulates the differences", "[report]") {
  const TempDir dir;
  const auto a = dir.write("a.yaml", kScenario);
  const auto b = dir.write("b.yaml", scenario_b());
  const ProcessResult compare = run_wfsim(
      {"compare", a.string(), b.string(), "--horizons", "52,60", "-o", (dir / "cmp.h5").string()});
  INFO(compare.describe());
  REQUIRE(compare.exit_code == kExitOk);
  const ProcessResult report = run_wfsim(report_args(dir / "cmp.h5", dir / "cmp.html"));
  INFO(report.describe());
  REQUIRE(report.exit_code == kExitOk);
  const std::string html = read_file(dir / "cmp.html");
  check_self_contained(html);

  const H5File file(dir / "cmp.h5");
  for (int week : {0, 52}) {
    check_band(html, file, "a/series/leavers", "leavers", "whole system", "a", week);
    check_band(html, file, "b/series/leavers", "leavers", "whole system", "b", week);
    check_band(html, file, "b/orgs/north/series/burnout_mean", "burnout_mean", "north", "b", week);
  }
  CHECK(html.find("A: tiny_report") != std::string::npos);
  CHECK(html.find("B: tiny_report_b") != std::string::npos);

  // The table: every row, with differences as printed by the rules of the page.
  const std::vector<std::string> metric = file.strings("comparison/metric");
  const std::vector<double> week = file.doubles("comparison/week");
  const std::vector<double> difference = file.doubles("comparison/difference");
  const std::vector<double> low = file.doubles("comparison/ci_low");
  bool any_unbounded = false;
  for (std::size_t i = 0; i < metric.size(); ++i) {
    INFO(metric[i] << " week " << week[i]);
    CHECK(html.find("<code>" + metric[i] + "</code>") != std::string::npos);
    if (metric[i] == "turnover") {
      char expected[64];
      std::snprintf(expected, sizeof expected, "%.2f pp", difference[i] * 100);
      CHECK(html.find(expected) != std::string::npos);
    }
    any_unbounded = any_unbounded || std::isnan(low[i]);
  }
  // The cost ratios are gone; the table has the share of pairs where B is better.
  CHECK(html.find("cost_per_leaver_avoided") == std::string::npos);
  CHECK(html.find("cost_per_high_burnout_case_avoided") == std::string::npos);
  CHECK(html.find("<th scope=\"col\" class=\"num\">B better</th>") != std::string::npos);
  CHECK(html.find("chance only") != std::string::npos);
  const std::vector<double> better = file.doubles("comparison/probability_better");
  char better_text[32];
  std::snprintf(better_text, sizeof better_text, "<td class=\"num\">%.0f %%</td>",
                better.front() * 100);
  CHECK(html.find(better_text) != std::string::npos);

  // B - A over time: the mean paired difference with its t band, and a zero line.
  for (const char* chart_metric : {"burnout_mean", "leavers", "cost_total"})
    CHECK(html.find("id=\"diff-" + std::string(chart_metric) + "\"") != std::string::npos);
  {
    const std::vector<double> a_values = file.doubles("a/series/burnout_mean");
    const std::vector<double> b_values = file.doubles("b/series/burnout_mean");
    const std::size_t columns = kWeeks + 1;
    const int w = 52;
    double sum = 0, squares = 0;
    for (int r = 0; r < kReplicates; ++r)
      sum += b_values[r * columns + w] - a_values[r * columns + w];
    const double mean = sum / kReplicates;
    for (int r = 0; r < kReplicates; ++r) {
      const double d = b_values[r * columns + w] - a_values[r * columns + w] - mean;
      squares += d * d;
    }
    const double half = kT975Df4 * std::sqrt(squares / (kReplicates - 1)) / std::sqrt(kReplicates);
    const std::string figure = html.substr(html.find("id=\"diff-burnout_mean\""));
    const auto points = chart_points(figure, "burnout_mean", "whole system", "difference");
    REQUIRE(points.count(w) == 1);
    CHECK(points.at(w)[0] == Approx(mean).margin(1e-12));
    CHECK(points.at(w)[1] == Approx(mean - half).epsilon(0).margin(2e-3 * half + 1e-12));
    CHECK(points.at(w)[2] == Approx(mean + half).epsilon(0).margin(2e-3 * half + 1e-12));
    CHECK(figure.substr(0, figure.find("</figure>")).find("class=\"zero\"") != std::string::npos);
  }

  // The cost-effectiveness plane: one point per pair at the last horizon,
  // whose mean is the stored mean effect and extra cost; the acceptability curve.
  REQUIRE(file.is_dataset("cost_effectiveness/effect_name"));
  const std::vector<std::string> effects = file.strings("cost_effectiveness/effect_name");
  const std::vector<double> ce_week = file.doubles("cost_effectiveness/week");
  const std::vector<double> ce_effect = file.doubles("cost_effectiveness/effect");
  const std::vector<double> ce_cost = file.doubles("cost_effectiveness/extra_cost");
  int planes = 0;
  for (std::size_t i = 0; i < effects.size(); ++i) {
    if (ce_week[i] != kWeeks) continue;
    ++planes;
    INFO(effects[i]);
    const auto start = html.find("id=\"ce-plane-" + effects[i] + "\"");
    REQUIRE(start != std::string::npos);
    const std::string figure = html.substr(start, html.find("</figure>", start) - start);
    CHECK(figure.find("B dominates") != std::string::npos);
    CHECK(figure.find("B dominated") != std::string::npos);
    CHECK(count(figure, "class=\"pair\"") == kReplicates);
    double sum_x = 0, sum_y = 0;
    for (auto at = figure.find("data-x=\""); at != std::string::npos;
         at = figure.find("data-x=\"", at + 1)) {
      sum_x += std::stod(figure.substr(at + 8));
      sum_y += std::stod(figure.substr(figure.find("data-y=\"", at) + 8));
    }
    CHECK(sum_x / kReplicates == Approx(ce_effect[i]).margin(1e-9));
    CHECK(sum_y / kReplicates == Approx(ce_cost[i]).epsilon(1e-9).margin(1e-6));
    CHECK(html.find("id=\"ceac-" + effects[i] + "\"") != std::string::npos);
  }
  CHECK(planes == 2);
  CHECK(html.find("Quadrants, cost per unit and net benefit") != std::string::npos);
  // No screen and no parameter uncertainty in this file.
  CHECK(html.find("id=\"what-flips\"") == std::string::npos);
  CHECK(html.find("id=\"uncertainty\"") == std::string::npos);
  CHECK(html.find("Year to week 52 (year 1)") != std::string::npos);
  CHECK(html.find("Year to week 60") != std::string::npos);
  if (any_unbounded) CHECK(html.find(">unbounded<") != std::string::npos);
}

namespace {

using wfsim::hdf5::Handle;

// A small HDF5 file with the root attributes every wfsim file has.
struct SyntheticFile {
  Handle file;
  Handle lcpl = wfsim::hdf5::link_creation();
  explicit SyntheticFile(const std::filesystem::path& path, const std::string& kind)
      : file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create") {
    wfsim::hdf5::write_string_attribute(file.get(), "wfsim_version", "0.1.0");
    wfsim::hdf5::write_string_attribute(file.get(), "kind", kind);
    wfsim::hdf5::write_string_attribute(file.get(), "scenario", kScenario);
    wfsim::hdf5::write_uint64_attribute(file.get(), "seed", 3);
    wfsim::hdf5::write_int_attribute(file.get(), "replicates", 2);
    wfsim::hdf5::write_int_attribute(file.get(), "weeks", 4);
    wfsim::hdf5::write_int_attribute(file.get(), "complete", 1);
  }
  void doubles(const std::string& name, const std::vector<double>& values,
               std::vector<hsize_t> dims = {}) {
    if (dims.empty()) dims = {values.size()};
    wfsim::hdf5::write_dataset(file.get(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims,
                               values.data(), lcpl.get());
  }
  void strings(const std::string& name, const std::vector<std::string>& values) {
    wfsim::hdf5::write_strings(file.get(), name, values, lcpl.get());
  }
};

std::string report_of(const TempDir& dir, const std::string& name) {
  const ProcessResult report = run_wfsim(report_args(dir / name, dir / (name + ".html")));
  INFO(report.describe());
  REQUIRE(report.exit_code == kExitOk);
  const std::string html = read_file(dir / (name + ".html"));
  check_self_contained(html);
  return html;
}

}  // namespace

TEST_CASE("report: sweep, calibration and sensitivity files get their summaries", "[report]") {
  const TempDir dir;
  {
    SyntheticFile sweep(dir / "sweep.h5", "sweep");
    wfsim::hdf5::write_int_attribute(sweep.file.get(), "points", 2);
    wfsim::hdf5::write_string_attribute(sweep.file.get(), "design", "grid");
    sweep.doubles("design/parameters.leaving.annual_rate", {0.125, 0.25});
    sweep.doubles("design/done", {1, 0});
    sweep.doubles("outcomes/turnover", {0.1, 0.3, NAN, NAN}, {2, 2});
    std::vector<double> series(2 * 2 * 5, NAN);
    for (int i = 0; i < 10; ++i) series[static_cast<std::size_t>(i)] = 0.2 + 0.01 * i;
    sweep.doubles("series/agency_share", series, {2, 2, 5});
  }
  const std::string sweep = report_of(dir, "sweep.h5");
  CHECK(sweep.find("<code>parameters.leaving.annual_rate</code>") != std::string::npos);
  CHECK(sweep.find("0.125") != std::string::npos);
  CHECK(sweep.find("not run") != std::string::npos);
  CHECK(sweep.find("20.00 %") != std::string::npos);  // mean turnover of point 0
  CHECK(sweep.find("data-metric=\"agency_share\"") != std::string::npos);

  {
    SyntheticFile calibration(dir / "calibration.h5", "calibration");
    calibration.doubles("posterior/parameters.leaving.annual_rate", {0.1, 0.2, 0.3, 0.4});
    calibration.doubles("posterior/weight", {0.25, 0.25, 0.25, 0.25});
    calibration.doubles("posterior/distance", {1, 1, 1, 1});
    calibration.strings("priors/parameter", {"parameters.leaving.annual_rate"});
    calibration.strings("priors/distribution", {"uniform(0.05, 0.5)"});
    calibration.doubles("diagnostics/generation", {0});
    calibration.doubles("diagnostics/tolerance", {2.5});
  }
  const std::string calibration = report_of(dir, "calibration.h5");
  CHECK(calibration.find("uniform(0.05, 0.5)") != std::string::npos);
  CHECK(calibration.find("<td class=\"num\">0.25</td>") != std::string::npos);  // weighted mean

  {
    SyntheticFile sensitivity(dir / "sensitivity.h5", "sensitivity");
    wfsim::hdf5::write_string_attribute(sensitivity.file.get(), "method", "sobol");
    sensitivity.strings("factors/name", {"parameters.a", "parameters.b"});
    sensitivity.doubles("factors/min", {0, 1});
    sensitivity.doubles("factors/max", {1, 2});
    for (const char* index : {"S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"})
      sensitivity.doubles(std::string("indices/uptake/briefings/") + index, {0.125, 0.625});
  }
  const std::string sensitivity = report_of(dir, "sensitivity.h5");
  CHECK(sensitivity.find("<code>uptake/briefings</code>") != std::string::npos);
  CHECK(sensitivity.find("0.625") != std::string::npos);
  CHECK(sensitivity.find("<code>parameters.b</code>") != std::string::npos);
}

TEST_CASE("report: bad input exits 2 naming the file, and leaves no report", "[report]") {
  const TempDir dir;
  const auto text = dir.write("notes.h5", "not an HDF5 file\n");
  {
    SyntheticFile other(dir / "other.h5", "run");
    H5Adelete(other.file.get(), "wfsim_version");
  }
  dir.write("old.html", "previous report");
  const auto before = dir.entries();
  for (const std::string& input :
       {std::string("missing.h5"), std::string("notes.h5"), std::string("other.h5")}) {
    INFO(input);
    for (const std::string& output : {std::string("new.html"), std::string("old.html")}) {
      // --force: the old report may be replaced, but not by a failed one.
      std::vector<std::string> args = report_args(dir / input, dir / output);
      args.push_back("--force");
      const ProcessResult result = run_wfsim(args);
      INFO(result.describe());
      CHECK(result.exit_code == kExitBadInput);
      CHECK(result.err.find((dir / input).string()) != std::string::npos);
      CHECK(result.err.find("hint") != std::string::npos);
      CHECK(dir.entries() == before);
      CHECK(read_file(dir / "old.html") == "previous report");
    }
  }
  // A run file with no /series is not a results file either.
  {
    SyntheticFile empty(dir / "empty.h5", "run");
    H5Adelete(empty.file.get(), "kind");
  }
  const ProcessResult empty = run_wfsim(report_args(dir / "empty.h5", dir / "e.html"));
  CHECK(empty.exit_code == kExitBadInput);
  CHECK(empty.err.find("/series") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "e.html"));

  // -o in a directory that cannot be made: exit 2 before reading the input.
  dir.write("plain", "a file, not a directory");
  const ProcessResult unwritable =
      run_wfsim(report_args(dir / "missing.h5", dir / "plain" / "r.html"));
  INFO(unwritable.describe());
  CHECK(unwritable.exit_code == kExitBadInput);
  CHECK(unwritable.err.find("-o") != std::string::npos);
  CHECK(unwritable.err.find("missing.h5") == std::string::npos);
}

TEST_CASE("report: escaping, number formats and week ticks", "[report]") {
  using namespace wfsim::report;
  CHECK(escape(R"(<a href="x">'&'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(grouped(-1234567.25, 1) == "-1,234,567.2");  // round half to even of the binary value
  CHECK(grouped(999.6) == "1,000");
  CHECK(grouped(-0.2) == "0");
  CHECK(show_value(0.1234, metric_info("agency_share", "GBP")) == "12.3 %");
  CHECK(show_value(320000, metric_info("cost_total", "GBP")) == "320,000");
  CHECK(metric_info("cost/salary", "GBP").unit == "GBP per week");
  CHECK(week_ticks(156) == std::vector<std::size_t>{0, 52, 104, 156});
  CHECK(week_ticks(10) == std::vector<std::size_t>{0, 2, 4, 6, 8, 10});
  CHECK(week_ticks(1040).size() == 11);  // every 2 years over 20 years
  CHECK(week_ticks(5200)[1] == 520);     // every 10 years over a century
}

TEST_CASE("report: one organisation is charted once, as the whole system", "[report]") {
  const TempDir dir;
  std::string one = kScenario;
  one.erase(one.find("  - id: south.v-2"), one.find("evidence:") - one.find("  - id: south.v-2"));
  one.replace(one.find("weeks: 60"), 9, "weeks: 8");
  one.replace(one.find("replicates: 5"), 13, "replicates: 2");
  const auto scenario = dir.write("one.yaml", one);
  const ProcessResult run = run_wfsim({"run", scenario.string(), "-o", (dir / "one.h5").string()});
  INFO(run.describe());
  REQUIRE(run.exit_code == kExitOk);
  const H5File file(dir / "one.h5");
  REQUIRE(file.is_dataset("orgs/north/series/burnout_mean"));
  const std::string html = report_of(dir, "one.h5");
  CHECK(count(html, "data-scope=\"north\"") == 0);
  CHECK(html.find("<section id=\"org-north\"") == std::string::npos);
  CHECK(count(html, "data-metric=\"burnout_mean\" data-scope=\"whole system\"") == 1);
  CHECK(html.find("id=\"single-organisation\"") != std::string::npos);
}

TEST_CASE("report: a comparison under parameter uncertainty, with the what-flips screen",
          "[report]") {
  const TempDir dir;
  {
    SyntheticFile cmp(dir / "pairs.h5", "comparison");
    wfsim::hdf5::write_string_attribute(cmp.file.get(), "interval", "pairs");
    wfsim::hdf5::write_string_attribute(cmp.file.get(), "uncertainty", "assumed_priors.yaml");
    wfsim::hdf5::write_string_attribute(cmp.file.get(), "organisation", "");
    wfsim::hdf5::write_string_attribute(cmp.file.get(), "horizons", "4");
    cmp.strings("comparison/metric", {"burnout_mean"});
    cmp.doubles("comparison/week", {4});
    cmp.doubles("comparison/a_mean", {40});
    cmp.doubles("comparison/b_mean", {39});
    cmp.doubles("comparison/difference", {-1});
    cmp.doubles("comparison/ci_low", {-2.5});
    cmp.doubles("comparison/ci_high", {0.5});
    cmp.doubles("comparison/probability_better", {0.75});
    cmp.doubles("comparison/replicates", {4});
    // Four pairs over weeks 0..4: b - a is -1, -2, -3 and +2 at every week.
    const std::vector<double> shift{-1, -2, -3, 2};
    std::vector<double> a(4 * 5, 40.0), b(4 * 5);
    for (std::size_t r = 0; r < 4; ++r)
      for (std::size_t w = 0; w < 5; ++w) b[r * 5 + w] = 40.0 + shift[r];
    cmp.doubles("a/series/burnout_mean", a, {4, 5});
    cmp.doubles("b/series/burnout_mean", b, {4, 5});
    for (const char* metric : {"burnout_mean", "uptake/briefings"}) {
      const std::string base = std::string("what_flips/") + metric + "/";
      cmp.doubles(base + "difference", {-1});
      cmp.strings(base + "parameter",
                  {"parameters.resources.flexibility_bonus", "parameters.demand.duty_share"});
      cmp.doubles(base + "low_value", {0, 0});
      cmp.doubles(base + "high_value", {0.4, 0.4});
      cmp.doubles(base + "difference_at_low", {0.25, -0.5});
      cmp.doubles(base + "difference_at_high", {-2, -1.5});
      cmp.doubles(base + "flips_sign", {1, 0});
    }
    cmp.strings("uncertainty/parameter", {"parameters.resources.flexibility_bonus"});
    cmp.doubles("uncertainty/draws/parameters.resources.flexibility_bonus", {0.1, 0.2, 0.3, 0.25});
  }
  const std::string html = report_of(dir, "pairs.h5");
  CHECK(html.find("parameter uncertainty and chance") != std::string::npos);
  CHECK(html.find("assumed_priors.yaml") != std::string::npos);
  CHECK(html.find("95 % of pairs") != std::string::npos);
  CHECK(html.find("<td class=\"num\">75 %</td>") != std::string::npos);
  // The band is the 2.5-97.5 % percentiles of the pairs' differences (type 7).
  const std::string figure = html.substr(html.find("id=\"diff-burnout_mean\""));
  const auto points = chart_points(figure, "burnout_mean", "whole system", "difference");
  REQUIRE(points.count(4) == 1);
  CHECK(points.at(4)[0] == Approx(-1.0));
  CHECK(points.at(4)[1] == Approx(-3 + 0.075 * 1));  // sorted -3,-2,-1,2: position 0.075
  CHECK(points.at(4)[2] == Approx(-1 + 0.925 * 3));  // position 2.925
  // A tornado per screened outcome (nested names too), the flip marked.
  for (const char* id : {"tornado-burnout_mean", "tornado-uptake-briefings"}) {
    INFO(id);
    const auto start = html.find(std::string("id=\"") + id + "\"");
    REQUIRE(start != std::string::npos);
    const std::string chart = html.substr(start, html.find("</figure>", start) - start);
    CHECK(count(chart, "class=\"bar\"") == 2);
    CHECK(count(chart, "data-flips=\"1\"") == 1);
    CHECK(chart.find(">flips</text>") != std::string::npos);
  }
  CHECK(html.find("id=\"uncertainty\"") != std::string::npos);
  CHECK(html.find("id=\"cost-effectiveness\"") == std::string::npos);  // no costs in the file
}

TEST_CASE("report: a sweep says which points ran and charts outcomes by factor", "[report]") {
  const TempDir dir;
  for (const bool all_done : {true, false}) {
    const std::string name = all_done ? "done.h5" : "partial.h5";
    {
      SyntheticFile sweep(dir / name, "sweep");
      wfsim::hdf5::write_int_attribute(sweep.file.get(), "points", 3);
      wfsim::hdf5::write_string_attribute(sweep.file.get(), "design", "grid");
      sweep.doubles("design/parameters.leaving.annual_rate", {0.1, 0.2, 0.3});
      const std::uint8_t done[3] = {1, 1, static_cast<std::uint8_t>(all_done ? 1 : 0)};
      wfsim::hdf5::write_dataset(sweep.file.get(), "design/done", H5T_STD_U8LE, H5T_NATIVE_UINT8,
                                 {3}, done, sweep.lcpl.get());
      sweep.doubles("outcomes/turnover",
                    {0.1, 0.12, 0.2, 0.24, all_done ? 0.3 : NAN, all_done ? 0.34 : NAN}, {3, 2});
      std::vector<double> series(3 * 2 * 5, all_done ? 0.25 : NAN);
      for (std::size_t i = 0; i < 20; ++i) series[i] = 0.2 + 0.01 * static_cast<double>(i);
      sweep.doubles("series/agency_share", series, {3, 2, 5});
    }
    INFO(name);
    const std::string html = report_of(dir, name);
    const std::string id = "parameters.leaving.annual_rate";
    CHECK(html.find("id=\"sweep-outcome-turnover-" + id + "\"") != std::string::npos);
    CHECK(html.find("id=\"sweep-difference-turnover-" + id + "\"") != std::string::npos);
    if (all_done) {
      CHECK(html.find("All 3 points ran.") != std::string::npos);
      CHECK(html.find("not yet run") == std::string::npos);
      CHECK(html.find("not run") == std::string::npos);
      // The centre is point 1 (0.2): point 2's paired difference is +0.1 exactly.
      CHECK(html.find("The centre point is point 1") != std::string::npos);
      const std::string chart = html.substr(html.find("id=\"sweep-difference-turnover-" + id));
      const std::string marker = "data-point=\"2\" data-x=\"0.3\" data-mean=\"";
      REQUIRE(chart.find(marker) != std::string::npos);
      CHECK(std::stod(chart.substr(chart.find(marker) + marker.size())) == Approx(0.1));
    } else {
      CHECK(html.find("2 of 3 points ran; 1 not yet run.") != std::string::npos);
      CHECK(html.find("1 of 3 points not yet run") != std::string::npos);
    }
  }
}

TEST_CASE("report: a calibration draws its posteriors, pairs and predictive check", "[report]") {
  const TempDir dir;
  {
    SyntheticFile calibration(dir / "cal.h5", "calibration");
    calibration.doubles("posterior/parameters.leaving.annual_rate",
                        {0.1, 0.2, 0.3, 0.4, 0.15, 0.25, 0.35, 0.45, 0.2, 0.3});
    calibration.doubles("posterior/parameters.burnout.initial_mean",
                        {30, 35, 40, 45, 50, 31, 36, 41, 46, 51});
    calibration.doubles("posterior/weight", std::vector<double>(10, 0.1));
    calibration.doubles("posterior/distance", std::vector<double>(10, 1));
    calibration.strings("priors/parameter",
                        {"parameters.leaving.annual_rate", "parameters.burnout.initial_mean"});
    calibration.strings("priors/distribution", {"uniform(0.05, 0.5)", "normal(40, 8)"});
    calibration.strings("predictive/metric", {"turnover"});
    calibration.strings("predictive/org", {""});
    calibration.doubles("predictive/from_week", {0});
    calibration.doubles("predictive/to_week", {52});
    calibration.doubles("predictive/target", {0.2});
    calibration.doubles("predictive/target_sd", {0.02});
    calibration.doubles("predictive/simulated_mean", {0.21});
    calibration.doubles("predictive/simulated_low", {0.18});
    calibration.doubles("predictive/simulated_high", {0.24});
  }
  const std::string html = report_of(dir, "cal.h5");
  CHECK(html.find("90 % credible interval") != std::string::npos);
  CHECK(html.find("<th scope=\"col\" class=\"num\">2.5 %</th>") == std::string::npos);
  CHECK(html.find("<th scope=\"col\" class=\"num\">5 %</th>") != std::string::npos);
  // The 5 % quantile of ten equally weighted values is the smallest.
  CHECK(html.find("<td class=\"num\">0.1</td>") != std::string::npos);
  for (const char* parameter :
       {"parameters.leaving.annual_rate", "parameters.burnout.initial_mean"}) {
    INFO(parameter);
    const auto start = html.find(std::string("id=\"posterior-") + parameter + "\"");
    REQUIRE(start != std::string::npos);
    const std::string chart = html.substr(start, html.find("</figure>", start) - start);
    CHECK(chart.find("class=\"prior\"") != std::string::npos);
    CHECK(count(chart, "<rect x=") >= 24);
  }
  CHECK(html.find("id=\"pair-parameters.burnout.initial_mean--parameters.leaving.annual_rate\"") !=
        std::string::npos);
  CHECK(html.find("id=\"predictive-0\"") != std::string::npos);
  CHECK(html.find("data-target=\"0.2\" data-simulated=\"0.21\"") != std::string::npos);
}
