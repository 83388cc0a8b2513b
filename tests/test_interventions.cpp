// Each shipped intervention scenario against the baseline, in its documented
// direction. Both arms share the seed (common random numbers), so each
// replicate gives a paired difference; an effect counts when the mean paired
// difference exceeds 3 standard errors of those differences (SE = sd / sqrt(R)).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "tests/model_harness.hpp"

using namespace wfsim;

namespace {

constexpr int kReplicates = 12;

SeriesTable run(const std::string& scenario, int weeks,
                const std::vector<std::string>& extra = {}) {
  // Defaults first: a later override of the same key wins.
  std::vector<std::string> overrides{"replicates=" + std::to_string(kReplicates),
                                     "weeks=" + std::to_string(weeks)};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  return test::run_scenario(load_scenario(WFSIM_SOURCE_DIR "/scenarios/" + scenario + ".yaml",
                                          overrides, model::schema()))
      .series;
}

struct Paired {
  double mean = 0.0;
  double se = 0.0;
};

// Paired difference (b - a) of a whole-system metric averaged over weeks [from, to].
// Mean and standard error (sd / sqrt(n)) of per-replicate differences.
Paired summarise(const std::vector<double>& d) {
  Paired result;
  for (double x : d) result.mean += x / static_cast<double>(d.size());
  double squares = 0.0;
  for (double x : d) squares += (x - result.mean) * (x - result.mean);
  result.se =
      std::sqrt(squares / static_cast<double>(d.size() - 1) / static_cast<double>(d.size()));
  return result;
}

Paired difference(const SeriesTable& a, const SeriesTable& b, const std::string& metric, int from,
                  int to) {
  const std::size_t m = a.metric_index(metric);
  std::vector<double> d;
  for (int r = 0; r < a.replicates(); ++r) {
    double sum = 0.0;
    for (int week = from; week <= to; ++week) sum += b.at(0, m, r, week) - a.at(0, m, r, week);
    d.push_back(sum / (to - from + 1));
  }
  return summarise(d);
}

}  // namespace

TEST_CASE("flexitime lowers burnout and adds pressure on colleagues", "[interventions]") {
  const SeriesTable base = run("baseline", 52);
  const SeriesTable flexi = run("flexitime_compressed", 52);
  const Paired burnout = difference(base, flexi, "burnout_mean", 40, 52);
  const Paired pressure = difference(base, flexi, "pressure_mean", 1, 52);
  INFO("burnout " << burnout.mean << " (SE " << burnout.se << "), pressure " << pressure.mean);
  CHECK(burnout.mean < -3 * burnout.se);
  CHECK(pressure.mean > 3 * pressure.se);
}

TEST_CASE("agile working lowers informal contact and supervision", "[interventions]") {
  const SeriesTable base = run("baseline", 26);
  const SeriesTable agile = run("agile_hotdesking", 26);
  const Paired informal = difference(base, agile, "informal_contacts", 1, 26);
  const Paired supervision = difference(base, agile, "supervision_contacts", 1, 26);
  INFO("informal " << informal.mean << ", supervision " << supervision.mean);
  CHECK(informal.mean < -3 * informal.se);
  CHECK(supervision.mean < -3 * supervision.se);
}

TEST_CASE("an HEI link raises use of published research", "[interventions]") {
  const SeriesTable base = run("baseline", 78);
  const SeriesTable linked = run("hei_link", 78);
  const Paired published = difference(base, linked, "uptake/research_briefings", 52, 78);
  INFO("research_briefings " << published.mean << " (SE " << published.se << ")");
  CHECK(published.mean > 3 * published.se);
}

TEST_CASE("a symbolic award helps early and less by 26 weeks on", "[interventions]") {
  // Award at week 26: the burnout gap in the weeks just after it is larger
  // than the gap 26 weeks later, and both favour the award.
  const SeriesTable base = run("baseline", 52);
  const SeriesTable award = run("symbolic_award", 52);
  const Paired early = difference(base, award, "burnout_mean", 30, 34);
  const Paired late = difference(base, award, "burnout_mean", 52, 52);
  INFO("early " << early.mean << " (SE " << early.se << "), late " << late.mean << " (SE "
                << late.se << ")");
  CHECK(early.mean < -3 * early.se);
  // The fade: the paired change from early to late is itself beyond 3 SE.
  const std::size_t m = base.metric_index("burnout_mean");
  std::vector<double> fade;
  for (int r = 0; r < base.replicates(); ++r) {
    double early_gap = 0.0;
    for (int week = 30; week <= 34; ++week)
      early_gap += (award.at(0, m, r, week) - base.at(0, m, r, week)) / 5;
    fade.push_back((award.at(0, m, r, 52) - base.at(0, m, r, 52)) - early_gap);
  }
  const Paired fading = summarise(fade);
  CHECK(fading.mean > 3 * fading.se);
}

