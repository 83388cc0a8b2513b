// What-if comparisons (issue 5): paired differences of two arms run with
// common random numbers, in process (sim/paired.hpp, sim/comparison.hpp,
// EnsembleOptions::first_replicate) and through `wfsim compare`
// (docs/results.md, comparison output).
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/paired.hpp"
#include "record/ensemble.hpp"
#include "record/outcomes.hpp"
#include "tests/cli_harness.hpp"
#include "tests/h5_harness.hpp"
#include "tests/model_harness.hpp"

using namespace wfsim;
using Catch::Matchers::Contains;
using test::ProcessResult;
using test::run_wfsim;
using test::TempDir;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::string kBaseline = WFSIM_SOURCE_DIR "/scenarios/baseline.yaml";
const std::string kAgileFlexitime = WFSIM_SOURCE_DIR "/scenarios/council_agile_flexitime.yaml";

// Student's t quantiles t_{0.975, df}, from R's qt() / SciPy's t.ppf(), to 17 digits:
// an independent reference for the library's Cornish-Fisher approximation.
constexpr double kT975Df9 = 2.2621571627409915;
constexpr double kT975Df19 = 2.093024054408263;

EnsembleResult run_file(const std::string& file, const std::vector<std::string>& overrides) {
  return test::run_scenario(load_scenario(file, overrides, model::schema()));
}

const ComparisonRow& find_row(const std::vector<ComparisonRow>& rows, const std::string& metric,
                              int week) {
  const auto it = std::find_if(rows.begin(), rows.end(), [&](const ComparisonRow& row) {
    return row.metric == metric && row.week == week;
  });
  INFO("row " << metric << " at week " << week);
  REQUIRE(it != rows.end());
  return *it;
}

std::vector<double> outcome(const SeriesTable& series, const std::string& name, int week) {
  for (const Outcome& o : annual_outcomes(series, 0, week)) {
    if (o.name == name) return o.per_replicate;
  }
  FAIL("no annual outcome " << name);
  return {};
}

// Normal samples from a standardised engine (mt19937_64's output is fixed by
// the C++ standard; std::normal_distribution's is not), by Box-Muller.
std::vector<double> normals(std::uint64_t seed, int n, double mean, double sd) {
  std::mt19937_64 engine(seed);
  const auto uniform = [&engine] {
    return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53;  // in (0, 1)
  };
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const double radius = std::sqrt(-2 * std::log(uniform()));
    out.push_back(mean + sd * radius * std::cos(2 * 3.14159265358979323846 * uniform()));
  }
  return out;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// Sample covariance (n - 1 denominator), two-pass.
double covariance(const std::vector<double>& x, const std::vector<double>& y) {
  const double mx = mean_of(x), my = mean_of(y);
  double sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += (x[i] - mx) * (y[i] - my);
  return sum / static_cast<double>(x.size() - 1);
}

// ---- the CLI's CSV and JSON renderings ----

struct CsvRow {
  std::string metric;
  int week = 0;
  double a_mean = kNaN, b_mean = kNaN, difference = kNaN, low = kNaN, high = kNaN;
  double probability_better = kNaN;
};

double csv_number(const std::string& field) {
  if (field.empty()) return kNaN;  // undefined values are empty fields
  std::size_t used = 0;
  const double value = std::stod(field, &used);
  INFO("CSV field '" << field << "'");
  REQUIRE(used == field.size());
  return value;
}

// Parses `wfsim compare --format csv` output; returns the header in `header`.
std::vector<CsvRow> parse_csv(const std::string& text, std::string& header) {
  std::istringstream in(text);
  std::getline(in, header);
  std::vector<CsvRow> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    INFO("CSV line '" << line << "'");
    REQUIRE(fields.size() == 8);
    rows.push_back({fields[0], std::stoi(fields[1]), csv_number(fields[2]), csv_number(fields[3]),
                    csv_number(fields[4]), csv_number(fields[5]), csv_number(fields[6]),
                    csv_number(fields[7])});
  }
  return rows;
}

double json_number(const nlohmann::json& value) {
  return value.is_null() ? kNaN : value.get<double>();
}

std::string describe_command(const std::vector<std::string>& args) {
  std::string command = "wfsim";
  for (const std::string& arg : args) command += " " + arg;
  return command;
}

// Outcomes every comparison of baseline-derived scenarios has at each horizon.
std::set<std::string> required_outcomes() {
  std::set<std::string> names(annual_outcome_names().begin(), annual_outcome_names().end());
  names.insert({"cost", "uptake/research_briefings", "uptake/reflective_case_discussion"});
  return names;
}

}  // namespace

// ---------------------------------------------------------------------------
// 1. A scenario compared with itself
// ---------------------------------------------------------------------------

TEST_CASE("compare: a scenario compared with itself differs by exactly zero", "[compare]") {
  // Two separate runs of one scenario with one seed are bit-identical (the
  // model is deterministic), so every per-replicate difference is exactly
  // 0.0: their mean is 0, their standard deviation 0, the t interval
  // 0 +/- t x 0, and every bootstrap resample's mean 0. No tolerance: exact.
  constexpr int kReplicates = 6;
  const std::vector<std::string> overrides{"replicates=6", "weeks=104"};
  const SeriesTable a = run_file(kBaseline, overrides).series;
  const SeriesTable b = run_file(kBaseline, overrides).series;
  const std::vector<int> horizons{26, 52, 104};
  for (const IntervalMethod method : {IntervalMethod::t, IntervalMethod::bootstrap}) {
    for (const std::size_t scope : {std::size_t{0}, std::size_t{1}}) {  // system, la_midshire
      ComparisonSettings settings{horizons, {}, {}};
      settings.interval.method = method;
      settings.interval.resamples = 400;
      settings.interval.seed = 3;
      const Comparison comparison = compare_arms(a, b, {scope, scope}, settings);
      const std::vector<ComparisonRow>& rows = comparison.rows;
      std::set<std::pair<std::string, int>> seen;
      for (const ComparisonRow& row : rows) {
        INFO((method == IntervalMethod::t ? "t" : "bootstrap")
             << " scope " << scope << ": " << row.metric << " at week " << row.week);
        seen.insert({row.metric, row.week});
        CHECK(row.n == kReplicates);
        CHECK(row.probability_better == 0.5);  // every pair a tie, each counting half
        CHECK(std::isfinite(row.a_mean));
        CHECK(row.a_mean == row.b_mean);
        CHECK(row.difference == 0.0);
        CHECK(row.low == 0.0);
        CHECK(row.high == 0.0);
      }
      for (const std::string& name : required_outcomes()) {
        for (int week : horizons) {
          INFO("missing row " << name << " at week " << week);
          CHECK(seen.count({name, week}) == 1);
        }
      }
    }
  }
}

