// Model parameters as data: every process declares the parameters it reads
// (key path, default, bounds, unit, source). One table drives scenario
// validation, `wfsim validate` output, `wfsim parameters` and the provenance
// stored in results files, so a default is written down exactly once.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace wfsim {

/// Where a parameter may be set: for the whole scenario only, or also in an
/// organisation's own `parameters:` block (the process reads it per organisation).
enum class Scope { scenario, organisation };

/// One model parameter under the scenario's `parameters:` block.
struct ParameterSpec {
  enum class Kind { real, integer, boolean };
  std::string path;  ///< dotted path below `parameters.`, e.g. "leaving.annual_rate"
  Kind kind = Kind::real;
  double default_value = 0.0;
  double min = 0.0;  ///< inclusive lower bound
  double max = 0.0;  ///< inclusive upper bound
  std::string unit;
  std::string meaning;
  std::string source;  ///< citation, or "assumed" (then it belongs in the sensitivity analysis)
  Scope scope = Scope::scenario;
};

/// Resolved parameter values, looked up by path when a process is built
/// (never inside the weekly loop).
class ParameterValues {
 public:
  void set(const std::string& path, double value) { values_[path] = value; }
  /// The value of a declared parameter; throws std::out_of_range for an undeclared path.
  double real(const std::string& path) const { return values_.at(path); }
  bool boolean(const std::string& path) const { return values_.at(path) != 0.0; }
  const std::map<std::string, double>& all() const { return values_; }

 private:
  std::map<std::string, double> values_;
};

}  // namespace wfsim
