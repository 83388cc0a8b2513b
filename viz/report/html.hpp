// HTML text: escaping, small table helpers, and the self-contained page
// shell (inline CSS only: the page loads nothing from anywhere).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wfsim::report {

/// `text` safe inside HTML text and quoted attribute values (& < > " ').
std::string escape(std::string_view text);

/// A number for data- attributes: shortest round-trip form, "nan" when not finite.
std::string data_number(double value);

/// A <table> with a header row; `cells` are already HTML (escape text first).
/// `numeric` marks the columns aligned right.
std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& cells,
                       const std::vector<bool>& numeric = {}, const std::string& css_class = "");

/// The whole document: `title` (text) in <title> and `body` (HTML) inside <main>.
std::string html_document(const std::string& title, const std::string& body);

}  // namespace wfsim::report
