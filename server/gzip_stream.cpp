#include "server/gzip_stream.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace wfsim::serve {

GzipStream::GzipStream() : zlib_(new z_stream{}) {
  // windowBits 15 + 16: a gzip wrapper; level 6 (zlib's default) compresses a
  // region's people about 10 times at a few ms per MB.
  if (deflateInit2(zlib_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    delete zlib_;
    throw std::runtime_error("zlib could not start a gzip stream");
  }
}

GzipStream::~GzipStream() {
  deflateEnd(zlib_);
  delete zlib_;
}

std::string GzipStream::deflate_all(std::string_view data, int flush) {
  std::string out;
  std::array<unsigned char, 16384> buffer{};
  // zlib's interface is not const-correct: it does not write through next_in.
  zlib_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zlib_->avail_in = static_cast<uInt>(data.size());
  do {
    zlib_->next_out = buffer.data();
    zlib_->avail_out = static_cast<uInt>(buffer.size());
    const int result = deflate(zlib_, flush);
    if (result == Z_STREAM_ERROR) throw std::runtime_error("zlib failed to compress");
    out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - zlib_->avail_out);
  } while (zlib_->avail_out == 0);
  return out;
}

std::string GzipStream::compress(std::string_view data) {
  return deflate_all(data, Z_SYNC_FLUSH);
}

std::string GzipStream::finish() {
  return deflate_all({}, Z_FINISH);
}

bool accepts_gzip(const std::string& accept_encoding) {
  // Comma-separated codings, each perhaps with a weight (";q=0.5"); q=0 refuses.
  std::size_t start = 0;
  while (start < accept_encoding.size()) {
    const std::size_t end = std::min(accept_encoding.find(',', start), accept_encoding.size());
    std::string token;
    for (std::size_t i = start; i < end; ++i) {
      const auto c = static_cast<unsigned char>(accept_encoding[i]);
      if (!std::isspace(c)) token += static_cast<char>(std::tolower(c));
    }
    const std::size_t weight = token.find(";q=");
    const std::string name = token.substr(0, token.find(';'));
    const bool refused =
        weight != std::string::npos && std::strtod(token.c_str() + weight + 3, nullptr) <= 0;
    if ((name == "gzip" || name == "x-gzip") && !refused) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace wfsim::serve
