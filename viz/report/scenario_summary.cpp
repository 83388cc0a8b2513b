#include "viz/report/scenario_summary.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "viz/report/html.hpp"

namespace wfsim::report {

namespace {

// `node[key]` when `node` is a mapping that has it, else an undefined node
// (yaml-cpp throws when indexing into a missing node).
YAML::Node child(const YAML::Node& node, const std::string& key) {
  return node && node.IsMap() && node[key] ? node[key] : YAML::Node(YAML::NodeType::Undefined);
}

std::string scalar(const YAML::Node& node, const std::string& fallback = "") {
  return node && node.IsScalar() ? node.Scalar() : fallback;
}

std::string organisations(const YAML::Node& orgs) {
  if (!orgs || !orgs.IsSequence() || orgs.size() == 0) return "<p>No organisations.</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const YAML::Node& org : orgs) {
    long posts = 0;
    std::string teams;
    const YAML::Node team_list = org["teams"];
    if (team_list && team_list.IsSequence()) {
      for (const YAML::Node& team : team_list) {
        const std::string size = scalar(team["size"], "?");
        try {
          posts += std::stol(size);
        } catch (const std::exception&) {
        }
        teams +=
            fmt::format("{}{} ({}, {})", teams.empty() ? "" : "; ", escape(scalar(team["id"], "?")),
                        escape(scalar(team["function"], "?")), escape(size));
      }
    }
    rows.push_back({"<code>" + escape(scalar(org["id"], "?")) + "</code>",
                    escape(scalar(org["sector"])),
                    std::to_string(team_list && team_list.IsSequence() ? team_list.size() : 0),
                    std::to_string(posts), "<span class=\"teams\">" + teams + "</span>"});
  }
  return html_table({"organisation", "sector", "teams", "posts", "teams (id, function, posts)"},
                    rows, {false, false, true, true, false});
}

std::string mechanisms(const YAML::Node& node) {
  if (!node || !node.IsMap()) return "not given";
  std::string on, off;
  for (const auto& item : node) {
    const std::string name = escape(item.first.as<std::string>());
    std::string& list = scalar(item.second) == "false" ? off : on;
    list += (list.empty() ? "" : ", ") + name;
  }
  return fmt::format("on: {}{}", on.empty() ? "none" : on,
                     off.empty() ? "" : "; <strong>off: " + off + "</strong>");
}

std::string flow(const YAML::Node& node) {
  if (!node) return "";
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

std::string interventions(const YAML::Node& list) {
  if (!list || !list.IsSequence() || list.size() == 0) return "<p>No interventions.</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const YAML::Node& item : list) {
    const std::string end = scalar(item["end_week"], "end of run");
    rows.push_back({"<code>" + escape(scalar(item["type"], "?")) + "</code>",
                    escape(scalar(item["start_week"], "0")), escape(end),
                    escape(flow(item["target"])), escape(flow(item["parameters"]))});
  }
  return html_table({"intervention", "from week", "to week", "target", "parameters"}, rows,
                    {false, true, true, false, false});
}

std::string evidence(const YAML::Node& list) {
  if (!list || !list.IsSequence() || list.size() == 0) return "none";
  std::string out;
  for (const YAML::Node& item : list) {
    out += fmt::format("{}<code>{}</code> ({}, {} contagion)", out.empty() ? "" : "; ",
                       escape(scalar(item["id"], "?")), escape(scalar(item["type"], "?")),
                       escape(scalar(item["contagion"], "?")));
  }
  return out;
}

}  // namespace

std::string scenario_summary(const std::string& yaml, const std::string& heading) {
  std::string out = "<h3>" + escape(heading) + "</h3>\n";
  try {
    const YAML::Node root = YAML::Load(yaml);
    if (!root.IsMap()) throw YAML::Exception(YAML::Mark::null_mark(), "not a mapping");
    out += fmt::format(
        "<dl class=\"facts\"><dt>name</dt><dd>{}</dd><dt>graph</dt><dd>{}</dd>"
        "<dt>mechanisms</dt><dd>{}</dd><dt>evidence</dt><dd>{}</dd></dl>\n",
        escape(scalar(root["name"], "(unnamed)")),
        escape(scalar(child(child(root, "graph"), "kind"), "?")), mechanisms(root["mechanisms"]),
        evidence(root["evidence"]));
    out += organisations(root["organisations"]);
    out += interventions(root["interventions"]);
  } catch (const YAML::Exception& error) {
    out += "<p class=\"note\">The embedded scenario could not be read as YAML (" +
           escape(error.what()) + "); its text follows.</p>\n";
  }
  out += "<details><summary>Full resolved scenario (YAML)</summary>\n<pre class=\"yaml\">" +
         escape(yaml) + "</pre>\n</details>\n";
  return out;
}

std::string scenario_currency(const std::string& yaml) {
  try {
    const YAML::Node root = YAML::Load(yaml);
    return root.IsMap() ? scalar(child(child(root, "costs"), "currency")) : "";
  } catch (const YAML::Exception&) {
    return "";
  }
}

}  // namespace wfsim::report
