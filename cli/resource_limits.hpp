// Memory and disk a command will need, estimated before it starts from the
// scenario and the design, and refused (exit 2, with the figures) above a
// limit: by default what this machine has (its memory; the free space where
// the output goes), or --max-memory / --max-disk. Without this, a scenario
// with one team of 20,000 posts, or 100,000 replicates, ran until the
// machine ran out of memory.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/world.hpp"

namespace wfsim::cli {

struct ResourceLimits {
  std::string max_memory;  ///< e.g. "8G"; empty: this machine's memory
  std::string max_disk;    ///< e.g. "500M"; empty: the free space where the output goes
};

/// Adds --max-memory and --max-disk to `command`.
void add_resource_options(CLI::App* command, ResourceLimits& limits);

/// What a command needs, with the parts that make it up (for the message).
struct ResourceNeed {
  double memory = 0;  ///< bytes
  double disk = 0;    ///< bytes
  std::vector<std::string> memory_parts;
  std::vector<std::string> disk_parts;
  void add_memory(double bytes, std::string what);
  void add_disk(double bytes, std::string what);
  void add(const ResourceNeed& other);
};

/// The contact network and people of `scenario` before it is built: what a
/// team's everyone-knows-everyone ties cost grows with the square of its size.
ResourceNeed model_need(const Scenario& scenario);

/// An ensemble of `replicates` runs of `weeks` weeks of the built `world`, on
/// `threads` threads at once, whose series are held until written.
ResourceNeed ensemble_need(const World& world, int replicates, int weeks, int threads);

/// `part` as one item of each list: "SIZE for WHAT (its parts)".
ResourceNeed grouped(const ResourceNeed& part, const std::string& what);

/// `each` (memory only) `count` times over, as one part: "for COUNT WHAT(s)
/// at once, each SIZE (its parts)"; `what` is singular.
ResourceNeed at_once(const ResourceNeed& each, int count, const std::string& what);

/// Throws InputError (exit 2) naming the figures if `need`, with the program
/// itself, exceeds the limits.
void check_resources(const ResourceNeed& need, const ResourceLimits& limits,
                     const std::filesystem::path& output);

/// "1.5 GB", "320 MB": bytes as people read them.
std::string readable_bytes(double bytes);

}  // namespace wfsim::cli
