#include "io/scenario_io.hpp"

#include "io/authority_population.hpp"
#include "io/input_file.hpp"
#include "io/yaml_reader.hpp"
#include "record/outcomes.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

namespace wfsim {

namespace {

constexpr int kMaxWeeks = 5200;  // 100 years: beyond any policy horizon
constexpr int kMaxReplicates = 100000;
constexpr int kMaxTeamSize = 100000;
constexpr std::int64_t kMaxGeneratedPosts = 20'000'000;  // a national workforce many times over
constexpr double kMaxFte = 1.5;  // overtime contracts; a post is 1 FTE unless staff: says otherwise
constexpr double kMaxTenureYears = 60.0;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(path);
  while (std::getline(in, part, '.')) parts.push_back(part);
  return parts;
}

}  // namespace

void check_key_path(const std::string& key, const InputLocation& where,
                    const std::string& key_path) {
  if (key.empty())
    throw InputError(where, key_path, "empty key path",
                     "e.g. weeks or parameters.leaving.annual_rate");
  if (key.find('=') != std::string::npos) {
    throw InputError(where, key_path, "a key path has no '='",
                     "keys are names separated by dots, e.g. parameters.leaving.annual_rate");
  }
  std::size_t segments = 1;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (key[i] != '.') continue;
    if (i == 0 || key[i - 1] == '.' || i + 1 == key.size()) {
      throw InputError(where, key_path, "empty key in path", "keys are separated by single dots");
    }
    if (++segments > kMaxKeyPathSegments) break;
  }
  if (segments > kMaxKeyPathSegments) {
    throw InputError(where, key_path.substr(0, 80) + (key_path.size() > 80 ? "..." : ""),
                     fmt::format("the key path has more than {} keys", kMaxKeyPathSegments),
                     "no scenario key is nested that deeply: is the path right?");
  }
}

namespace {

// --- --set overrides -------------------------------------------------------

struct Override {
  std::string path;
  YAML::Node value;
  std::string argument;
};

Override parse_override(const std::string& argument) {
  const InputLocation where{"--set " + argument, 0, 0};
  const auto equals = argument.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw InputError(where, "", "malformed override", "use --set KEY=VALUE, e.g. --set weeks=104");
  }
  Override result{argument.substr(0, equals), {}, argument};
  // A runaway path is named by its start: the message stays readable.
  constexpr std::size_t kShown = 120;
  check_key_path(result.path,
                 argument.size() > kShown
                     ? InputLocation{"--set " + argument.substr(0, kShown) + "...", 0, 0}
                     : where,
                 result.path);
  try {
    result.value = YAML::Load(argument.substr(equals + 1));
  } catch (const YAML::Exception& e) {
    throw InputError(where, result.path, "value is not valid YAML: " + e.msg);
  }
  if (!result.value.IsDefined() || result.value.IsNull()) {
    throw InputError(where, result.path, "empty value", "use --set KEY=VALUE");
  }
  try {
    check_unique_keys(result.value, "--set " + argument);
  } catch (const InputError& e) {
    throw InputError(where, result.path, e.problem(), e.hint());
  }
  return result;
}

// Walks down the key path one level at a time (no recursion: a path is
// bounded, but a loop needs no bound at all).
void apply_override(YAML::Node root, const std::vector<std::string>& parts,
                    const Override& change) {
  const InputLocation where{"--set " + change.argument, 0, 0};
  YAML::Node node = root;
  for (std::size_t depth = 0; depth < parts.size(); ++depth) {
    const std::string& key = parts[depth];
    const bool last = depth + 1 == parts.size();
    if (node.IsSequence()) {
      std::size_t index = 0;
      const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), index);
      if (error != std::errc() || end != key.data() + key.size() || index >= node.size()) {
        throw InputError(where, change.path, "'" + key + "' is not an index of this list",
                         fmt::format("the list has {} entries, numbered from 0", node.size()));
      }
      if (last) {
        node[index] = change.value;
      } else {
        // A fresh handle: assigning to `node` would overwrite the entry.
        YAML::Node child = node[index];
        node.reset(child);
      }
      continue;
    }
    if (node.IsDefined() && !node.IsMap() && !node.IsNull()) {
      std::string holder;
      for (std::size_t i = 0; i < depth; ++i) holder += (i > 0 ? "." : "") + parts[i];
      throw InputError(where, change.path,
                       "'" + holder + "' is a single value and has no key '" + key + "'");
    }
    if (last) {
      node[key] = change.value;
    } else {
      YAML::Node child = node[key];
      node.reset(child);
    }
  }
}

// --- decoding ----------------------------------------------------------------

std::vector<RolePosts> default_roles(TeamFunction function, int size) {
  // A team manager supervises the rest (span of control ~5-7, data/README.md);
  // the other posts take the function's main practitioner role.
  Role main_role = Role::social_worker;
  switch (function) {
    case TeamFunction::family_support:
      main_role = Role::family_support_worker;
      break;
    case TeamFunction::early_years:
      main_role = Role::early_years_worker;
      break;
    case TeamFunction::health:
      main_role = Role::health_visitor;
      break;
    case TeamFunction::youth:
      main_role = Role::youth_worker;
      break;
    case TeamFunction::admin:
      main_role = Role::administrator;
      break;
    case TeamFunction::management:
      return {{Role::middle_manager, size}};  // they supervise the team managers
    default:
      break;
  }
  if (size == 1) return {{main_role, 1}};
  return {{Role::team_manager, 1}, {main_role, size - 1}};
}

// Posts are numbered team manager first, then in role order, so that post
// numbering and the resolved scenario do not depend on the order of the file.
bool before_in_post_order(Role a, Role b) {
  const auto rank = [](Role role) {
    return std::pair(role != Role::team_manager, static_cast<int>(role));
  };
  return rank(a) < rank(b);
}

