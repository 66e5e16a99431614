// The commerce handlers through the router (no server): the sandbox checkout pages (HTML, status
// codes, escaping, job enqueued) and the payments log API (JSON shapes, filters, errors, tenancy).
#include "modules/commerce/api/routes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/html.h"
#include "modules/commerce/api/sandbox_page.h"
#include "modules/commerce/testing/fixtures.h"

namespace x8::commerce {
namespace {

using testing::CommerceTest;

class CommerceRoutesTest : public CommerceTest {
 protected:
  void SetUp() override {
    CommerceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddRoutes(router_, service_);
    AddSandboxRoutes(router_, service_, *merchants_);
  }

  http::Response Call(std::string method, std::string path,
                      std::optional<http::Principal> principal = std::nullopt, std::string query = {}) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.principal = std::move(principal);
    request.request_id = "req-1";
    auto match = router_.Match(request.method, request.path);
    EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << request.method << " " << request.path;
    if (match.kind != http::RouteMatch::Kind::kFound) return {};
    request.path_params = match.params;
    return match.route->handler(request);
  }
  static boost::json::value Json(const http::Response& r) { return boost::json::parse(r.body); }
  static std::string FieldOf(const http::Response& r) {
    return std::string(Json(r).at("error").at("details").at("field").as_string());
  }
  static bool Contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
  }
  std::string PagePath(const CheckoutLink& link) { return "/pay/sandbox/" + SessionIdOf(link.order_id); }

  http::Router router_;
};

TEST_P(CommerceRoutesTest, TheCheckoutPageShowsTheOrderEscaped) {
  auto link = Checkout(Request(shop_)).value();
  auto r = Call("GET", PagePath(link));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.Get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.headers.Get("Cache-Control"), "no-store");
  EXPECT_TRUE(Contains(r.body, "<html lang=\"en\">"));
  EXPECT_TRUE(Contains(r.body, "Sandbox — no real money moves"));
  EXPECT_TRUE(Contains(r.body, "Flowers &amp; Co"));       // the merchant, escaped
  EXPECT_TRUE(Contains(r.body, "Tulips &lt;b&gt;&amp;"));  // item names, escaped
  EXPECT_FALSE(Contains(r.body, "Tulips <b>"));
  EXPECT_TRUE(Contains(r.body, "Red roses (25 stems)"));
  EXPECT_TRUE(Contains(r.body, "1.5 kg × €10.00"));
  EXPECT_TRUE(Contains(r.body, "€54.90"));
  EXPECT_TRUE(Contains(r.body, "€69.90"));                  // the total
  EXPECT_TRUE(Contains(r.body, "01 Jan 2026, 01:00 UTC"));  // expiry: now + 60 min
  EXPECT_TRUE(Contains(r.body, "(60 min left)"));
  EXPECT_TRUE(Contains(r.body, "action=\"" + SessionIdOf(link.order_id) + "/pay\""));
  EXPECT_TRUE(Contains(r.body, "/cancel\""));
  EXPECT_FALSE(Contains(r.body, "<script"));
  EXPECT_FALSE(Contains(r.body, "http://"));  // no outside assets
}

TEST_P(CommerceRoutesTest, TheCheckoutPageSpeaksRussian) {
  auto link = Checkout(Request(shop_, "conv_1", "ru")).value();
  auto r = Call("GET", PagePath(link));
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "<html lang=\"ru\">"));
  EXPECT_TRUE(Contains(r.body, "реальные деньги не списываются"));
  EXPECT_TRUE(Contains(r.body, "Оплатить 69,90\u00a0€"));
  EXPECT_TRUE(Contains(r.body, "01.01.2026, 01:00 UTC"));
  EXPECT_TRUE(Contains(r.body, "1,5 kg × 10,00\u00a0€"));
}

