// Comma-separated values as RFC 4180 defines them (header handling is the
// caller's): each field keeps the line and column where it starts, so that
// errors about its value can name them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wfsim {

struct CsvField {
  std::string text;  ///< unquoted, with surrounding spaces of an unquoted field removed
  int line = 0;      ///< 1-based line of the field's first character
  int column = 0;    ///< 1-based byte column of that character
};

struct CsvRecord {
  std::vector<CsvField> fields;
  int line = 0;        ///< the line the record starts on
  int end_line = 0;    ///< the line it ends on
  int end_column = 0;  ///< the column just past its last character
};

/// The records of `text`, in order. Fields are separated by commas and
/// records by CRLF, LF or CR; a field in double quotes may hold commas, line
/// breaks and doubled quotes (""). Empty lines are skipped, and so is a UTF-8
/// byte-order mark. A control character (io/input_file.hpp), or a stray or
/// unbalanced quote, is an InputError naming `origin`, the line and the column.
std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& origin);

}  // namespace wfsim