StaffSpec read_staff_member(const YamlReader& r, const YAML::Node& node, const std::string& path) {
  r.expect_map(node, path);
  r.check_keys(node, path,
               {"role", "fte", "tenure_years", "working_pattern", "burnout", "intention"});
  r.require(node, path, "role");
  StaffSpec member;
  member.role = r.choice<Role>(node["role"], path + ".role", role_names());
  if (const YAML::Node fte = node["fte"]) {
    member.fte = r.real(fte, path + ".fte", 0.0, kMaxFte);
    if (member.fte == 0.0) {
      r.fail(fte, path + ".fte", "an FTE of 0 is not a post",
             fmt::format("allowed: more than 0, up to {}", kMaxFte));
    }
  }
  if (const YAML::Node tenure = node["tenure_years"])
    member.start.tenure_years = r.real(tenure, path + ".tenure_years", 0.0, kMaxTenureYears);
  if (const YAML::Node pattern = node["working_pattern"]) {
    member.start.working_pattern =
        r.choice<WorkingPattern>(pattern, path + ".working_pattern", working_pattern_names());
  }
  if (const YAML::Node burnout = node["burnout"])
    member.start.burnout = r.real(burnout, path + ".burnout", 0.0, 100.0);
  if (const YAML::Node intention = node["intention"])
    member.start.intention = r.real(intention, path + ".intention", 0.0, 1.0);
  return member;
}

// `staff:` fixes each post's role and FTE, and who holds it at week 0.
std::vector<StaffSpec> read_staff(const YamlReader& r, const YAML::Node& node,
                                  const std::string& path) {
  r.expect_list(node, path);
  std::vector<StaffSpec> staff;
  for (std::size_t i = 0; i < node.size(); ++i)
    staff.push_back(read_staff_member(r, node[i], fmt::format("{}.{}", path, i)));
  return staff;
}

bool same_roles(const std::vector<RolePosts>& a, const std::vector<RolePosts>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const RolePosts& x, const RolePosts& y) {
                      return x.role == y.role && x.count == y.count;
                    });
}

TeamSpec read_team(const YamlReader& r, const YAML::Node& node, const std::string& path) {
  r.expect_map(node, path);
  r.check_keys(
      node, path,
      {"id", "function", "size", "roles", "staff", "referrals_per_week", "office", "agency_posts"});
  for (const char* key : {"id", "function", "size"}) {
    if (!node[key]) r.fail(node, path, std::string("missing required key '") + key + "'");
  }
  TeamSpec team;
  team.id = r.id(node["id"], path + ".id");
  team.function =
      r.choice<TeamFunction>(node["function"], path + ".function", team_function_names());
  team.size = static_cast<int>(r.integer(node["size"], path + ".size", 1, kMaxTeamSize));
  if (const YAML::Node roles = node["roles"]) {
    const std::string roles_path = path + ".roles";
    r.expect_map(roles, roles_path);
    r.check_keys(roles, roles_path, role_names());
    int total = 0;
    for (std::size_t i = 0; i < role_names().size(); ++i) {
      const std::string& name = role_names()[i];
      if (!roles[name]) continue;
      const int count =
          static_cast<int>(r.integer(roles[name], roles_path + "." + name, 0, kMaxTeamSize));
      if (count > 0) team.roles.push_back({static_cast<Role>(i), count});
      total += count;
    }
    std::stable_sort(team.roles.begin(), team.roles.end(),
                     [](const RolePosts& a, const RolePosts& b) {
                       return before_in_post_order(a.role, b.role);
                     });
    if (total != team.size) {
      r.fail(roles, roles_path,
             fmt::format("role counts add up to {} but size is {}", total, team.size),
             "make the counts sum to size, or drop roles to use the default mix");
    }
  }
  if (const YAML::Node staff = node["staff"]) {
    const std::string staff_path = path + ".staff";
    std::vector<StaffSpec> listed = read_staff(r, staff, staff_path);
    if (listed.size() != static_cast<std::size_t>(team.size)) {
      r.fail(staff, staff_path,
             fmt::format("staff lists {} posts but size is {}", listed.size(), team.size),
             "give one staff entry per post");
    }
    const std::vector<RolePosts> counted = team.roles;
    set_staff(team, std::move(listed));
    if (node["roles"] && !same_roles(counted, team.roles)) {
      r.fail(node["roles"], path + ".roles", "role counts differ from the roles of staff",
             "drop roles: staff gives each post's role");
    }
  } else if (!node["roles"]) {
    team.roles = default_roles(team.function, team.size);
  }
  if (const YAML::Node office = node["office"]) team.office = r.id(office, path + ".office");
  if (const YAML::Node agency = node["agency_posts"]) {
    team.agency_posts =
        static_cast<int>(r.integer(agency, path + ".agency_posts", 0, kMaxTeamSize));
    int social_workers = 0;
    for (const RolePosts& posts : team.roles)
      if (posts.role == Role::social_worker) social_workers += posts.count;
    if (team.agency_posts > social_workers) {
      r.fail(agency, path + ".agency_posts",
             fmt::format("{} agency posts but the team has {} social_worker posts",
                         team.agency_posts, social_workers),
             "agency posts are some of the team's social_worker posts");
    }
  }
  if (const YAML::Node referrals = node["referrals_per_week"]) {
    team.referrals_per_week = r.real(referrals, path + ".referrals_per_week", 0.0, 1e6);
  }
  return team;
}

