// Answering GET/HEAD for a file-like representation (RFC 9110): validators (If-None-Match → 304),
// single byte ranges (Range → 206, 416 when unsatisfiable, If-Range), and file bodies the server
// streams from an open descriptor instead of holding them in memory. Beast-free: used by the media file
// route and the static web app.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "platform/http/message.h"

namespace x8::http {

// An open, read-only file. Shared by the copies of a Response (FileSlice) and closed with the last.
class OpenFile {
 public:
  // Opens a regular file; kNotFound when it is missing, not a regular file or unreadable.
  static Result<std::shared_ptr<const OpenFile>> Open(const std::filesystem::path& path);
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  int descriptor() const { return fd_; }
  uint64_t size() const { return size_; }
  int64_t mtime_ns() const { return mtime_ns_; }  // nanoseconds since the epoch

  // Reads [offset, offset + length) whole (for tests and small bodies); kUnavailable on a short read.
  Result<std::string> Read(uint64_t offset, uint64_t length) const;

 private:
  OpenFile(int fd, uint64_t size, int64_t mtime_ns) : fd_(fd), size_(size), mtime_ns_(mtime_ns) {}
  int fd_;
  uint64_t size_;
  int64_t mtime_ns_;
};

// The answer to a Range header against a representation of `size` bytes (RFC 9110 §14.1–14.2).
struct RangeRequest {
  enum class Kind {
    kWhole,          // answer 200 with everything: no Range, another unit, bad syntax, several ranges
    kPartial,        // answer 206 with [first, last]
    kUnsatisfiable,  // answer 416 with Content-Range: bytes */size
  };
  Kind kind = Kind::kWhole;
  uint64_t first = 0;  // kPartial only: the first byte sent
  uint64_t last = 0;   // kPartial only: the last byte sent, inclusive (last < size)

  bool operator==(const RangeRequest&) const = default;
};

// Parses one Range field value ("bytes=0-499", "bytes=500-", "bytes=-500"). Only single ranges are
// served: a list of several (valid or not) is kWhole, which RFC 9110 allows. Numbers too large for 64
// bits saturate, so "bytes=0-99999999999999999999" is the whole file from 0 and a huge first byte is
// unsatisfiable. A zero-length representation has no bytes to send: a suffix range is kWhole (the
// empty 200), any other valid range kUnsatisfiable. Whitespace is allowed around the value and
// around list commas, not inside a range ("bytes=0 - 5" is malformed, so kWhole).
RangeRequest ParseRange(std::string_view value, uint64_t size);

// If-None-Match against the current strong `etag` ("…"): `*`, or any listed tag equal under the weak
// comparison (W/ ignored), as RFC 9110 §13.1.2 asks.
bool IfNoneMatchMatches(std::string_view value, std::string_view etag);

// The bytes to send after Negotiate: [offset, offset + length).
struct ByteSlice {
  uint64_t offset = 0;
  uint64_t length = 0;
};

// Decides the answer for a representation of `size` bytes whose strong validator is `etag`, on top of
// a Response whose Content-Type, Cache-Control and other headers the caller has set:
//   If-None-Match matching → 304 (no body, no Content-Type);
//   GET with one satisfiable Range (and If-Range, when sent, equal to the ETag) → 206 + Content-Range;
//   GET with an unsatisfiable Range → 416 + Content-Range: bytes */size and a JSON error;
//   anything else → 200 with every byte.
// Sets ETag, Accept-Ranges: bytes (except on 304) and the status, and returns the slice of the
// representation to send (empty for 304 and 416). HEAD is answered like a GET without Range: RFC 9110
// defines ranges for GET only, and the server drops the body of a HEAD.
ByteSlice Negotiate(const Request& request, std::string_view etag, uint64_t size, Response& response);

// A strong ETag from a file's size and modification time (like nginx's): "<size hex>-<mtime ns hex>".
// Valid for files that are replaced, never rewritten in place.
std::string FileEtag(const OpenFile& file);

// Serves an open file: Negotiate, then a body streamed from `file` for 200 and 206. `response` carries
// the caller's headers (Content-Type, Cache-Control, …).
Response ServeOpenFile(const Request& request, std::shared_ptr<const OpenFile> file, Response response);

}  // namespace x8::http
