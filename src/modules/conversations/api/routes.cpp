#include "modules/conversations/api/routes.h"

#include <charconv>
#include <initializer_list>
#include <string_view>

#include "core/json.h"

namespace x8::conversations {
namespace {

using http::Request;
using http::Response;

constexpr int64_t kDefaultMessagesPage = 50;

Status OnlyFields(const boost::json::object& body, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body) {
    bool found = false;
    for (auto name : known) found = found || key == name;
    if (!found) {
      std::string field(key);
      return InvalidArgument("unknown field '" + field + "'").With("field", std::string_view(field));
    }
  }
  return Ok();
}

Result<http::Principal> PrincipalOf(const Request& request) {
  if (!request.principal) return Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"};
  return *request.principal;
}

Result<int64_t> IntQuery(const Request& request, std::string_view name, int64_t fallback) {
  auto text = request.QueryParam(name);
  if (!text || text->empty()) return fallback;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return InvalidArgument(std::string(name) + " must be an integer").With("field", name);
  }
  return value;
}

Result<std::string> TextBody(const Request& request) {
  X8_TRY(auto body, request.JsonBody());
  X8_TRY_STATUS(OnlyFields(body, {"text"}));
  return json::RequireString(body, "text");
}

template <class T>
Response Answer(const Request& request, const Result<T>& result, int status = 200) {
  if (!result) return Response::FromError(result.error(), request.request_id);
  return Response::Json(ToJson(*result), status);
}

// Runs `body` with the caller's principal; any error becomes the JSON error answer.
template <class F>
Response WithPrincipal(const Request& request, F body) {
  auto principal = PrincipalOf(request);
  if (!principal) return Response::FromError(principal.error(), request.request_id);
  return body(*principal);
}

}  // namespace

Result<SettingsPatch> SettingsPatchFromJson(const boost::json::object& body) {
  X8_TRY_STATUS(OnlyFields(body, {"engine", "debounce_ms", "retention_days", "default_language", "prompts",
                                  "company_id", "llm_available", "version", "updated_at"}));
  SettingsPatch patch;
  X8_TRY(patch.engine, json::OptionalString(body, "engine"));
  X8_TRY(patch.debounce_ms, json::OptionalInt(body, "debounce_ms"));
  X8_TRY(patch.retention_days, json::OptionalInt(body, "retention_days"));
  X8_TRY(patch.default_language, json::OptionalString(body, "default_language"));
  if (const auto* prompts = body.if_contains("prompts"); prompts != nullptr && !prompts->is_null()) {
    if (!prompts->is_object())
      return InvalidArgument("prompts must be an object of texts").With("field", "prompts");
    std::map<std::string, std::string> map;
    for (const auto& [key, value] : prompts->get_object()) {
      if (!value.is_string() && !value.is_null()) {
        return InvalidArgument("prompts values must be texts")
            .With("field", "prompts")
            .With("key", std::string_view(key));
      }
      map[std::string(key)] = value.is_string() ? std::string(value.get_string()) : "";
    }
    patch.prompts = std::move(map);
  }
  return patch;
}

