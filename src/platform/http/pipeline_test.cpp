#include "platform/http/pipeline.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "platform/metrics/registry.h"

namespace x8::http {
namespace {

class FixedAuthenticator : public Authenticator {
 public:
  Result<std::optional<Principal>> Authenticate(const Request& request) override {
    auto auth = request.headers.Get("Authorization");
    if (!auth) return std::optional<Principal>{};
    if (*auth == "Bearer client") return std::optional<Principal>(Principal{"usr_1", "CLIENT", "acc_1"});
    if (*auth == "Bearer admin") return std::optional<Principal>(Principal{"usr_2", "ADMIN", "acc_2"});
    return Error{ErrorCode::kUnauthenticated, "token expired"};
  }
};

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() : pipeline_(router_, registry_, PipelineOptions{.log_requests = false}) {
    router_.Add(
        "GET", "/public", [](Request&) { return Response::Text("hi"); },
        RouteOptions{.access = Access::kPublic});
    router_.Add(
        "POST", "/echo",
        [](Request& r) {
          auto body = r.JsonBody();
          if (!body) return Response::FromError(body.error());
          return Response::Json(*body);
        },
        RouteOptions{.access = Access::kPublic});
    router_.Add("GET", "/me", [](Request& r) { return Response::Text(r.principal->user_id); });
    router_.Add(
        "GET", "/admin", [](Request&) { return Response::Text("ok"); }, RouteOptions{.roles = {"ADMIN"}});
    router_.Add(
        "GET", "/boom", [](Request&) -> Response { throw std::runtime_error("db password=hunter2"); },
        RouteOptions{.access = Access::kPublic});
    router_.Add(
        "POST", "/widget/{key}/messages",
        [](Request&) { return Response::Text("sent", "text/plain; charset=utf-8", 202); },
        RouteOptions{.access = Access::kPublic, .cross_origin = true});
    pipeline_.SetAuthenticator(std::make_shared<FixedAuthenticator>());
  }

  Response Call(std::string method, std::string path, std::string body = "", const std::string& auth = "",
                const std::string& content_type = "application/json") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    if (!auth.empty()) r.headers.Set("Authorization", auth);
    if (!r.body.empty()) r.headers.Set("Content-Type", content_type);
    return pipeline_.Handle(r);
  }

  static std::string Code(const Response& r) {
    return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
  }

  Router router_;
  metrics::Registry registry_;
  Pipeline pipeline_;
};

TEST_F(PipelineTest, CrossOriginRoutesAnswerThePreflightAndMarkResponses) {
  Request preflight;
  preflight.method = "OPTIONS";
  preflight.path = "/widget/wc_1/messages";
  preflight.headers.Set("Origin", "https://shop.example");
  preflight.headers.Set("Access-Control-Request-Method", "POST");
  auto answered = pipeline_.Handle(preflight);
  EXPECT_EQ(answered.status, 204);
  EXPECT_EQ(answered.headers.Get("Access-Control-Allow-Origin").value_or(""), "*");
  EXPECT_EQ(answered.headers.Get("Access-Control-Allow-Headers").value_or(""), "Content-Type");

  auto posted = Call("POST", "/widget/wc_1/messages", "{}");
  EXPECT_EQ(posted.status, 202);
  EXPECT_EQ(posted.headers.Get("Access-Control-Allow-Origin").value_or(""), "*");
  auto rejected = Call("POST", "/widget/wc_1/messages", "text", "", "text/plain");
  EXPECT_EQ(rejected.status, 415);
  EXPECT_EQ(rejected.headers.Get("Access-Control-Allow-Origin").value_or(""), "*")
      << "errors must be readable too";

  // Other routes stay same-origin: no preflight answer, no header.
  preflight.path = "/echo";
  EXPECT_EQ(pipeline_.Handle(preflight).status, 405);
  EXPECT_FALSE(Call("POST", "/echo", "{}").headers.Get("Access-Control-Allow-Origin"));
}