// Flattens a `parameters:` block (or another block of numbers declared as
// ParameterSpecs, such as `costs:`) found at key path `base` to dotted paths,
// checking each against `specs`. `own_keys` are further keys allowed at the
// top of the block, which the caller reads itself.
void read_parameters(const YamlReader& r, const YAML::Node& node, const std::string& base,
                     const std::string& prefix, const std::vector<ParameterSpec>& specs,
                     std::map<std::string, double>& values,
                     const std::vector<std::string>& own_keys = {}) {
  const std::string path = prefix.empty() ? base : base + "." + prefix;
  r.expect_map(node, path);
  std::vector<std::string> children = own_keys;  // keys allowed directly under this prefix
  for (const ParameterSpec& spec : specs) {
    if (!prefix.empty() && spec.path.rfind(prefix + ".", 0) != 0) continue;
    const std::string rest = prefix.empty() ? spec.path : spec.path.substr(prefix.size() + 1);
    const std::string child = rest.substr(0, rest.find('.'));
    if (std::find(children.begin(), children.end(), child) == children.end())
      children.push_back(child);
  }
  r.check_keys(node, path, children);
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    if (std::find(own_keys.begin(), own_keys.end(), key) != own_keys.end()) continue;
    const std::string full = prefix.empty() ? key : prefix + "." + key;
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&](const ParameterSpec& s) { return s.path == full; });
    if (spec == specs.end()) {
      read_parameters(r, entry.second, base, full, specs, values);
      continue;
    }
    const std::string key_path = base + "." + full;
    switch (spec->kind) {
      case ParameterSpec::Kind::boolean:
        values[full] = r.boolean(entry.second, key_path) ? 1.0 : 0.0;
        break;
      case ParameterSpec::Kind::integer:
        values[full] = static_cast<double>(r.integer(entry.second, key_path,
                                                     static_cast<std::int64_t>(spec->min),
                                                     static_cast<std::int64_t>(spec->max)));
        break;
      case ParameterSpec::Kind::real:
        values[full] = r.real(entry.second, key_path, spec->min, spec->max);
        break;
    }
  }
}

OrganisationSpec read_organisation(const YamlReader& r, const YAML::Node& node,
                                   const std::string& path, const ScenarioSchema& schema,
                                   const ParameterValues& scenario_parameters) {
  r.expect_map(node, path);
  r.check_keys(node, path, {"id", "sector", "parameters", "teams"});
  for (const char* key : {"id", "sector", "teams"}) {
    if (!node[key]) r.fail(node, path, std::string("missing required key '") + key + "'");
  }
  OrganisationSpec org;
  org.id = r.id(node["id"], path + ".id");
  org.sector = r.choice<Sector>(node["sector"], path + ".sector", sector_names());
  const YAML::Node teams = node["teams"];
  r.expect_list(teams, path + ".teams");
  if (teams.size() == 0) r.fail(teams, path + ".teams", "an organisation needs at least one team");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < teams.size(); ++i) {
    const std::string team_path = fmt::format("{}.teams.{}", path, i);
    TeamSpec team = read_team(r, teams[i], team_path);
    if (!seen.insert(team.id).second) {
      r.fail(teams[i]["id"], team_path + ".id",
             "duplicate team id '" + team.id + "' in organisation '" + org.id + "'");
    }
    org.teams.push_back(std::move(team));
  }
  org.parameters = scenario_parameters;
  if (const YAML::Node parameters = node["parameters"]) {
    read_parameters(r, parameters, path + ".parameters", "", schema.parameters,
                    org.parameter_overrides);
    for (const auto& [key, value] : org.parameter_overrides) {
      const auto spec = std::find_if(schema.parameters.begin(), schema.parameters.end(),
                                     [&](const ParameterSpec& s) { return s.path == key; });
      if (spec->scope != Scope::organisation) {
        const std::vector<std::string> parts = split_path(key);
        YAML::Node entry = parameters;
        for (const std::string& part : parts) entry = entry[part];
        r.fail(entry, path + ".parameters." + key, "this parameter is scenario-wide",
               "set it under the top-level parameters:, or see `wfsim parameters` for those an "
               "organisation may set");
      }
    }
    for (const auto& [key, value] : org.parameter_overrides) org.parameters.set(key, value);
  }
  return org;
}

EvidenceSpec read_evidence(const YamlReader& r, const YAML::Node& node, const std::string& path) {
  r.expect_map(node, path);
  r.check_keys(node, path, {"id", "type", "p", "q", "contagion", "initial_share"});
  for (const char* key : {"id", "type", "p", "q"}) {
    if (!node[key]) r.fail(node, path, std::string("missing required key '") + key + "'");
  }
  EvidenceSpec item;
  item.id = r.id(node["id"], path + ".id");
  item.type = r.choice<EvidenceType>(node["type"], path + ".type", evidence_type_names());
  item.p = r.real(node["p"], path + ".p", 0.0, 1.0);
  item.q = r.real(node["q"], path + ".q", 0.0, 1.0);
  if (item.p + item.q > 1.0) {
    r.fail(node["q"], path + ".q", "p + q exceeds 1",
           "weekly adoption probability p + q x share must stay <= 1");
  }
  if (node["contagion"])
    item.contagion = r.choice<Contagion>(node["contagion"], path + ".contagion", contagion_names());
  if (node["initial_share"])
    item.initial_share = r.real(node["initial_share"], path + ".initial_share", 0.0, 1.0);
  return item;
}