TEST_CASE("compare: the CLI comparing a scenario with itself prints exact zeros", "[compare]") {
  // As above, through `wfsim compare --format csv`: "0" in every difference
  // and interval column, empty fields for the undefined cost ratios.
  for (const std::string interval : {"t", "bootstrap"}) {
    const std::vector<std::string> args{
        "compare", kBaseline,    kBaseline, "--format",   "csv",    "--replicates", "4", "--weeks",
        "104",     "--horizons", "52,104",  "--interval", interval, "--threads",    "2"};
    const ProcessResult result = run_wfsim(args, {}, std::chrono::seconds(300));
    INFO(describe_command(args) << "\n" << result.describe());
    REQUIRE(result.exit_code == kExitOk);
    std::string header;
    const std::vector<CsvRow> rows = parse_csv(result.out, header);
    CHECK(header == "metric,week,a_mean,b_mean,difference,ci_low,ci_high,probability_better");
    REQUIRE(rows.size() >= 2 * required_outcomes().size());
    for (const CsvRow& row : rows) {
      INFO(row.metric << " at week " << row.week);
      CHECK((row.week == 52 || row.week == 104));
      CHECK(row.probability_better == 0.5);
      CHECK(std::isfinite(row.a_mean));
      CHECK(row.a_mean == row.b_mean);
      CHECK(row.difference == 0.0);
      CHECK(row.low == 0.0);
      CHECK(row.high == 0.0);
    }
  }
}

// ---------------------------------------------------------------------------
// 2. A known injected effect
// ---------------------------------------------------------------------------

namespace {

// One arm of the injected-effect experiment: every mechanism off but
// leaving, whose weekly hazard is the constant h = 1 - (1 - rate)^(1/52)
// (docs/results.md), recruitment off so nobody replaces a leaver.
class LeavingArm {
 public:
  static constexpr int kTeams = 3, kSize = 20;  // 60 posts, ~49 employed at week 0

  LeavingArm(double annual_rate, int replicates)
      : replicates_(replicates),
        scenario_(test::scenario_from_yaml(
            test::minimal_scenario(kTeams, kSize, "workplace"),
            {"mechanisms.leaving=true", "parameters.leaving.modifiers=false",
             fmt::format("parameters.leaving.annual_rate={}", annual_rate), "weeks=52"})),
        simulation_(std::make_unique<Simulation>(model::build_simulation(scenario_))) {}

  SeriesTable run(std::uint64_t seed) const {
    EnsembleOptions options;
    options.seed = seed;
    options.replicates = replicates_;
    options.weeks = 52;
    return run_ensemble(*simulation_, options).series;
  }

 private:
  int replicates_;
  Scenario scenario_;
  std::unique_ptr<Simulation> simulation_;
};

constexpr double kRateA = 0.10, kRateB = 0.35;

// The truth, and why it is what the paired interval estimates.
//
// Each post's leaving draw in week t is u(post, t) ~ U(0, 1) from a stream
// keyed by (seed, replicate, week, post, "leaving"), and it leaves when
// u < h. Both arms use the same seed (common random numbers), so:
// - week 0 is identical: the same posts are filled (N0_r employed in
//   replicate r in both arms), the same agency cover;
// - agency workers leave at the same agency rate on the same draws, so they
//   contribute nothing to the difference;
// - an employed practitioner leaves in A at the first week with u < h_A and
//   in B at the first week with u < h_B <= ... since h_A < h_B, no later. So
//   "left within the year" satisfies L_B >= L_A for every person, and
//   P(L_B = 1, L_A = 0) = P(L_B = 1) - P(L_A = 1)
//                       = (1 - (1 - h_B)^52) - (1 - (1 - h_A)^52) = rate_B - rate_A.
// Hence, given the week-0 headcounts, D_r = leavers_B - leavers_A over weeks
// 1..52 is Binomial(N0_r, delta), delta = rate_B - rate_A, independently over
// replicates, and the mean difference estimates delta x mean_r(N0_r) exactly.
// (Without coupling the expectation would be the same, but the variance
// would be N0 (pA qA + pB qB), 1.69 times N0 delta (1 - delta) here.)
struct LeavingComparison {
  ComparisonRow row;
  double truth = 0;
  std::vector<double> differences;  // D_r
  std::vector<double> headcounts;   // N0_r
};

LeavingComparison compare_leaving(const LeavingArm& a, const LeavingArm& b, std::uint64_t seed) {
  const SeriesTable series_a = a.run(seed);
  const SeriesTable series_b = b.run(seed);
  LeavingComparison out;
  out.row = find_row(compare_arms(series_a, series_b, {}, {{52}, {}, {}}).rows, "leavers", 52);
  const std::size_t headcount = series_a.metric_index("headcount");
  const std::vector<double> leavers_a = outcome(series_a, "leavers", 52);
  const std::vector<double> leavers_b = outcome(series_b, "leavers", 52);
  for (int r = 0; r < series_a.replicates(); ++r) {
    const double n0 = series_a.at(0, headcount, r, 0);
    INFO("seed " << seed << " replicate " << r);
    REQUIRE(series_b.at(0, headcount, r, 0) == n0);  // CRN: the same week 0
    out.headcounts.push_back(n0);
    out.differences.push_back(leavers_b[static_cast<std::size_t>(r)] -
                              leavers_a[static_cast<std::size_t>(r)]);
  }
  out.truth = (kRateB - kRateA) * mean_of(out.headcounts);
  return out;
}

}  // namespace

TEST_CASE("compare: a known injected effect on leaving lies in its interval", "[compare]") {
  const LeavingArm a(kRateA, 20), b(kRateB, 20);
  const LeavingComparison c = compare_leaving(a, b, 2024);
  INFO("truth " << c.truth << ", estimate " << c.row.difference << " [" << c.row.low << ", "
                << c.row.high << "]");
  // Initial vacancies are random (18 %), so week-0 headcounts vary by
  // replicate: the truth is conditional on them, as derived above.
  CHECK(*std::min_element(c.headcounts.begin(), c.headcounts.end()) > 30);
  CHECK(*std::min_element(c.headcounts.begin(), c.headcounts.end()) <
        *std::max_element(c.headcounts.begin(), c.headcounts.end()));
  // The reported difference is the mean of the per-replicate differences
  // (sums of whole leavers: exact up to the rounding of one division).
  CHECK(c.row.difference == Approx(mean_of(c.differences)).epsilon(1e-12));
  CHECK(c.row.n == 20);
  // Monotone coupling: nobody who leaves in A stays in B, in any replicate.
  for (double d : c.differences) CHECK(d >= 0);
  // A 95 % interval, fixed seed: it contains the truth (a 1-in-20 event
  // otherwise, so for this seed a failure means a bias, not bad luck).
  CHECK(c.row.low <= c.truth);
  CHECK(c.truth <= c.row.high);
  // The interval is not trivially wide: its half-width is about
  // t_19 x sqrt(N0 delta (1 - delta) / 20) = 2.09 x sqrt(49 x 0.1875 / 20) = 1.43;
  // allow a factor 2 for the noise of the sample sd over 19 df.
  CHECK((c.row.high - c.row.low) / 2 < 2.9);
}

