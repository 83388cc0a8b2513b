#include "viz/report/series_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "viz/report/bands.hpp"
#include "viz/report/html.hpp"
#include "viz/report/metric_info.hpp"
#include "viz/report/svg_chart.hpp"

namespace wfsim::report {

namespace {

// Dashes as well as colours, so the arms stay apart in grey print.
const std::vector<std::string>& dashes() {
  static const std::vector<std::string> list{"", "7 4", "2 3", "10 3 2 3", "4 4", "1 2", "12 4"};
  return list;
}

std::string join(const std::string& group, const std::string& path) {
  return group.empty() ? path : group + "/" + path;
}

// An HTML id: `scope_key` ("system", "org-<id>", "sweep") and the metric,
// '/' spelt '-' (ids are [A-Za-z0-9_.-]+, so keys cannot collide).
std::string chart_id(const std::string& scope_key, const std::string& metric) {
  std::string id = "chart-" + scope_key + "-" + metric;
  std::replace(id.begin(), id.end(), '/', '-');
  return id;
}

std::string band_caption(int replicates) {
  return fmt::format(
      "<p class=\"caption\">Each line is the mean over the {0} replicates at each week; the "
      "shaded band is the 95 % confidence interval of that mean (Student t: mean &plusmn; "
      "t<sub>0.975, {1}</sub> &times; sd / &radic;{0}). The band shows how precisely the ensemble "
      "estimates the mean, not the spread between replicates.</p>\n",
      replicates, std::max(replicates - 1, 0));
}

// The charts of one scope: `series_path` is "series" or "orgs/<id>/series".
std::string scope_grid(const H5Reader& file, const std::vector<Arm>& arms,
                       const std::string& series_path, const std::string& scope,
                       const std::string& scope_key, const std::string& currency, int& replicates) {
  std::vector<std::string> metrics;
  std::set<std::string> seen;
  for (const Arm& arm : arms) {
    for (const std::string& m : file.datasets_under(join(arm.group, series_path)))
      if (seen.insert(m).second) metrics.push_back(m);
  }
  std::string grid = "<div class=\"grid\">\n";
  for (const std::string& metric : display_order(metrics)) {
    std::vector<Band> bands;
    std::vector<const Arm*> present;
    for (const Arm& arm : arms) {
      const std::string path = join(arm.group, series_path + "/" + metric);
      if (!file.is_dataset(path)) continue;
      const Array array = file.doubles(path);
      if (array.shape.size() != 2 || array.row_length() == 0)
        throw std::runtime_error(path + " is not shaped [replicates, weeks + 1]");
      replicates = std::max(replicates, static_cast<int>(array.rows()));
      bands.push_back(ensemble_band(array));
      present.push_back(&arm);
    }
    ChartSpec spec{chart_id(scope_key, metric), scope, metric, metric_info(metric, currency), {}};
    for (std::size_t i = 0; i < bands.size(); ++i) {
      const std::size_t index = static_cast<std::size_t>(present[i] - arms.data());
      spec.lines.push_back({present[i]->key, present[i]->label, &bands[i],
                            okabe_ito()[index % okabe_ito().size()],
                            dashes()[index % dashes().size()]});
    }
    grid += render_chart(spec);
  }
  return grid + "</div>\n";
}

}  // namespace

std::string series_sections(const H5Reader& file, const std::vector<Arm>& arms,
                            const std::string& currency) {
  if (arms.empty()) return "";
  std::string out;
  int replicates = 0;
  const std::string system =
      scope_grid(file, arms, "series", "whole system", "system", currency, replicates);
  out += "<section id=\"system\">\n<h2>Whole system: weekly series</h2>\n" +
         band_caption(replicates) + system + "</section>\n";
  // One organisation (the same in every arm): its series are the system's,
  // so its charts would repeat those above.
  const std::vector<std::string> orgs = file.subgroups(join(arms.front().group, "orgs"));
  bool single = orgs.size() == 1;
  for (const Arm& arm : arms) single = single && file.subgroups(join(arm.group, "orgs")) == orgs;
  if (single) {
    out.insert(out.size() - std::string("</section>\n").size(),
               fmt::format("<p class=\"note\" id=\"single-organisation\">The scenario has one "
                           "organisation, <code>{}</code>: its charts are the whole system's, so "
                           "they are drawn once.</p>\n",
                           escape(orgs.front())));
    return out;
  }
  for (const std::string& org : orgs) {
    int org_replicates = 0;
    const std::string grid = scope_grid(file, arms, "orgs/" + org + "/series", org, "org-" + org,
                                        currency, org_replicates);
    out += fmt::format(
        "<section id=\"org-{0}\">\n<h2>Organisation <code>{0}</code>: weekly "
        "series</h2>\n{1}{2}</section>\n",
        escape(org), band_caption(org_replicates), grid);
  }
  return out;
}

std::string sweep_series_section(const H5Reader& file, const std::vector<std::string>& labels,
                                 const std::string& currency) {
  std::string grid = "<div class=\"grid\">\n";
  int replicates = 0;
  for (const std::string& metric : display_order(file.datasets_under("series"))) {
    const Array array = file.doubles("series/" + metric);
    if (array.shape.size() != 3 || array.rows() != labels.size())
      throw std::runtime_error("series/" + metric +
                               " is not shaped [points, replicates, weeks + 1]");
    const std::size_t reps = array.shape[1], columns = array.shape[2];
    replicates = std::max(replicates, static_cast<int>(reps));
    std::vector<Band> bands;
    for (std::size_t p = 0; p < labels.size(); ++p) {
      Array slice{{reps, columns}, {}};
      const auto begin = array.values.begin() + static_cast<std::ptrdiff_t>(p * reps * columns);
      slice.values.assign(begin, begin + static_cast<std::ptrdiff_t>(reps * columns));
      bands.push_back(ensemble_band(slice));
    }
    ChartSpec spec{
        chart_id("sweep", metric), "whole system", metric, metric_info(metric, currency), {}};
    for (std::size_t p = 0; p < labels.size(); ++p) {
      spec.lines.push_back({fmt::format("point{}", p), labels[p], &bands[p],
                            okabe_ito()[p % okabe_ito().size()], dashes()[p % dashes().size()]});
    }
    grid += render_chart(spec);
  }
  std::size_t not_run = 0;
  if (file.is_dataset("design/done"))
    for (double done : file.doubles("design/done").values) not_run += done == 0 ? 1 : 0;
  const std::string status = not_run == 0
                                 ? std::string()
                                 : fmt::format(
                                       "<p class=\"note\">{} of {} points not yet run: they are "
                                       "undefined and not drawn.</p>\n",
                                       not_run, labels.size());
  return "<section id=\"sweep-series\">\n<h2>Whole system by design point: weekly series</h2>\n" +
         band_caption(replicates) + status + grid + "</div>\n</section>\n";
}

}  // namespace wfsim::report
