#include "modules/accounts/api/routes.h"

#include <boost/json.hpp>

#include "core/json.h"

namespace x8::accounts {

namespace {

using http::Access;
using http::BodyKind;
using http::Request;
using http::Response;
using http::RouteOptions;
namespace bj = boost::json;

constexpr std::string_view kCookieName = "x8_refresh";
constexpr std::string_view kApi = "/api/v1";

Response ErrorResponse(const Error& error, const Request& request) {
  Response r = Response::FromError(error, request.request_id);
  if (error.code == ErrorCode::kRateLimited) {
    if (auto it = error.details.find("retry_after_s"); it != error.details.end() && it->value().is_int64()) {
      r.headers.Set("Retry-After", std::to_string(it->value().as_int64()));
    }
  }
  return r;
}

ClientInfo ClientOf(const Request& request) {
  auto agent = request.headers.Get("User-Agent");
  return ClientInfo{.ip = request.remote_address, .user_agent = agent ? std::string(*agent) : std::string()};
}

Result<std::optional<bool>> OptionalBool(const bj::object& obj, std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->value().is_null()) return std::optional<bool>{};
  if (!it->value().is_bool()) {
    return InvalidArgument("field '" + std::string(field) + "' must be a boolean").With("field", field);
  }
  return std::optional<bool>(it->value().as_bool());
}

bj::object TokensJson(const SessionTokens& tokens) {
  return {{"access_token", tokens.access_token},
          {"token_type", "Bearer"},
          {"expires_in", tokens.expires_in},
          {"user", UserJson(tokens.user)}};
}

bj::object OwnerJson(const User& user) {
  return {{"id", user.id}, {"email", user.email}, {"name", user.name}};
}

bj::object SessionJson(const Session& s, std::string_view current) {
  return {{"id", s.id},
          {"created_at", s.created_at},
          {"last_used_at", s.last_used_at},
          {"expires_at", s.expires_at},
          {"user_agent", s.user_agent},
          {"ip", s.ip},
          {"current", s.id == current}};
}

// Handlers return Result<Response>; errors become the standard body (+ Retry-After for 429).
using Body = std::function<Result<Response>(Request&)>;

}  // namespace

