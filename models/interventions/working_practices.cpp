// Interventions that change where and when people work.
//
// `agile_working` (seed 003; Jeyasingham; Engelen et al. 2019; Gajendran &
// Harrison 2007): targeted staff give up fixed desks (sitting each week next
// to people drawn from the whole organisation) and work `home_days_per_week`
// days a week from home. Expected: more flexibility, less informal team
// contact and supervision.
//
// `flexitime` (seed 004 pilot 2; Baltes et al. 1999; the UK four-day-week
// pilot): targeted staff work their hours as a four-day week or a nine-day
// fortnight. Expected: less burnout for them (an extra rest day), more
// pressure on colleagues who cover duty on their days off.
//
// Both act each week inside [start_week, end_week), before the rota (which
// works out the week's days from the pattern and the home days they set), and
// return targeted staff to fixed desks and standard weeks when they end.
#include <algorithm>
#include <cmath>
#include <memory>

#include "models/interventions/targeting.hpp"
#include "sim/context.hpp"
#include "sim/intervention.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kHomeDays{"agile_working.home_days"};

class AgileWorking final : public InterventionProcess {
 public:
  AgileWorking(const InterventionSpec& spec, const Scenario& scenario, const World& world)
      : InterventionProcess(spec),
        targeted_(targeted_posts(world, spec, scenario.seed)),
        home_days_(spec.parameters.at("home_days_per_week")),
        hot_desk_(spec.parameters.at("hot_desking") != 0.0),
        bit_(intervention_bit(spec)) {}

  ColumnAccess access() const override {
    return {{"occupancy"},
            {"hot_desk", "required_home_days", "participating", "undo_on_end"},
            {},
            false};
  }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    const Purpose purpose = kHomeDays.indexed(static_cast<std::uint32_t>(spec().index));
    context.for_each_post([&](std::uint32_t post) {
      if (!targeted_[post] || s.occupancy[post] == Occupancy::vacant) return;
      // Its participants (whom the cost series counts): the people it gave a
      // hot desk, or without hot-desking everyone it reaches.
      if (!hot_desk_) {
        s.participating[post] |= bit_;
      } else if (!s.hot_desk[post]) {
        s.hot_desk[post] = 1;
        s.participating[post] |= bit_;
        s.undo_on_end[post] |= bit_;
      }
      const double whole = std::floor(home_days_);
      RandomStream draw = context.post_stream(post, purpose);
      const int home = static_cast<int>(whole) + (draw.bernoulli(home_days_ - whole) ? 1 : 0);
      s.required_home_days[post] =
          static_cast<std::uint8_t>(std::max<int>(s.required_home_days[post], home));
    });
  }

  void end(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      if (!targeted_[post] || s.occupancy[post] == Occupancy::vacant) return;
      // Undo only what this intervention did (a newcomer's own desk stays).
      if ((s.undo_on_end[post] & bit_) != 0) s.hot_desk[post] = 0;
      s.participating[post] &= ~bit_;
      s.undo_on_end[post] &= ~bit_;
    });
  }

 private:
  std::vector<std::uint8_t> targeted_;
  double home_days_;
  bool hot_desk_;
  std::uint32_t bit_;
};

class Flexitime final : public InterventionProcess {
 public:
  Flexitime(const InterventionSpec& spec, const Scenario& scenario, const World& world)
      : InterventionProcess(spec),
        targeted_(targeted_posts(world, spec, scenario.seed)),
        pattern_(spec.parameters.at("nine_day_fortnight") != 0.0
                     ? WorkingPattern::nine_day_fortnight
                     : WorkingPattern::four_day_week),
        bit_(intervention_bit(spec)) {}

  ColumnAccess access() const override {
    return {{"occupancy"}, {"pattern", "participating", "undo_on_end"}, {}, false};
  }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      if (!targeted_[post] || s.occupancy[post] == Occupancy::vacant) return;
      if (s.pattern[post] != pattern_) {
        s.participating[post] |= bit_;
        s.undo_on_end[post] |= bit_;
      }
      s.pattern[post] = pattern_;
    });
  }

  void end(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      if (!targeted_[post] || s.occupancy[post] == Occupancy::vacant) return;
      // Undo only what this intervention did (a newcomer's own pattern stays).
      if ((s.undo_on_end[post] & bit_) == 0) return;
      s.pattern[post] = WorkingPattern::standard;
      s.participating[post] &= ~bit_;
      s.undo_on_end[post] &= ~bit_;
    });
  }

 private:
  std::vector<std::uint8_t> targeted_;
  WorkingPattern pattern_;
  std::uint32_t bit_;
};

using K = ParameterSpec::Kind;

const InterventionRegistrar kAgileWorking{
    {"agile_working",
     "hot-desking and home working for the targeted staff (seed 003)",
     {{"home_days_per_week", K::real, 2.0, 0.0, 5.0, "days/week", "days a week worked from home",
       "assumed; seed 003 teams worked partly from home"},
      {"hot_desking", K::boolean, 1.0, 0.0, 1.0, "", "give up fixed desks",
       "seed 003 (agile working with hot-desking)"}},
     [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
       return std::make_unique<AgileWorking>(spec, scenario, world);
     },
     /*needs_evidence=*/false,
     /*one_off=*/false,
     {5.0, 0.0,
      "assumed: laptop, headset and phone for home working, about £800 a person over three "
      "years; office savings are not counted"}}};

const InterventionRegistrar kFlexitime{
    {"flexitime",
     "compressed hours (four-day week or nine-day fortnight) for the targeted staff "
     "(seed 004 pilot 2)",
     {{"nine_day_fortnight", K::boolean, 0.0, 0.0, 1.0, "",
       "a nine-day fortnight instead of a four-day week",
       "seed 004 pilot 2 offered both patterns"}},
     [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
       return std::make_unique<Flexitime>(spec, scenario, world);
     },
     /*needs_evidence=*/false,
     /*one_off=*/false,
     {0.0, 0.0,
      "assumed none: hours are unchanged, and the cover colleagues give is modelled as "
      "pressure, not money"}}};

}  // namespace

}  // namespace wfsim::model