TEST_CASE("compare: 95% intervals of a known effect cover it 95% of the time", "[compare]") {
  // K independent comparisons (seeds), each of R = 8 replicate pairs. Each
  // interval covers the truth with probability ~0.95: a t interval of the mean
  // of 8 independent, near-normal Binomial(~49, 0.25) differences (skewness
  // 0.17 per replicate, 0.06 for the mean). The week-0 headcounts vary between
  // replicates, which adds var(N0) delta^2 = 0.55 to the sample variance of the
  // D_r (6 % of the binomial 9.2) without being noise about the conditional
  // truth: the intervals are a little conservative, P(|t_7| < 2.365 x
  // sqrt(1.06)) = 0.955. The number covering is Binomial(K, p): the share must
  // lie within 3 binomial standard errors, sqrt(0.95 x 0.05 / K) = 0.0154 at
  // K = 200, of 0.95 (false alarm 0.3 %).
  constexpr int kSeeds = 200;
  constexpr int kReplicates = 8;
  const LeavingArm a(kRateA, kReplicates), b(kRateB, kReplicates);
  const double delta = kRateB - kRateA;
  int covered = 0;
  std::vector<double> z;  // standardised per-replicate differences
  for (int k = 0; k < kSeeds; ++k) {
    const LeavingComparison c = compare_leaving(a, b, 5000 + static_cast<std::uint64_t>(k));
    if (c.row.low <= c.truth && c.truth <= c.row.high) ++covered;
    for (std::size_t r = 0; r < c.differences.size(); ++r) {
      const double n0 = c.headcounts[r];
      z.push_back((c.differences[r] - n0 * delta) / std::sqrt(n0 * delta * (1 - delta)));
    }
  }
  const double share = static_cast<double>(covered) / kSeeds;
  const double se = std::sqrt(0.95 * 0.05 / kSeeds);
  WARN("coverage of 95% intervals over " << kSeeds << " seeds: " << share);
  CHECK(std::abs(share - 0.95) <= 3 * se);

  // The derivation above says D_r ~ Binomial(N0_r, delta) exactly, so over
  // n = K x R = 1,600 replicates the standardised z have mean 0 (SE
  // 1/sqrt(n) = 0.025) and variance 1 (SE sqrt((kurtosis - 1) / n), kurtosis
  // 3 - 0.014 for these binomials: 0.035). 4 SE each: |mean| < 0.10,
  // |var - 1| < 0.14. Uncoupled streams would give a variance of 1.69.
  const double n = static_cast<double>(z.size());
  const double z_mean = mean_of(z);
  const double z_var = covariance(z, z);
  WARN("standardised differences: mean " << z_mean << ", variance " << z_var);
  CHECK(std::abs(z_mean) < 4 / std::sqrt(n));
  CHECK(std::abs(z_var - 1) < 4 * std::sqrt(2.0 / n));
}

// ---------------------------------------------------------------------------
// 3. paired_difference and paired_ratio on synthetic data
// ---------------------------------------------------------------------------

TEST_CASE("compare: the paired t interval is mean +/- t x sd / sqrt(n)", "[compare]") {
  // Reference quantiles from R/SciPy; the library's Cornish-Fisher t quantile
  // is off by 1.5e-7 (relative) at 19 df and 6.0e-6 at 9 df (measured against
  // those), so the interval ends must agree to 1e-6 and 1e-5 of the half-width;
  // the means to rounding (1e-12 relative).
  for (const auto& [n, t_quantile, tolerance] :
       {std::tuple{20, kT975Df19, 1e-6}, std::tuple{10, kT975Df9, 1e-5}}) {
    const std::vector<double> a = normals(11, n, 50, 10);
    std::vector<double> b = normals(12, n, 0, 2);
    for (int i = 0; i < n; ++i)
      b[static_cast<std::size_t>(i)] += a[static_cast<std::size_t>(i)] + 1.5;
    std::vector<double> d;
    for (int i = 0; i < n; ++i)
      d.push_back(b[static_cast<std::size_t>(i)] - a[static_cast<std::size_t>(i)]);
    const double mean = mean_of(d);
    const double half = t_quantile * std::sqrt(covariance(d, d) / n);

    const PairedInterval p = paired_difference(a, b);
    INFO("n " << n << ": mean " << mean << " +/- " << half << "; got " << p.difference << " ["
              << p.low << ", " << p.high << "]");
    CHECK(p.n == n);
    CHECK(p.a_mean == Approx(mean_of(a)).epsilon(1e-12));
    CHECK(p.b_mean == Approx(mean_of(b)).epsilon(1e-12));
    CHECK(p.difference == Approx(mean).epsilon(1e-12));
    CHECK(std::abs(p.low - (mean - half)) <= tolerance * half);
    CHECK(std::abs(p.high - (mean + half)) <= tolerance * half);

    // Pairs with a non-finite value on either side are left out, and the
    // rest give exactly what they give alone.
    std::vector<double> a_gaps = a, b_gaps = b, a_kept, b_kept;
    a_gaps[3] = kNaN;
    b_gaps[7] = kNaN;
    b_gaps[8] = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (i == 3 || i == 7 || i == 8) continue;
      a_kept.push_back(a[i]);
      b_kept.push_back(b[i]);
    }
    const PairedInterval gaps = paired_difference(a_gaps, b_gaps);
    const PairedInterval kept = paired_difference(a_kept, b_kept);
    CHECK(gaps.n == n - 3);
    CHECK(gaps.a_mean == kept.a_mean);
    CHECK(gaps.b_mean == kept.b_mean);
    CHECK(gaps.difference == kept.difference);
    CHECK(gaps.low == kept.low);
    CHECK(gaps.high == kept.high);
    CHECK(std::isfinite(gaps.low));
  }
}

TEST_CASE("compare: the bootstrap interval is reproducible and close to t for normal data",
          "[compare]") {
  constexpr int kN = 30;
  const std::vector<double> a = normals(21, kN, 40, 8);
  std::vector<double> b = normals(22, kN, -0.7, 1.5);
  for (int i = 0; i < kN; ++i) b[static_cast<std::size_t>(i)] += a[static_cast<std::size_t>(i)];
  IntervalOptions options;
  options.method = IntervalMethod::bootstrap;
  options.resamples = 2000;
  options.seed = 77;
  options.stream = 4;
  const PairedInterval first = paired_difference(a, b, options);
  const PairedInterval again = paired_difference(a, b, options);
  CHECK(first.low == again.low);  // the same seed and stream: the same resamples
  CHECK(first.high == again.high);
  CHECK(first.n == kN);
  CHECK(first.low < first.difference);
  CHECK(first.difference < first.high);

  IntervalOptions other_seed = options;
  other_seed.seed = 78;
  IntervalOptions other_stream = options;
  other_stream.stream = 5;
  CHECK(paired_difference(a, b, other_seed).low != first.low);
  CHECK(paired_difference(a, b, other_stream).low != first.low);

  // For near-normal differences the percentile bootstrap is about
  // mean +/- z_0.975 x sd x sqrt((n - 1) / n) / sqrt(n): 1.960 / 2.045 x
  // sqrt(29 / 30) = 0.94 of the t half-width. Its Monte Carlo error with
  // 2,000 resamples is sqrt(0.025 x 0.975 / 2000) / phi(1.96) = 0.06 standard
  // errors, 3 % of the half-width, per end. Each end must lie within 20 % of
  // the t half-width of the t interval's end (6 % bias + over 4 Monte Carlo SDs).
  const PairedInterval t = paired_difference(a, b);
  const double half = (t.high - t.low) / 2;
  INFO("t [" << t.low << ", " << t.high << "], bootstrap [" << first.low << ", " << first.high
             << "]");
  CHECK(first.difference == t.difference);
  CHECK(std::abs(first.low - t.low) <= 0.2 * half);
  CHECK(std::abs(first.high - t.high) <= 0.2 * half);
  // And it is a real interval, narrower than t's by about 6 %, not a copy of it.
  CHECK(first.low != t.low);

  // Constant differences: every resample has the same mean.
  std::vector<double> shifted = a;
  for (double& v : shifted) v += 2.5;
  const PairedInterval constant = paired_difference(a, shifted, options);
  CHECK(constant.low == Approx(2.5).epsilon(1e-12));
  CHECK(constant.high == Approx(2.5).epsilon(1e-12));
}

