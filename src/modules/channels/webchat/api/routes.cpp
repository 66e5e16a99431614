#include "modules/channels/webchat/api/routes.h"

#include <boost/json.hpp>
#include <charconv>

#include "core/json.h"
#include "modules/accounts/domain/access.h"
#include "modules/accounts/domain/rate_limiter.h"
#include "modules/channels/webchat/domain/senders.h"

namespace x8::webchat {
namespace {

using http::Request;
using http::Response;

struct Widget {
  conversations::Channel channel;
  PublicCompany company;
};

Error NoSuchWidget() { return NotFound("there is no web chat with this key").With("field", "widget_key"); }

// The widget key → its channel and company; every way of not being an open web chat is the same 404.
Result<Widget> ResolveWidget(Backend& backend, std::string_view widget_key) {
  if (!IsWidgetKey(widget_key)) return NoSuchWidget();
  auto channel = backend.FindChannelByPublicKey(widget_key);
  if (!channel) {
    if (channel.error().code == ErrorCode::kNotFound) return NoSuchWidget();
    return channel.error();
  }
  if (channel->kind != conversations::kKindWebchat || channel->status != "active") return NoSuchWidget();
  auto company = backend.FindCompany(channel->company_id);
  if (!company) {
    if (company.error().code == ErrorCode::kNotFound) return NoSuchWidget();
    return company.error();
  }
  if (!company->active) return NoSuchWidget();
  return Widget{std::move(*channel), std::move(*company)};
}

std::string Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(kSpace);
  return std::string(text.substr(first, last - first + 1));
}

// A message text: trimmed, non-empty, at most kMaxTextChars characters.
Result<std::string> MessageText(const boost::json::object& body) {
  X8_TRY(auto raw, json::RequireString(body, "text"));
  std::string text = Trim(raw);
  if (text.empty()) return InvalidArgument("write a message first").With("field", "text");
  if (Utf8Length(text) > kMaxTextChars) {
    return InvalidArgument("a message is at most " + std::to_string(kMaxTextChars) + " characters")
        .With("field", "text")
        .With("max", static_cast<int64_t>(kMaxTextChars));
  }
  return text;
}

Result<std::string> ContactName(const boost::json::object& body) {
  X8_TRY(auto name, json::OptionalString(body, "name"));
  std::string trimmed = Trim(name.value_or(""));
  if (Utf8Length(trimmed) > kMaxNameChars) {
    return InvalidArgument("a name is at most " + std::to_string(kMaxNameChars) + " characters")
        .With("field", "name");
  }
  return trimmed;
}

Result<std::string> ClientId(const boost::json::object& body) {
  X8_TRY(auto id, json::RequireString(body, "client_id"));
  bool ok = !id.empty() && id.size() <= kMaxClientIdChars;
  for (char c : id) {
    ok = ok &&
         ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_');
  }
  if (!ok) {
    return InvalidArgument("client_id must be 1–64 letters, digits, '-' or '_' (a UUID)")
        .With("field", "client_id");
  }
  return id;
}

// The body as an object; an empty body is {}.
Result<boost::json::object> BodyOf(const Request& request) {
  if (Trim(request.body).empty()) return boost::json::object{};
  return request.JsonBody();
}

Result<int64_t> QueryInt(const Request& request, std::string_view name, int64_t fallback, int64_t min,
                         int64_t max) {
  auto text = request.QueryParam(name);
  if (!text || text->empty()) return fallback;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return InvalidArgument(std::string(name) + " must be a whole number from " + std::to_string(min) +
                           " to " + std::to_string(max))
        .With("field", name);
  }
  return value;
}

