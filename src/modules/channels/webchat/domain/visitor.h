// Web chat visitors: who is typing in a widget, without accounts or server-side sessions.
//
// A visitor id is random: "v" + 22 base62 characters (~131 bits). The visitor token the widget keeps in
// localStorage is "<visitor_id>.<base64url HMAC-SHA256(key, widget_key + ":" + visitor_id)>" with
// key = crypto::DeriveKey(master key, "webchat-visitor"): verification is stateless (no table), a token
// only works with the widget it was issued for, and the visitor id doubles as the contact's external id.
// The token is a bearer secret: it reads the visitor's conversation (HTTP history and the WebSocket
// topic "webchat.<visitor_token>").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "platform/http/message.h"

namespace x8::webchat {

inline constexpr size_t kVisitorIdChars = 23;              // "v" + 22
inline constexpr size_t kVisitorTokenChars = 23 + 1 + 43;  // id "." unpadded base64url of 32 bytes
inline constexpr std::string_view kTopicPrefix = "webchat.";

bool IsVisitorId(std::string_view text);
// "wc_" + 4–100 characters of [A-Za-z0-9_-] (the conversations module issues "wc_" + 32 hex digits).
bool IsWidgetKey(std::string_view text);
// "<visitor id>.<43 base64url characters decoding to 32 bytes>".
bool IsTokenShape(std::string_view token);

class VisitorTokens {
 public:
  // `master_key`: the server's 32-byte master key (crypto::LoadMasterKey); the signing key is derived.
  explicit VisitorTokens(std::string_view master_key);

  static std::string NewVisitorId();
  std::string Issue(std::string_view widget_key, std::string_view visitor_id) const;
  // The visitor id when `token` was issued for `widget_key`; kUnauthenticated (details.field
  // "visitor_token") otherwise. Constant-time comparison of the MAC.
  Result<std::string> Verify(std::string_view widget_key, std::string_view token) const;

  // "webchat.<visitor_token>": where the sender publishes the visitor's messages.
  static std::string Topic(std::string_view token);
  // The WebSocket topic policy, whoever (or no one) is signed in: true for "webchat.<token>" when the
  // token is well formed (a visitor id and a 32-byte MAC), false for every other topic. The MAC cannot be
  // checked here — it covers the widget key, which the topic does not carry — and need not be: events go
  // only to the topic of the exact token the server computes, so subscribing to a forged token's topic
  // receives nothing, and guessing a real one is guessing a 256-bit MAC.
  static bool MayWatch(const std::optional<http::Principal>& principal, std::string_view topic);

 private:
  std::string Mac(std::string_view widget_key, std::string_view visitor_id) const;
  std::string key_;
};

}  // namespace x8::webchat