TEST_P(CommerceRoutesTest, PayingEnqueuesTheEventAndASecondPayIsAConflict) {
  auto link = Checkout(Request(shop_)).value();
  auto paid = Call("POST", PagePath(link) + "/pay");
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_TRUE(Contains(paid.body, "Payment received"));
  EXPECT_TRUE(Contains(paid.body, "go back to the chat"));
  EXPECT_FALSE(Contains(paid.body, "<form"));
  EXPECT_EQ(CountJobs(kApplyEventJob), 1);

  auto again = Call("POST", PagePath(link) + "/pay");
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(Contains(again.body, "already paid"));
  EXPECT_TRUE(Contains(again.body, "Nothing was charged or changed"));
  EXPECT_EQ(CountJobs(kApplyEventJob), 1);
  EXPECT_EQ(Call("POST", PagePath(link) + "/cancel").status, 409);

  EXPECT_EQ(RunJobs(), 1);
  auto view = Call("GET", PagePath(link));
  EXPECT_EQ(view.status, 200);
  EXPECT_TRUE(Contains(view.body, "already paid"));
  EXPECT_FALSE(Contains(view.body, "<form"));
}

TEST_P(CommerceRoutesTest, CancellingAndExpiredLinks) {
  auto link = Checkout(Request(shop_, "conv_1")).value();
  auto cancelled = Call("POST", PagePath(link) + "/cancel");
  ASSERT_EQ(cancelled.status, 200);
  EXPECT_TRUE(Contains(cancelled.body, "Payment cancelled"));
  EXPECT_EQ(Call("POST", PagePath(link) + "/pay").status, 409);

  auto late = Checkout(Request(shop_, "conv_2")).value();
  clock_.Advance(std::chrono::minutes(61));
  auto expired = Call("POST", PagePath(late) + "/pay");
  EXPECT_EQ(expired.status, 409);
  EXPECT_TRUE(Contains(expired.body, "has expired"));
  EXPECT_TRUE(Contains(Call("GET", PagePath(late)).body, "has expired"));
  EXPECT_EQ(CountJobs(kApplyEventJob), 1);  // only the cancel
}

TEST_P(CommerceRoutesTest, UnknownSessionsAre404) {
  auto r = Call("GET", "/pay/sandbox/cs_sandbox_01JD3V9K2M8Q4T6X0YB5C7N2PA");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(Contains(r.body, "Link not found"));
  EXPECT_EQ(Call("POST", "/pay/sandbox/whatever/pay").status, 404);
  EXPECT_EQ(Call("POST", "/pay/sandbox/whatever/cancel").status, 404);
  EXPECT_EQ(CountJobs(kApplyEventJob), 0);
}

TEST_P(CommerceRoutesTest, TheSandboxRoutesArePublicFormPosts) {
  auto match = router_.Match("POST", "/pay/sandbox/x/pay");
  ASSERT_EQ(match.kind, http::RouteMatch::Kind::kFound);
  EXPECT_EQ(match.route->options.access, http::Access::kPublic);
  EXPECT_EQ(match.route->options.body, http::BodyKind::kAny);
  EXPECT_EQ(router_.Match("GET", "/pay/sandbox/x").route->options.access, http::Access::kPublic);
  EXPECT_EQ(router_.Match("GET", "/api/v1/orders/x").route->options.access, http::Access::kAuthenticated);
}

TEST_P(CommerceRoutesTest, OrderJsonHasTheDesignShape) {
  auto link = Checkout(Request(shop_)).value();
  auto r = Call("GET", "/api/v1/orders/" + link.order_id, shop_.principal);
  ASSERT_EQ(r.status, 200) << r.body;
  auto order = Json(r).as_object();
  for (auto key :
       {"id", "company_id", "conversation_id", "contact_id", "customer_name", "payment_status", "currency",
        "subtotal_minor", "delivery_minor", "total_minor", "lines", "provider", "payment_url", "expires_at",
        "paid_at", "cancelled_at", "refunded_at", "created_at", "updated_at"}) {
    EXPECT_TRUE(order.contains(key)) << key;
  }
  EXPECT_EQ(order.size(), 19u);
  EXPECT_EQ(order.at("payment_status"), "payment_link_sent");
  EXPECT_EQ(order.at("total_minor"), 6990);
  EXPECT_EQ(order.at("currency"), "EUR");
  EXPECT_EQ(order.at("provider"), "sandbox");
  EXPECT_TRUE(order.at("paid_at").is_null());
  const auto& line = order.at("lines").as_array()[1].as_object();
  EXPECT_EQ(line.size(), 9u);
  EXPECT_EQ(line.at("quantity"), "1.5");
  EXPECT_EQ(line.at("quantity_milli"), 1500);
  EXPECT_EQ(line.at("unit"), "kg");
  EXPECT_EQ(line.at("unit_price_minor"), 1000);
  EXPECT_EQ(line.at("total_minor"), 1500);
}