TEST_F(PipelineTest, UnknownRouteIs404Json) {
  auto r = Call("GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Code(r), "not_found");
  EXPECT_TRUE(r.headers.Has("X-Request-Id"));
}

TEST_F(PipelineTest, WrongMethodIs405WithAllow) {
  auto r = Call("DELETE", "/public");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(*r.headers.Get("Allow"), "GET");
  EXPECT_EQ(Code(r), "method_not_allowed");
}

TEST_F(PipelineTest, MalformedJsonIs400WithPosition) {
  auto r = Call("POST", "/echo", "{\"a\": [1, 2,, 3]}");
  EXPECT_EQ(r.status, 400);
  auto details = boost::json::parse(r.body).at("error").at("details");
  EXPECT_EQ(details.at("line").as_int64(), 1);
  EXPECT_EQ(details.at("column").as_int64(), 13);
}

TEST_F(PipelineTest, NonJsonBodyIs415) {
  auto r = Call("POST", "/echo", "a=1", "", "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(Code(r), "unsupported_media_type");
  EXPECT_EQ(Call("POST", "/echo", R"({"a":1})", "", "application/json; charset=utf-8").status, 200);
}

TEST_F(PipelineTest, AuthenticationAndRoles) {
  EXPECT_EQ(Call("GET", "/me").status, 401);
  EXPECT_EQ(Call("GET", "/me", "", "Bearer bogus").status, 401);
  auto me = Call("GET", "/me", "", "Bearer client");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.body, "usr_1");
  EXPECT_EQ(Call("GET", "/admin", "", "Bearer client").status, 403);
  EXPECT_EQ(Call("GET", "/admin", "", "Bearer admin").status, 200);
}

TEST_F(PipelineTest, ExceptionsBecome500WithoutLeakingDetails) {
  auto r = Call("GET", "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
}

TEST_F(PipelineTest, KeepsWellFormedRequestIds) {
  Request r;
  r.method = "GET";
  r.path = "/public";
  r.headers.Set("X-Request-Id", "abc-123");
  EXPECT_EQ(*pipeline_.Handle(r).headers.Get("X-Request-Id"), "abc-123");
  r.headers.Set("X-Request-Id", "evil\nheader");
  EXPECT_NE(*pipeline_.Handle(r).headers.Get("X-Request-Id"), "evil\nheader");
}

TEST_F(PipelineTest, CountsRequestsByRouteTemplate) {
  Call("GET", "/public");
  Call("GET", "/public");
  Call("GET", "/random/path/1");
  auto text = registry_.Render();
  EXPECT_NE(text.find(R"(x8_http_requests_total{method="GET",route="/public",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="unmatched",status="404"} 1)"), std::string::npos);
  EXPECT_NE(text.find("x8_http_request_duration_seconds_bucket"), std::string::npos);
}

// Behind trusted proxies every handler (rate limits, sessions) and the access log see the client.
TEST(PipelineClientAddressTest, TrustedProxyNamesTheClient) {
  Router router;
  router.Add(
      "GET", "/whoami", [](Request& r) { return Response::Text(r.remote_address); },
      RouteOptions{.access = Access::kPublic});
  metrics::Registry registry;
  auto proxies = net::TrustedProxies::Parse("10.0.0.0/8, ::1");
  ASSERT_TRUE(proxies);
  Pipeline behind_proxy(router, registry,
                        PipelineOptions{.log_requests = false, .trusted_proxies = *proxies});
  Pipeline direct(router, registry, PipelineOptions{.log_requests = false});
  auto call = [](const Pipeline& pipeline, std::string peer, std::vector<std::string> forwarded) {
    Request r;
    r.method = "GET";
    r.path = "/whoami";
    r.remote_address = std::move(peer);
    for (auto& value : forwarded) r.headers.Add("x-Forwarded-FOR", std::move(value));
    return pipeline.Handle(r).body;
  };
  EXPECT_EQ(call(behind_proxy, "10.0.0.2", {"203.0.113.9"}), "203.0.113.9");
  EXPECT_EQ(call(behind_proxy, "::1", {"198.51.100.1, 203.0.113.9", "10.0.0.3"}), "203.0.113.9");
  EXPECT_EQ(call(behind_proxy, "10.0.0.2", {}), "10.0.0.2");
  EXPECT_EQ(call(behind_proxy, "10.0.0.2", {"not-an-address"}), "10.0.0.2");
  // A client connecting directly cannot choose its address.
  EXPECT_EQ(call(behind_proxy, "203.0.113.9", {"10.0.0.5"}), "203.0.113.9");
  // Without server.trusted_proxies the header is never read.
  EXPECT_EQ(call(direct, "10.0.0.2", {"203.0.113.9"}), "10.0.0.2");
}

}  // namespace
}  // namespace x8::http
