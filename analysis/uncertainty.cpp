#include "analysis/uncertainty.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>

#include "analysis/calibration.hpp"
#include "io/hdf5_io.hpp"
#include "io/yaml_reader.hpp"
#include "sim/random.hpp"

namespace wfsim {

namespace {

UncertaintySource load_priors(const std::filesystem::path& file) {
  const std::string source = file.string();
  UncertaintySource out{source, "priors", read_text_file(file, {source, 0, 0}, ""), {}, {}, {}};
  const YAML::Node root = parse_yaml(out.text, source);
  const YamlReader r(source);
  if (!root.IsMap()) r.fail(root, "", "a priors file is a mapping with the key priors");
  r.check_keys(root, "", {"priors"});
  r.require(root, "", "priors",
            "e.g. priors: {parameters.resources.flexibility_bonus: {dist: uniform, min: 0, "
            "max: 0.4}}");
  // A prior may say where its range comes from (`source:`): a note for readers.
  for (CalibrationPrior& prior : read_priors(r, root["priors"], {"source"}))
    out.parameters.push_back({prior.path, prior.prior, prior.where});
  return out;
}

UncertaintySource load_posterior(const std::filesystem::path& file) {
  const std::string source = file.string();
  const auto fail = [&](const std::string& problem) {
    return InputError({source, 0, 0}, "", problem,
                      "give a results file of wfsim calibrate, or a priors file (.yaml)");
  };
  if (!std::filesystem::exists(file)) throw fail("no such file");
  // Checked without opening it: HDF5 would wait on a FIFO, or read a device.
  if (!std::filesystem::is_regular_file(file))
    throw fail("it is a directory, a FIFO or a device, not a file");
  const hdf5::SilenceErrors silence;
  const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw fail("cannot open it as an HDF5 file" + hdf5::error_cause());
  const hdf5::Handle handle(id, H5Fclose, "opening " + source);
  if (H5Aexists(id, "kind") <= 0 || hdf5::read_string_attribute(id, "kind") != "calibration")
    throw fail("it is not a calibration results file");
  if (H5Lexists(id, "posterior", H5P_DEFAULT) <= 0)
    throw fail("it holds no posterior: the calibration stopped before its first generation");
  UncertaintySource out{source, "posterior", {}, {}, {}, {}};
  const std::vector<std::string> paths = hdf5::read_strings(id, "priors/parameter");
  std::vector<std::vector<double>> columns;
  for (const std::string& path : paths) {
    out.parameters.push_back({path, {}, {source, 0, 0}});
    columns.push_back(hdf5::read_doubles(id, "posterior/" + path));
  }
  out.weights = hdf5::read_doubles(id, "posterior/weight");
  for (std::size_t i = 0; i < out.weights.size(); ++i) {
    std::vector<double> theta;
    for (const std::vector<double>& column : columns) theta.push_back(column.at(i));
    out.particles.push_back(std::move(theta));
  }
  if (out.particles.empty()) throw fail("its posterior has no particles");
  return out;
}

}  // namespace

UncertaintySource load_uncertainty(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".h5" || extension == ".hdf5") return load_posterior(file);
  if (extension == ".yaml" || extension == ".yml") return load_priors(file);
  throw InputError({file.string(), 0, 0}, "", "not a priors file or a calibration results file",
                   "give a priors file (.yaml), e.g. experiments/assumed_priors.yaml, or the "
                   ".h5 file of wfsim calibrate");
}

UncertaintySource load_uncertainty(const std::vector<std::filesystem::path>& files) {
  if (files.size() == 1) return load_uncertainty(files.front());
  UncertaintySource merged{{}, "priors", {}, {}, {}, {}};
  for (const std::filesystem::path& file : files) {
    UncertaintySource one = load_uncertainty(file);
    if (one.kind == "posterior") {
      throw InputError({file.string(), 0, 0}, "",
                       "a calibration posterior cannot be combined with other files",
                       "give it as the only --uncertainty file");
    }
    for (UncertainParameter& parameter : one.parameters) {
      for (const UncertainParameter& earlier : merged.parameters) {
        if (earlier.path == parameter.path) {
          throw InputError(parameter.where, "priors." + parameter.path,
                           "this parameter already has a prior in " + earlier.where.file,
                           "give each parameter one prior");
        }
      }
      merged.parameters.push_back(std::move(parameter));
    }
    merged.file += (merged.file.empty() ? "" : ", ") + one.file;
    merged.text += "# " + one.file + "\n" + one.text;
  }
  return merged;
}

std::vector<double> draw_parameters(const UncertaintySource& source, std::uint64_t seed, int pair) {
  const auto replicate = static_cast<std::uint32_t>(pair);
  std::vector<double> values;
  if (source.kind == "posterior") {
    // One particle, by inverting the cumulative weights with one uniform.
    RandomStream stream({seed, replicate, 0, 0, Purpose{"posterior draw"}});
    double total = 0.0;
    for (double w : source.weights) total += w;
    const double u = stream.uniform() * total;
    double cumulative = 0.0;
    std::size_t chosen = source.particles.size() - 1;
    for (std::size_t i = 0; i < source.weights.size(); ++i) {
      cumulative += source.weights[i];
      if (u < cumulative) {
        chosen = i;
        break;
      }
    }
    return source.particles[chosen];
  }
  for (const UncertainParameter& parameter : source.parameters) {
    RandomStream stream(
        {seed, replicate, 0, fnv1a(parameter.path), Purpose{"parameter uncertainty"}});
    values.push_back(parameter.prior.sample(stream));
  }
  return values;
}

std::vector<StudyKey> uncertainty_keys(const UncertaintySource& source) {
  std::vector<StudyKey> keys;
  for (const UncertainParameter& parameter : source.parameters)
    keys.push_back({parameter.path, "priors." + parameter.path, parameter.where});
  return keys;
}

std::vector<std::string> parameter_overrides(const UncertaintySource& source,
                                             const std::vector<double>& values) {
  std::vector<std::string> overrides;
  for (std::size_t i = 0; i < source.parameters.size(); ++i)
    overrides.push_back(fmt::format("{}={:.17g}", source.parameters[i].path, values.at(i)));
  return overrides;
}

double prior_quantile(const Prior& prior, double p) {
  switch (prior.kind) {
    case PriorKind::uniform:
      return prior.min + p * (prior.max - prior.min);
    case PriorKind::normal:
      return boost::math::quantile(boost::math::normal(prior.first, prior.second), p);
    case PriorKind::lognormal:
      return boost::math::quantile(boost::math::lognormal(prior.first, prior.second), p);
    case PriorKind::beta:
      return prior.min +
             (prior.max - prior.min) *
                 boost::math::quantile(
                     boost::math::beta_distribution<double>(prior.first, prior.second), p);
  }
  return prior.mean();
}

}  // namespace wfsim