TEST_P(CommerceRoutesTest, PaymentsLogListsFiltersAndPages) {
  auto first = Checkout(Request(shop_, "conv_1")).value();
  clock_.Advance(std::chrono::seconds(1));
  auto second = Checkout(Request(shop_, "conv_2")).value();
  ASSERT_EQ(Call("POST", PagePath(second) + "/pay").status, 200);
  RunJobs();
  const std::string path = "/api/v1/companies/" + shop_.company_id + "/orders";

  auto all = Json(Call("GET", path, shop_.principal)).as_object();
  ASSERT_EQ(all.at("items").as_array().size(), 2u);
  EXPECT_EQ(all.at("items").as_array()[0].at("id"), second.order_id.c_str());
  EXPECT_TRUE(all.at("next_cursor").is_null());

  auto page = Json(Call("GET", path, shop_.principal, "limit=1")).as_object();
  ASSERT_EQ(page.at("items").as_array().size(), 1u);
  std::string cursor(page.at("next_cursor").as_string());
  auto next = Json(Call("GET", path, shop_.principal, "limit=1&cursor=" + cursor)).as_object();
  EXPECT_EQ(next.at("items").as_array()[0].at("id"), first.order_id.c_str());

  auto paid = Json(Call("GET", path, shop_.principal, "payment_status=paid")).as_object();
  ASSERT_EQ(paid.at("items").as_array().size(), 1u);
  EXPECT_EQ(paid.at("items").as_array()[0].at("paid_at"), clock_.NowMillis());
  auto by_name = Json(Call("GET", path, shop_.principal, "q=anna")).as_object();
  EXPECT_EQ(by_name.at("items").as_array().size(), 2u);
  auto nobody = Json(Call("GET", path, shop_.principal, "q=zoe")).as_object();
  EXPECT_TRUE(nobody.at("items").as_array().empty());

  EXPECT_EQ(FieldOf(Call("GET", path, shop_.principal, "payment_status=done")), "payment_status");
  EXPECT_EQ(FieldOf(Call("GET", path, shop_.principal, "limit=0")), "limit");
  EXPECT_EQ(FieldOf(Call("GET", path, shop_.principal, "limit=x")), "limit");
  EXPECT_EQ(FieldOf(Call("GET", path, shop_.principal, "cursor=abc")), "cursor");
  EXPECT_EQ(Call("GET", path, other_.principal).status, 404);
  EXPECT_EQ(Call("GET", path).status, 401);
}

TEST_P(CommerceRoutesTest, CancelAndRefundOverHttp) {
  auto link = Checkout(Request(shop_)).value();
  const std::string order = "/api/v1/orders/" + link.order_id;
  EXPECT_EQ(Call("POST", order + "/cancel", other_.principal).status, 404);
  EXPECT_EQ(Call("GET", order, other_.principal).status, 404);
  auto refund = Call("POST", order + "/refund", shop_.principal);
  EXPECT_EQ(refund.status, 409);
  EXPECT_EQ(FieldOf(refund), "payment_status");
  auto cancelled = Call("POST", order + "/cancel", shop_.principal);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(Json(cancelled).at("payment_status"), "cancelled");
  EXPECT_EQ(Call("POST", order + "/cancel", shop_.principal).status, 409);

  auto paid = Checkout(Request(shop_)).value();
  ASSERT_EQ(Call("POST", PagePath(paid) + "/pay").status, 200);
  RunJobs();
  auto refunded = Call("POST", "/api/v1/orders/" + paid.order_id + "/refund", shop_.principal);
  ASSERT_EQ(refunded.status, 200) << refunded.body;
  EXPECT_EQ(Json(refunded).at("payment_status"), "refunded");
  EXPECT_FALSE(Json(refunded).at("refunded_at").is_null());
}

TEST(SandboxPageTest, EscapesEverything) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(FormatUtc(1'767'225'600'000, "en"), "01 Jan 2026, 00:00 UTC");
  EXPECT_EQ(FormatUtc(1'767'225'600'000, "ru"), "01.01.2026, 00:00 UTC");
}

X8_INSTANTIATE_ENGINE_TEST(CommerceRoutesTest);

}  // namespace
}  // namespace x8::commerce
