// Interventions that change tools and links to research.
//
// `dictation_software` (seed 004 pilot 1): targeted staff take up the
// software slowly and unevenly (weekly probability `adoption_rate` while the
// intervention runs); an adopter's administrative share falls by
// `admin_cut` for as long as they stay. Expected: more capacity for cases,
// less pressure, among adopters.
//
// `hei_link` (seed 000 4.1-4.3, case study 1): while it runs, the targeted
// organisations' link with a university has strength `strength` (postgraduate
// study, knowledge transfer partnership, access to published research),
// raising adoption of published research (uptake.hei_effect).
#include <algorithm>
#include <memory>

#include "models/interventions/targeting.hpp"
#include "sim/context.hpp"
#include "sim/intervention.hpp"
#include "sim/org_parameters.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kAdoption{"dictation_software.adoption"};

class DictationSoftware final : public InterventionProcess {
 public:
  DictationSoftware(const InterventionSpec& spec, const Scenario& scenario, const World& world)
      : InterventionProcess(spec),
        targeted_(targeted_posts(world, spec, scenario.seed)),
        adoption_rate_(spec.parameters.at("adoption_rate")),
        keep_(static_cast<float>(1.0 - spec.parameters.at("admin_cut"))),
        bit_(intervention_bit(spec)) {}

  ColumnAccess access() const override {
    return {{"present"}, {"admin_share", "participating"}, {}, false};
  }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    const Purpose purpose = kAdoption.indexed(static_cast<std::uint32_t>(spec().index));
    context.for_each_post([&](std::uint32_t post) {
      if (!targeted_[post] || !s.present[post] || (s.participating[post] & bit_) != 0) return;
      RandomStream draw = context.post_stream(post, purpose);
      if (!draw.bernoulli(adoption_rate_)) return;
      s.participating[post] |= bit_;  // an adopter: keeps it, and its licence
      s.admin_share[post] *= keep_;
    });
  }

 private:
  std::vector<std::uint8_t> targeted_;
  double adoption_rate_;
  float keep_;
  std::uint32_t bit_;
};

class HeiLink final : public InterventionProcess {
 public:
  HeiLink(const InterventionSpec& spec, const Scenario& scenario, const World& world)
      : InterventionProcess(spec),
        targeted_(targeted_organisations(world, spec)),
        base_(per_organisation(scenario, "organisation.hei_link")),
        strength_(static_cast<float>(spec.parameters.at("strength"))) {}

  ColumnAccess access() const override {
    return {{"recognition", "knowledge"}, {"hei_link"}, {}, false};
  }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    for (std::size_t org = 0; org < targeted_.size(); ++org) {
      if (targeted_[org]) s.hei_link[org] = std::max(strength_, static_cast<float>(base_[org]));
    }
  }
  void end(WeekContext& context) const override {
    ReplicateState& s = context.state();
    for (std::size_t org = 0; org < targeted_.size(); ++org) {
      if (targeted_[org]) s.hei_link[org] = static_cast<float>(base_[org]);
    }
  }

 private:
  std::vector<std::uint8_t> targeted_;
  std::vector<double> base_;
  float strength_;
};

}  // namespace

const InterventionRegistrar kRegisterDictationSoftware{[] {
  using K = ParameterSpec::Kind;
  return InterventionRegistration{
      "dictation_software",
      "speech-to-text for case recording, taken up slowly (seed 004 pilot 1)",
      {{"adoption_rate", K::real, 0.02, 0.0, 1.0, "1/week",
        "weekly probability that a targeted practitioner starts using it",
        "assumed; seed 004 pilot 1 found slow and uneven take-up"},
       {"admin_cut", K::real, 0.3, 0.0, 1.0, "share",
        "relative cut in an adopter's administrative time", "assumed"}},
      [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
        return std::make_unique<DictationSoftware>(spec, scenario, world);
      },
      /*needs_evidence=*/false,
      /*one_off=*/false,
      {7.0, 0.0, "assumed: a cloud speech-recognition licence, about £30 per user a month"}};
}()};

const InterventionRegistrar kRegisterHeiLink{[] {
  using K = ParameterSpec::Kind;
  return InterventionRegistration{
      "hei_link",
      "a university partnership: postgraduate study, KTP, access to research (seed 000 4.1-4.3)",
      {{"strength", K::real, 1.0, 0.0, 1.0, "0-1", "strength of the link while it runs",
        "assumed; seed 000: four of nine organisations had such links"}},
      [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
        return std::make_unique<HeiLink>(spec, scenario, world);
      },
      /*needs_evidence=*/false,
      /*one_off=*/false,
      {0.0, 1000.0,
       "assumed: about £52,000 a year for a university partnership (postgraduate places, a "
       "knowledge transfer partnership or a practice-research post; seed 000 4.1-4.3)"}};
}()};

}  // namespace wfsim::model
