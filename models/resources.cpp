// Resources (job demands-resources; Bakker, Demerouti & Euwema 2005): the
// supervision a practitioner receives, degraded when the supervisor is
// burnt out, peer support from informal contact, and autonomy for those who
// work flexibly (model.md: "autonomy (flexible working)"). Recognition (from
// awards and messages of thanks) fades with a time constant. Each is scaled to 0-1
// against a reference level; the resources index is their mean, plus a bonus
// for flexible working, capped at 1.
//   supervision quality = received hours x (1 - quality_loss x max(0, b_sup - 50) / 50) / reference
#include <algorithm>
#include <cmath>
#include <memory>

#include "models/contact.hpp"
#include "sim/context.hpp"
#include "sim/per_post_process.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

class Resources final : public PerPostProcess {
 public:
  explicit Resources(const ParameterValues& p)
      : supervision_hours_(p.real("contact.supervision_hours_per_week")),
        reference_supervision_(p.real("resources.reference_supervision_hours")),
        reference_peer_(p.real("resources.reference_peer_hours")),
        quality_loss_(p.real("resources.supervisor_burnout_quality_loss")),
        recognition_keep_(std::exp(-1.0 / p.real("resources.recognition_decay_weeks"))),
        formal_share_(static_cast<float>(p.real("contact.formal_supervision_share"))),
        flexibility_bonus_(p.real("resources.flexibility_bonus")) {}

  std::string_view name() const override { return "resources"; }
  Phase phase() const override { return Phase::resources; }
  ColumnAccess access() const override {
    return {{"pattern", "working_days", "office_days", "present", "burnout", "informal_hours",
             "extra_supervision", "left"},
            {"recognition", "supervision_quality", "resources"},
            {},
            false};
  }
  void start(WeekContext& context) const override { step(context); }

  void step_posts(WeekContext& context, IndexRange chunk) const override {
    for (std::uint32_t post = chunk.first; post < chunk.end(); ++post) step_post(context, post);
  }

 private:
  void step_post(WeekContext& context, std::uint32_t post) const {
    const World& world = context.world();
    ReplicateState& s = context.state();
    s.recognition[post] *= static_cast<float>(recognition_keep_);
    if (!s.present[post]) {
      s.supervision_quality[post] = 0.f;
      s.resources[post] = 0.f;
      return;
    }
    const std::uint32_t supervisor = world.posts.supervisor[post];
    double supervision = 0.0;
    if (supervisor != kNoPost) {
      // Last week's burnout of the supervisor: synchronous update, and what
      // lets this process share a pass with burnout (sim/per_post_process.hpp).
      const double excess = std::max(0.0, s.burnout.previous[supervisor] - 50.0) / 50.0;
      const double received =
          supervision_hours_ * supervision_share(s, post, supervisor, formal_share_);
      supervision = received * (1.0 - quality_loss_ * excess) / reference_supervision_;
    }
    // Group supervision (e.g. multi-agency groups for key workers) adds to it.
    supervision += s.extra_supervision[post] / reference_supervision_;
    const double peer = s.informal_hours[post] / reference_peer_;
    s.supervision_quality[post] = static_cast<float>(std::min(1.0, supervision));
    // Autonomy over when and where one works is a resource of its own.
    const bool flexible =
        s.pattern[post] != WorkingPattern::standard || s.office_days[post] < s.working_days[post];
    s.resources[post] = static_cast<float>(
        std::min(1.0, 0.5 * std::min(1.0, supervision) + 0.5 * std::min(1.0, peer) +
                          (flexible ? flexibility_bonus_ : 0.0)));
  }

  double supervision_hours_, reference_supervision_, reference_peer_, quality_loss_;
  double recognition_keep_;  // share of recognition left after a week
  float formal_share_;
  double flexibility_bonus_;
};

}  // namespace

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "resources",
      Phase::resources,
      std::nullopt,
      {{"resources.reference_supervision_hours", K::real, 0.75, 0.01, 40.0, "hours/week",
        "supervision received that counts as fully resourced (fortnightly 1.5 hours)",
        "assumed; good practice guidance asks for more than monthly supervision"},
       {"resources.reference_peer_hours", K::real, 12.0, 0.1, 100.0, "hours/week",
        "informal contact that counts as full peer support", "assumed"},
       {"resources.supervisor_burnout_quality_loss", K::real, 0.6, 0.0, 1.0, "share",
        "loss of supervision quality when the supervisor's burnout reaches 100 (linear above 50)",
        "assumed; conceptual model: a burnt-out supervisor gives poorer supervision"},
       {"resources.flexibility_bonus", K::real, 0.2, 0.0, 1.0, "resources index",
        "addition to the resources index for someone with a compressed pattern or home days",
        "assumed; the conceptual model lists autonomy (flexible working) as a resource; "
        "Gajendran & Harrison 2007 (telework: more autonomy), Baltes et al. 1999 (flexible "
        "schedules: satisfaction up)"},
       {"resources.recognition_decay_weeks", K::real, 13.0, 0.1, 520.0, "weeks",
        "time constant of the fading of recognition (awards, messages of thanks)",
        "assumed; seed 004 RCT 1: a small effect that attenuates over weeks"}},
      [](const Scenario& s) { return std::make_unique<Resources>(s.parameters); }};
}()};

}  // namespace wfsim::model
