// Beast-free request and response types: handlers and middleware see only these, so the slow-to-
// compile Beast headers stay inside server.cpp.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace x8::http {

// Header names compare case-insensitively; order is kept for the wire.
class Headers {
 public:
  void Set(std::string name, std::string value);
  void Add(std::string name, std::string value);
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  void Remove(std::string_view name);
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  size_t size() const { return items_.size(); }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Who is calling: filled by the authentication hook, checked by authorization and handlers.
struct Principal {
  std::string user_id;
  std::string role;       // CLIENT | MANAGER | ADMIN
  std::string tenant_id;  // the account whose data the request may touch
};

struct Request {
  std::string method;  // upper case: GET, POST, …
  std::string target;  // as received: path + query
  std::string path;    // percent-decoded path without the query
  std::string query;   // raw query string without '?'
  Headers headers;
  std::string body;
  std::string remote_address;

  // Set by the router and middleware.
  std::string route;  // the matched template, e.g. /api/v1/companies/{id}; "" when none matched
  std::vector<std::pair<std::string, std::string>> path_params;
  std::string request_id;
  std::optional<Principal> principal;

  std::string_view PathParam(std::string_view name) const;
  std::optional<std::string> QueryParam(std::string_view name) const;  // percent-decoded
  // Parses the body as a JSON object; errors carry line/column of the first bad byte.
  Result<boost::json::object> JsonBody() const;
};

class OpenFile;  // file_response.h

// A body streamed from an open file instead of Response::body: `length` bytes from `offset`.
struct FileSlice {
  std::shared_ptr<const OpenFile> file;
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Set by file routes (ServeOpenFile): the server writes Content-Length = file->length and streams
  // the bytes in chunks, so a large video never sits in memory. `body` stays empty then.
  std::optional<FileSlice> file;

  static Response Json(const boost::json::value& value, int status = 200);
  static Response Text(std::string body, std::string content_type = "text/plain; charset=utf-8",
                       int status = 200);
  static Response NoContent();
  // The one place an Error becomes an HTTP answer:
  // {"error":{"code":"not_found","message":"…","details":{…},"request_id":"…"}}.
  static Response FromError(const Error& error, std::string_view request_id = {});
};

// Handlers are plain synchronous functions run on the worker pool; they may block on the database.
using Handler = std::function<Response(Request&)>;

std::string PercentDecode(std::string_view in, bool plus_as_space = false);

}  // namespace x8::http
