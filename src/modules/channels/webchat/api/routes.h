// HTTP handlers of the web chat channel (docs/design/conversations.md "HTTP API", docs/channels/webchat.md):
//
// Public, for the widget (no sign-in; the visitor token is the credential; cross_origin: any site may
// call them, without cookies; bodies up to 8 KB; answers never cached):
//   POST /api/v1/webchat/{widget_key}/sessions {visitor_token?, name?}
//        → {visitor_token, company: {name}, conversation_id | null}. A valid token resumes; a missing,
//        foreign or broken one gets a new visitor. `name` is only validated here: no contact exists before
//        the first message, so the contact's name comes from the messages' `name`.
//   POST /api/v1/webchat/{widget_key}/messages {visitor_token, text, client_id, name?}
//        → 202 {message, conversation_id, duplicate}
//   GET  /api/v1/webchat/{widget_key}/messages?visitor_token=&after=<seq>&limit=
//        → {messages: […]} (the visitor's view: no trace, author_user_id, error; no notes)
//   Errors: 404 unknown widget key or inactive company, 401 bad visitor token (details.field
//   "visitor_token"), 400 with details.field, 429 rate limits.
// Signed in (404 outside the caller's tenant):
//   GET  /api/v1/companies/{company_id}/webchat → {channel_id, widget_key, snippet}
//   POST /api/v1/companies/{company_id}/playground → 201 Conversation
//   POST /api/v1/playground/{conversation_id}/messages {text} → 202 {message}
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "modules/channels/webchat/domain/ports.h"
#include "modules/channels/webchat/domain/visitor.h"
#include "platform/http/router.h"

namespace x8::accounts {
class AccessPolicy;
class RateLimiter;
}  // namespace x8::accounts

namespace x8::webchat {

inline constexpr size_t kMaxPublicBodyBytes = size_t{8} * 1024;
inline constexpr size_t kMaxClientIdChars = 64;
inline constexpr size_t kMaxNameChars = 80;
inline constexpr int64_t kDefaultHistoryLimit = 200;

struct RouteOptions {
  std::string public_url;             // server.public_url: where /widget.js is served
  int64_t messages_per_minute = 60;   // per visitor; 0 disables
  int64_t sessions_per_minute = 120;  // new visitors per client address; 0 disables
};

// `<script src="<public_url>/widget.js" data-key="wc_…" async></script>`
std::string Snippet(std::string_view public_url, std::string_view widget_key);

// Counts Unicode code points of valid UTF-8.
size_t Utf8Length(std::string_view text);

// `access` must outlive the router's handlers; `limiter` may be null (no rate limits).
void AddRoutes(http::Router& router, std::shared_ptr<Backend> backend,
               std::shared_ptr<const VisitorTokens> tokens, const accounts::AccessPolicy& access,
               std::shared_ptr<accounts::RateLimiter> limiter, RouteOptions options);

}  // namespace x8::webchat