InterventionSpec read_intervention(const YamlReader& r, const YAML::Node& node,
                                   const std::string& path, const Scenario& scenario,
                                   const ScenarioSchema& schema) {
  r.expect_map(node, path);
  r.check_keys(node, path, {"type", "start_week", "end_week", "target", "parameters"});
  if (!node["type"]) r.fail(node, path, "missing required key 'type'");
  InterventionSpec spec;
  if (node["start_week"])
    spec.start_week =
        static_cast<int>(r.integer(node["start_week"], path + ".start_week", 0, kMaxWeeks));
  if (node["end_week"]) {
    spec.end_week = static_cast<int>(r.integer(node["end_week"], path + ".end_week", 0, kMaxWeeks));
    if (*spec.end_week <= spec.start_week)
      r.fail(node["end_week"], path + ".end_week", "end_week must be after start_week");
  }
  if (const YAML::Node target = node["target"]) {
    const std::string tpath = path + ".target";
    r.expect_map(target, tpath);
    r.check_keys(target, tpath, {"org", "team", "role", "share", "evidence"});
    const OrganisationSpec* org = nullptr;
    if (target["org"]) {
      spec.target.org = r.id(target["org"], tpath + ".org");
      for (const OrganisationSpec& candidate : scenario.organisations) {
        if (candidate.id == spec.target.org) org = &candidate;
      }
      if (org == nullptr)
        r.fail(target["org"], tpath + ".org", "no organisation with id '" + spec.target.org + "'");
    }
    if (target["team"]) {
      spec.target.team = r.id(target["team"], tpath + ".team");
      bool found = false;
      for (const OrganisationSpec& candidate : scenario.organisations) {
        if (org != nullptr && &candidate != org) continue;
        for (const TeamSpec& team : candidate.teams) found = found || team.id == spec.target.team;
      }
      if (!found)
        r.fail(target["team"], tpath + ".team", "no team with id '" + spec.target.team + "'");
    }
    if (target["role"])
      spec.target.role = r.choice<Role>(target["role"], tpath + ".role", role_names());
    if (target["share"]) spec.target.share = r.real(target["share"], tpath + ".share", 0.0, 1.0);
    if (target["evidence"]) {
      spec.target.evidence = r.id(target["evidence"], tpath + ".evidence");
      const bool known =
          std::any_of(scenario.evidence.begin(), scenario.evidence.end(),
                      [&](const EvidenceSpec& item) { return item.id == spec.target.evidence; });
      if (!known) {
        r.fail(target["evidence"], tpath + ".evidence",
               "no evidence item with id '" + spec.target.evidence + "'");
      }
    }
  }
  // The type last, so that a dangling target is reported even for a type
  // that does not exist.
  spec.type = r.text(node["type"], path + ".type");
  std::vector<std::string> types;
  for (const InterventionSchema& known : schema.interventions) types.push_back(known.type);
  const auto type =
      std::find_if(schema.interventions.begin(), schema.interventions.end(),
                   [&](const InterventionSchema& known) { return known.type == spec.type; });
  if (type == schema.interventions.end()) {
    const std::string suggestion = did_you_mean(spec.type, types);
    r.fail(node["type"], path + ".type", "unknown intervention type '" + spec.type + "'",
           suggestion.empty() ? "one of: " + join(types) : "did you mean '" + suggestion + "'?");
  }
  spec.one_off = type->one_off;
  for (const ParameterSpec& parameter : type->parameters)
    spec.parameters[parameter.path] = parameter.default_value;
  if (type->needs_evidence && spec.target.evidence.empty()) {
    r.fail(node, path + ".target.evidence",
           "a " + spec.type + " names the evidence item it is about",
           "add target: {evidence: <id>}, an id from the scenario's evidence list");
  }
  if (const YAML::Node parameters = node["parameters"])
    read_parameters(r, parameters, path + ".parameters", "", type->parameters, spec.parameters);
  return spec;
}

// `costs:` is optional: the amounts it leaves out, and the currency, take
// their defaults, so every run has cost series.
CostSpec read_costs(const YamlReader& r, const YAML::Node& node, const ScenarioSchema& schema) {
  CostSpec costs{schema.currency, {}};
  std::map<std::string, double> values;
  for (const ParameterSpec& spec : schema.costs) values[spec.path] = spec.default_value;
  if (node) {
    read_parameters(r, node, "costs", "", schema.costs, values, {"currency"});
    if (const YAML::Node currency = node["currency"]) {
      costs.currency = r.text(currency, "costs.currency");
      const bool code =
          costs.currency.size() == 3 && std::all_of(costs.currency.begin(), costs.currency.end(),
                                                    [](char c) { return c >= 'A' && c <= 'Z'; });
      if (!code) {
        r.fail(currency, "costs.currency", "invalid currency '" + costs.currency + "'",
               "use a three-letter ISO 4217 code such as GBP or EUR");
      }
    }
  }
  for (const auto& [path, value] : values) costs.values.set(path, value);
  return costs;
}

TargetSpec read_target(const YamlReader& r, const YAML::Node& node, const std::string& path,
                       const Scenario& scenario) {
  r.expect_map(node, path);
  r.check_keys(node, path, {"outcome", "value", "tolerance", "relative", "source"});
  for (const char* key : {"outcome", "value", "tolerance"}) {
    if (!node[key]) r.fail(node, path, std::string("missing required key '") + key + "'");
  }
  TargetSpec target;
  target.outcome = r.text(node["outcome"], path + ".outcome");
  std::vector<std::string> known = annual_outcome_names();
  for (const EvidenceSpec& item : scenario.evidence) known.push_back("uptake/" + item.id);
  if (std::find(known.begin(), known.end(), target.outcome) == known.end()) {
    const std::string suggestion = did_you_mean(target.outcome, known);
    r.fail(node["outcome"], path + ".outcome", "unknown outcome '" + target.outcome + "'",
           suggestion.empty() ? "one of: " + join(known) : "did you mean '" + suggestion + "'?");
  }
  target.value = r.real(node["value"], path + ".value", -1e9, 1e9);
  target.tolerance = r.real(node["tolerance"], path + ".tolerance", 0.0, 1e9);
  if (node["relative"]) target.relative = r.boolean(node["relative"], path + ".relative");
  if (node["source"]) target.source = r.text(node["source"], path + ".source");
  return target;
}

// `targets:` is a list, or the name of a file (relative to the scenario) holding one.
std::vector<TargetSpec> read_targets(const YamlReader& r, const YAML::Node& node,
                                     const Scenario& scenario) {
  if (node.IsSequence()) {
    std::vector<TargetSpec> targets;
    for (std::size_t i = 0; i < node.size(); ++i) {
      targets.push_back(read_target(r, node[i], fmt::format("targets.{}", i), scenario));
    }
    return targets;
  }
  const std::string name = r.text(node, "targets");
  // Relative to the file that names it, which may be an extended scenario.
  const std::filesystem::path file =
      std::filesystem::path(r.file_of(node, "targets")).parent_path() / name;
  const std::string text =
      read_input_file(file, r.locate(node, "targets"), "targets", kMaxYamlFileBytes,
                      "give a path relative to the scenario file, or an inline list");
  const YAML::Node root = parse_yaml(text, file.string());
  const YamlReader file_reader(file.string(), {});
  file_reader.expect_map(root, "");
  file_reader.check_keys(root, "", {"source", "targets"});
  if (!root["targets"]) file_reader.fail(root, "targets", "missing required key 'targets'");
  file_reader.expect_list(root["targets"], "targets");
  return read_targets(file_reader, root["targets"], scenario);
}