namespace {

// Fieller's interval for E[x] / E[y] from paired samples, from scratch: the
// R with (mx - R my)^2 <= t^2 (v11 - 2 R v12 + R^2 v22), vij the (co)variances
// of the means; a bounded interval exactly when my^2 > t^2 v22.
std::pair<double, double> fieller(const std::vector<double>& x, const std::vector<double>& y,
                                  double t) {
  const auto n = static_cast<double>(x.size());
  const double mx = mean_of(x), my = mean_of(y);
  const double v11 = covariance(x, x) / n, v22 = covariance(y, y) / n, v12 = covariance(x, y) / n;
  const double t2 = t * t;
  const double qa = my * my - t2 * v22;  // qa R^2 - 2 qb R + qc <= 0
  const double qb = mx * my - t2 * v12;
  const double qc = mx * mx - t2 * v11;
  const double root = std::sqrt(qb * qb - qa * qc);
  return {(qb - root) / qa, (qb + root) / qa};
}

}  // namespace

TEST_CASE("compare: Fieller's interval for a ratio with a clear denominator", "[compare]") {
  // x = 3 y + noise, so E[x] / E[y] = 3 exactly; y ~ N(10, 1) is clearly
  // away from zero (g = t^2 v22 / my^2 ~ 0.002).
  constexpr int kN = 20;
  const std::vector<double> y = normals(31, kN, 10, 1);
  std::vector<double> x = normals(32, kN, 0, 0.5);
  for (int i = 0; i < kN; ++i) x[static_cast<std::size_t>(i)] += 3 * y[static_cast<std::size_t>(i)];
  const RatioInterval ratio = paired_ratio(x, y);
  const auto [low, high] = fieller(x, y, kT975Df19);
  INFO("Fieller [" << low << ", " << high << "], got " << ratio.ratio << " [" << ratio.low << ", "
                   << ratio.high << "]");
  REQUIRE(ratio.bounded);
  CHECK(ratio.ratio == Approx(mean_of(x) / mean_of(y)).epsilon(1e-12));
  // The library's t quantile is 1.5e-7 (relative) off at 19 df; the ends move
  // by about that share of the half-width: 1e-5 of the width is generous.
  const double width = high - low;
  CHECK(std::abs(ratio.low - low) <= 1e-5 * width);
  CHECK(std::abs(ratio.high - high) <= 1e-5 * width);
  // A 95 % interval and a fixed seed: it covers the true ratio (were it not
  // to, for this seed, that would be a 1-in-20 event, not a tolerance issue).
  CHECK(ratio.low < 3.0);
  CHECK(3.0 < ratio.high);
  CHECK(ratio.low < ratio.ratio);
  CHECK(ratio.ratio < ratio.high);
  // Fieller is not the symmetric delta interval: with a noisy denominator
  // the interval leans away from zero.
  const std::vector<double> y_noisy = normals(33, kN, 1, 1);
  std::vector<double> x_noisy = normals(34, kN, 0, 0.3);
  for (int i = 0; i < kN; ++i)
    x_noisy[static_cast<std::size_t>(i)] += 2 * y_noisy[static_cast<std::size_t>(i)];
  const RatioInterval leaning = paired_ratio(x_noisy, y_noisy);
  const auto [low_noisy, high_noisy] = fieller(x_noisy, y_noisy, kT975Df19);
  INFO("noisy: Fieller [" << low_noisy << ", " << high_noisy << "], got [" << leaning.low << ", "
                          << leaning.high << "]");
  REQUIRE(leaning.bounded);
  const double width_noisy = high_noisy - low_noisy;
  CHECK(std::abs(leaning.low - low_noisy) <= 1e-5 * width_noisy);
  CHECK(std::abs(leaning.high - high_noisy) <= 1e-5 * width_noisy);
}

TEST_CASE("compare: Fieller's interval is unbounded when the denominator may be zero",
          "[compare]") {
  // y = z - mean(z) + m, so mean(y) = m exactly and the standard error of
  // the mean is se = sd(z) / sqrt(n). The interval is bounded exactly when
  // the denominator's t statistic m / se exceeds t_{0.975, n-1}: 5 % either
  // side of that edge decides it, far beyond the library's 1.5e-7 error in t.
  constexpr int kN = 20;
  std::vector<double> z = normals(41, kN, 0, 1);
  const double z_mean = mean_of(z);
  for (double& v : z) v -= z_mean;
  const double se = std::sqrt(covariance(z, z) / kN);
  const std::vector<double> noise = normals(42, kN, 0, 0.2);
  for (const auto& [m, bounded] :
       {std::pair{0.01, false}, std::pair{0.95 * kT975Df19 * se, false},
        std::pair{1.05 * kT975Df19 * se, true}, std::pair{-1.05 * kT975Df19 * se, true}}) {
    std::vector<double> y = z, x = noise;
    for (std::size_t i = 0; i < y.size(); ++i) {
      y[i] += m;
      x[i] += 5 + 2 * y[i];
    }
    const RatioInterval ratio = paired_ratio(x, y);
    INFO("denominator mean " << m << " (t statistic " << m / se << "): [" << ratio.low << ", "
                             << ratio.high << "]");
    CHECK(ratio.bounded == bounded);
    if (bounded) {
      const auto [low, high] = fieller(x, y, kT975Df19);
      CHECK(std::abs(ratio.low - low) <= 1e-5 * (high - low));
      CHECK(std::abs(ratio.high - high) <= 1e-5 * (high - low));
    } else {
      CHECK(std::isnan(ratio.low));
      CHECK(std::isnan(ratio.high));
    }
  }
}

