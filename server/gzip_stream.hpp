// gzip for an event stream: each batch of events is compressed and flushed
// at once (Z_SYNC_FLUSH), so the browser can decode it as soon as it arrives
// while the stream shares one compression window, which is what makes the
// repeated keys and people arrays of the events small on a room's network.
// (cpp-httplib does not compress event streams: its compressor holds data
// back until its buffer fills, which would stall a live view.)
#pragma once

#include <string>
#include <string_view>

struct z_stream_s;

namespace wfsim::serve {

class GzipStream {
 public:
  GzipStream();
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;
  ~GzipStream();

  /// `data` compressed and flushed: bytes the client can decode at once.
  std::string compress(std::string_view data);
  /// The end of the gzip stream.
  std::string finish();

 private:
  std::string deflate_all(std::string_view data, int flush);

  z_stream_s* zlib_;
};

/// Whether an Accept-Encoding header value accepts gzip.
bool accepts_gzip(const std::string& accept_encoding);

}  // namespace wfsim::serve
