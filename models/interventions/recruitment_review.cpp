// Intervention `recruitment_paired_review` (seed 004 RCT 4, after Bohnet,
// van Geen & Bazerman 2016): while it runs, candidates for promotion in the
// targeted organisations are reviewed in pairs (joint evaluation), which cuts
// the organisation's promotion bias by `bias_reduction`. The trial found
// minority ethnic candidates were progressed much more often under joint
// review (p < 0.01) and no difference from blinding CVs; a blinded-CV variant
// is this intervention with bias_reduction 0. Expected: a slowly rising share
// of minority ethnic staff among managers.
#include <memory>

#include "models/interventions/targeting.hpp"
#include "sim/context.hpp"
#include "sim/intervention.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

class PairedReview final : public InterventionProcess {
 public:
  PairedReview(const InterventionSpec& spec, const Scenario& scenario, const World& world)
      : InterventionProcess(spec),
        targeted_(targeted_organisations(world, spec)),
        base_bias_(scenario.parameters.real("recruitment.promotion_bias")),
        keep_(1.0 - spec.parameters.at("bias_reduction")) {}

  ColumnAccess access() const override { return {{"minority"}, {"promotion_bias"}, {}, false}; }

  void step(WeekContext& context) const override { set_bias(context, base_bias_ * keep_); }
  void end(WeekContext& context) const override { set_bias(context, base_bias_); }

 private:
  void set_bias(WeekContext& context, double bias) const {
    ReplicateState& s = context.state();
    for (std::size_t org = 0; org < targeted_.size(); ++org) {
      if (targeted_[org]) s.promotion_bias[org] = static_cast<float>(bias);
    }
  }

  std::vector<std::uint8_t> targeted_;
  double base_bias_;
  double keep_;
};

}  // namespace

const InterventionRegistrar kRegisterRecruitmentPairedReview{[] {
  using K = ParameterSpec::Kind;
  return InterventionRegistration{
      "recruitment_paired_review",
      "promotion candidates reviewed in pairs, reducing bias (seed 004 RCT 4)",
      {{"bias_reduction", K::real, 0.5, 0.0, 1.0, "share",
        "relative cut in promotion bias under joint review (0 for blinded CVs)",
        "assumed size; seed 004 RCT 4: joint review progressed minority ethnic candidates much "
        "more often (p < 0.01); blinding made no significant difference"}},
      [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
        return std::make_unique<PairedReview>(spec, scenario, world);
      },
      /*needs_evidence=*/false,
      /*one_off=*/false,
      {0.0, 20.0, "assumed: half an hour a week of a second reviewer's time at £40 an hour"}};
}()};

}  // namespace wfsim::model
