#include "tests/emulators/emulator.h"

#include <boost/json.hpp>
#include <cctype>

#include "platform/crypto/crypto.h"

namespace x8::emulators {

http::RouteOptions PublicRoute() {
  return http::RouteOptions{.access = http::Access::kPublic, .body = http::BodyKind::kAny};
}

std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      out.emplace_back(
          http::PercentDecode(pair.substr(0, eq), true),
          eq == std::string_view::npos ? std::string() : http::PercentDecode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return out;
}

std::string FormValue(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view key) {
  for (const auto& [k, v] : pairs) {
    if (k == key) return v;
  }
  return {};
}

bool HasFormValue(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view key) {
  for (const auto& [k, v] : pairs) {
    if (k == key) return true;
  }
  return false;
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 0x0F]};
    }
  }
  return out;
}

std::string WithQuery(std::string_view base, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out(base);
  char separator = out.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    out.push_back(separator);
    out += UrlEncode(k) + "=" + UrlEncode(v);
    separator = '&';
  }
  return out;
}

http::Response Json(const boost::json::value& body, int status) {
  http::Response response = http::Response::Json(body, status);
  response.headers.Set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
  return response;
}

http::Response Redirect(std::string location) {
  http::Response response;
  response.status = 302;
  response.headers.Set("Location", std::move(location));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

bool ParseJsonBody(const http::Request& request, boost::json::object& out, http::Response& error) {
  if (request.body.empty()) {
    out = {};
    return true;
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    error = Json(boost::json::object{{"error", "the control body must be a JSON object"}}, 400);
    return false;
  }
  out = std::move(value.as_object());
  return true;
}

std::string S256(std::string_view verifier) { return crypto::Base64UrlEncode(crypto::Sha256(verifier)); }

}  // namespace x8::emulators
