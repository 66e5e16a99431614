// Accounts over real HTTP with the real x8 binary, on SQLite and PostgreSQL. Codes and links are read
// from the dev outbox (mail_outbox) in the test's database, as an operator would in development.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <regex>
#include <thread>

#include "platform/mail/outbox.h"
#include "platform/storage/testing/test_database.h"
#include "tests/integration/api_client.h"
#include "tests/integration/server_process.h"

namespace x8::testing {
namespace {

using storage::testing::EngineTest;
namespace bj = boost::json;

constexpr std::string_view kPassword = "correct horse battery";

std::string CodeOf(const http::HttpResponse& r) {
  auto v = Json(r);
  return v.is_object() && v.as_object().contains("error") ? std::string(v.at("error").at("code").as_string())
                                                          : "";
}
std::string FieldOf(const http::HttpResponse& r) {
  return std::string(Json(r).at("error").at("details").at("field").as_string());
}
std::string CookieOf(const http::HttpResponse& r) {
  auto header = r.Header("Set-Cookie");
  if (!header) return {};
  std::string value(*header);
  return value.substr(0, value.find(';'));
}

struct Login {
  std::string access_token;
  std::string cookie;  // "x8_refresh=…"
  std::string user_id;
  std::string account_id;
};

class AccountsHttpTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    StartServer({});
  }
  void TearDown() override {
    server_.reset();
    EngineTest::TearDown();
  }
  void StartServer(const std::map<std::string, std::string>& extra) {
    std::map<std::string, std::string> env{{"X8_JOBS_POLL_MS", "20"},
                                           {"X8_AUTH_MAX_FAILED_LOGINS", "3"},
                                           {"X8_AUTH_LOCKOUT_S", "120"},
                                           {"X8_AUTH_RATE_LIMIT_IP_PER_MINUTE", "10000"},
                                           {"X8_AUTH_RATE_LIMIT_EMAIL_PER_HOUR", "1000"},
                                           {"X8_SERVER_PUBLIC_URL", "http://app.test"}};
    for (const auto& [k, v] : extra) env[k] = v;
    server_.reset();
    server_ = std::make_unique<ServerProcess>(ServerOptions{.database_url = url(), .env = env});
    ASSERT_TRUE(server_->Start()) << server_->log();
  }
  ServerProcess& server() { return *server_; }

  http::HttpResponse Call(std::string method, const std::string& path, std::string body = {},
                          std::string bearer = {}, std::string cookie = {}) {
    http::HeaderList headers;
    if (!cookie.empty()) headers.emplace_back("Cookie", std::move(cookie));
    return ApiClient(server(), std::move(bearer))
        .Send(std::move(method), "/api/v1" + path, std::move(body), std::move(headers));
  }
  http::HttpResponse Post(const std::string& path, const bj::object& body, std::string bearer = {}) {
    return Call("POST", path, bj::serialize(body), std::move(bearer));
  }