// Visitor answers are private to the token holder: never cached by the browser or a proxy. (CORS headers
// come from the pipeline: the routes are cross_origin.)
Response Cors(Response response) {
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Response PublicError(const Request& request, const Error& error) {
  return Cors(Response::FromError(error, request.request_id));
}

Result<http::Principal> PrincipalOf(const Request& request) {
  if (!request.principal) return Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"};
  return *request.principal;
}

// Where the visitor wrote from: the page's origin as the browser reports it.
std::optional<conversations::Referral> ReferralOf(const Request& request) {
  auto origin = request.headers.Get("Origin");
  if (!origin || origin->empty() || *origin == "null") origin = request.headers.Get("Referer");
  if (!origin || origin->empty()) return std::nullopt;
  return conversations::Referral{
      .source = "website", .campaign = "", .url = std::string(origin->substr(0, 500))};
}

class Handlers {
 public:
  Handlers(std::shared_ptr<Backend> backend, std::shared_ptr<const VisitorTokens> tokens,
           const accounts::AccessPolicy& access, std::shared_ptr<accounts::RateLimiter> limiter,
           RouteOptions options)
      : backend_(std::move(backend)),
        tokens_(std::move(tokens)),
        access_(access),
        limiter_(std::move(limiter)),
        options_(std::move(options)) {}

  Response Session(Request& request) {
    auto widget = ResolveWidget(*backend_, request.PathParam("widget_key"));
    if (!widget) return PublicError(request, widget.error());
    auto body = BodyOf(request);
    if (!body) return PublicError(request, body.error());
    auto token = json::OptionalString(*body, "visitor_token");
    if (!token) return PublicError(request, token.error());
    auto name = ContactName(*body);
    if (!name) return PublicError(request, name.error());

    std::string widget_key = widget->channel.public_key;
    std::optional<std::string> visitor_id;
    if (token->has_value()) {
      if (auto verified = tokens_->Verify(widget_key, **token)) visitor_id = std::move(*verified);
    }
    std::string issued;
    if (visitor_id) {
      issued = **token;
    } else {
      if (auto limited = Limit("webchat:session:" + request.remote_address, options_.sessions_per_minute);
          !limited) {
        return PublicError(request, limited.error());
      }
      visitor_id = VisitorTokens::NewVisitorId();
      issued = tokens_->Issue(widget_key, *visitor_id);
    }
    boost::json::value conversation_id = nullptr;
    if (token->has_value() && issued == **token) {
      auto conversation = backend_->FindConversationForContact(widget->channel.id, *visitor_id);
      if (!conversation) return PublicError(request, conversation.error());
      if (*conversation) conversation_id = boost::json::string((*conversation)->id);
    }
    return Cors(
        Response::Json(boost::json::object{{"visitor_token", issued},
                                           {"company", boost::json::object{{"name", widget->company.name}}},
                                           {"conversation_id", conversation_id}}));
  }

  Response PostMessage(Request& request) {
    auto widget = ResolveWidget(*backend_, request.PathParam("widget_key"));
    if (!widget) return PublicError(request, widget.error());
    auto body = request.JsonBody();
    if (!body) return PublicError(request, body.error());
    auto token = json::RequireString(*body, "visitor_token");
    if (!token) return PublicError(request, token.error());
    auto visitor_id = tokens_->Verify(widget->channel.public_key, *token);
    if (!visitor_id) return PublicError(request, visitor_id.error());
    auto text = MessageText(*body);
    if (!text) return PublicError(request, text.error());
    auto client_id = ClientId(*body);
    if (!client_id) return PublicError(request, client_id.error());
    auto name = ContactName(*body);
    if (!name) return PublicError(request, name.error());
    if (auto limited = Limit("webchat:message:" + *visitor_id, options_.messages_per_minute); !limited) {
      return PublicError(request, limited.error());
    }

    conversations::InboundMessage inbound{
        .channel_id = widget->channel.id,
        // Scoped by visitor, so one visitor's ids can never collide with (or pre-empt) another's.
        .external_id = *visitor_id + ":" + *client_id,
        .contact_external_id = *visitor_id,
        .contact_name = *name,
        // Until they give a name, a visitor is "Visitor 4A8L" everywhere: inbox, orders, bookings.
        .contact_fallback_name = conversations::VisitorName(*visitor_id),
        .text = *text,
        .attachments = {},
        .referral = ReferralOf(request),
        .sent_at_ms = 0,
    };
    auto accepted = backend_->Accept(inbound);
    if (!accepted) return PublicError(request, accepted.error());
    return Cors(Response::Json(
        boost::json::object{{"message", conversations::ToJson(accepted->message, /*for_customer=*/true)},
                            {"conversation_id", accepted->conversation_id},
                            {"duplicate", accepted->duplicate}},
        202));
  }

  Response ListMessages(Request& request) {
    auto widget = ResolveWidget(*backend_, request.PathParam("widget_key"));
    if (!widget) return PublicError(request, widget.error());
    auto token = request.QueryParam("visitor_token");
    if (!token || token->empty()) {
      return PublicError(request, Error{ErrorCode::kUnauthenticated, "visitor_token is required"}.With(
                                      "field", "visitor_token"));
    }
    auto visitor_id = tokens_->Verify(widget->channel.public_key, *token);
    if (!visitor_id) return PublicError(request, visitor_id.error());
    auto after = QueryInt(request, "after", 0, 0, INT64_MAX);
    if (!after) return PublicError(request, after.error());
    auto limit = QueryInt(request, "limit", kDefaultHistoryLimit, 1, 500);
    if (!limit) return PublicError(request, limit.error());
    auto messages = backend_->ListMessagesForContact(widget->channel.id, *visitor_id, *after, *limit);
    if (!messages) return PublicError(request, messages.error());
    boost::json::array list;
    list.reserve(messages->size());
    for (const auto& message : *messages) {
      if (message.direction == "note") continue;  // never a visitor's to see
      list.push_back(conversations::ToJson(message, /*for_customer=*/true));
    }
    return Cors(Response::Json(boost::json::object{{"messages", std::move(list)}}));
  }

  Response Config(Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    std::string_view company_id = request.PathParam("company_id");
    auto company = backend_->FindCompany(company_id);
    if (!company) return Response::FromError(company.error(), request.request_id);
    if (auto allowed = access_.CanAccess(*principal, company->account_id); !allowed) {
      return Response::FromError(allowed.error(), request.request_id);
    }
    auto channel =
        backend_->EnsureChannel(company->account_id, company_id, conversations::kKindWebchat, "Web chat");
    if (!channel) return Response::FromError(channel.error(), request.request_id);
    return Response::Json(
        boost::json::object{{"channel_id", channel->id},
                            {"widget_key", channel->public_key},
                            {"snippet", Snippet(options_.public_url, channel->public_key)}});
  }

  Response CreatePlayground(Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto conversation = backend_->CreatePlaygroundConversation(*principal, request.PathParam("company_id"));
    if (!conversation) return Response::FromError(conversation.error(), request.request_id);
    return Response::Json(conversations::ToJson(*conversation), 201);
  }

  Response PostPlaygroundMessage(Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto body = request.JsonBody();
    if (!body) return Response::FromError(body.error(), request.request_id);
    auto text = MessageText(*body);
    if (!text) return Response::FromError(text.error(), request.request_id);
    auto accepted = backend_->PostPlaygroundMessage(*principal, request.PathParam("conversation_id"), *text);
    if (!accepted) return Response::FromError(accepted.error(), request.request_id);
    return Response::Json(boost::json::object{{"message", conversations::ToJson(accepted->message)},
                                              {"conversation_id", accepted->conversation_id}},
                          202);
  }

 private:
  Status Limit(const std::string& key, int64_t per_minute) {
    if (!limiter_ || per_minute <= 0) return Ok();
    return limiter_->Check(key, per_minute, std::chrono::minutes(1));
  }

  std::shared_ptr<Backend> backend_;
  std::shared_ptr<const VisitorTokens> tokens_;
  const accounts::AccessPolicy& access_;
  std::shared_ptr<accounts::RateLimiter> limiter_;
  RouteOptions options_;
};

}  // namespace