TEST_CASE("peer messages at the social-work trials' effect change nothing", "[interventions]") {
  // The default follows seed 004 RCT 2 and 3 (no detectable effect): with
  // common random numbers the two arms are identical, not merely close.
  const SeriesTable base = run("baseline", 26);
  const SeriesTable messages = run("peer_messages", 26);
  const std::size_t m = base.metric_index("burnout_mean");
  for (int r = 0; r < base.replicates(); ++r) {
    for (int week = 0; week <= 26; ++week)
      REQUIRE(messages.at(0, m, r, week) == base.at(0, m, r, week));
  }
  // Linos et al.'s 911 effect, as a sensitivity case, does lower burnout.
  const SeriesTable strong =
      run("peer_messages", 26, {"interventions.0.parameters.recognition_level=1"});
  const Paired burnout = difference(base, strong, "burnout_mean", 8, 26);
  CHECK(burnout.mean < -3 * burnout.se);
}

TEST_CASE("dictation software lowers pressure as it is taken up", "[interventions]") {
  const SeriesTable base = run("baseline", 52);
  const SeriesTable dictation = run("dictation_software", 52);
  const Paired pressure = difference(base, dictation, "pressure_mean", 26, 52);
  INFO("pressure " << pressure.mean << " (SE " << pressure.se << ")");
  CHECK(pressure.mean < -3 * pressure.se);
}

TEST_CASE("the champion leaving lowers evidence use", "[interventions]") {
  // A smaller effect than the others (a few points of uptake): 48 replicates.
  const SeriesTable base = run("baseline", 104, {"replicates=48"});
  const SeriesTable gone = run("champion_leaves", 104, {"replicates=48"});
  for (const char* item : {"uptake/research_briefings", "uptake/reflective_case_discussion"}) {
    const Paired use = difference(base, gone, item, 60, 104);
    INFO(item << " " << use.mean << " (SE " << use.se << ")");
    CHECK(use.mean < -3 * use.se);
  }
}

TEST_CASE("open-plan seating without team blocs raises contact across teams", "[interventions]") {
  const SeriesTable base = run("baseline", 26);
  const SeriesTable open_plan = run("open_plan_mixed", 26);
  const Paired across = difference(base, open_plan, "cross_team_contacts", 1, 26);
  INFO("cross-team " << across.mean << " (SE " << across.se << ")");
  CHECK(across.mean > 3 * across.se);
}

TEST_CASE("a co-located partner agency brings contact across agencies", "[interventions]") {
  // The baseline has one organisation, so any cross-agency contact is new;
  // the check that matters is that it comes from sharing the office: the
  // same partner in an office of its own has none.
  const SeriesTable shared = run("colocated_partner", 26);
  const SeriesTable apart =
      run("colocated_partner", 26, {"organisations.1.teams.0.office=elsewhere"});
  const Paired agency = difference(apart, shared, "cross_agency_contacts", 1, 26);
  INFO("cross-agency " << agency.mean << " (SE " << agency.se << ")");
  CHECK(agency.mean > 3 * agency.se);
  const std::size_t m = apart.metric_index("cross_agency_contacts");
  for (int week = 1; week <= 26; ++week) CHECK(apart.at(0, m, 0, week) == 0.0);
}

TEST_CASE("a training programme raises use of the trained practice", "[interventions]") {
  const SeriesTable base = run("baseline", 52);
  const SeriesTable trained = run("training_programme", 52);
  const Paired use = difference(base, trained, "uptake/reflective_case_discussion", 26, 52);
  const Paired other = difference(base, trained, "uptake/research_briefings", 26, 52);
  INFO("trained item " << use.mean << " (SE " << use.se << "), other item " << other.mean);
  CHECK(use.mean > 3 * use.se);
  CHECK(use.mean > other.mean);  // it is that item, not evidence use in general, that rises
}

TEST_CASE("a key worker service supports key workers at a cost in pressure", "[interventions]") {
  const SeriesTable base = run("baseline", 26);
  const SeriesTable key = run("key_worker", 26);
  const Paired supervision = difference(base, key, "supervision_quality", 1, 26);
  const Paired pressure = difference(base, key, "pressure_mean", 1, 26);
  INFO("supervision quality " << supervision.mean << ", pressure " << pressure.mean);
  CHECK(supervision.mean > 3 * supervision.se);
  CHECK(pressure.mean > 3 * pressure.se);  // protected time comes off case work
}

