#include "io/authority_population.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>

#include "io/csv.hpp"
#include "io/input_error.hpp"
#include "sim/random.hpp"

namespace wfsim {

namespace {

constexpr double kVacancyRate = 0.173;                    // England 2024, DfE CSWW (data/README.md)
constexpr double kSeniorPractitionerShare = 17.0 / 62.0;  // of case holders (2022 role mix)
constexpr double kSeniorManagerShare = 0.02;              // of posts
constexpr int kTeamManagersPerMiddleManager = 3;
constexpr int kMinTeam = 6, kMaxTeam = 9;  // practice-team size, manager included
constexpr double kPreferredTeam = 7.5;
constexpr double kFillTimeSigma = 0.3;
constexpr Purpose kFillTime{"population.fill_time_multiplier"};

struct FunctionShare {
  TeamFunction function;
  const char* id;
  double share;
};
constexpr std::array<FunctionShare, 5> kFunctions{{
    {TeamFunction::assessment, "assessment", 0.25},
    {TeamFunction::child_protection, "child_protection", 0.30},
    {TeamFunction::children_in_care, "children_in_care", 0.25},
    {TeamFunction::leaving_care, "leaving_care", 0.10},
    {TeamFunction::family_support, "family_support", 0.10},
}};

int round_half_up(double x) {
  return static_cast<int>(std::floor(x + 0.5));
}

bool ascii_alnum(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 128 && std::isalnum(byte);
}

// The characters of `text` that `keep` accepts, with each run of others
// between two kept ones as one '_' (runs at either end are dropped).
template <class Keep>
std::string joined_runs(const std::string& text, Keep keep) {
  std::string out;
  bool gap = false;
  for (const char c : text) {
    if (!keep(c)) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += '_';
    out += c;
    gap = false;
  }
  return out;
}

// A name's comparable form: lower case, runs of other characters to one
// '_'; the ", City of" and ", County of" suffixes are dropped (Kingston upon
// Hull).
std::string slug(std::string name) {
  for (const std::string suffix : {", City of", ", County of"}) {
    if (name.size() >= suffix.size() && name.ends_with(suffix))
      name.resize(name.size() - suffix.size());
  }
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return joined_runs(name, ascii_alnum);
}

// `total` split into whole numbers in proportion to the shares; the
// remainders go to the largest fractions, ties to the earlier entry.
std::vector<int> largest_remainder(int total, const std::vector<double>& shares) {
  double sum = 0.0;
  for (const double share : shares) sum += share;
  std::vector<double> raw;
  std::vector<int> counts;
  int given = 0;
  for (const double share : shares) {
    raw.push_back(total * share / sum);
    counts.push_back(static_cast<int>(std::floor(raw.back())));
    given += counts.back();
  }
  std::vector<std::size_t> order(shares.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return raw[a] - counts[a] > raw[b] - counts[b];
  });
  for (int k = 0; k < total - given; ++k) ++counts[order[static_cast<std::size_t>(k)]];
  return counts;
}

// `total` over n slots as evenly as possible, interleaved (cumulative rounding).
std::vector<int> spread(int total, int n) {
  std::vector<int> sizes;
  for (int k = 0; k < n; ++k) {
    sizes.push_back(round_half_up(static_cast<double>(total) * (k + 1) / n) -
                    round_half_up(static_cast<double>(total) * k / n));
  }
  return sizes;
}

struct Split {
  int teams = 0;
  int middle = 0;
  int practice = 0;
};

struct Structure {
  Split split;
  int senior = 0;
  int case_holders = 0;
};

// The number of practice teams and middle managers for `posts` posts.
std::optional<Structure> choose_structure(int posts, int case_target) {
  const int senior = std::max(1, round_half_up(kSeniorManagerShare * posts));
  // A very small authority may fit no 6-9 split (13 posts: 11 practice posts
  // are too many for one team and too few for two): widen the bounds by one
  // post at a time until a split exists.
  std::vector<Split> feasible;
  for (int widen = 0; widen < posts && feasible.empty(); ++widen) {
    const int low = std::max(2, kMinTeam - widen), high = kMaxTeam + widen;
    for (int teams = 1; teams <= posts; ++teams) {
      const int middle =
          std::max(1, round_half_up(static_cast<double>(teams) / kTeamManagersPerMiddleManager));
      const int practice = posts - senior - middle;
      if (low * teams <= practice && practice <= high * teams)
        feasible.push_back({teams, middle, practice});
    }
  }
  if (feasible.empty()) return std::nullopt;
  // Preferred: mean team size nearest 7.5 (span about 6.5); ties to more teams.
  const auto distance = [](const Split& s) {
    return std::abs(static_cast<double>(s.practice) / s.teams - kPreferredTeam);
  };
  Split best =
      *std::min_element(feasible.begin(), feasible.end(), [&](const auto& a, const auto& b) {
        return distance(a) != distance(b) ? distance(a) < distance(b) : a.teams > b.teams;
      });
  if (best.practice - best.teams < case_target) {
    // Not enough room for the case holders: the most teams that leave room,
    // or if none does, the fewest teams (the largest ones).
    std::optional<Split> roomy;
    for (const Split& s : feasible) {
      if (s.practice - s.teams >= case_target && (!roomy || s.teams > roomy->teams)) roomy = s;
    }
    best = roomy
               ? *roomy
               : *std::min_element(feasible.begin(), feasible.end(),
                                   [](const auto& a, const auto& b) { return a.teams < b.teams; });
  }
  return Structure{best, senior, std::min(case_target, best.practice - best.teams)};
}

TeamSpec team(std::string id, TeamFunction function, std::vector<RolePosts> roles) {
  TeamSpec out;
  out.id = std::move(id);
  out.function = function;
  std::erase_if(roles, [](const RolePosts& r) { return r.count <= 0; });
  for (const RolePosts& r : roles) out.size += r.count;
  out.roles = std::move(roles);
  return out;
}

// The teams of one authority with exactly `posts` posts, roles listed in post
// order (team manager first, then in role order).
std::optional<std::vector<TeamSpec>> authority_teams(int posts, int case_target) {
  if (posts < kMinTeam + 2) {  // too small for a management team and a practice team
    const int managers = posts > 1 ? 1 : 0;
    const int holders = posts - managers;
    const int senior = round_half_up(holders * kSeniorPractitionerShare);
    return std::vector<TeamSpec>{team("practice_1", TeamFunction::assessment,
                                      {{Role::team_manager, managers},
                                       {Role::social_worker, holders - senior},
                                       {Role::senior_practitioner, senior}})};
  }
  const std::optional<Structure> structure = choose_structure(posts, case_target);
  if (!structure) return std::nullopt;
  const auto [teams, middle, practice] = structure->split;
  const std::vector<int> sizes = spread(practice, teams);
  // Case holders as even as possible across teams; reviewing officers take
  // the rest of each team.
  std::vector<int> holders;
  for (const int size : sizes) holders.push_back(size - 1);
  for (int k = 0; k < practice - teams - structure->case_holders; ++k) {
    std::size_t most = 0;  // most case holders, then the smallest team, then the first
    for (std::size_t i = 1; i < holders.size(); ++i) {
      if (holders[i] > holders[most] || (holders[i] == holders[most] && sizes[i] < sizes[most]))
        most = i;
    }
    --holders[most];
  }
  std::vector<int> senior_cut{0};
  int cumulative = 0;
  for (const int h : holders) {
    cumulative += h;
    senior_cut.push_back(round_half_up(cumulative * kSeniorPractitionerShare));
  }
  std::vector<TeamSpec> out{
      team("management", TeamFunction::management,
           {{Role::middle_manager, middle}, {Role::senior_manager, structure->senior}})};
  std::vector<double> shares;
  for (const FunctionShare& f : kFunctions) shares.push_back(f.share);
  const std::vector<int> per_function = largest_remainder(teams, shares);
  std::size_t k = 0;
  for (std::size_t f = 0; f < kFunctions.size(); ++f) {
    for (int j = 0; j < per_function[f]; ++j, ++k) {
      const int senior = senior_cut[k + 1] - senior_cut[k];
      out.push_back(team(fmt::format("{}_{}", kFunctions[f].id, j + 1), kFunctions[f].function,
                         {{Role::team_manager, 1},
                          {Role::social_worker, holders[k] - senior},
                          {Role::senior_practitioner, senior},
                          {Role::reviewing_officer, sizes[k] - 1 - holders[k]}}));
    }
  }
  return out;
}

// `count` agency-only social_worker posts added to the practice teams (all
// teams but `management`), spread as evenly as possible in team order.
void add_agency_posts(std::vector<TeamSpec>& teams, int count) {
  std::vector<TeamSpec*> practice;
  for (TeamSpec& t : teams)
    if (t.function != TeamFunction::management) practice.push_back(&t);
  if (practice.empty() || count <= 0) return;
  const std::vector<int> added = spread(count, static_cast<int>(practice.size()));
  for (std::size_t k = 0; k < practice.size(); ++k) {
    TeamSpec& t = *practice[k];
    if (added[k] == 0) continue;
    t.size += added[k];
    t.agency_posts += added[k];
    const auto social = std::find_if(t.roles.begin(), t.roles.end(), [](const RolePosts& r) {
      return r.role == Role::social_worker;
    });
    if (social != t.roles.end()) {
      social->count += added[k];
    } else {
      // After the team manager, as in post order.
      const auto after = std::find_if(t.roles.begin(), t.roles.end(), [](const RolePosts& r) {
        return r.role != Role::team_manager;
      });
      t.roles.insert(after, RolePosts{Role::social_worker, added[k]});
    }
  }
}

// A published figure, or none when suppressed ("u", "x", "c", empty, ...).
std::optional<double> figure(const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

// A figure given and not zero (zero FTE or cases count as not published).
bool given(const std::optional<double>& value) {
  return value && *value != 0.0;
}

// The value as a scenario file would hold it, written to `decimals` places.
double written(double value, int decimals) {
  return std::strtod(fmt::format("{:.{}f}", value, decimals).c_str(), nullptr);
}

}  // namespace

std::string authority_id(const std::string& code) {
  // "E06000061 / E06000062" -> "E06000061_E06000062".
  return joined_runs(code,
                     [](char c) { return ascii_alnum(c) || c == '.' || c == '-' || c == '_'; });
}

AuthorityFile read_authority_figures(const std::string& text, const std::string& origin,
                                     const std::vector<ParameterSpec>& specs) {
  const std::vector<CsvRecord> records = parse_csv(text, origin);
  if (records.empty())
    throw InputError({origin, 1, 1}, "population.authorities", "the file is empty",
                     "give a header line and one line per local authority");
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < records[0].fields.size(); ++i) column[records[0].fields[i].text] = i;
  for (const char* name : {"la_code", "la_name", "inpost_fte", "case_holders_fte", "cases"}) {
    if (!column.count(name)) {
      throw InputError({origin, records[0].line, 1}, "population.authorities",
                       fmt::format("the header has no column '{}'", name),
                       "the columns needed are la_code, la_name, inpost_fte, case_holders_fte "
                       "and cases");
    }
  }
  AuthorityFile file;
  file.has_vacancies = column.count("vacancy_fte") > 0;
  file.has_agency = column.count("agency_fte") > 0;
  const bool has_cover = column.count("agency_cover_fte") > 0;
  if (file.has_agency && !file.has_vacancies) {
    throw InputError({origin, records[0].line, static_cast<int>(column["agency_fte"]) + 1},
                     "population.authorities", "an agency_fte column without vacancy_fte",
                     "agency workers cover vacancies: give vacancy_fte too, or drop agency_fte");
  }
  constexpr std::string_view kParameterColumn = "parameters.";
  for (std::size_t i = 0; i < records[0].fields.size(); ++i) {
    const std::string& name = records[0].fields[i].text;
    if (!name.starts_with(kParameterColumn)) continue;
    const std::string path = name.substr(kParameterColumn.size());
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&](const ParameterSpec& p) { return p.path == path; });
    if (spec == specs.end() || spec->scope != Scope::organisation) {
      throw InputError({origin, records[0].line, static_cast<int>(i) + 1}, "population.authorities",
                       fmt::format("column '{}' names no parameter that may differ between "
                                   "organisations",
                                   name),
                       "`wfsim parameters` lists them (column \"per organisation\")");
    }
    file.parameter_columns.push_back(path);
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.fields.size() != records[0].fields.size()) {
      throw InputError({origin, record.line, 1}, "population.authorities",
                       fmt::format("{} fields where the header has {}", record.fields.size(),
                                   records[0].fields.size()),
                       "quote a field that holds a comma");
    }
    const auto text_of = [&](const std::string& name) {
      return record.fields[column.at(name)].text;
    };
    AuthorityFigures row{text_of("la_code"),
                         text_of("la_name"),
                         figure(text_of("inpost_fte")),
                         figure(text_of("case_holders_fte")),
                         figure(text_of("cases")),
                         file.has_vacancies ? figure(text_of("vacancy_fte")) : std::nullopt,
                         file.has_agency ? figure(text_of("agency_fte")) : std::nullopt,
                         has_cover ? figure(text_of("agency_cover_fte")) : std::nullopt,
                         {},
                         record.line};
    if (authority_id(row.code).empty() || slug(row.name).empty()) {
      throw InputError({origin, record.line, 1}, "population.authorities",
                       "an authority needs a code and a name with a letter or digit");
    }
    for (const std::string& path : file.parameter_columns) {
      const std::string name = std::string(kParameterColumn) + path;
      const std::string& value = text_of(name);
      if (value.empty()) continue;
      const std::optional<double> number = figure(value);
      if (!number) {
        throw InputError({origin, record.line, static_cast<int>(column.at(name)) + 1},
                         "population.authorities",
                         fmt::format("{} ({}): '{}' in column {} is not a number", row.name,
                                     row.code, value, name),
                         "leave the field empty to keep the scenario's value");
      }
      row.parameters[path] = *number;
    }
    file.authorities.push_back(std::move(row));
  }
  if (file.authorities.empty())
    throw InputError({origin, records[0].line, 1}, "population.authorities",
                     "the file lists no authority", "add one line per local authority");
  return file;
}

