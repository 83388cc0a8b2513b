#include "io/results_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "io/atomic_file.hpp"

namespace wfsim {
namespace {

namespace fs = std::filesystem;

// RFC 4180 quoting, only when needed, so that ordinary ids stay unquoted.
void append_field(std::string& line, const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    line += text;
    return;
  }
  line += '"';
  for (const char c : text) {
    if (c == '"') line += '"';  // a quote inside a quoted field is doubled
    line += c;
  }
  line += '"';
}

// Shortest representation that parses back to the same double.
void append_value(std::string& line, double value) {
  if (std::isnan(value)) return;
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  line.append(buffer, result.ptr);
}

// Writes the rows of the given scopes (with an org column for organisations),
// under a temporary name renamed into place once the stream closed cleanly.
void write_scopes(const fs::path& file, const SeriesTable& series, std::size_t first_scope,
                  std::size_t end_scope, bool org_column) {
  const fs::path tmp = temporary_for(file);
  try {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot create " + tmp.string());
    out << (org_column ? "org," : "") << "replicate,week,metric,value\n";
    std::string line;
    for (std::size_t s = first_scope; s < end_scope; ++s) {
      for (int r = 0; r < series.replicates(); ++r) {
        for (int w = 0; w <= series.weeks(); ++w) {
          for (std::size_t m = 0; m < series.metrics().size(); ++m) {
            line.clear();
            if (org_column) {
              append_field(line, series.scopes()[s]);
              line += ',';
            }
            line += std::to_string(r) + ',' + std::to_string(w) + ',';
            append_field(line, series.metrics()[m]);
            line += ',';
            append_value(line, series.at(s, m, r, w));
            line += '\n';
            out << line;
          }
        }
      }
    }
    out.close();  // flushes: only now do write errors show in the stream state
    if (!out) throw std::runtime_error("error writing " + tmp.string());
    fs::rename(tmp, file);
  } catch (const std::exception& e) {
    std::error_code ignored;  // the original failure is the one worth reporting
    fs::remove(tmp, ignored);
    throw std::runtime_error("cannot write " + file.string() + ": " + e.what());
  }
}

}  // namespace

void write_results_csv(const fs::path& dir, const RunRecord& record) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error)
    throw std::runtime_error("cannot create directory " + dir.string() + ": " + error.message());
  const SeriesTable& series = record.series;
  const std::size_t scopes = series.scopes().size();
  write_scopes(dir / results_csv_files()[0], series, 0, std::min<std::size_t>(scopes, 1), false);
  write_scopes(dir / results_csv_files()[1], series, 1, std::max<std::size_t>(scopes, 1), true);
}

const std::vector<std::string>& results_csv_files() {
  static const std::vector<std::string> files{"series.csv", "orgs.csv"};
  return files;
}

}  // namespace wfsim