void AddRoutes(http::Router& router, std::shared_ptr<ConversationService> service) {
  router.Add("GET", "/api/v1/companies/{company_id}/conversations", [service](Request& request) {
    return WithPrincipal(request, [&](const http::Principal& principal) {
      ListConversationsInput input{.channel = request.QueryParam("channel"),
                                   .status = request.QueryParam("status"),
                                   .outcome = request.QueryParam("outcome"),
                                   .mode = request.QueryParam("mode"),
                                   .q = request.QueryParam("q"),
                                   .cursor = request.QueryParam("cursor"),
                                   .limit = request.QueryParam("limit")};
      auto page = service->List(principal, request.PathParam("company_id"), input);
      if (!page) return Response::FromError(page.error(), request.request_id);
      boost::json::array items;
      for (const auto& conversation : page->items) items.push_back(ToJson(conversation));
      return Response::Json(boost::json::object{
          {"items", std::move(items)},
          {"next_cursor", page->next_cursor ? boost::json::value(boost::json::string(*page->next_cursor))
                                            : boost::json::value(nullptr)}});
    });
  });

  router.Add("GET", "/api/v1/conversations/{conversation_id}", [service](Request& request) {
    return WithPrincipal(request, [&](const http::Principal& principal) {
      return Answer(request, service->Get(principal, request.PathParam("conversation_id")));
    });
  });

  router.Add("GET", "/api/v1/conversations/{conversation_id}/messages", [service](Request& request) {
    return WithPrincipal(request, [&](const http::Principal& principal) {
      auto before = IntQuery(request, "before", 0);
      if (!before) return Response::FromError(before.error(), request.request_id);
      auto limit = IntQuery(request, "limit", kDefaultMessagesPage);
      if (!limit) return Response::FromError(limit.error(), request.request_id);
      auto page = service->Messages(principal, request.PathParam("conversation_id"), *before, *limit);
      if (!page) return Response::FromError(page.error(), request.request_id);
      boost::json::array items;
      for (const auto& message : page->items) items.push_back(ToJson(message));
      // The cursor is the `before` of the next (older) page.
      boost::json::value next = nullptr;
      if (page->next_before) next = boost::json::string(std::to_string(*page->next_before));
      return Response::Json(
          boost::json::object{{"items", std::move(items)}, {"next_cursor", std::move(next)}});
    });
  });

  router.Add("POST", "/api/v1/conversations/{conversation_id}/messages", [service](Request& request) {
    return WithPrincipal(request, [&](const http::Principal& principal) {
      auto text = TextBody(request);
      if (!text) return Response::FromError(text.error(), request.request_id);
      return Answer(request, service->Reply(principal, request.PathParam("conversation_id"), *text), 201);
    });
  });

  router.Add("POST", "/api/v1/conversations/{conversation_id}/notes", [service](Request& request) {
    return WithPrincipal(request, [&](const http::Principal& principal) {
      auto text = TextBody(request);
      if (!text) return Response::FromError(text.error(), request.request_id);
      return Answer(request, service->AddNote(principal, request.PathParam("conversation_id"), *text), 201);
    });
  });

  using Action = Result<Conversation> (ConversationService::*)(const http::Principal&, std::string_view);
  const std::pair<std::string_view, Action> actions[] = {{"take-over", &ConversationService::TakeOver},
                                                         {"hand-back", &ConversationService::HandBack},
                                                         {"read", &ConversationService::MarkRead},
                                                         {"close", &ConversationService::Close}};
  for (const auto& entry : actions) {
    const Action action = entry.second;
    router.Add(
        "POST", "/api/v1/conversations/{conversation_id}/" + std::string(entry.first),
        [service, action](Request& request) {
          return WithPrincipal(request, [&](const http::Principal& principal) {
            return Answer(request, ((*service).*action)(principal, request.PathParam("conversation_id")));
          });
        },
        http::RouteOptions{.body = http::BodyKind::kAny});
  }

  router.Add("GET", "/api/v1/companies/{company_id}/assistant-settings", [service](Request& request) {
    return WithPrincipal(request, [&](const http::Principal& principal) {
      auto settings = service->Settings(principal, request.PathParam("company_id"));
      if (!settings) return Response::FromError(settings.error(), request.request_id);
      return Response::Json(ToJson(*settings, service->llm_available()));
    });
  });

  router.Add("PUT", "/api/v1/companies/{company_id}/assistant-settings", [service](Request& request) {
    return WithPrincipal(request, [&](const http::Principal& principal) {
      auto body = request.JsonBody();
      if (!body) return Response::FromError(body.error(), request.request_id);
      auto patch = SettingsPatchFromJson(*body);
      if (!patch) return Response::FromError(patch.error(), request.request_id);
      auto settings = service->UpdateSettings(principal, request.PathParam("company_id"), *patch);
      if (!settings) return Response::FromError(settings.error(), request.request_id);
      return Response::Json(ToJson(*settings, service->llm_available()));
    });
  });
}

}  // namespace x8::conversations