const AuthorityFigures* find_authority(const AuthorityFile& file, const std::string& wanted) {
  const auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  for (const AuthorityFigures& a : file.authorities) {
    if (lower(a.code) == lower(wanted) || lower(authority_id(a.code)) == lower(wanted) ||
        slug(a.name) == slug(wanted))
      return &a;
  }
  return nullptr;
}

namespace {

// The published figures summed over the authorities that publish them, for
// those that do not.
struct NationalFigures {
  double case_holding_share = 0.0;
  double caseload = 0.0;
  double vacancy_rate = kVacancyRate;
  double agency_cover = 0.0;   ///< share of vacancies covered by agency workers
  double agency_beyond = 0.0;  ///< agency FTE not covering vacancies, per FTE in post
};

// Of an authority's agency FTE, those covering vacancies: the published
// figure, else as many as there are vacancies.
double covering(const AuthorityFigures& a) {
  if (a.agency_cover_fte) return std::min(*a.agency_cover_fte, *a.agency_fte);
  return std::min(*a.agency_fte, *a.vacancy_fte);
}

NationalFigures national_figures(const std::vector<AuthorityFigures>& figures) {
  double inpost = 0.0, holders = 0.0, cases = 0.0;
  double staffed = 0.0, vacancies = 0.0, covered = 0.0, beyond = 0.0;
  for (const AuthorityFigures& a : figures) {
    if (given(a.inpost_fte) && given(a.case_holders_fte) && given(a.cases)) {
      inpost += *a.inpost_fte;
      holders += *a.case_holders_fte;
      cases += *a.cases;
    }
    if (given(a.inpost_fte) && given(a.vacancy_fte)) {
      staffed += *a.inpost_fte;
      vacancies += *a.vacancy_fte;
      if (a.agency_fte) {
        covered += std::min(covering(a), *a.vacancy_fte);
        beyond += *a.agency_fte - covering(a);
      }
    }
  }
  NationalFigures out{holders / inpost, cases / holders};
  if (vacancies > 0.0) {
    out.vacancy_rate = vacancies / (vacancies + staffed);
    out.agency_cover = covered / vacancies;
    out.agency_beyond = beyond / staffed;
  }
  return out;
}

}  // namespace

