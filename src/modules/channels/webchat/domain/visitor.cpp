#include "modules/channels/webchat/domain/visitor.h"

#include "platform/crypto/crypto.h"

namespace x8::webchat {
namespace {

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool IsBase62(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool IsKeyChar(char c) { return IsBase62(c) || c == '_' || c == '-'; }

Error BadToken() {
  return Error{ErrorCode::kUnauthenticated,
               "this visitor token is not valid for this web chat; start a new session"}
      .With("field", "visitor_token");
}

}  // namespace

bool IsVisitorId(std::string_view text) {
  if (text.size() != kVisitorIdChars || text.front() != 'v') return false;
  for (char c : text.substr(1)) {
    if (!IsBase62(c)) return false;
  }
  return true;
}

bool IsWidgetKey(std::string_view text) {
  if (!text.starts_with("wc_") || text.size() < 7 || text.size() > 103) return false;
  for (char c : text.substr(3)) {
    if (!IsKeyChar(c)) return false;
  }
  return true;
}

bool IsTokenShape(std::string_view token) {
  if (token.size() != kVisitorTokenChars || token[kVisitorIdChars] != '.') return false;
  if (!IsVisitorId(token.substr(0, kVisitorIdChars))) return false;
  std::string_view mac = token.substr(kVisitorIdChars + 1);
  for (char c : mac) {
    if (!IsKeyChar(c)) return false;
  }
  auto bytes = crypto::Base64UrlDecode(mac);
  return bytes && bytes->size() == 32;
}

VisitorTokens::VisitorTokens(std::string_view master_key)
    : key_(crypto::DeriveKey(master_key, "webchat-visitor")) {}

std::string VisitorTokens::NewVisitorId() {
  std::string id = "v";
  while (id.size() < kVisitorIdChars) {
    // Rejection sampling: bytes >= 248 would bias the first 248 % 62 symbols.
    for (unsigned char byte : crypto::RandomBytes(32)) {
      if (byte >= 248) continue;
      id.push_back(kBase62[byte % 62]);
      if (id.size() == kVisitorIdChars) break;
    }
  }
  return id;
}

std::string VisitorTokens::Mac(std::string_view widget_key, std::string_view visitor_id) const {
  std::string data;
  data.reserve(widget_key.size() + 1 + visitor_id.size());
  data.append(widget_key).append(":").append(visitor_id);
  return crypto::Base64UrlEncode(crypto::HmacSha256(key_, data));
}

std::string VisitorTokens::Issue(std::string_view widget_key, std::string_view visitor_id) const {
  return std::string(visitor_id) + "." + Mac(widget_key, visitor_id);
}

Result<std::string> VisitorTokens::Verify(std::string_view widget_key, std::string_view token) const {
  if (token.size() != kVisitorTokenChars || token[kVisitorIdChars] != '.') return BadToken();
  std::string_view visitor_id = token.substr(0, kVisitorIdChars);
  if (!IsVisitorId(visitor_id)) return BadToken();
  if (!crypto::ConstantTimeEquals(token.substr(kVisitorIdChars + 1), Mac(widget_key, visitor_id))) {
    return BadToken();
  }
  return std::string(visitor_id);
}

std::string VisitorTokens::Topic(std::string_view token) {
  return std::string(kTopicPrefix) + std::string(token);
}

bool VisitorTokens::MayWatch(const std::optional<http::Principal>& /*principal*/, std::string_view topic) {
  return topic.starts_with(kTopicPrefix) && IsTokenShape(topic.substr(kTopicPrefix.size()));
}

}  // namespace x8::webchat