TEST_CASE("compare: costs are set against the effects the arms' outcomes give", "[compare]") {
  // compare_arms must feed cost_effectiveness the per-replicate extra cost
  // (b - a) and the leavers avoided (a - b): recompute both from the arms'
  // annual outcomes and compare exactly.
  const std::vector<std::string> overrides{"replicates=8", "weeks=104", "seed=4"};
  const SeriesTable a = run_file(kBaseline, overrides).series;
  const SeriesTable b = run_file(kAgileFlexitime, overrides).series;
  ComparisonSettings settings{{52, 104}, {}, {{"leavers_avoided", 20000.0}}};
  const Comparison comparison = compare_arms(a, b, {}, settings);
  REQUIRE(comparison.cost_effectiveness.size() == 4);  // two effects at two horizons
  const auto entry = [&](const std::string& effect, int week) {
    const auto found = std::find_if(
        comparison.cost_effectiveness.begin(), comparison.cost_effectiveness.end(),
        [&](const CostEffectiveness& ce) { return ce.week == week && ce.effect == effect; });
    REQUIRE(found != comparison.cost_effectiveness.end());
    return *found;
  };
  for (int week : {52, 104}) {
    const std::vector<double> cost_a = outcome(a, "cost", week), cost_b = outcome(b, "cost", week);
    const std::vector<double> leavers_a = outcome(a, "leavers", week);
    const std::vector<double> leavers_b = outcome(b, "leavers", week);
    std::vector<double> extra_cost, avoided;
    for (std::size_t r = 0; r < cost_a.size(); ++r) {
      extra_cost.push_back(cost_b[r] - cost_a[r]);
      avoided.push_back(leavers_a[r] - leavers_b[r]);
    }
    const CostEffectiveness leavers = entry("leavers_avoided", week);
    const CostEffectiveness expected = cost_effectiveness("leavers_avoided", leavers.label, week,
                                                          extra_cost, avoided, 20000.0, {});
    CHECK(leavers.cost.difference == expected.cost.difference);
    CHECK(leavers.gain.difference == expected.gain.difference);
    CHECK(leavers.probability == expected.probability);
    CHECK(leavers.net_benefit.difference == expected.net_benefit.difference);
    CHECK(test::same_values({leavers.icer}, {expected.icer}));
    CHECK(leavers.acceptability == expected.acceptability);
    // The other effect gets no net benefit: no value was stated for it.
    const CostEffectiveness burnout = entry("high_burnout_avoided", week);
    CHECK(std::isnan(burnout.net_benefit.difference));
    CHECK(burnout.cost.difference == leavers.cost.difference);
  }
}

TEST_CASE("compare: compare_arms rejects arms that cannot be paired", "[compare]") {
  const SeriesTable a = run_file(kBaseline, {"replicates=2", "weeks=8"}).series;
  const SeriesTable fewer = run_file(kBaseline, {"replicates=1", "weeks=8"}).series;
  const SeriesTable shorter = run_file(kBaseline, {"replicates=2", "weeks=6"}).series;
  CHECK_THROWS_AS(compare_arms(a, fewer, {}, {{8}, {}, {}}), std::invalid_argument);
  CHECK_THROWS_AS(compare_arms(a, shorter, {}, {{6}, {}, {}}), std::invalid_argument);
  CHECK_THROWS_AS(compare_arms(a, a, {}, {{9}, {}, {}}), std::invalid_argument);
  CHECK_THROWS_AS(compare_arms(a, a, {}, {{0}, {}, {}}), std::invalid_argument);
  CHECK(default_horizons(400) == std::vector<int>{52, 156, 260});
  CHECK(default_horizons(156) == std::vector<int>{52, 156});
  CHECK(default_horizons(30) == std::vector<int>{30});
}

// ---------------------------------------------------------------------------
// 4. Common random numbers shrink the interval
// ---------------------------------------------------------------------------

TEST_CASE("compare: common random numbers narrow the interval of a difference", "[compare]") {
  // With common random numbers both arms share every draw until the
  // interventions make them diverge, so Var(b - a) = 2 s^2 (1 - rho) with rho
  // near 1; with independent streams rho = 0. Measured with 8 pairs,
  // burnout_mean at week 156: width ratio 0.105 at seed 1 (0.06-0.08 at
  // seeds 2-5). The ratio of two sample sds over 7 df each strays from its
  // true value by at most a factor sqrt(F_{0.999}(7, 7)) = 3.9 (99.9 %), so a
  // true ratio of ~0.08 stays below 0.31: assert < 0.5. A ratio near 1
  // would mean the arms do not share their random numbers.
  const TempDir dir;
  const auto width = [&](bool independent) {
    std::vector<std::string> args{
        "compare",  kBaseline, kAgileFlexitime,
        "--format", "json",    "--horizons",
        "156",      "--weeks", "156",
        "--seed",   "1",       "--replicates",
        "8",        "-o",      (dir / (independent ? "independent.h5" : "crn.h5")).string()};
    if (independent) args.push_back("--independent-streams");
    const ProcessResult result = run_wfsim(args, {}, std::chrono::seconds(300));
    INFO(describe_command(args) << "\n" << result.describe());
    REQUIRE(result.exit_code == kExitOk);
    const nlohmann::json document = nlohmann::json::parse(result.out);
    CHECK(document.at("common_random_numbers").get<bool>() == !independent);
    for (const nlohmann::json& row : document.at("rows")) {
      if (row.at("metric") == "burnout_mean" && row.at("week") == 156)
        return json_number(row.at("ci_high")) - json_number(row.at("ci_low"));
    }
    FAIL("no burnout_mean row at week 156");
    return kNaN;
  };
  const double crn = width(false);
  const double independent = width(true);
  WARN("burnout_mean at week 156: interval width "
       << crn << " with common random numbers, " << independent
       << " with independent streams: ratio " << crn / independent);
  REQUIRE(std::isfinite(crn));
  REQUIRE(independent > 0);
  CHECK(crn / independent < 0.5);

  // The files record the pairing: B takes A's seed, or seed + 1 when independent.
  const test::H5File same(dir / "crn.h5");
  CHECK(same.int_attribute("common_random_numbers") == 1);
  CHECK(same.int_attribute("seed", "/a") == 1);
  CHECK(same.int_attribute("seed", "/b") == 1);
  const test::H5File apart(dir / "independent.h5");
  CHECK(apart.int_attribute("common_random_numbers") == 0);
  CHECK(apart.int_attribute("seed", "/a") == 1);
  CHECK(apart.int_attribute("seed", "/b") == 2);
}

// ---------------------------------------------------------------------------
// 5. Extending an ensemble
// ---------------------------------------------------------------------------

namespace {

// Bit-for-bit equality of replicate rows [from, from + count) of `whole`
// with rows [0, count) of `part`, every scope, metric and week.
void require_same_rows(const SeriesTable& whole, int from, const SeriesTable& part) {
  REQUIRE(part.scopes() == whole.scopes());
  REQUIRE(part.metrics() == whole.metrics());
  REQUIRE(part.weeks() == whole.weeks());
  int differing = 0;
  std::string first;
  for (std::size_t s = 0; s < whole.scopes().size(); ++s) {
    for (std::size_t m = 0; m < whole.metrics().size(); ++m) {
      for (int r = 0; r < part.replicates(); ++r) {
        for (int w = 0; w <= whole.weeks(); ++w) {
          const double x = whole.at(s, m, from + r, w), y = part.at(s, m, r, w);
          if (std::memcmp(&x, &y, sizeof x) != 0 && differing++ == 0) {
            first = fmt::format("scope '{}' {} replicate {} week {}: {} vs {}", whole.scopes()[s],
                                whole.metrics()[m], from + r, w, x, y);
          }
        }
      }
    }
  }
  INFO("first difference: " << first);
  CHECK(differing == 0);
}

}  // namespace

