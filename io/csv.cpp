#include "io/csv.hpp"

#include "io/input_error.hpp"
#include "io/input_file.hpp"

namespace wfsim {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Walks the text one byte at a time, keeping the line and column.
class Cursor {
 public:
  Cursor(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {
    if (text_.substr(0, kByteOrderMark.size()) == kByteOrderMark) pos_ = kByteOrderMark.size();
  }

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  int line() const { return line_; }
  int column() const { return column_; }
  bool at_line_break() const { return !done() && (peek() == '\n' || peek() == '\r'); }

  char take() {
    const char c = text_[pos_++];
    ++column_;
    return c;
  }

  /// Consumes one line break (CRLF, LF or CR).
  void take_line_break() {
    if (take() == '\r' && !done() && peek() == '\n') ++pos_;
    ++line_;
    column_ = 1;
  }

  void skip_blanks() {
    while (!done() && is_blank(peek())) take();
  }

  [[noreturn]] void fail(int line, int column, const std::string& problem,
                         const std::string& hint) const {
    throw InputError({origin_, line, column}, "", problem, hint);
  }

 private:
  std::string_view text_;
  const std::string& origin_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// A field in double quotes, from its opening quote up to the separator.
std::string read_quoted(Cursor& in, int line, int column) {
  in.take();  // the opening quote
  std::string text;
  while (true) {
    if (in.done()) {
      in.fail(line, column, "a quoted field is never closed",
              "end the field with a double quote; a quote inside it is written twice (\"\")");
    }
    if (in.at_line_break()) {
      // A line break inside quotes belongs to the field (RFC 4180).
      text += in.peek() == '\r' ? "\r\n" : "\n";
      in.take_line_break();
      continue;
    }
    const char c = in.take();
    if (c != '"') {
      text += c;
    } else if (!in.done() && in.peek() == '"') {
      text += in.take();
    } else {
      break;
    }
  }
  in.skip_blanks();
  if (!in.done() && in.peek() != ',' && !in.at_line_break()) {
    in.fail(in.line(), in.column(), "text after the closing quote of a field",
            "a quote inside a quoted field is written twice (\"\")");
  }
  return text;
}

std::string read_unquoted(Cursor& in) {
  std::string text;
  while (!in.done() && in.peek() != ',' && !in.at_line_break()) {
    if (in.peek() == '"') {
      in.fail(in.line(), in.column(), "a double quote inside an unquoted field",
              "put the whole field in double quotes and write the quote twice (\"\")");
    }
    text += in.take();
  }
  while (!text.empty() && is_blank(text.back())) text.pop_back();
  return text;
}

}  // namespace

std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& origin) {
  check_text_characters(text, origin);
  Cursor in(text, origin);
  std::vector<CsvRecord> records;
  while (!in.done()) {
    if (in.at_line_break()) {  // an empty line
      in.take_line_break();
      continue;
    }
    CsvRecord record;
    record.line = in.line();
    while (true) {
      in.skip_blanks();
      CsvField field;
      field.line = in.line();
      field.column = in.column();
      field.text = !in.done() && in.peek() == '"' ? read_quoted(in, field.line, field.column)
                                                  : read_unquoted(in);
      record.fields.push_back(std::move(field));
      if (in.done() || in.at_line_break()) break;
      in.take();  // the comma
    }
    record.end_line = in.line();
    record.end_column = in.column();
    if (!in.done()) in.take_line_break();
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace wfsim
