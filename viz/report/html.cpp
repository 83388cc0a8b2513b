#include "viz/report/html.hpp"

#include <fmt/format.h>

#include <cmath>

namespace wfsim::report {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string data_number(double value) {
  return std::isfinite(value) ? fmt::format("{}", value) : std::string("nan");
}

std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& cells,
                       const std::vector<bool>& numeric, const std::string& css_class) {
  const auto align = [&](std::size_t column) {
    return column < numeric.size() && numeric[column] ? " class=\"num\"" : "";
  };
  std::string out = "<div class=\"table-wrap\"><table" +
                    (css_class.empty() ? std::string() : " class=\"" + css_class + "\"") +
                    ">\n<thead><tr>";
  for (std::size_t c = 0; c < header.size(); ++c)
    out += fmt::format("<th scope=\"col\"{}>{}</th>", align(c), header[c]);
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : cells) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c)
      out += fmt::format("<td{}>{}</td>", align(c), row[c]);
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

namespace {

// System fonts only: nothing is fetched. Colours print (print-color-adjust).
constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1a1a1a; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 1180px; margin: 0 auto; padding: 1.2rem 1.4rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid #0072B2; }
h3 { font-size: 1.08rem; margin: 1.2rem 0 0.4rem; }
p.note, .caption { color: #444; font-size: 0.88rem; }
figcaption { color: #555; font-size: 0.78rem; margin-top: 0.1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.5rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.4rem 0 1rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.sig td { font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1rem 1.2rem; }
figure.chart { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart h4 { margin: 0 0 0.2rem; font-size: 0.98rem; }
figure.chart svg { width: 100%; height: auto; display: block; }
details { margin: 0.6rem 0; }
summary { cursor: pointer; font-weight: 600; }
pre.yaml { background: #f6f6f6; border: 1px solid #ddd; padding: 0.6rem; overflow-x: auto;
           font-size: 0.8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 0.4rem; border-radius: 3px; font-size: 0.85rem; }
.badge.ok { background: #d7f0e5; color: #004d33; }
.badge.warn { background: #fde2c8; color: #7a3300; }
.teams { font-size: 0.88rem; color: #333; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .grid { grid-template-columns: 1fr 1fr; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
)css";

}  // namespace

std::string html_document(const std::string& title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</"
      "html>\n",
      escape(title), kStyle, body);
}

}  // namespace wfsim::report