  // The newest mail of `tag` to `email` that this test has not read yet (the mail job runs async).
  std::string NextMail(const std::string& email, const std::string& tag) {
    auto& seen = seen_[email + "|" + tag];
    for (int i = 0; i < 500; ++i) {
      auto entries = mail::ListOutbox(db(), 500, email);
      EXPECT_TRUE(entries);
      std::vector<mail::OutboxEntry> tagged;
      for (const auto& e : *entries) {
        if (e.tag == tag) tagged.push_back(e);
      }
      if (static_cast<int>(tagged.size()) > seen) {
        ++seen;
        return tagged.front().text;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "no " << tag << " mail for " << email;
    return {};
  }
  static std::string TokenIn(const std::string& text) {
    std::smatch m;
    return std::regex_search(text, m, std::regex("token=([A-Za-z0-9_-]+)")) ? std::string(m[1]) : "";
  }
  static std::string CodeIn(const std::string& text) {
    std::smatch m;
    return std::regex_search(text, m, std::regex("\\b([0-9]{6})\\b")) ? std::string(m[1]) : "";
  }

  Login FinishLogin(const std::string& email, const std::string& password) {
    auto login = Post("/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(login.status, 200) << login.body;
    auto body = Json(login);
    if (!body.as_object().contains("challenge_id")) return {};
    auto verified = Post("/auth/login/verify", {{"challenge_id", body.at("challenge_id")},
                                                {"code", CodeIn(NextMail(email, "login_code"))}});
    EXPECT_EQ(verified.status, 200) << verified.body;
    auto v = Json(verified);
    auto account = v.at("user").at("account_id");
    return Login{std::string(v.at("access_token").as_string()), CookieOf(verified),
                 std::string(v.at("user").at("id").as_string()),
                 account.is_string() ? std::string(account.as_string()) : ""};
  }
  Login SignUp(const std::string& email) {
    auto reg = Post("/auth/register", {{"email", email}, {"password", kPassword}, {"name", "Owner"}});
    EXPECT_EQ(reg.status, 201) << reg.body;
    auto verify = Post("/auth/verify-email", {{"token", TokenIn(NextMail(email, "verify_email"))}});
    EXPECT_EQ(verify.status, 200) << verify.body;
    return FinishLogin(email, std::string(kPassword));
  }
  // `x8 create-admin` against the test database, then the password link, then sign-in.
  Login Admin(const std::string& email) {
    std::string command = "cd /tmp && env -i PATH=/usr/bin:/bin X8_DATABASE_URL='" + url() +
                          "' X8_SERVER_PUBLIC_URL=http://app.test " + X8Binary().string() +
                          " create-admin --email " + email + " --name Root 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe)) out += buf;
    EXPECT_EQ(pclose(pipe), 0) << out;
    EXPECT_NE(out.find("http://app.test/reset-password?token="), std::string::npos) << out;
    auto reset = Post("/auth/password/reset", {{"token", TokenIn(out)}, {"password", "admin password 1"}});
    EXPECT_EQ(reset.status, 204) << reset.body;
    return FinishLogin(email, "admin password 1");
  }

  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, int> seen_;
};

TEST_P(AccountsHttpTest, SignUpVerifyAndSignInWithEmailedCode) {
  auto reg =
      Post("/auth/register", {{"email", " Ann@Example.com "}, {"password", kPassword}, {"name", "Ann"}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  EXPECT_EQ(Json(reg).at("user").at("email"), "ann@example.com");
  auto dup = Post("/auth/register", {{"email", "ann@example.com"}, {"password", kPassword}, {"name", "Ann"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(FieldOf(dup), "email");

  auto early = Post("/auth/login", {{"email", "ann@example.com"}, {"password", kPassword}});
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(Json(early).at("error").at("details").at("reason"), "email_not_verified");

  std::string verify_mail = NextMail("ann@example.com", "verify_email");
  EXPECT_NE(verify_mail.find("http://app.test/verify-email?token="), std::string::npos);
  auto verified = Post("/auth/verify-email", {{"token", TokenIn(verify_mail)}});
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(Json(verified).at("user").at("email_verified"), true);

  auto login = Post("/auth/login", {{"email", "ann@example.com"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(Json(login).at("two_factor_required"), true);
  EXPECT_FALSE(login.Header("Set-Cookie")) << "no session before the code";
  std::string challenge(Json(login).at("challenge_id").as_string());
  std::string code = CodeIn(NextMail("ann@example.com", "login_code"));
  std::string wrong = code == "000000" ? "111111" : "000000";
  auto bad = Post("/auth/login/verify", {{"challenge_id", challenge}, {"code", wrong}});
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(Json(bad).at("error").at("details").at("attempts_left").as_int64(), 4);
  auto good = Post("/auth/login/verify", {{"challenge_id", challenge}, {"code", code}});
  ASSERT_EQ(good.status, 200) << good.body;
  std::string cookie_header(*good.Header("Set-Cookie"));
  EXPECT_NE(cookie_header.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie_header.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie_header.find("Path=/api/v1/auth"), std::string::npos);
  std::string access(Json(good).at("access_token").as_string());

  auto me = Call("GET", "/me", {}, access);
  ASSERT_EQ(me.status, 200) << me.body;
  auto profile = Json(me);
  EXPECT_EQ(profile.at("role"), "CLIENT");
  EXPECT_EQ(profile.at("account").at("plan"), "TRIAL");
  EXPECT_EQ(profile.at("account").at("channel_limit").as_int64(), 1);
  EXPECT_TRUE(profile.at("account").at("manager").is_null());
  EXPECT_EQ(Call("GET", "/me").status, 401);
  EXPECT_EQ(Call("GET", "/me", {}, "not.a.jwt").status, 401);
  auto reused = Post("/auth/login/verify", {{"challenge_id", challenge}, {"code", code}});
  EXPECT_EQ(reused.status, 401);
}

TEST_P(AccountsHttpTest, WrongPasswordsLockTheAccount) {
  SignUp("lock@example.com");
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Post("/auth/login", {{"email", "lock@example.com"}, {"password", "wrong password"}}).status,
              401);
  }
  auto locking = Post("/auth/login", {{"email", "lock@example.com"}, {"password", "wrong password"}});
  EXPECT_EQ(locking.status, 429);
  auto locked = Post("/auth/login", {{"email", "lock@example.com"}, {"password", kPassword}});
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(CodeOf(locked), "rate_limited");
  ASSERT_TRUE(locked.Header("Retry-After"));
  int64_t retry = std::stoll(std::string(*locked.Header("Retry-After")));
  EXPECT_GT(retry, 100);
  EXPECT_LE(retry, 120);
  EXPECT_EQ(Json(locked).at("error").at("details").at("retry_after_s").as_int64(), retry);
  auto unknown = Post("/auth/login", {{"email", "nobody@example.com"}, {"password", kPassword}});
  EXPECT_EQ(unknown.status, 401);
}

TEST_P(AccountsHttpTest, RefreshRotatesAndReuseEndsTheSession) {
  auto ann = SignUp("rot@example.com");
  auto first = Call("POST", "/auth/refresh", {}, {}, ann.cookie);
  ASSERT_EQ(first.status, 200) << first.body;
  std::string cookie2 = CookieOf(first);
  EXPECT_NE(cookie2, ann.cookie);
  std::string access2(Json(first).at("access_token").as_string());
  EXPECT_EQ(Call("GET", "/me", {}, access2).status, 200);
  // A stale Authorization header never blocks the auth endpoints.
  EXPECT_EQ(Call("POST", "/auth/refresh", {}, "stale.token.here", cookie2).status, 200);

  auto replay = Call("POST", "/auth/refresh", {}, {}, ann.cookie);
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(Json(replay).at("error").at("details").at("reason"), "refresh_token_reused");
  EXPECT_NE(std::string(*replay.Header("Set-Cookie")).find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Call("POST", "/auth/refresh", {}, {}, cookie2).status, 401) << "the session is revoked";
  EXPECT_EQ(Call("GET", "/me", {}, access2).status, 401) << "its access tokens too";
  EXPECT_EQ(Call("POST", "/auth/refresh").status, 401);
}

TEST_P(AccountsHttpTest, LogoutMagicLinkAndPasswordReset) {
  auto ann = SignUp("ml@example.com");
  auto logout = Call("POST", "/auth/logout", {}, ann.access_token, ann.cookie);
  EXPECT_EQ(logout.status, 204);
  EXPECT_EQ(Call("POST", "/auth/refresh", {}, {}, ann.cookie).status, 401);
  EXPECT_EQ(Call("GET", "/me", {}, ann.access_token).status, 401);

  EXPECT_EQ(Post("/auth/magic-link", {{"email", "ml@example.com"}}).status, 202);
  EXPECT_EQ(Post("/auth/magic-link", {{"email", "nobody@example.com"}}).status, 202) << "no enumeration";
  std::string link = NextMail("ml@example.com", "magic_link");
  EXPECT_NE(link.find("http://app.test/magic?token="), std::string::npos);
  auto magic = Post("/auth/magic-link/consume", {{"token", TokenIn(link)}});
  ASSERT_EQ(magic.status, 200) << magic.body;
  std::string magic_access(Json(magic).at("access_token").as_string());
  EXPECT_EQ(Call("GET", "/me", {}, magic_access).status, 200);
  EXPECT_EQ(Post("/auth/magic-link/consume", {{"token", TokenIn(link)}}).status, 401);

  EXPECT_EQ(Post("/auth/password/forgot", {{"email", "ml@example.com"}}).status, 202);
  EXPECT_EQ(Post("/auth/password/forgot", {{"email", "ghost@example.com"}}).status, 202);
  std::string reset_mail = NextMail("ml@example.com", "password_reset");
  EXPECT_NE(reset_mail.find("http://app.test/reset-password?token="), std::string::npos);
  auto short_pw = Post("/auth/password/reset", {{"token", TokenIn(reset_mail)}, {"password", "short"}});
  EXPECT_EQ(short_pw.status, 400);
  EXPECT_EQ(FieldOf(short_pw), "password");
  EXPECT_EQ(
      Post("/auth/password/reset", {{"token", TokenIn(reset_mail)}, {"password", "new password 123"}}).status,
      204);
  EXPECT_EQ(Call("GET", "/me", {}, magic_access).status, 401) << "reset signs out every session";
  EXPECT_EQ(Post("/auth/login", {{"email", "ml@example.com"}, {"password", kPassword}}).status, 401);
  EXPECT_FALSE(FinishLogin("ml@example.com", "new password 123").access_token.empty());
}

TEST_P(AccountsHttpTest, ProfileSessionsAndPasswordChange) {
  auto here = SignUp("me@example.com");
  auto there = FinishLogin("me@example.com", std::string(kPassword));
  auto bob = SignUp("bob@example.com");

  auto sessions = Call("GET", "/me/sessions", {}, here.access_token);
  ASSERT_EQ(sessions.status, 200);
  auto items = Json(sessions).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  int current = 0;
  std::string other_session;
  for (const auto& s : items) {
    if (s.at("current").as_bool())
      ++current;
    else
      other_session = std::string(s.at("id").as_string());
  }
  EXPECT_EQ(current, 1);
  EXPECT_EQ(Call("DELETE", "/me/sessions/" + other_session, {}, bob.access_token).status, 404) << "not bob's";
  EXPECT_EQ(Call("GET", "/me", {}, there.access_token).status, 200);

  auto patched =
      Call("PATCH", "/me", R"({"name":"Mia","language":"ru","two_factor_enabled":false})", here.access_token);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched).at("user").at("language"), "ru");
  auto direct = Post("/auth/login", {{"email", "me@example.com"}, {"password", kPassword}});
  ASSERT_EQ(direct.status, 200);
  EXPECT_TRUE(Json(direct).as_object().contains("access_token")) << "2FA off signs in directly";
  std::string third(Json(direct).at("access_token").as_string());

  auto wrong =
      Post("/me/password", {{"current_password", "not it at all"}, {"new_password", "another password"}},
           here.access_token);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(FieldOf(wrong), "current_password");
  EXPECT_EQ(Post("/me/password", {{"current_password", kPassword}, {"new_password", "another password"}},
                 here.access_token)
                .status,
            204);
  EXPECT_EQ(Call("GET", "/me", {}, here.access_token).status, 200) << "the current session stays";
  EXPECT_EQ(Call("GET", "/me", {}, there.access_token).status, 401);
  EXPECT_EQ(Call("GET", "/me", {}, third).status, 401);
  EXPECT_EQ(Call("GET", "/me", {}, bob.access_token).status, 200) << "other users untouched";

  auto mine = Json(Call("GET", "/me/sessions", {}, here.access_token)).at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(Call("DELETE", "/me/sessions/" + std::string(mine[0].at("id").as_string()), {}, here.access_token)
                .status,
            204);
  EXPECT_EQ(Call("GET", "/me", {}, here.access_token).status, 401);
}

TEST_P(AccountsHttpTest, AdminAndManagerAreasEnforceRolesAndTenants) {
  auto admin = Admin("root@example.com");
  ASSERT_FALSE(admin.access_token.empty());
  auto client = SignUp("client@example.com");
  auto other = SignUp("other@example.com");

  auto created = Post("/admin/managers", {{"email", "mgr@example.com"}, {"name", "Max"}}, admin.access_token);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string manager_id(Json(created).at("user").at("id").as_string());
  std::string invite = NextMail("mgr@example.com", "manager_invite");
  ASSERT_EQ(
      Post("/auth/password/reset", {{"token", TokenIn(invite)}, {"password", "manager password"}}).status,
      204);
  auto manager = FinishLogin("mgr@example.com", "manager password");
  ASSERT_FALSE(manager.access_token.empty());

  auto managers = Call("GET", "/admin/managers", {}, admin.access_token);
  ASSERT_EQ(managers.status, 200);
  EXPECT_EQ(Json(managers).at("items").as_array().size(), 1u);
  auto clients = Call("GET", "/admin/clients?q=client%40", {}, admin.access_token);
  ASSERT_EQ(clients.status, 200);
  ASSERT_EQ(Json(clients).at("items").as_array().size(), 1u);
  EXPECT_EQ(Json(clients).at("items").at(0).at("account").at("id").as_string(), client.account_id);

  auto not_manager = Call("PUT", "/admin/clients/" + client.account_id + "/manager",
                          bj::serialize(bj::object{{"manager_user_id", other.user_id}}), admin.access_token);
  EXPECT_EQ(not_manager.status, 422) << not_manager.body;
  auto assign = Call("PUT", "/admin/clients/" + client.account_id + "/manager",
                     bj::serialize(bj::object{{"manager_user_id", manager_id}}), admin.access_token);
  ASSERT_EQ(assign.status, 200) << assign.body;
  EXPECT_EQ(Call("PUT", "/admin/clients/acc_01M89EM4WZQPSTRGHZR066XHPW/manager",
                 R"({"manager_user_id":null})", admin.access_token)
                .status,
            404);

  auto mine = Call("GET", "/manager/clients", {}, manager.access_token);
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(Json(mine).at("items").as_array().size(), 1u);
  EXPECT_EQ(Json(mine).at("items").at(0).at("owner").at("email"), "client@example.com");
  EXPECT_EQ(Call("GET", "/manager/clients/" + client.account_id, {}, manager.access_token).status, 200);
  EXPECT_EQ(Call("GET", "/manager/clients/" + other.account_id, {}, manager.access_token).status, 404);
  EXPECT_EQ(Call("GET", "/manager/clients/nonsense", {}, manager.access_token).status, 404);
  auto me = Json(Call("GET", "/me", {}, client.access_token));
  EXPECT_EQ(me.at("account").at("manager").at("email"), "mgr@example.com");

  auto outbox = Call("GET", "/admin/outbox?to=client%40example.com", {}, admin.access_token);
  ASSERT_EQ(outbox.status, 200) << outbox.body;
  EXPECT_GE(Json(outbox).at("items").as_array().size(), 2u);

  // Unassigning takes the client away from the manager at once.
  ASSERT_EQ(Call("PUT", "/admin/clients/" + client.account_id + "/manager", R"({"manager_user_id":null})",
                 admin.access_token)
                .status,
            200);
  EXPECT_EQ(Call("GET", "/manager/clients/" + client.account_id, {}, manager.access_token).status, 404);

  // Wrong roles: 403 on every role-restricted endpoint.
  struct Endpoint {
    std::string method, path, body;
  };
  std::vector<Endpoint> admin_only = {
      {"GET", "/admin/managers", ""},
      {"POST", "/admin/managers", R"({"email":"x@example.com","name":"X"})"},
      {"GET", "/admin/clients", ""},
      {"PUT", "/admin/clients/" + client.account_id + "/manager", R"({"manager_user_id":null})"},
      {"GET", "/admin/outbox", ""}};
  for (const auto& e : admin_only) {
    for (const auto* who : {&client, &manager}) {
      auto r = Call(e.method, e.path, e.body, who->access_token);
      EXPECT_EQ(r.status, 403) << e.method << " " << e.path;
    }
  }
  std::vector<Endpoint> manager_only = {{"GET", "/manager/clients", ""},
                                        {"GET", "/manager/clients/" + client.account_id, ""}};
  for (const auto& e : manager_only) {
    for (const auto* who : {&client, &admin}) {
      EXPECT_EQ(Call(e.method, e.path, e.body, who->access_token).status, 403) << e.method << " " << e.path;
    }
  }
  for (const auto& e : admin_only) EXPECT_EQ(Call(e.method, e.path, e.body).status, 401) << e.path;
}

TEST_P(AccountsHttpTest, BadInputNamesTheField) {
  auto malformed = Call("POST", "/auth/register", "{\"email\": \"a@b.co\",,}");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_TRUE(Json(malformed).at("error").at("details").as_object().contains("line"));
  auto missing = Post("/auth/register", {{"email", "a@example.com"}, {"name", "A"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(FieldOf(missing), "password");
  auto wrong_type = Post("/auth/login", {{"email", 42}, {"password", kPassword}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(FieldOf(wrong_type), "email");
  auto bad_email = Post("/auth/magic-link", {{"email", "not an email"}});
  EXPECT_EQ(FieldOf(bad_email), "email");
  EXPECT_EQ(FieldOf(Post("/auth/login/verify", {{"challenge_id", "lch_x"}})), "code");
  EXPECT_EQ(FieldOf(Post("/auth/verify-email", bj::object{})), "token");
  EXPECT_EQ(Call("POST", "/auth/register", "[1,2]").status, 400);
  EXPECT_EQ(Call("POST", "/auth/register", "email=a", {}, {}).status, 400);

  auto user = SignUp("input@example.com");
  auto patch = Call("PATCH", "/me", R"({"two_factor_enabled":"yes"})", user.access_token);
  EXPECT_EQ(patch.status, 400);
  EXPECT_EQ(FieldOf(patch), "two_factor_enabled");
  auto lang = Call("PATCH", "/me", R"({"language":"klingon"})", user.access_token);
  EXPECT_EQ(FieldOf(lang), "language");
  auto pw = Post("/me/password", {{"current_password", kPassword}}, user.access_token);
  EXPECT_EQ(FieldOf(pw), "new_password");
}

TEST_P(AccountsHttpTest, AuthEndpointsAreRateLimitedPerIp) {
  StartServer({{"X8_AUTH_RATE_LIMIT_IP_PER_MINUTE", "5"}});
  int limited = 0;
  std::optional<std::string> retry_after;
  for (int i = 0; i < 7; ++i) {
    auto r = Post("/auth/password/forgot", {{"email", "x" + std::to_string(i) + "@example.com"}});
    if (r.status == 429) {
      ++limited;
      if (auto h = r.Header("Retry-After")) retry_after = std::string(*h);
      EXPECT_EQ(CodeOf(r), "rate_limited");
    } else {
      EXPECT_EQ(r.status, 202);
    }
  }
  // The fixed window may roll over once during the loop; at least one request must be refused.
  EXPECT_GE(limited, 1);
  ASSERT_TRUE(retry_after);
  EXPECT_GE(std::stoi(*retry_after), 1);
  EXPECT_LE(std::stoi(*retry_after), 60);
  EXPECT_EQ(server().Get("/healthz").value().status, 200) << "other endpoints are not limited";
  // Nor are the ones that guess nothing: a reload-happy tab must not lock its office out.
  EXPECT_EQ(server().Get("/api/v1/auth/providers").value().status, 200);
  EXPECT_EQ(server().Post("/api/v1/auth/refresh", "", "").value().status, 401);
}

TEST_P(AccountsHttpTest, MailSendingIsRateLimitedPerEmail) {
  StartServer({{"X8_AUTH_RATE_LIMIT_EMAIL_PER_HOUR", "2"}});
  EXPECT_EQ(Post("/auth/magic-link", {{"email", "flood@example.com"}}).status, 202);
  EXPECT_EQ(Post("/auth/password/forgot", {{"email", "FLOOD@example.com"}}).status, 202);
  auto third = Post("/auth/verify-email/resend", {{"email", "flood@example.com"}});
  EXPECT_EQ(third.status, 429);
  EXPECT_TRUE(third.Header("Retry-After"));
  EXPECT_EQ(Post("/auth/magic-link", {{"email", "calm@example.com"}}).status, 202);
}

X8_INSTANTIATE_ENGINE_TEST(AccountsHttpTest);

}  // namespace
}  // namespace x8::testing
