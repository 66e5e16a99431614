#include "platform/http/message.h"

#include <strings.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/json.h"

namespace x8::http {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void Headers::Set(std::string name, std::string value) {
  Remove(name);
  items_.emplace_back(std::move(name), std::move(value));
}

void Headers::Add(std::string name, std::string value) {
  items_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (IEquals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

void Headers::Remove(std::string_view name) {
  std::erase_if(items_, [&](const auto& kv) { return IEquals(kv.first, name); });
}

std::string PercentDecode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size()) {
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string_view Request::PathParam(std::string_view name) const {
  for (const auto& [k, v] : path_params) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    if (key == name) {
      return eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true);
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

Result<boost::json::object> Request::JsonBody() const {
  if (body.empty())
    return Error{ErrorCode::kInvalidArgument, "request body is empty; expected a JSON object"};
  return json::ParseObject(body);
}

Response Response::Json(const boost::json::value& value, int status) {
  Response r;
  r.status = status;
  r.headers.Set("Content-Type", "application/json");
  r.body = boost::json::serialize(value);
  return r;
}

Response Response::Text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.headers.Set("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::FromError(const Error& error, std::string_view request_id) {
  boost::json::object err;
  err["code"] = ToString(error.code);
  // Internal errors never leak their cause; it is in the log under the request id.
  err["message"] = error.code == ErrorCode::kInternal ? "internal error" : error.message;
  err["details"] = error.code == ErrorCode::kInternal ? boost::json::object{} : error.details;
  if (!request_id.empty()) err["request_id"] = request_id;
  return Json(boost::json::object{{"error", std::move(err)}}, HttpStatus(error.code));
}

}  // namespace x8::http