std::string RefreshCookie(std::string_view token, int64_t max_age_s, bool secure) {
  std::string cookie = std::string(kCookieName) + "=" + std::string(token) +
                       "; HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age=" + std::to_string(max_age_s);
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string RefreshTokenFromCookies(std::string_view header) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view part = header.substr(0, end);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == kCookieName) {
      std::string_view value = part.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

void RegisterRoutes(const RouteDependencies& deps) {
  auto& router = deps.router;
  auto& service = deps.service;
  auto& authenticator = deps.authenticator;
  auto& limiter = deps.limiter;
  const auto& config = deps.config;
  const bool secure_cookie = config.server.public_url.starts_with("https://");
  const int64_t ip_limit = config.auth.rate_limit_ip_per_minute;

  auto wrap = [](Body body) -> http::Handler {
    return [body = std::move(body)](Request& request) -> Response {
      auto result = body(request);
      if (!result) return ErrorResponse(result.error(), request);
      return std::move(*result);
    };
  };
  // Public auth endpoints: the per-IP limit applies before anything else.
  auto add_auth = [&](std::string method, const std::string& path, Body body,
                      BodyKind kind = BodyKind::kJson) {
    Body limited = [&limiter, ip_limit, body = std::move(body)](Request& request) -> Result<Response> {
      X8_TRY_STATUS(limiter.Check("ip:" + request.remote_address, ip_limit, std::chrono::minutes(1)));
      return body(request);
    };
    router.Add(std::move(method), std::string(kApi) + path, wrap(std::move(limited)),
               RouteOptions{.access = Access::kPublic, .body = kind});
  };
  // Public endpoints that guess nothing: refresh and logout need an unguessable cookie (and refresh
  // reuse revokes the session), providers is static. A per-IP limit there would only sign out offices
  // behind one NAT address and people who reload often.
  auto add_public = [&](std::string method, const std::string& path, Body body,
                        BodyKind kind = BodyKind::kJson) {
    router.Add(std::move(method), std::string(kApi) + path, wrap(std::move(body)),
               RouteOptions{.access = Access::kPublic, .body = kind});
  };
  auto add = [&](std::string method, const std::string& path, Body body,
                 std::vector<std::string> roles = {}) {
    router.Add(std::move(method), std::string(kApi) + path, wrap(std::move(body)),
               RouteOptions{.access = Access::kAuthenticated, .roles = std::move(roles)});
  };
  auto with_cookie = [secure_cookie](Response response, const SessionTokens& tokens) {
    response.headers.Add("Set-Cookie",
                         RefreshCookie(tokens.refresh_token, tokens.refresh_max_age_s, secure_cookie));
    response.headers.Set("Cache-Control", "no-store");
    return response;
  };
  auto clear_cookie = [secure_cookie](Response response) {
    response.headers.Add("Set-Cookie", RefreshCookie("", 0, secure_cookie));
    response.headers.Set("Cache-Control", "no-store");
    return response;
  };
  auto cookie_token = [](const Request& request) {
    auto header = request.headers.Get("Cookie");
    return header ? RefreshTokenFromCookies(*header) : std::string();
  };
  auto accepted = [] { return Response::Json(bj::object{{"status", "accepted"}}, 202); };

  // ---- public ----
  add_auth("POST", "/auth/register", [&service](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto email, json::RequireString(body, "email"));
    X8_TRY(auto password, json::RequireString(body, "password"));
    X8_TRY(auto name, json::RequireString(body, "name"));
    X8_TRY(auto language, json::OptionalString(body, "language"));
    X8_TRY(auto user,
           service.Register(
               RegisterInput{
                   .email = email, .password = password, .name = name, .language = language.value_or("en")},
               ClientOf(request)));
    return Response::Json(bj::object{{"user", UserJson(user)}}, 201);
  });
  add_auth("POST", "/auth/verify-email", [&service](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto token, json::RequireString(body, "token"));
    X8_TRY(auto user, service.VerifyEmail(token));
    return Response::Json(bj::object{{"user", UserJson(user)}});
  });
  add_auth("POST", "/auth/verify-email/resend", [&service, accepted](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto email, json::RequireString(body, "email"));
    X8_TRY_STATUS(service.ResendVerification(email));
    return accepted();
  });
  add_auth("POST", "/auth/login", [&service, with_cookie](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto email, json::RequireString(body, "email"));
    X8_TRY(auto password, json::RequireString(body, "password"));
    X8_TRY(auto outcome, service.Login(email, password, ClientOf(request)));
    if (outcome.two_factor_required) {
      return Response::Json(
          bj::object{{"two_factor_required", true}, {"challenge_id", outcome.challenge_id}});
    }
    return with_cookie(Response::Json(TokensJson(*outcome.tokens)), *outcome.tokens);
  });
  add_auth("POST", "/auth/login/verify", [&service, with_cookie](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto challenge_id, json::RequireString(body, "challenge_id"));
    X8_TRY(auto code, json::RequireString(body, "code"));
    X8_TRY(auto tokens, service.VerifyLoginCode(challenge_id, code, ClientOf(request)));
    return with_cookie(Response::Json(TokensJson(tokens)), tokens);
  });
  add_auth("POST", "/auth/magic-link", [&service, accepted](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto email, json::RequireString(body, "email"));
    X8_TRY_STATUS(service.RequestMagicLink(email));
    return accepted();
  });
  add_auth("POST", "/auth/magic-link/consume", [&service, with_cookie](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto token, json::RequireString(body, "token"));
    X8_TRY(auto tokens, service.ConsumeMagicLink(token, ClientOf(request)));
    return with_cookie(Response::Json(TokensJson(tokens)), tokens);
  });
  add_auth("POST", "/auth/password/forgot", [&service, accepted](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto email, json::RequireString(body, "email"));
    X8_TRY_STATUS(service.ForgotPassword(email));
    return accepted();
  });
  add_auth("POST", "/auth/password/reset", [&service](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto token, json::RequireString(body, "token"));
    X8_TRY(auto password, json::RequireString(body, "password"));
    X8_TRY_STATUS(service.ResetPassword(token, password));
    return Response::NoContent();
  });
  add_public(
      "POST", "/auth/refresh",
      [&service, with_cookie, clear_cookie, cookie_token](Request& request) -> Result<Response> {
        auto tokens = service.Refresh(cookie_token(request), ClientOf(request));
        if (!tokens) return clear_cookie(ErrorResponse(tokens.error(), request));
        return with_cookie(Response::Json(TokensJson(*tokens)), *tokens);
      },
      BodyKind::kAny);
  add_public(
      "POST", "/auth/logout",
      [&service, clear_cookie, cookie_token](Request& request) -> Result<Response> {
        X8_TRY_STATUS(service.Logout(cookie_token(request)));
        return clear_cookie(Response::NoContent());
      },
      BodyKind::kAny);
  const bool google = !config.oauth.google_client_id.empty() && !config.oauth.google_client_secret.empty();
  const bool facebook = !config.oauth.facebook_app_id.empty() && !config.oauth.facebook_app_secret.empty();
  add_public("GET", "/auth/providers", [google, facebook](Request&) -> Result<Response> {
    return Response::Json(bj::object{{"google", google}, {"facebook", facebook}});
  });

  // ---- signed in ----
  add("GET", "/me", [&service](Request& request) -> Result<Response> {
    X8_TRY(auto profile, service.GetProfile(request.principal->user_id));
    bj::object out = UserJson(profile.user);
    if (profile.account) {
      bj::object account = AccountJson(*profile.account);
      account["manager"] = profile.manager ? bj::value(OwnerJson(*profile.manager)) : bj::value(nullptr);
      out["account"] = std::move(account);
    } else {
      out["account"] = nullptr;
    }
    return Response::Json(out);
  });
  router.Add("PATCH", std::string(kApi) + "/me", wrap([&service](Request& request) -> Result<Response> {
               X8_TRY(auto body, request.JsonBody());
               ProfilePatch patch;
               X8_TRY(patch.name, json::OptionalString(body, "name"));
               X8_TRY(patch.language, json::OptionalString(body, "language"));
               X8_TRY(patch.two_factor_enabled, OptionalBool(body, "two_factor_enabled"));
               X8_TRY(auto user, service.UpdateProfile(request.principal->user_id, patch));
               return Response::Json(bj::object{{"user", UserJson(user)}});
             }),
             RouteOptions{.access = Access::kAuthenticated});
  add("POST", "/me/password", [&service, &authenticator](Request& request) -> Result<Response> {
    X8_TRY(auto body, request.JsonBody());
    X8_TRY(auto current, json::RequireString(body, "current_password"));
    X8_TRY(auto next, json::RequireString(body, "new_password"));
    X8_TRY_STATUS(
        service.ChangePassword(request.principal->user_id, authenticator.SessionId(request), current, next));
    return Response::NoContent();
  });
  add("GET", "/me/sessions", [&service, &authenticator](Request& request) -> Result<Response> {
    X8_TRY(auto sessions, service.ListSessions(request.principal->user_id));
    std::string current = authenticator.SessionId(request);
    bj::array items;
    for (const auto& s : sessions) items.push_back(SessionJson(s, current));
    return Response::Json(bj::object{{"items", std::move(items)}});
  });
  add("DELETE", "/me/sessions/{session_id}", [&service](Request& request) -> Result<Response> {
    X8_TRY_STATUS(service.RevokeSession(request.principal->user_id, request.PathParam("session_id")));
    return Response::NoContent();
  });

  // ---- manager area ----
  auto figures = deps.figures;
  auto client_json = [figures](const ClientSummary& client) -> Result<bj::object> {
    ClientFigures numbers;
    if (figures && *figures) {
      X8_TRY(numbers, (*figures)(client.account.id));
    }
    return bj::object{{"account", AccountJson(client.account)},
                      {"owner", OwnerJson(client.owner)},
                      {"companies_count", numbers.companies_count},
                      {"stats", numbers.stats}};
  };
  const std::vector<std::string> kManager{std::string(kRoleManager)};
  const std::vector<std::string> kAdmin{std::string(kRoleAdmin)};
  add(
      "GET", "/manager/clients",
      [&service, client_json](Request& request) -> Result<Response> {
        X8_TRY(auto clients, service.ListClientsOfManager(request.principal->user_id));
        bj::array items;
        for (const auto& c : clients) {
          X8_TRY(auto item, client_json(c));
          items.push_back(std::move(item));
        }
        return Response::Json(bj::object{{"items", std::move(items)}});
      },
      kManager);
  add(
      "GET", "/manager/clients/{account_id}",
      [&service, client_json](Request& request) -> Result<Response> {
        X8_TRY(auto client,
               service.GetClientOfManager(request.principal->user_id, request.PathParam("account_id")));
        X8_TRY(auto item, client_json(client));
        return Response::Json(item);
      },
      kManager);

  // ---- admin area ----
  add(
      "GET", "/admin/managers",
      [&service](Request&) -> Result<Response> {
        X8_TRY(auto managers, service.ListManagers());
        bj::array items;
        for (const auto& m : managers) items.push_back(UserJson(m));
        return Response::Json(bj::object{{"items", std::move(items)}});
      },
      kAdmin);
  add(
      "POST", "/admin/managers",
      [&service](Request& request) -> Result<Response> {
        X8_TRY(auto body, request.JsonBody());
        X8_TRY(auto email, json::RequireString(body, "email"));
        X8_TRY(auto name, json::RequireString(body, "name"));
        X8_TRY(auto language, json::OptionalString(body, "language"));
        X8_TRY(auto user, service.CreateManager(email, name, language.value_or("en")));
        return Response::Json(bj::object{{"user", UserJson(user)}}, 201);
      },
      kAdmin);
  add(
      "GET", "/admin/clients",
      [&service](Request& request) -> Result<Response> {
        X8_TRY(auto clients, service.ListClients(request.QueryParam("q").value_or("")));
        bj::array items;
        for (const auto& c : clients) {
          items.push_back(bj::object{{"account", AccountJson(c.account)}, {"owner", OwnerJson(c.owner)}});
        }
        return Response::Json(bj::object{{"items", std::move(items)}});
      },
      kAdmin);
  add(
      "PUT", "/admin/clients/{account_id}/manager",
      [&service](Request& request) -> Result<Response> {
        X8_TRY(auto body, request.JsonBody());
        auto it = body.find("manager_user_id");
        if (it == body.end()) {
          return InvalidArgument("field 'manager_user_id' is required (null unassigns)")
              .With("field", "manager_user_id");
        }
        std::string manager;
        if (it->value().is_string()) {
          manager = std::string(it->value().as_string());
          if (manager.empty()) {
            return InvalidArgument("manager_user_id must be a user id or null")
                .With("field", "manager_user_id");
          }
        } else if (!it->value().is_null()) {
          return InvalidArgument("field 'manager_user_id' must be a string or null")
              .With("field", "manager_user_id");
        }
        X8_TRY(auto client, service.AssignManager(request.PathParam("account_id"), manager));
        return Response::Json(
            bj::object{{"account", AccountJson(client.account)}, {"owner", OwnerJson(client.owner)}});
      },
      kAdmin);
  auto outbox = deps.outbox;
  add(
      "GET", "/admin/outbox",
      [outbox](Request& request) -> Result<Response> {
        if (!outbox) return NotFound("the dev outbox exists only when no SMTP server is configured");
        int limit = 100;
        if (auto raw = request.QueryParam("limit")) {
          try {
            limit = std::stoi(*raw);
          } catch (const std::exception&) {
            return InvalidArgument("limit must be a number from 1 to 500").With("field", "limit");
          }
          if (limit < 1 || limit > 500)
            return InvalidArgument("limit must be a number from 1 to 500").With("field", "limit");
        }
        X8_TRY(auto items, outbox(limit, request.QueryParam("to").value_or("")));
        return Response::Json(bj::object{{"items", std::move(items)}});
      },
      kAdmin);
}

}  // namespace x8::accounts