TEST_CASE("action research groups take up their practice and add pressure", "[interventions]") {
  const SeriesTable base = run("baseline", 30);
  const SeriesTable groups = run("action_research_groups", 30);
  const Paired use = difference(base, groups, "uptake/reflective_case_discussion", 10, 30);
  const Paired pressure = difference(base, groups, "pressure_mean", 5, 30);
  INFO("use " << use.mean << " (SE " << use.se << "), pressure " << pressure.mean);
  CHECK(use.mean > 3 * use.se);
  CHECK(pressure.mean > 3 * pressure.se);  // the meetings sit on top of usual duties
}

TEST_CASE("a gatekeeper who always blocks stops the spread beyond the group", "[interventions]") {
  // Publication, when allowed, reaches non-members; with certain blocking the
  // practice stays with the group, so use beyond week 30 is lower.
  const SeriesTable published =
      run("action_research_groups", 60, {"interventions.0.parameters.block_probability=0"});
  const SeriesTable blocked =
      run("action_research_groups", 60, {"interventions.0.parameters.block_probability=1"});
  const Paired spread = difference(blocked, published, "uptake/reflective_case_discussion", 31, 60);
  INFO("published minus blocked " << spread.mean << " (SE " << spread.se << ")");
  CHECK(spread.mean > 3 * spread.se);
}

TEST_CASE("promotion without bias raises the minority share among managers", "[interventions]") {
  // Promotions are rare (a few team-manager posts a year), so the effect of
  // paired review takes years: 32 replicates over 10 years, with the bias
  // removed entirely (bias_reduction 1) to test the mechanism. The shipped
  // scenario's half-strength effect is measured in docs/scenarios.md.
  const std::vector<std::string> long_run{"replicates=32", "weeks=520"};
  const SeriesTable base = run("baseline", 520, long_run);
  std::vector<std::string> unbiased = long_run;
  unbiased.push_back("interventions.0.parameters.bias_reduction=1");
  const SeriesTable review = run("recruitment_paired_review", 520, unbiased);
  const Paired share = difference(base, review, "manager_minority_share", 104, 520);
  INFO("manager minority share " << share.mean << " (SE " << share.se << ")");
  CHECK(share.mean > 3 * share.se);
}

TEST_CASE("the council wellbeing package lowers burnout and leaving", "[interventions]") {
  const SeriesTable base = run("baseline", 104);
  const SeriesTable package = run("council_wellbeing_package", 104);
  const Paired burnout = difference(base, package, "burnout_mean", 53, 104);
  const Paired leavers = difference(base, package, "leavers", 1, 104);
  INFO("burnout " << burnout.mean << ", weekly leavers " << leavers.mean);
  CHECK(burnout.mean < -3 * burnout.se);
  CHECK(leavers.mean < -3 * leavers.se);
}

TEST_CASE("in the survey region, HEI-linked organisations use published research more",
          "[interventions]") {
  // model.md pattern (seed 000 4.1-4.3), compared within organisations with
  // and within those without a research lead, so the lead does not confound
  // it. Per replicate: mean use among linked minus among unlinked, weeks
  // 104-156; the mean of those differences must exceed 3 SE.
  const SeriesTable region = run("survey_region", 156);
  const std::size_t metric = region.metric_index("uptake/research_briefings");
  const auto scope = [&](const std::string& org) {
    const auto& scopes = region.scopes();
    return static_cast<std::size_t>(std::find(scopes.begin(), scopes.end(), org) - scopes.begin());
  };
  const auto mean_use = [&](const std::vector<std::string>& orgs, int r) {
    double sum = 0.0;
    for (const std::string& org : orgs) {
      for (int week = 104; week <= 156; ++week) sum += region.at(scope(org), metric, r, week);
    }
    return sum / static_cast<double>(orgs.size() * 53);
  };
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> groups{
      {{"la_learning_500", "vol_youth_320"},
       {"vol_families_500", "la_integrated_500"}},                                   // with a lead
      {{"vol_multi_500", "vol_wfd_110"}, {"vol_policy_300", "vol_early_years_27"}},  // without
  };
  for (const auto& [linked, unlinked] : groups) {
    std::vector<double> d;
    for (int r = 0; r < region.replicates(); ++r)
      d.push_back(mean_use(linked, r) - mean_use(unlinked, r));
    const Paired gap = summarise(d);
    INFO(linked.front() << " group: linked minus unlinked " << gap.mean << " (SE " << gap.se
                        << ")");
    CHECK(gap.mean > 3 * gap.se);
  }
}
