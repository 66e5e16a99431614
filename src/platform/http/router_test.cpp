#include "platform/http/router.h"

#include <gtest/gtest.h>

namespace x8::http {
namespace {

Handler Named(const std::string& name) {
  return [name](Request&) { return Response::Text(name); };
}

TEST(Router, MatchesLiteralsAndParameters) {
  Router router;
  router.Add("GET", "/api/v1/companies", Named("list"));
  router.Add("GET", "/api/v1/companies/{company_id}", Named("get"));
  router.Add("GET", "/api/v1/companies/stats", Named("stats"));
  router.Add("POST", "/hooks/{provider}/{channel_id}", Named("hook"));

  auto m = router.Match("GET", "/api/v1/companies/cmp_1");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/api/v1/companies/{company_id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "cmp_1");

  EXPECT_EQ(router.Match("GET", "/api/v1/companies/stats").route->pattern, "/api/v1/companies/stats");
  EXPECT_EQ(router.Match("GET", "/api/v1/companies/").route->pattern, "/api/v1/companies");

  auto hook = router.Match("POST", "/hooks/telegram/ch_9");
  ASSERT_EQ(hook.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(hook.params[0], (std::pair<std::string, std::string>{"provider", "telegram"}));
  EXPECT_EQ(hook.params[1].second, "ch_9");
}

TEST(Router, DistinguishesNotFoundFromMethodNotAllowed) {
  Router router;
  router.Add("GET", "/things", Named("a"));
  router.Add("DELETE", "/things", Named("b"));
  EXPECT_EQ(router.Match("GET", "/nothing").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.Match("GET", "/things/1").kind, RouteMatch::Kind::kNotFound);
  auto m = router.Match("PUT", "/things");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"DELETE", "GET"}));
  EXPECT_EQ(router.Match("HEAD", "/things").kind, RouteMatch::Kind::kFound);  // HEAD falls back to GET
}

TEST(Router, RejectsDuplicatesAndConflictingParameterNames) {
  Router router;
  router.Add("GET", "/a/{id}", Named("a"));
  EXPECT_THROW(router.Add("GET", "/a/{id}", Named("b")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/a/{other}/x", Named("c")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "relative", Named("d")), std::invalid_argument);
}

TEST(Router, PerRouteBodyLimit) {
  Router router;
  router.Add("POST", "/upload", Named("u"), RouteOptions{.body = BodyKind::kAny, .max_body_bytes = 50 << 20});
  EXPECT_EQ(router.MaxBodyBytes("POST", "/upload", 1024), 50u << 20);
  EXPECT_EQ(router.MaxBodyBytes("POST", "/other", 1024), 1024u);
}

}  // namespace
}  // namespace x8::http
