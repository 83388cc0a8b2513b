// A worked example of adding a mechanism in one file: administrative support
// as a resource. Each week, every practitioner at work gets
// `admin_support.hours_per_week` hours of administrative support, which take
// that share of a 37-hour week off their caseload pressure. It is switched on
// with `mechanisms: {admin_support: true}` and recorded as the weekly metric
// `admin_support_hours`.
//
// Everything the mechanism needs is declared here and registered before
// main() runs: its state column, its switch and parameter, the process and
// its metric. No other file of the engine or the model changes.
#include <memory>

#include "record/metrics.hpp"
#include "sim/context.hpp"
#include "sim/registry.hpp"
#include "sim/state.hpp"

namespace wfsim::example {

namespace {

constexpr double kContractedHours = 37.0;  // a full-time week in local government (assumed)

// The state column: this week's support, per post. A newcomer starts without
// any; a person who moves post keeps theirs; /agents/final shows it.
const ColumnRegistrar kSupportHours{{.name = "admin_support_hours",
                                     .extent = Extent::post,
                                     .reset_on_arrival = true,
                                     .moves_with_occupant = true,
                                     .exported_as = "admin_support_hours"},
                                    0.f};

class AdminSupport final : public Process {
 public:
  explicit AdminSupport(const Scenario& scenario)
      : hours_(static_cast<float>(scenario.parameters.real("admin_support.hours_per_week"))) {}

  std::string_view name() const override { return "admin_support"; }
  // After demand has set this week's pressure, before burnout reads it.
  Phase phase() const override { return Phase::resources; }
  ColumnAccess access() const override {
    return {{"present"}, {"admin_support_hours", "pressure"}, {}, false};
  }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    std::vector<float>& support = kSupportHours.values(s);
    context.for_each_post([&](std::uint32_t post) {
      support[post] = s.present[post] ? hours_ : 0.f;
      s.pressure[post] *= static_cast<float>(1.0 - support[post] / kContractedHours);
    });
  }

 private:
  float hours_;
};

// Its metric: mean support per practitioner at work, for each organisation
// and the whole system.
double support_hours(const ReplicateState& s, const World&, std::uint32_t post) {
  return kSupportHours.values(s)[post];
}
double at_work(const ReplicateState& s, const World&, std::uint32_t post) {
  return s.present[post] ? 1.0 : 0.0;
}
const MetricRegistrar kSupportMetric{{"admin_support_hours", "Administrative support",
                                      "hours per person at work", /*share=*/false,
                                      /*zero_based=*/true, &support_hours, &at_work}};

using K = ParameterSpec::Kind;

const ProcessRegistrar kRegisterAdminSupport{
    {"admin_support",
     Phase::resources,
     ParameterSpec{"admin_support", K::boolean, 0.0, 0.0, 1.0, "",
                   "administrative support as a resource (off unless switched on)",
                   "assumed: an example mechanism"},
     {{"admin_support.hours_per_week", K::real, 2.0, 0.0, 20.0, "hours/week",
       "administrative support each practitioner at work gets", "assumed"}},
     [](const Scenario& scenario) { return std::make_unique<AdminSupport>(scenario); }}};

}  // namespace

}  // namespace wfsim::example
