#include "cli/resource_limits.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "io/input_error.hpp"
#include "record/metrics.hpp"

namespace wfsim::cli {

namespace {

// Peak resident memory of `wfsim run` (Release, x86-64, /usr/bin/time -f %M),
// rounded up: one team of 1,000, 2,000 and 4,000 posts (53, 159 and 581 MB:
// 35 bytes per member pair); England, 40,461 posts, 1 and 2 replicates at
// once (85 and 107 MB); Sure Start with 2,000 and 4,000 replicates of 156
// weeks (443 and 868 MB: the series held about three times over).
constexpr double kProcessBytes = 64e6;      // libraries, thread pools, one small scenario
constexpr double kBytesPerPost = 2000;      // the world's arrays and sparse ties, per post
constexpr double kBytesPerTeamPair = 40;    // per (member, member) of a team: 35 measured
constexpr double kStateBytesPerPost = 700;  // one replicate's state, per post: 550 measured
constexpr double kSeriesCopies = 3;       // the series, held about three times over while assembled
constexpr double kDiskBytesPerValue = 8;  // a double; compression only makes files smaller
constexpr double kAgentTableBytesPerPost = 64;  // the final agent table, per post and replicate

/// "8G", "500M", "64k" or a plain number of bytes; throws InputError naming `option`.
double parse_size(const std::string& text, const std::string& option) {
  std::size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!unit.empty() && unit.back() == 'B') unit.pop_back();
  const double scale = unit.empty()  ? 1
                       : unit == "K" ? 1e3
                       : unit == "M" ? 1e6
                       : unit == "G" ? 1e9
                       : unit == "T" ? 1e12
                                     : -1;
  if (used == 0 || scale < 0 || !(value > 0) || !std::isfinite(value)) {
    throw InputError({option + " " + text, 0, 0}, "", "not a size",
                     "give bytes with an optional unit, e.g. 8G, 500M or 64K");
  }
  return value * scale;
}

double machine_memory() {
  return static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

/// Free space for unprivileged writers in the directory `output` goes to.
double free_space(const std::filesystem::path& output) {
  const std::filesystem::path dir = output.has_parent_path() ? output.parent_path() : ".";
  struct statvfs space {};
  if (statvfs(dir.c_str(), &space) != 0) return INFINITY;  // not knowable: do not refuse
  return static_cast<double>(space.f_bavail) * static_cast<double>(space.f_frsize);
}

std::string parts(const std::vector<std::string>& list) {
  std::string joined;
  for (const std::string& part : list) joined += (joined.empty() ? "" : "; ") + part;
  return joined;
}

}  // namespace

std::string readable_bytes(double bytes) {
  if (bytes >= 1e12) return fmt::format("{:.1f} TB", bytes / 1e12);
  if (bytes >= 1e9) return fmt::format("{:.1f} GB", bytes / 1e9);
  if (bytes >= 1e6) return fmt::format("{:.0f} MB", bytes / 1e6);
  return fmt::format("{:.0f} kB", std::max(1.0, bytes / 1e3));
}

void ResourceNeed::add_memory(double bytes, std::string what) {
  memory += bytes;
  memory_parts.push_back(readable_bytes(bytes) + " " + std::move(what));
}

void ResourceNeed::add_disk(double bytes, std::string what) {
  disk += bytes;
  disk_parts.push_back(readable_bytes(bytes) + " " + std::move(what));
}

void ResourceNeed::add(const ResourceNeed& other) {
  memory += other.memory;
  disk += other.disk;
  memory_parts.insert(memory_parts.end(), other.memory_parts.begin(), other.memory_parts.end());
  disk_parts.insert(disk_parts.end(), other.disk_parts.begin(), other.disk_parts.end());
}

void add_resource_options(CLI::App* command, ResourceLimits& limits) {
  command->add_option("--max-memory", limits.max_memory,
                      "Refuse to start if the estimated memory needed is above this (e.g. 8G; "
                      "default: this machine's memory)");
  command->add_option("--max-disk", limits.max_disk,
                      "Refuse to start if the estimated results size is above this (e.g. 500M; "
                      "default: the free space where the output goes)");
}

ResourceNeed model_need(const Scenario& scenario) {
  double posts = 0;
  double team_pairs = 0;
  std::size_t largest = 0;
  for (const OrganisationSpec& org : scenario.organisations) {
    for (const TeamSpec& team : org.teams) {
      const auto size = static_cast<double>(team.size);
      posts += size;
      team_pairs += size * size;
      largest = std::max(largest, static_cast<std::size_t>(team.size));
    }
  }
  ResourceNeed need;
  need.add_memory(kBytesPerPost * posts, fmt::format("for {:.0f} posts", posts));
  need.add_memory(kBytesPerTeamPair * team_pairs,
                  fmt::format("for the ties within teams (the largest has {} posts; this grows "
                              "with the square of team size)",
                              largest));
  return need;
}

ResourceNeed ensemble_need(const World& world, int replicates, int weeks, int threads) {
  const double posts = static_cast<double>(world.posts.size());
  const double values = static_cast<double>(replicates) * static_cast<double>(weeks + 1) *
                        static_cast<double>(metric_names(world).size()) *
                        static_cast<double>(metric_scopes(world).size());
  ResourceNeed need;
  need.add_memory(kStateBytesPerPost * posts * std::min(threads, replicates),
                  fmt::format("for {} replicates running at once", std::min(threads, replicates)));
  need.add_memory(
      kSeriesCopies * 8 * values,
      fmt::format("for the series ({} replicates x {} weeks x {} metrics x {} scopes)", replicates,
                  weeks + 1, metric_names(world).size(), metric_scopes(world).size()));
  need.add_disk(kDiskBytesPerValue * values, "of series");
  need.add_disk(kAgentTableBytesPerPost * posts * replicates, "of final agent tables");
  return need;
}

ResourceNeed grouped(const ResourceNeed& part, const std::string& what) {
  ResourceNeed need;
  if (part.memory > 0)
    need.add_memory(part.memory, fmt::format("for {} ({})", what, parts(part.memory_parts)));
  if (part.disk > 0)
    need.add_disk(part.disk, fmt::format("for {} ({})", what, parts(part.disk_parts)));
  return need;
}

ResourceNeed at_once(const ResourceNeed& each, int count, const std::string& what) {
  ResourceNeed need;
  need.add_memory(
      count * each.memory,
      fmt::format("for {} {}{} at once, each {} ({})", count, what, count == 1 ? "" : "s",
                  readable_bytes(each.memory), parts(each.memory_parts)));
  return need;
}

void check_resources(const ResourceNeed& needed, const ResourceLimits& limits,
                     const std::filesystem::path& output) {
  ResourceNeed need;
  need.add_memory(kProcessBytes, "for the program");
  need.add(needed);
  // One check for memory and disk: the user's limit if given, else the machine's.
  const auto refuse_above = [](const std::string& kind, double amount,
                               const std::vector<std::string>& made_of, const std::string& given,
                               double machine, const std::string& machine_place,
                               const std::string& machine_words, const std::string& needs,
                               const std::string& hint) {
    const std::string option = "--max-" + kind;
    const double limit = given.empty() ? machine : parse_size(given, option);
    if (amount <= limit) return;
    throw InputError({given.empty() ? machine_place : option + " " + given, 0, 0}, "",
                     fmt::format("{} {} of {} ({}), more than {} {}", needs, readable_bytes(amount),
                                 kind, parts(made_of), readable_bytes(limit),
                                 given.empty() ? machine_words : "allowed"),
                     hint);
  };
  refuse_above("memory", need.memory, need.memory_parts, limits.max_memory, machine_memory(),
               "memory", "this machine has", "this needs about",
               "use fewer replicates, weeks or posts per team; or, if the estimate is too high "
               "for your case, raise the limit with --max-memory");
  if (need.disk <= 0) return;
  refuse_above("disk", need.disk, need.disk_parts, limits.max_disk, free_space(output),
               "-o " + output.string(), "free there", "the results may need up to",
               "use fewer replicates or weeks, or another disk; the estimate is an upper bound, "
               "so --max-disk can raise it");
}

}  // namespace wfsim::cli