std::vector<OrganisationSpec> authority_organisations(const AuthorityFile& file,
                                                      const PopulationSpec& population,
                                                      const ParameterValues& scenario_parameters,
                                                      const std::vector<ParameterSpec>& specs,
                                                      const std::string& origin) {
  const NationalFigures national = national_figures(file.authorities);
  const bool drawn_fill_time =
      std::find(file.parameter_columns.begin(), file.parameter_columns.end(),
                "recruitment.fill_time_multiplier") == file.parameter_columns.end();
  const auto check = [&](const AuthorityFigures& a, const std::string& path, double value) {
    for (const ParameterSpec& spec : specs) {
      if (spec.path != path || (value >= spec.min && value <= spec.max)) continue;
      throw InputError({origin, a.line, 1}, "population.authorities",
                       fmt::format("{} ({}) gives {} = {}, outside [{}, {}]", a.name, a.code, path,
                                   value, spec.min, spec.max),
                       "check the authority's figures");
    }
  };

  std::vector<OrganisationSpec> out;
  std::int64_t posts_so_far = 0;
  for (int copy = 1;; ++copy) {
    for (const AuthorityFigures& a : file.authorities) {
      if (population.posts && posts_so_far >= *population.posts) return out;
      std::optional<double> fte = a.inpost_fte;
      if (!given(fte)) fte = a.case_holders_fte;
      if (!given(fte)) {
        throw InputError({origin, a.line, 1}, "population.authorities",
                         fmt::format("{} ({}) publishes neither FTE in post nor case-holding FTE",
                                     a.name, a.code),
                         "drop the authority or give its FTE in post");
      }
      const bool own = given(a.case_holders_fte) && given(a.cases);
      const double share =
          own ? std::min(1.0, *a.case_holders_fte / *fte) : national.case_holding_share;
      const double caseload = own ? *a.cases / *a.case_holders_fte : national.caseload;
      // A published zero is a count (no vacancies), unlike a zero FTE.
      const bool own_vacancies = a.vacancy_fte.has_value();
      const int posts = own_vacancies ? std::max(1, round_half_up(*fte + *a.vacancy_fte))
                                      : round_half_up(*fte / (1.0 - national.vacancy_rate));
      std::optional<std::vector<TeamSpec>> teams =
          authority_teams(posts, round_half_up(share * posts));
      if (!teams) {
        throw InputError(
            {origin, a.line, 1}, "population.authorities",
            fmt::format("{} ({}): no team structure for {} posts", a.name, a.code, posts));
      }
      OrganisationSpec org;
      const std::string id = authority_id(a.code);
      org.id = copy == 1 ? id : fmt::format("{}_{}", id, copy);
      org.sector = Sector::local_authority;
      org.teams = std::move(*teams);
      org.parameter_overrides["demand.target_caseload"] = written(caseload, 2);
      if (file.has_vacancies) {
        const double vacancy_rate =
            own_vacancies ? *a.vacancy_fte / (*a.vacancy_fte + *fte) : national.vacancy_rate;
        org.parameter_overrides["workforce.initial_vacancy_rate"] = written(vacancy_rate, 4);
      }
      if (file.has_agency) {
        const bool own_agency = own_vacancies && a.agency_fte;
        const double cover = !own_agency            ? national.agency_cover
                             : *a.vacancy_fte > 0.0 ? std::min(1.0, covering(a) / *a.vacancy_fte)
                                                    : 0.0;
        org.parameter_overrides["workforce.initial_agency_cover"] = written(cover, 4);
        const double beyond =
            own_agency ? *a.agency_fte - covering(a) : national.agency_beyond * *fte;
        add_agency_posts(org.teams, round_half_up(beyond));
      }
      if (drawn_fill_time) {
        RandomStream draw(StreamKey{population.seed, 0, 0, fnv1a(a.code),
                                    kFillTime.indexed(static_cast<std::uint32_t>(copy))});
        org.parameter_overrides["recruitment.fill_time_multiplier"] =
            written(std::exp(kFillTimeSigma * draw.normal()), 3);
      }
      for (const auto& [path, value] : a.parameters) org.parameter_overrides[path] = value;
      org.parameters = scenario_parameters;
      for (const auto& [path, value] : org.parameter_overrides) {
        check(a, path, value);
        org.parameters.set(path, value);
      }
      for (const TeamSpec& t : org.teams) posts_so_far += t.size;
      out.push_back(std::move(org));
    }
    if (!population.posts || posts_so_far >= *population.posts) return out;
  }
}

}  // namespace wfsim