// `population:`: the organisations generated from each local authority's
// published figures (io/authority_population.hpp).
void read_population(const YamlReader& r, const YAML::Node& node, Scenario& s,
                     const ScenarioSchema& schema) {
  r.expect_map(node, "population");
  r.check_keys(node, "population", {"authorities", "seed", "posts"});
  r.require(node, "population", "authorities");
  PopulationSpec population;
  population.authorities = r.text(node["authorities"], "population.authorities");
  if (node["seed"]) {
    population.seed = static_cast<std::uint64_t>(
        r.integer(node["seed"], "population.seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
  if (node["posts"]) {
    population.posts = r.integer(node["posts"], "population.posts", 1, kMaxGeneratedPosts);
  }
  const std::string referrer = r.file_of(node, "population");
  const std::filesystem::path file =
      std::filesystem::path(referrer).parent_path() / population.authorities;
  const YAML::Mark mark = node["authorities"].Mark();
  const std::string text = read_text_file(file, {referrer, mark.line + 1, mark.column + 1},
                                          "population.authorities", kMaxCsvFileBytes);
  s.organisations =
      authority_organisations(read_authority_figures(text, file.string(), schema.parameters),
                              population, s.parameters, schema.parameters, file.string());
  std::set<std::string> ids;
  for (const OrganisationSpec& org : s.organisations) {
    if (!ids.insert(org.id).second) {
      r.fail(node["authorities"], "population.authorities",
             fmt::format("two authorities in {} share the id '{}'", file.string(), org.id),
             "give each authority a distinct code");
    }
  }
  // The resolved scenario names the file by its full path, so that it reads
  // the same from wherever it is parsed again (a results file, another rank).
  population.authorities = std::filesystem::weakly_canonical(file).string();
  s.population = std::move(population);
}

// A calendar date written YYYY-MM-DD, checked against the calendar.
CalendarDate read_date(const YamlReader& r, const YAML::Node& node, const std::string& path) {
  const std::string text = r.text(node, path);
  CalendarDate date;
  char dash1 = 0, dash2 = 0;
  std::istringstream in(text);
  in >> date.year >> dash1 >> date.month >> dash2 >> date.day;
  const std::chrono::year_month_day ymd{std::chrono::year{date.year},
                                        std::chrono::month{static_cast<unsigned>(date.month)},
                                        std::chrono::day{static_cast<unsigned>(date.day)}};
  if (!in || !in.eof() || dash1 != '-' || dash2 != '-' || text.size() != 10 || !ymd.ok() ||
      date.year < 1900 || date.year > 2200) {
    r.fail(node, path, "'" + text + "' is not a date of the calendar",
           "write it as YYYY-MM-DD, e.g. 2021-09-30");
  }
  return date;
}

Scenario decode(const YamlReader& r, const YAML::Node& root, const std::string& origin,
                const ScenarioSchema& schema) {
  if (!root.IsDefined() || root.IsNull())
    r.fail(root, "", "the scenario is empty", "see scenarios/baseline.yaml");
  r.expect_map(root, "");
  r.check_keys(root, "",
               {"name", "description", "seed", "weeks", "replicates", "start_date", "organisations",
                "population", "graph", "mechanisms", "parameters", "evidence", "interventions",
                "costs", "targets"});
  Scenario s;
  s.source_file = origin;
  if (root["name"]) s.name = r.text(root["name"], "name");
  if (root["seed"]) {
    s.seed = static_cast<std::uint64_t>(
        r.integer(root["seed"], "seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
  if (root["weeks"]) s.weeks = static_cast<int>(r.integer(root["weeks"], "weeks", 1, kMaxWeeks));
  if (root["replicates"])
    s.replicates = static_cast<int>(r.integer(root["replicates"], "replicates", 1, kMaxReplicates));
  if (root["start_date"]) s.start_date = read_date(r, root["start_date"], "start_date");

  std::map<std::string, double> values;
  for (const ParameterSpec& spec : schema.parameters) values[spec.path] = spec.default_value;
  if (const YAML::Node parameters = root["parameters"])
    read_parameters(r, parameters, "parameters", "", schema.parameters, values);
  for (const auto& [path, value] : values) s.parameters.set(path, value);

  if (root["organisations"] && root["population"]) {
    r.fail(root["population"], "population",
           "a scenario lists its organisations or generates them from population:, not both",
           "drop organisations: or population:");
  }
  if (root["population"]) {
    read_population(r, root["population"], s, schema);
  } else {
    if (!root["organisations"])
      r.fail(root, "organisations", "missing required key 'organisations'",
             "list the organisations, or generate local authorities with population:");
    const YAML::Node orgs = root["organisations"];
    r.expect_list(orgs, "organisations");
    if (orgs.size() == 0) r.fail(orgs, "organisations", "at least one organisation is needed");
    std::set<std::string> org_ids;
    for (std::size_t i = 0; i < orgs.size(); ++i) {
      const std::string path = fmt::format("organisations.{}", i);
      OrganisationSpec org = read_organisation(r, orgs[i], path, schema, s.parameters);
      if (!org_ids.insert(org.id).second)
        r.fail(orgs[i]["id"], path + ".id", "duplicate organisation id '" + org.id + "'");
      s.organisations.push_back(std::move(org));
    }
  }

  if (const YAML::Node graph = root["graph"]) {
    r.expect_map(graph, "graph");
    r.check_keys(graph, "graph", {"kind", "desk_neighbours", "degree"});
    if (graph["kind"])
      s.graph.kind = r.choice<GraphKind>(graph["kind"], "graph.kind", graph_kind_names());
    if (graph["degree"]) {
      s.graph.degree = static_cast<int>(r.integer(graph["degree"], "graph.degree", 2, 1000));
      if (s.graph.degree % 2 != 0) {
        r.fail(graph["degree"], "graph.degree", "degree must be even",
               "a ring lattice ties k/2 neighbours on each side");
      }
    }
    if (graph["desk_neighbours"]) {
      s.graph.desk_neighbours =
          static_cast<int>(r.integer(graph["desk_neighbours"], "graph.desk_neighbours", 0, 50));
    }
  }

  if (s.graph.kind == GraphKind::lattice || s.graph.kind == GraphKind::random) {
    std::int64_t posts = 0;
    for (const OrganisationSpec& org : s.organisations) {
      for (const TeamSpec& team : org.teams) posts += team.size;
    }
    if (s.graph.degree >= posts) {
      r.fail(root["graph"]["degree"] ? root["graph"]["degree"] : root["graph"], "graph.degree",
             fmt::format("degree {} needs more than {} posts", s.graph.degree, posts),
             "lower graph.degree or add posts");
    }
  }

  {
    std::map<std::string, double> switches;
    for (const ParameterSpec& spec : schema.mechanisms) switches[spec.path] = spec.default_value;
    if (const YAML::Node mechanisms = root["mechanisms"])
      read_parameters(r, mechanisms, "mechanisms", "", schema.mechanisms, switches);
    for (const auto& [key, on] : switches) s.mechanisms.set(key, on);
  }

  if (const YAML::Node evidence = root["evidence"]) {
    r.expect_list(evidence, "evidence");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < evidence.size(); ++i) {
      const std::string path = fmt::format("evidence.{}", i);
      EvidenceSpec item = read_evidence(r, evidence[i], path);
      if (!ids.insert(item.id).second)
        r.fail(evidence[i]["id"], path + ".id", "duplicate evidence id '" + item.id + "'");
      s.evidence.push_back(std::move(item));
    }
  }

  if (const YAML::Node targets = root["targets"]) s.targets = read_targets(r, targets, s);

  if (const YAML::Node interventions = root["interventions"]) {
    r.expect_list(interventions, "interventions");
    constexpr std::size_t kMaxInterventions =
        32;  // one bit each in ReplicateState's intervention bit sets
    if (interventions.size() > kMaxInterventions) {
      r.fail(interventions, "interventions",
             fmt::format("more than {} interventions", kMaxInterventions),
             "combine entries with the same type and target");
    }
    for (std::size_t i = 0; i < interventions.size(); ++i) {
      s.interventions.push_back(
          read_intervention(r, interventions[i], fmt::format("interventions.{}", i), s, schema));
      s.interventions.back().index = static_cast<int>(i);
    }
  }
  s.costs = read_costs(r, root["costs"], schema);
  return s;
}

}  // namespace

namespace {

constexpr int kMaxExtendsDepth = 8;

struct LoadedYaml {
  YAML::Node root;
  YamlSources sources;  // parts that came from extended files
};

// The child's values over the base's: mappings merge key by key, lists of
// items with ids merge by id, anything else is replaced; the child's own
// `extends` is dropped.
// Nodes keep their marks, and subtrees taken from the base remember their file.
bool all_have_ids(const YAML::Node& list) {
  if (!list.IsSequence()) return false;
  for (const auto& item : list) {
    if (!item.IsMap() || !item["id"] || !item["id"].IsScalar()) return false;
  }
  return true;
}

YAML::Node merge(const YAML::Node& base, const YAML::Node& child, const std::string& path,
                 const LoadedYaml& loaded_base, const std::string& base_name, YamlSources& sources);

// Lists whose items all have ids (organisations, teams, evidence) merge item
// by item: a child item with a base item's id is merged into it, new ids are
// appended, and base items keep their positions.
YAML::Node merge_by_id(const YAML::Node& base, const YAML::Node& child, const std::string& path,
                       const LoadedYaml& loaded_base, const std::string& base_name,
                       YamlSources& sources) {
  YAML::Node merged(YAML::NodeType::Sequence);
  std::set<std::string> used;
  std::size_t index = 0;
  for (const auto& item : base) {
    const std::string id = item["id"].Scalar();
    const std::string item_path = fmt::format("{}.{}", path, index++);
    std::optional<std::size_t> match;
    for (std::size_t j = 0; j < child.size(); ++j) {
      if (child[j]["id"].Scalar() == id) match = j;
    }
    if (match) {
      used.insert(id);
      merged.push_back(merge(item, child[*match], item_path, loaded_base, base_name, sources));
      continue;
    }
    merged.push_back(item);
    sources[item_path] = {base_name, true};
  }
  for (const auto& item : child) {
    if (used.count(item["id"].Scalar()) == 0) merged.push_back(item);
  }
  return merged;
}

YAML::Node merge(const YAML::Node& base, const YAML::Node& child, const std::string& path,
                 const LoadedYaml& loaded_base, const std::string& base_name,
                 YamlSources& sources) {
  // An explicitly empty list replaces the base's (that is how to remove items).
  if (all_have_ids(base) && all_have_ids(child) && child.size() > 0) {
    return merge_by_id(base, child, path, loaded_base, base_name, sources);
  }
  if (!base.IsMap() || !child.IsMap()) return child;
  // The child's mapping itself, with the base's other keys added: every key
  // keeps the node it was written as, so its file, line and column.
  YAML::Node merged = child;
  for (const auto& entry : base) {
    const std::string key = entry.first.as<std::string>();
    const std::string key_path = path.empty() ? key : path + "." + key;
    // Looked up through the const `child`: a non-const lookup of a missing
    // key would leave an undefined entry for it in the mapping.
    if (const YAML::Node own = child[key]) {
      merged[key] = merge(entry.second, own, key_path, loaded_base, base_name, sources);
      continue;
    }
    merged.force_insert(entry.first, entry.second);
    sources[key_path] = {base_name, true};
    for (const auto& [inner, source] : loaded_base.sources) {
      if (inner == key_path || inner.rfind(key_path + ".", 0) == 0) sources[inner] = source;
    }
  }
  return merged;
}

// Parses `text` and, if it names `extends: FILE`, merges it over that file.
LoadedYaml load_yaml(const std::string& text, const std::string& origin, int depth) {
  LoadedYaml loaded{parse_yaml(text, origin), {}};
  if (!loaded.root.IsMap() || !loaded.root["extends"]) return loaded;
  const YAML::Node extends = loaded.root["extends"];
  const YAML::Mark mark = extends.Mark();
  const InputLocation where{origin, mark.line + 1, mark.column + 1};
  if (!extends.IsScalar())
    throw InputError(where, "extends", "expected the name of a scenario file");
  if (depth >= kMaxExtendsDepth) {
    throw InputError(where, "extends", "scenarios extend each other too deeply",
                     fmt::format("at most {} levels; is there a cycle?", kMaxExtendsDepth));
  }
  const std::filesystem::path base_file =
      std::filesystem::path(origin).parent_path() / extends.Scalar();
  const LoadedYaml base =
      load_yaml(read_text_file(base_file, where, "extends"), base_file.string(), depth + 1);
  YamlSources sources;
  loaded.root.remove("extends");
  loaded.root = merge(base.root, loaded.root, "", base, base_file.string(), sources);
  loaded.sources = std::move(sources);
  return loaded;
}

}  // namespace

void set_staff(TeamSpec& team, std::vector<StaffSpec> staff) {
  std::stable_sort(staff.begin(), staff.end(), [](const StaffSpec& a, const StaffSpec& b) {
    return before_in_post_order(a.role, b.role);
  });
  team.roles.clear();
  for (const StaffSpec& member : staff) {
    if (team.roles.empty() || team.roles.back().role != member.role)
      team.roles.push_back({member.role, 0});
    ++team.roles.back().count;
  }
  team.size = static_cast<int>(staff.size());
  team.staff = std::move(staff);
}

Scenario parse_scenario(const std::string& yaml_text, const std::string& origin,
                        const std::vector<std::string>& overrides, const ScenarioSchema& schema) {
  LoadedYaml loaded = load_yaml(yaml_text, origin, 0);
  for (const std::string& argument : overrides) {
    const Override change = parse_override(argument);
    if (!loaded.root.IsMap()) throw InputError({origin, 0, 0}, "", "the scenario is not a mapping");
    apply_override(loaded.root, split_path(change.path), change);
    loaded.sources[change.path] = {"--set " + argument, false};
  }
  const YamlReader reader(origin, std::move(loaded.sources));
  return decode(reader, loaded.root, origin, schema);
}

Scenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides,
                       const ScenarioSchema& schema) {
  const std::string text = read_input_file(file, {file.string(), 0, 0}, "", kMaxYamlFileBytes);
  return parse_scenario(text, file.string(), overrides, schema);
}

namespace {

std::string number(double value) {
  return fmt::format("{}", value);
}

// The given parameter values as a nested YAML block, in declaration order.
YAML::Node nested_parameters(const std::map<std::string, double>& values,
                             const std::vector<ParameterSpec>& specs) {
  YAML::Node root(YAML::NodeType::Map);
  for (const ParameterSpec& spec : specs) {
    const auto value = values.find(spec.path);
    if (value == values.end()) continue;
    const std::vector<std::string> parts = split_path(spec.path);
    std::vector<YAML::Node> chain{root};
    for (std::size_t k = 0; k + 1 < parts.size(); ++k) chain.push_back(chain.back()[parts[k]]);
    if (spec.kind == ParameterSpec::Kind::boolean) {
      chain.back()[parts.back()] = value->second != 0.0;
    } else {
      chain.back()[parts.back()] = number(value->second);
    }
  }
  return root;
}

// The resolved `costs:` block: the currency first, then every amount, with
// one line per intervention type.
YAML::Node costs_yaml(const CostSpec& costs, const std::vector<ParameterSpec>& specs) {
  YAML::Node root(YAML::NodeType::Map);
  root["currency"] = costs.currency;
  const YAML::Node amounts = nested_parameters(costs.values.all(), specs);
  for (const auto& entry : amounts) root[entry.first.as<std::string>()] = entry.second;
  if (YAML::Node types = root["interventions"]) {
    for (auto type : types) type.second.SetStyle(YAML::EmitterStyle::Flow);
  }
  return root;
}

// A team's staff, one flow mapping per post, with only the starting values given.
YAML::Node staff_yaml(const std::vector<StaffSpec>& staff) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const StaffSpec& member : staff) {
    YAML::Node entry(YAML::NodeType::Map);
    entry["role"] = name_of(member.role, role_names());
    entry["fte"] = number(member.fte);
    const StartingValues& start = member.start;
    if (start.tenure_years) entry["tenure_years"] = number(*start.tenure_years);
    if (start.working_pattern)
      entry["working_pattern"] = name_of(*start.working_pattern, working_pattern_names());
    if (start.burnout) entry["burnout"] = number(*start.burnout);
    if (start.intention) entry["intention"] = number(*start.intention);
    entry.SetStyle(YAML::EmitterStyle::Flow);
    list.push_back(entry);
  }
  return list;
}

}  // namespace

bool set_scenario_parameter(Scenario& scenario, const std::string& key_path, double value,
                            const ScenarioSchema& schema) {
  constexpr std::string_view prefix = "parameters.";
  if (key_path.rfind(prefix, 0) != 0) return false;
  const std::string path = key_path.substr(prefix.size());
  const auto spec = std::find_if(schema.parameters.begin(), schema.parameters.end(),
                                 [&](const ParameterSpec& p) { return p.path == path; });
  if (spec == schema.parameters.end() || spec->kind == ParameterSpec::Kind::boolean) return false;
  const InputLocation where{fmt::format("--set {}={}", key_path, value), 0, 0};
  if (spec->kind == ParameterSpec::Kind::integer && value != std::floor(value))
    throw InputError(where, key_path, fmt::format("expected a whole number, got '{}'", value));
  if (!(value >= spec->min && value <= spec->max)) {
    throw InputError(where, key_path, fmt::format("{} is out of range", value),
                     fmt::format("allowed: {} to {}", spec->min, spec->max));
  }
  scenario.parameters.set(path, value);
  for (OrganisationSpec& org : scenario.organisations) {
    if (org.parameter_overrides.count(path) == 0) org.parameters.set(path, value);
  }
  return true;
}

namespace {

// The organisations, each team on one line (unless it lists its staff).
void organisations_yaml(YAML::Emitter& out, const std::vector<OrganisationSpec>& organisations,
                        const ScenarioSchema& schema) {
  out << YAML::Key << "organisations" << YAML::Value << YAML::BeginSeq;
  for (const OrganisationSpec& org : organisations) {
    out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << org.id;
    out << YAML::Key << "sector" << YAML::Value << name_of(org.sector, sector_names());
    if (!org.parameter_overrides.empty()) {
      out << YAML::Key << "parameters" << YAML::Value
          << nested_parameters(org.parameter_overrides, schema.parameters);
    }
    out << YAML::Key << "teams" << YAML::Value << YAML::BeginSeq;
    for (const TeamSpec& team : org.teams) {
      // One line per team, unless it lists its staff (then one line per post).
      if (team.staff.empty()) out << YAML::Flow;
      out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << team.id;
      out << YAML::Key << "function" << YAML::Value
          << name_of(team.function, team_function_names());
      out << YAML::Key << "size" << YAML::Value << team.size;
      out << YAML::Key << "roles" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const RolePosts& posts : team.roles) {
        out << YAML::Key << name_of(posts.role, role_names()) << YAML::Value << posts.count;
      }
      out << YAML::EndMap;
      if (!team.office.empty()) out << YAML::Key << "office" << YAML::Value << team.office;
      if (team.agency_posts > 0)
        out << YAML::Key << "agency_posts" << YAML::Value << team.agency_posts;
      if (team.referrals_per_week) {
        out << YAML::Key << "referrals_per_week" << YAML::Value << number(*team.referrals_per_week);
      }
      if (!team.staff.empty()) out << YAML::Key << "staff" << YAML::Value << staff_yaml(team.staff);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace

std::string to_yaml(const Scenario& s, const ScenarioSchema& schema) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << s.name;
  out << YAML::Key << "seed" << YAML::Value << s.seed;
  out << YAML::Key << "weeks" << YAML::Value << s.weeks;
  out << YAML::Key << "replicates" << YAML::Value << s.replicates;
  if (s.start_date) {
    out << YAML::Key << "start_date" << YAML::Value
        << fmt::format("{:04}-{:02}-{:02}", s.start_date->year, s.start_date->month,
                       s.start_date->day);
  }
  if (s.population) {
    // Generated organisations are described by what generates them.
    out << YAML::Key << "population" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "authorities" << YAML::Value << s.population->authorities;
    out << YAML::Key << "seed" << YAML::Value << s.population->seed;
    if (s.population->posts) out << YAML::Key << "posts" << YAML::Value << *s.population->posts;
    out << YAML::EndMap;
  } else {
    organisations_yaml(out, s.organisations, schema);
  }
  out << YAML::Key << "graph" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "kind" << YAML::Value << name_of(s.graph.kind, graph_kind_names());
  out << YAML::Key << "desk_neighbours" << YAML::Value << s.graph.desk_neighbours;
  out << YAML::Key << "degree" << YAML::Value << s.graph.degree << YAML::EndMap;
  out << YAML::Key << "mechanisms" << YAML::Value << YAML::BeginMap;
  for (const ParameterSpec& spec : schema.mechanisms) {
    // A scenario built in code may leave a switch at its default.
    const auto set = s.mechanisms.all().find(spec.path);
    const double on = set == s.mechanisms.all().end() ? spec.default_value : set->second;
    out << YAML::Key << spec.path << YAML::Value << (on != 0.0);
  }
  out << YAML::EndMap;

  out << YAML::Key << "parameters" << YAML::Value
      << nested_parameters(s.parameters.all(), schema.parameters);

  out << YAML::Key << "evidence" << YAML::Value << YAML::BeginSeq;
  for (const EvidenceSpec& item : s.evidence) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << item.id;
    out << YAML::Key << "type" << YAML::Value << name_of(item.type, evidence_type_names());
    out << YAML::Key << "p" << YAML::Value << number(item.p);
    out << YAML::Key << "q" << YAML::Value << number(item.q);
    out << YAML::Key << "contagion" << YAML::Value << name_of(item.contagion, contagion_names());
    out << YAML::Key << "initial_share" << YAML::Value << number(item.initial_share)
        << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "interventions" << YAML::Value << YAML::BeginSeq;
  for (const InterventionSpec& spec : s.interventions) {
    out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << spec.type;
    out << YAML::Key << "start_week" << YAML::Value << spec.start_week;
    if (spec.end_week) out << YAML::Key << "end_week" << YAML::Value << *spec.end_week;
    out << YAML::Key << "target" << YAML::Value << YAML::Flow << YAML::BeginMap;
    if (!spec.target.org.empty()) out << YAML::Key << "org" << YAML::Value << spec.target.org;
    if (!spec.target.team.empty()) out << YAML::Key << "team" << YAML::Value << spec.target.team;
    if (spec.target.role)
      out << YAML::Key << "role" << YAML::Value << name_of(*spec.target.role, role_names());
    out << YAML::Key << "share" << YAML::Value << number(spec.target.share);
    if (!spec.target.evidence.empty())
      out << YAML::Key << "evidence" << YAML::Value << spec.target.evidence;
    out << YAML::EndMap;
    if (!spec.parameters.empty()) {
      out << YAML::Key << "parameters" << YAML::Value << YAML::Flow << YAML::BeginMap;
      const auto type =
          std::find_if(schema.interventions.begin(), schema.interventions.end(),
                       [&](const InterventionSchema& known) { return known.type == spec.type; });
      for (const auto& [key, value] : spec.parameters) {
        const auto parameter = std::find_if(type->parameters.begin(), type->parameters.end(),
                                            [&](const ParameterSpec& p) { return p.path == key; });
        out << YAML::Key << key << YAML::Value;
        if (parameter->kind == ParameterSpec::Kind::boolean) {
          out << (value != 0.0);
        } else {
          out << number(value);
        }
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "costs" << YAML::Value << costs_yaml(s.costs, schema.costs);
  if (!s.targets.empty()) {
    out << YAML::Key << "targets" << YAML::Value << YAML::BeginSeq;
    for (const TargetSpec& target : s.targets) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "outcome" << YAML::Value
          << target.outcome;
      out << YAML::Key << "value" << YAML::Value << number(target.value);
      out << YAML::Key << "tolerance" << YAML::Value << number(target.tolerance);
      out << YAML::Key << "relative" << YAML::Value << target.relative;
      if (!target.source.empty()) out << YAML::Key << "source" << YAML::Value << target.source;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace wfsim