TEST_CASE("compare: replicates run from first_replicate equal those of one larger ensemble",
          "[compare]") {
  const Scenario scenario =
      load_scenario(kBaseline, {"replicates=6", "weeks=52", "seed=17"}, model::schema());
  const Simulation simulation = model::build_simulation(scenario);
  const auto run = [&](int first, int count) {
    EnsembleOptions options;
    options.seed = scenario.seed;
    options.weeks = scenario.weeks;
    options.first_replicate = first;
    options.replicates = count;
    return run_ensemble(simulation, options);
  };
  const EnsembleResult whole = run(0, 6);
  const EnsembleResult head = run(0, 3);
  const EnsembleResult tail = run(3, 3);
  REQUIRE(whole.series.replicates() == 6);
  REQUIRE(tail.series.replicates() == 3);
  require_same_rows(whole.series, 3, tail.series);
  CHECK(tail.weeks_completed == std::vector<int>(3, 52));
  // Replicate 3 is not replicate 0 under another name.
  bool differs = false;
  const std::size_t burnout = whole.series.metric_index("burnout_mean");
  for (int w = 1; w <= 52; ++w)
    differs = differs || whole.series.at(0, burnout, 0, w) != tail.series.at(0, burnout, 0, w);
  CHECK(differs);

  SeriesTable joined = head.series;
  joined.append_replicates(tail.series);
  REQUIRE(joined.replicates() == 6);
  require_same_rows(whole.series, 0, joined);

  const SeriesTable other_weeks = run_file(kBaseline, {"replicates=1", "weeks=10"}).series;
  CHECK_THROWS_AS(joined.append_replicates(other_weeks), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// 6. The compare command line
// ---------------------------------------------------------------------------

TEST_CASE("compare: CSV, JSON and the results file agree and follow the layout", "[compare]") {
  const TempDir dir;
  const std::vector<std::string> common{
      "compare", kBaseline,    kAgileFlexitime, "--replicates", "4", "--weeks",
      "104",     "--horizons", "52,104",        "--seed",       "9", "--threads",
      "2"};
  std::vector<std::string> csv_args = common;
  csv_args.insert(csv_args.end(), {"--format", "csv", "-o", (dir / "cmp.h5").string()});
  const ProcessResult csv = run_wfsim(csv_args, {}, std::chrono::seconds(300));
  INFO(describe_command(csv_args) << "\n" << csv.describe());
  REQUIRE(csv.exit_code == kExitOk);
  std::string header;
  const std::vector<CsvRow> rows = parse_csv(csv.out, header);
  CHECK(header == "metric,week,a_mean,b_mean,difference,ci_low,ci_high,probability_better");

  // Every required outcome at every horizon, each once; nothing unknown.
  const std::set<std::string> known = required_outcomes();
  std::multiset<std::pair<std::string, int>> seen;
  for (const CsvRow& row : rows) {
    INFO(row.metric << " at week " << row.week);
    CHECK(known.count(row.metric) == 1);
    CHECK((row.week == 52 || row.week == 104));
    seen.insert({row.metric, row.week});
    CHECK(row.probability_better >= 0.0);
    CHECK(row.probability_better <= 1.0);
    REQUIRE(std::isfinite(row.a_mean));
    REQUIRE(std::isfinite(row.b_mean));
    // The mean of the paired differences is the difference of the means, to rounding.
    const double scale = std::max({1.0, std::abs(row.a_mean), std::abs(row.b_mean)});
    CHECK(std::abs(row.difference - (row.b_mean - row.a_mean)) <= 1e-12 * scale);
    CHECK(row.low <= row.difference);
    CHECK(row.difference <= row.high);
  }
  for (const std::string& name : required_outcomes()) {
    for (int week : {52, 104}) {
      INFO(name << " at week " << week);
      CHECK(seen.count({name, week}) == 1);
    }
  }

  // JSON: the same numbers (both print round-trip precision), null for undefined.
  std::vector<std::string> json_args = common;
  json_args.insert(json_args.end(), {"--format", "json"});
  const ProcessResult json = run_wfsim(json_args, {}, std::chrono::seconds(300));
  INFO(describe_command(json_args) << "\n" << json.describe());
  REQUIRE(json.exit_code == kExitOk);
  const nlohmann::json document = nlohmann::json::parse(json.out);
  CHECK(document.at("replicates") == 4);
  CHECK(document.at("seed") == 9);
  CHECK(document.at("common_random_numbers") == true);
  CHECK(document.at("interval") == "t");
  const nlohmann::json& json_rows = document.at("rows");
  REQUIRE(json_rows.is_array());
  REQUIRE(json_rows.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const nlohmann::json& row = json_rows[i];
    INFO("JSON row " << i << ": " << row.dump());
    CHECK(row.at("metric") == rows[i].metric);
    CHECK(row.at("week") == rows[i].week);
    CHECK(row.at("replicates") == 4);
    CHECK(test::same_values(
        {json_number(row.at("a_mean")), json_number(row.at("b_mean")),
         json_number(row.at("difference")), json_number(row.at("ci_low")),
         json_number(row.at("ci_high")), json_number(row.at("probability_better"))},
        {rows[i].a_mean, rows[i].b_mean, rows[i].difference, rows[i].low, rows[i].high,
         rows[i].probability_better}));
  }

  // The results file: root attributes, both arms in the run layout, the table.
  const test::H5File file(dir / "cmp.h5");
  CHECK(file.string_attribute("kind") == "comparison");
  CHECK(file.int_attribute("seed") == 9);
  CHECK(file.int_attribute("replicates") == 4);
  CHECK(file.int_attribute("weeks") == 104);
  CHECK(file.int_attribute("complete") == 1);
  CHECK(file.string_attribute("interval") == "t");
  CHECK(file.int_attribute("common_random_numbers") == 1);
  const std::string scenario_a = file.string_attribute("scenario");
  const std::string scenario_b = file.string_attribute("scenario_b");
  CHECK_THAT(scenario_a, Contains("weeks: 104"));
  CHECK_THAT(scenario_b, Contains("weeks: 104"));
  CHECK(scenario_a != scenario_b);  // B has the interventions
  const std::vector<std::string> metrics{"headcount",
                                         "fte",
                                         "vacancies",
                                         "starters",
                                         "leavers",
                                         "absence_rate",
                                         "burnout_mean",
                                         "burnout_high_share",
                                         "caseload_mean",
                                         "agency_share",
                                         "supervision_contacts",
                                         "informal_contacts",
                                         "uptake/research_briefings",
                                         "uptake/reflective_case_discussion"};
  for (const std::string arm : {"a", "b"}) {
    for (const std::string& scope : {arm + "/series/", arm + "/orgs/la_midshire/series/"}) {
      for (const std::string& metric : metrics) {
        INFO(scope + metric);
        REQUIRE(file.is_dataset(scope + metric));
        CHECK(file.shape(scope + metric) == std::vector<hsize_t>{4, 105});
      }
    }
    for (const std::string column : {"id", "org", "team", "role", "burnout", "tenure_weeks"}) {
      INFO(arm << "/agents/final/" << column);
      CHECK(file.is_dataset(arm + "/agents/final/" + column));
    }
    REQUIRE(file.is_dataset(arm + "/run/weeks_completed"));
    CHECK(file.doubles(arm + "/run/weeks_completed") == std::vector<double>(4, 104));
  }
  const std::vector<std::string> table_metric = file.strings("comparison/metric");
  REQUIRE(table_metric.size() == rows.size());
  const std::vector<double> table_week = file.doubles("comparison/week");
  const std::vector<double> table_replicates = file.doubles("comparison/replicates");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("table row " << i);
    CHECK(table_metric[i] == rows[i].metric);
    CHECK(table_week[i] == rows[i].week);
    CHECK(table_replicates[i] == 4);
  }
  const auto column = [&](double CsvRow::*field) {
    std::vector<double> values;
    for (const CsvRow& row : rows) values.push_back(row.*field);
    return values;
  };
  CHECK(test::same_values(file.doubles("comparison/a_mean"), column(&CsvRow::a_mean)));
  CHECK(test::same_values(file.doubles("comparison/b_mean"), column(&CsvRow::b_mean)));
  CHECK(test::same_values(file.doubles("comparison/difference"), column(&CsvRow::difference)));
  CHECK(test::same_values(file.doubles("comparison/ci_low"), column(&CsvRow::low)));
  CHECK(test::same_values(file.doubles("comparison/ci_high"), column(&CsvRow::high)));

  // The table is computed from the series in the file: leavers over the
  // year to week 52, per replicate, then paired (sums of whole numbers:
  // exact up to one division's rounding).
  const std::vector<double> leavers_a = file.doubles("a/series/leavers");
  const std::vector<double> leavers_b = file.doubles("b/series/leavers");
  double sum_a = 0, sum_difference = 0;
  for (int r = 0; r < 4; ++r) {
    for (int w = 1; w <= 52; ++w) {
      const std::size_t at = static_cast<std::size_t>(r) * 105 + static_cast<std::size_t>(w);
      sum_a += leavers_a[at];
      sum_difference += leavers_b[at] - leavers_a[at];
    }
  }
  const auto leavers_row = std::find_if(rows.begin(), rows.end(), [](const CsvRow& row) {
    return row.metric == "leavers" && row.week == 52;
  });
  REQUIRE(leavers_row != rows.end());
  CHECK(leavers_row->a_mean == Approx(sum_a / 4).epsilon(1e-12));
  CHECK(leavers_row->difference == Approx(sum_difference / 4).epsilon(1e-12).margin(1e-12));
}

TEST_CASE("compare: usage errors exit 2 with a hint and write nothing", "[compare]") {
  const TempDir dir;
  struct Case {
    std::vector<std::string> extra;
    std::vector<std::string> fragments;
  };
  const std::vector<Case> cases{
      {{"--horizons", "999"}, {"--horizons", "999", "beyond", "--weeks 999"}},
      {{"--horizons", "52,abc"}, {"--horizons", "abc"}},
      {{"--replicates", "auto"}, {"--replicates auto", "--target-halfwidth"}},
      {{"--replicates", "1"}, {"--replicates"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args{"compare", kBaseline, kAgileFlexitime, "-o", "out.h5"};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    const ProcessResult result = run_wfsim(args, {dir.path()});
    INFO(describe_command(args) << "\n" << result.describe());
    CHECK(result.exit_code == kExitBadInput);
    for (const std::string& fragment : c.fragments) CHECK_THAT(result.err, Contains(fragment));
    CHECK(dir.entries().empty());  // no results file, no temporary left behind
  }
}

TEST_CASE("compare: --replicates auto adds pairs until the target half-width is met", "[compare]") {
  // Turnover's half-width at week 52 is about t x 0.0035 / sqrt(n) here
  // (measured sd of the paired differences 0.0035): 6 pairs give ~0.0037,
  // above the 0.002 target, so pairs must be added (~13-20 needed).
  constexpr double kTarget = 0.002;
  constexpr int kMax = 60;
  const std::vector<std::string> common{
      "compare",  kBaseline, kAgileFlexitime, "--weeks", "52",        "--horizons", "52",
      "--format", "json",    "--seed",        "3",       "--threads", "2"};
  std::vector<std::string> args = common;
  args.insert(args.end(), {"--replicates", "auto", "--target-metric", "turnover",
                           "--target-halfwidth", fmt::format("{}", kTarget), "--min-replicates",
                           "6", "--max-replicates", std::to_string(kMax)});
  const ProcessResult result = run_wfsim(args, {}, std::chrono::seconds(600));
  INFO(describe_command(args) << "\n" << result.describe());
  REQUIRE(result.exit_code == kExitOk);
  std::smatch match;
  REQUIRE(std::regex_search(result.err, match,
                            std::regex(R"(replicates auto: ([0-9]+) pairs give turnover)")));
  const int reported = std::stoi(match[1]);
  const bool hit_max = result.err.find("stopped at --max-replicates") != std::string::npos;
  const nlohmann::json document = nlohmann::json::parse(result.out);
  CHECK(document.at("replicates") == reported);
  double halfwidth = kNaN;
  for (const nlohmann::json& row : document.at("rows")) {
    if (row.at("metric") == "turnover" && row.at("week") == 52) {
      CHECK(row.at("replicates") == reported);
      halfwidth = (json_number(row.at("ci_high")) - json_number(row.at("ci_low"))) / 2;
    }
  }
  WARN("--replicates auto: " << reported << " pairs, turnover half-width " << halfwidth
                             << " (target " << kTarget << ")");
  CHECK(reported > 6);
  if (hit_max) {
    CHECK(reported == kMax);
  } else {
    CHECK(halfwidth <= kTarget);
  }

  // Pairs added in steps (first_replicate, append_replicates) are the same
  // pairs as one ensemble of that size: the table must be identical.
  std::vector<std::string> fixed = common;
  fixed.insert(fixed.end(), {"--replicates", std::to_string(reported)});
  const ProcessResult direct = run_wfsim(fixed, {}, std::chrono::seconds(600));
  INFO(describe_command(fixed) << "\n" << direct.describe());
  REQUIRE(direct.exit_code == kExitOk);
  CHECK(nlohmann::json::parse(direct.out).at("rows") == document.at("rows"));
}

TEST_CASE("compare: the results file of an adaptive run records the replicates it ran",
          "[compare]") {
  // README: the root `scenario` attribute is the fully resolved scenario to
  // "rerun with exactly this". After --replicates auto has grown the
  // ensemble, both arms' scenarios must say how many replicates they ran.
  const TempDir dir;
  const std::vector<std::string> args{"compare",
                                      kBaseline,
                                      kAgileFlexitime,
                                      "--weeks",
                                      "52",
                                      "--horizons",
                                      "52",
                                      "--seed",
                                      "3",
                                      "--replicates",
                                      "auto",
                                      "--target-metric",
                                      "turnover",
                                      "--target-halfwidth",
                                      "0.002",
                                      "--min-replicates",
                                      "6",
                                      "--format",
                                      "csv",
                                      "-o",
                                      (dir / "auto.h5").string()};
  const ProcessResult result = run_wfsim(args, {}, std::chrono::seconds(600));
  INFO(describe_command(args) << "\n" << result.describe());
  REQUIRE(result.exit_code == kExitOk);
  const test::H5File file(dir / "auto.h5");
  const std::int64_t replicates = file.int_attribute("replicates");
  CHECK(replicates > 6);  // pairs were added
  CHECK(file.shape("a/series/leavers") ==
        std::vector<hsize_t>{static_cast<hsize_t>(replicates), 53});
  const std::string line = fmt::format("replicates: {}\n", replicates);
  CHECK_THAT(file.string_attribute("scenario"), Contains(line));
  CHECK_THAT(file.string_attribute("scenario", "/a"), Contains(line));
  CHECK_THAT(file.string_attribute("scenario_b"), Contains(line));
}

TEST_CASE("compare: arms may differ in organisations; a shared one pairs exactly", "[compare]") {
  // B adds an organisation with no ties to A's: streams are keyed by each
  // agent's stable name, so A's organisation draws the same numbers in both
  // arms and every difference for it is exactly 0.
  const TempDir dir;
  dir.write("south.yaml",
            "name: south\nseed: 5\nweeks: 52\nreplicates: 4\n"
            "organisations:\n  - id: south\n    sector: local_authority\n    teams:\n"
            "      - {id: cp_1, function: child_protection, size: 8}\n"
            "      - {id: cic_1, function: children_in_care, size: 8}\n");
  dir.write("both.yaml",
            "extends: south.yaml\nname: both\n"
            "organisations:\n  - id: north\n    sector: local_authority\n    teams:\n"
            "      - {id: cp_1, function: child_protection, size: 12}\n");
  const ProcessResult whole = run_wfsim({"compare", "south.yaml", "both.yaml"}, {dir.path()});
  INFO(whole.describe());
  REQUIRE(whole.exit_code == kExitOk);
  CHECK_THAT(whole.out, Contains("organisations only in b: north\n"));

  const ProcessResult shared = run_wfsim(
      {"compare", "south.yaml", "both.yaml", "--organisation", "south", "--format", "json"},
      {dir.path()});
  INFO(shared.describe());
  REQUIRE(shared.exit_code == kExitOk);
  const nlohmann::json document = nlohmann::json::parse(shared.out);
  CHECK(document["organisation"] == "south");
  CHECK(document["organisations_only_in_b"] == nlohmann::json::array({"north"}));
  REQUIRE(!document["rows"].empty());
  for (const nlohmann::json& row : document["rows"]) {
    INFO(row.dump());
    CHECK(row["difference"] == 0.0);
    CHECK(row["ci_low"] == 0.0);
    CHECK(row["ci_high"] == 0.0);
  }

  const ProcessResult one_arm =
      run_wfsim({"compare", "south.yaml", "both.yaml", "--organisation", "north"}, {dir.path()});
  CHECK(one_arm.exit_code == kExitBadInput);
  CHECK_THAT(one_arm.err, Contains("--organisation north: only one arm has this organisation"));
  CHECK_THAT(one_arm.err, Contains("organisations in both arms: south"));
  const ProcessResult neither =
      run_wfsim({"compare", "south.yaml", "both.yaml", "--organisation", "east"}, {dir.path()});
  CHECK(neither.exit_code == kExitBadInput);
  CHECK_THAT(neither.err, Contains("neither arm has an organisation of this id"));
}

TEST_CASE("compare: the baseline against its co-located partner, as the scenario says",
          "[compare]") {
  const ProcessResult result =
      run_wfsim({"compare", kBaseline, WFSIM_SOURCE_DIR "/scenarios/colocated_partner.yaml",
                 "--replicates", "2", "--weeks", "8", "--organisation", "la_midshire"});
  INFO(result.describe());
  CHECK(result.exit_code == kExitOk);
  CHECK_THAT(result.out, Contains("organisations only in b: community_health"));
  CHECK_THAT(result.out, Contains("outcomes of organisation la_midshire only"));
}

TEST_CASE("compare: nothing silent: B's own settings given way to A's, options without effect",
          "[compare]") {
  // B's own seed and weeks give way to A's (pairing needs them equal): said on stderr.
  const ProcessResult follows =
      run_wfsim({"compare", kBaseline, WFSIM_SOURCE_DIR "/scenarios/hei_link.yaml", "--replicates",
                 "2", "--weeks", "8", "--set-b", "seed=7", "--set-b", "weeks=20"});
  INFO(follows.describe());
  CHECK(follows.exit_code == kExitOk);
  CHECK_THAT(follows.err, Contains("wfsim: warning: b's seed 7 is replaced by 2026"));
  CHECK_THAT(follows.err, Contains("wfsim: warning: b's weeks 20 is replaced by 8"));
  const ProcessResult quiet =
      run_wfsim({"compare", kBaseline, WFSIM_SOURCE_DIR "/scenarios/hei_link.yaml", "--replicates",
                 "2", "--weeks", "8"});
  CHECK_THAT(quiet.err, !Contains("warning"));
  // Options that steer only --replicates auto are refused without it.
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--target-halfwidth", "0.01"},
        std::vector<std::string>{"--target-metric", "burnout_mean"},
        std::vector<std::string>{"--min-replicates", "4"},
        std::vector<std::string>{"--max-replicates", "40"}}) {
    std::vector<std::string> args{"compare", kBaseline, kAgileFlexitime, "--replicates", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    const ProcessResult result = run_wfsim(args);
    INFO(result.describe());
    CHECK(result.exit_code == kExitBadInput);
    CHECK_THAT(result.err, Contains(extra[0] + ": only used with --replicates auto"));
  }
}

TEST_CASE("compare: overrides in the header; horizons and resamples in the file", "[compare]") {
  const TempDir dir;
  const std::string out = (dir / "c.h5").string();
  const ProcessResult table =
      run_wfsim({"compare", kBaseline, kAgileFlexitime, "--replicates", "2", "--weeks", "8",
                 "--horizons", "4,8", "--interval", "bootstrap", "--resamples", "300", "--set",
                 "costs.agency_premium_per_day=200", "--set-b",
                 "parameters.leaving.annual_rate=0.2", "-o", out});
  INFO(table.describe());
  REQUIRE(table.exit_code == kExitOk);
  CHECK_THAT(table.out, Contains("set in both arms: costs.agency_premium_per_day=200\n"));
  CHECK_THAT(table.out, Contains("set in b: parameters.leaving.annual_rate=0.2\n"));
  const test::H5File file(out);
  CHECK(file.attribute_text("horizons") == "4,8");
  CHECK(file.attribute_text("resamples") == "300");
  CHECK(file.attribute_text("interval") == "bootstrap");
  const ProcessResult json = run_wfsim({"compare", kBaseline, kAgileFlexitime, "--replicates", "2",
                                        "--weeks", "8", "--set-a", "seed=3", "--format", "json"});
  INFO(json.describe());
  REQUIRE(json.exit_code == kExitOk);
  const nlohmann::json document = nlohmann::json::parse(json.out);
  CHECK(document["set_a"] == nlohmann::json::array({"seed=3"}));
  // CSV: comment lines before the header name what was set.
  const ProcessResult csv = run_wfsim({"compare", kBaseline, kAgileFlexitime, "--replicates", "2",
                                       "--weeks", "8", "--set-b", "seed=3", "--format", "csv"});
  INFO(csv.describe());
  REQUIRE(csv.exit_code == kExitOk);
  CHECK(csv.out.rfind("# set in b: seed=3\nmetric,week,a_mean,b_mean,difference,", 0) == 0);
  // Without overrides the CSV opens with its header.
  const ProcessResult plain = run_wfsim({"compare", kBaseline, kAgileFlexitime, "--replicates", "2",
                                         "--weeks", "8", "--format", "csv"});
  CHECK(plain.out.rfind("metric,week,", 0) == 0);
  CHECK(document["set"].empty());
  CHECK(document["set_b"].empty());
}
