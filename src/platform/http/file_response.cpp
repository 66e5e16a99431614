#include "platform/http/file_response.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

namespace x8::http {
namespace {

constexpr uint64_t kMaxU64 = std::numeric_limits<uint64_t>::max();

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// 1*DIGIT, saturating at 2^64-1; nullopt for an empty or non-digit string.
std::optional<uint64_t> ParseDigits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    auto digit = static_cast<uint64_t>(c - '0');
    value = value > (kMaxU64 - digit) / 10 ? kMaxU64 : value * 10 + digit;
  }
  return value;
}

std::string_view WithoutWeakPrefix(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

// If-Range holds an entity tag or an HTTP-date. Only our strong ETag, compared strongly, lets the
// range through; a date never does, since these routes send no Last-Modified (RFC 9110 §13.1.5).
bool IfRangeMatches(std::string_view value, std::string_view etag) {
  value = TrimOws(value);
  return value.starts_with('"') && value == etag;
}

}  // namespace

Result<std::shared_ptr<const OpenFile>> OpenFile::Open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NotFound("cannot open " + path.string() + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return NotFound("not a regular file: " + path.string());
  }
  int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return std::shared_ptr<const OpenFile>(new OpenFile(fd, static_cast<uint64_t>(st.st_size), mtime_ns));
}

OpenFile::~OpenFile() { ::close(fd_); }

Result<std::string> OpenFile::Read(uint64_t offset, uint64_t length) const {
  std::string out(length, '\0');
  size_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Unavailable(std::string("cannot read a served file: ") + std::strerror(errno));
    if (n == 0) return Unavailable("a served file ended early");
    done += static_cast<size_t>(n);
  }
  return out;
}

RangeRequest ParseRange(std::string_view value, uint64_t size) {
  using Kind = RangeRequest::Kind;
  value = TrimOws(value);
  auto equals = value.find('=');
  if (equals == std::string_view::npos || !EqualsIgnoreCase(value.substr(0, equals), "bytes")) return {};

  // The range set: exactly one non-empty element (empty list elements are allowed by RFC 9110 §5.6.1).
  std::string_view spec;
  int elements = 0;
  std::string_view rest = value.substr(equals + 1);
  for (;;) {
    auto comma = rest.find(',');
    auto element = TrimOws(rest.substr(0, comma));
    if (!element.empty()) {
      spec = element;
      ++elements;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (elements != 1) return {};  // none is malformed; several we answer whole

  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  if (dash == 0) {  // suffix-range: the last n bytes
    auto suffix = ParseDigits(spec.substr(1));
    if (!suffix) return {};
    if (*suffix == 0) return {.kind = Kind::kUnsatisfiable};
    if (size == 0) return {};  // satisfiable in principle, but there is nothing to send: the empty 200
    return {.kind = Kind::kPartial, .first = size - std::min(*suffix, size), .last = size - 1};
  }
  auto first = ParseDigits(spec.substr(0, dash));
  if (!first) return {};
  std::optional<uint64_t> last;
  if (dash + 1 < spec.size()) {
    last = ParseDigits(spec.substr(dash + 1));
    if (!last || *last < *first) return {};  // malformed or invalid (last-pos before first-pos)
  }
  if (*first >= size) return {.kind = Kind::kUnsatisfiable};
  return {.kind = Kind::kPartial, .first = *first, .last = std::min(last.value_or(kMaxU64), size - 1)};
}

bool IfNoneMatchMatches(std::string_view value, std::string_view etag) {
  value = TrimOws(value);
  if (value == "*") return true;
  for (;;) {
    auto comma = value.find(',');
    auto tag = TrimOws(value.substr(0, comma));
    if (!tag.empty() && WithoutWeakPrefix(tag) == WithoutWeakPrefix(etag)) return true;
    if (comma == std::string_view::npos) return false;
    value.remove_prefix(comma + 1);
  }
}

ByteSlice Negotiate(const Request& request, std::string_view etag, uint64_t size, Response& response) {
  response.headers.Set("ETag", std::string(etag));
  if (auto none_match = request.headers.Get("If-None-Match");
      none_match && IfNoneMatchMatches(*none_match, etag)) {
    // A 304 carries the validators and caching fields of the 200, not its representation metadata.
    response.status = 304;
    response.headers.Remove("Content-Type");
    response.body.clear();
    return {};
  }
  response.headers.Set("Accept-Ranges", "bytes");
  RangeRequest range;
  if (request.method == "GET") {
    auto value = request.headers.Get("Range");
    auto if_range = request.headers.Get("If-Range");
    if (value && (!if_range || IfRangeMatches(*if_range, etag))) range = ParseRange(*value, size);
  }
  switch (range.kind) {
    case RangeRequest::Kind::kWhole:
      response.status = 200;
      return {.offset = 0, .length = size};
    case RangeRequest::Kind::kPartial:
      response.status = 206;
      response.headers.Set("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                                std::to_string(range.last) + "/" + std::to_string(size));
      return {.offset = range.first, .length = range.last - range.first + 1};
    case RangeRequest::Kind::kUnsatisfiable:
      break;
  }
  auto error = Response::FromError(
      InvalidArgument("the requested range is outside the " + std::to_string(size) + " bytes of this file")
          .With("size", static_cast<int64_t>(size)),
      request.request_id);
  response.status = 416;
  response.headers.Set("Content-Range", "bytes */" + std::to_string(size));
  response.headers.Set("Content-Type", std::string(error.headers.Get("Content-Type").value_or("")));
  response.headers.Set("Cache-Control", "no-store");  // never cache an error under the file's URL
  response.body = std::move(error.body);
  return {};
}

std::string FileEtag(const OpenFile& file) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(file.size()),
                static_cast<unsigned long long>(file.mtime_ns()));
  return buf;
}

Response ServeOpenFile(const Request& request, std::shared_ptr<const OpenFile> file, Response response) {
  auto slice = Negotiate(request, FileEtag(*file), file->size(), response);
  if (response.status == 200 || response.status == 206) {
    response.body.clear();
    response.file = FileSlice{.file = std::move(file), .offset = slice.offset, .length = slice.length};
  }
  return response;
}

}  // namespace x8::http
