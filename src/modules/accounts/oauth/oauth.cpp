#include "modules/accounts/oauth/oauth.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "platform/crypto/crypto.h"

namespace x8::accounts::oauth {

Error FlowError(std::string_view oauth_error, std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message)}.With("oauth_error", oauth_error);
}

std::string OAuthErrorCode(const Error& error) {
  if (const auto* code = error.details.if_contains("oauth_error"); code != nullptr && code->is_string()) {
    return std::string(code->as_string());
  }
  if (error.code == ErrorCode::kRateLimited) return std::string(kErrRateLimited);
  return std::string(kErrServer);
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += UrlEncode(key) + "=" + UrlEncode(value);
  }
  return out;
}

std::string WithQuery(std::string_view base, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out(base);
  if (params.empty()) return out;
  if (out.find('?') == std::string::npos) {
    out.push_back('?');
  } else if (out.back() != '?' && out.back() != '&') {
    out.push_back('&');
  }
  return out + FormEncode(params);
}

std::string SafeRedirectPath(std::string_view requested, std::string_view fallback) {
  auto fallback_path = [&] { return std::string(fallback); };
  if (requested.empty() || requested.size() > 512 || requested.front() != '/') return fallback_path();
  if (requested.size() > 1 && (requested[1] == '/' || requested[1] == '\\')) return fallback_path();
  for (unsigned char c : requested) {
    if (c <= 0x20 || c == 0x7F || c == '\\') return fallback_path();
  }
  return std::string(requested);
}

std::string PkceChallenge(std::string_view code_verifier) {
  return crypto::Base64UrlEncode(crypto::Sha256(code_verifier));
}

std::optional<int64_t> CacheControlMaxAge(std::string_view header) {
  std::optional<int64_t> max_age;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view part = header.substr(0, comma);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    std::string lower(part);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower == "no-store" || lower == "no-cache") return 0;
    if (lower.starts_with("max-age=")) {
      std::string_view digits = std::string_view(lower).substr(8);
      if (digits.size() >= 2 && digits.front() == '"' && digits.back() == '"') {
        digits = digits.substr(1, digits.size() - 2);
      }
      int64_t value = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (ec == std::errc() && end == digits.data() + digits.size() && value >= 0) max_age = value;
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return max_age;
}

std::string AppSecretProof(std::string_view app_secret, std::string_view access_token) {
  return crypto::HexEncode(crypto::HmacSha256(app_secret, access_token));
}

}  // namespace x8::accounts::oauth