std::string Snippet(std::string_view public_url, std::string_view widget_key) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return "<script src=\"" + base + "/widget.js\" data-key=\"" + std::string(widget_key) +
         "\" async></script>";
}

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

void AddRoutes(http::Router& router, std::shared_ptr<Backend> backend,
               std::shared_ptr<const VisitorTokens> tokens, const accounts::AccessPolicy& access,
               std::shared_ptr<accounts::RateLimiter> limiter, RouteOptions options) {
  auto handlers = std::make_shared<Handlers>(std::move(backend), std::move(tokens), access,
                                             std::move(limiter), std::move(options));
  const http::RouteOptions public_json{.access = http::Access::kPublic,
                                       .body = http::BodyKind::kJson,
                                       .max_body_bytes = kMaxPublicBodyBytes,
                                       .cross_origin = true};
  const http::RouteOptions signed_in{.access = http::Access::kAuthenticated,
                                     .max_body_bytes = size_t{64} * 1024};

  router.Add(
      "POST", "/api/v1/webchat/{widget_key}/sessions",
      [handlers](Request& request) { return handlers->Session(request); }, public_json);
  router.Add(
      "POST", "/api/v1/webchat/{widget_key}/messages",
      [handlers](Request& request) { return handlers->PostMessage(request); }, public_json);
  router.Add(
      "GET", "/api/v1/webchat/{widget_key}/messages",
      [handlers](Request& request) { return handlers->ListMessages(request); }, public_json);

  router.Add(
      "GET", "/api/v1/companies/{company_id}/webchat",
      [handlers](Request& request) { return handlers->Config(request); }, signed_in);
  router.Add(
      "POST", "/api/v1/companies/{company_id}/playground",
      [handlers](Request& request) { return handlers->CreatePlayground(request); }, signed_in);
  router.Add(
      "POST", "/api/v1/playground/{conversation_id}/messages",
      [handlers](Request& request) { return handlers->PostPlaygroundMessage(request); }, signed_in);
}

}  // namespace x8::webchat
