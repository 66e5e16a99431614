// The inbox routes through the router: shapes, status codes and tenancy.
#include "modules/conversations/api/routes.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "modules/conversations/testing/fixture.h"

namespace x8::conversations {
namespace {

using testing::ConversationsTest;

class RoutesTest : public ConversationsTest {
 protected:
  http::Response Call(const std::string& method, const std::string& path, const http::Principal& principal,
                      std::string body = {}, std::string query = {}) {
    auto match = router_.Match(method, path);
    EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << method << " " << path;
    if (match.kind != http::RouteMatch::Kind::kFound) return {};
    http::Request request;
    request.method = method;
    request.path = path;
    request.query = std::move(query);
    request.body = std::move(body);
    request.headers.Set("Content-Type", "application/json");
    request.path_params = match.params;
    request.principal = principal;
    return match.route->handler(request);
  }
  boost::json::object Body(const http::Response& response) {
    return json::ParseObject(response.body).value();
  }
};

TEST_P(RoutesTest, ConversationMessagesAndActions) {
  auto accepted = MustAccept("hi", "e1");
  const std::string base = "/api/v1/conversations/" + accepted.conversation_id;
  auto got = Call("GET", base, owner_);
  ASSERT_EQ(got.status, 200) << got.body;
  auto conversation = Body(got);
  EXPECT_EQ(std::string(conversation.at("id").as_string()), accepted.conversation_id);
  EXPECT_EQ(conversation.at("channel").at("kind"), "webchat");
  EXPECT_EQ(conversation.at("contact").at("name"), "Anna");
  EXPECT_EQ(conversation.at("outcome"), "none");
  EXPECT_TRUE(conversation.at("handled_by_user_id").is_null());

  auto reply = Call("POST", base + "/messages", owner_, R"({"text":"Hello from us"})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(Body(reply).at("author"), "human");
  auto note = Call("POST", base + "/notes", owner_, R"({"text":"call back"})");
  ASSERT_EQ(note.status, 201);
  EXPECT_EQ(Body(note).at("direction"), "note");
  auto bad = Call("POST", base + "/messages", owner_, R"({"text":"x","extra":1})");
  EXPECT_EQ(bad.status, 400);

  auto messages = Call("GET", base + "/messages", owner_, {}, "limit=2");
  ASSERT_EQ(messages.status, 200);
  auto items = Body(messages).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].at("direction"), "note");
  EXPECT_TRUE(items[0].as_object().contains("trace"));
  EXPECT_EQ(Body(messages).at("next_cursor"), "2");  // message 1 is older
  auto older = Call("GET", base + "/messages", owner_, {}, "before=2");
  EXPECT_EQ(Body(older).at("items").as_array().size(), 1u);
  EXPECT_TRUE(Body(older).at("next_cursor").is_null());

  EXPECT_EQ(Body(Call("POST", base + "/hand-back", owner_)).at("mode"), "assistant");
  EXPECT_EQ(Body(Call("POST", base + "/take-over", owner_)).at("mode"), "human");
  EXPECT_EQ(Body(Call("POST", base + "/read", owner_)).at("unread_count"), 0);
  EXPECT_EQ(Body(Call("POST", base + "/close", owner_)).at("status"), "closed");

  auto list = Call("GET", "/api/v1/companies/" + company_id_ + "/conversations", owner_, {}, "status=closed");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Body(list).at("items").as_array().size(), 1u);
  EXPECT_TRUE(Body(list).at("next_cursor").is_null());
}

TEST_P(RoutesTest, OtherTenantsGet404) {
  auto accepted = MustAccept("hi", "e1");
  const std::string base = "/api/v1/conversations/" + accepted.conversation_id;
  EXPECT_EQ(Call("GET", base, stranger_).status, 404);
  EXPECT_EQ(Call("GET", base + "/messages", stranger_).status, 404);
  EXPECT_EQ(Call("POST", base + "/messages", stranger_, R"({"text":"x"})").status, 404);
  EXPECT_EQ(Call("POST", base + "/take-over", stranger_).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/companies/" + company_id_ + "/conversations", stranger_).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/companies/" + company_id_ + "/assistant-settings", stranger_).status, 404);
  EXPECT_EQ(Call("PUT", "/api/v1/companies/" + company_id_ + "/assistant-settings", stranger_, "{}").status,
            404);
}

TEST_P(RoutesTest, AssistantSettingsGetAndPutWithValidation) {
  const std::string path = "/api/v1/companies/" + company_id_ + "/assistant-settings";
  auto got = Call("GET", path, owner_);
  ASSERT_EQ(got.status, 200);
  auto settings = Body(got);
  EXPECT_EQ(settings.at("engine"), "guided");
  EXPECT_EQ(settings.at("llm_available"), true);
  EXPECT_EQ(settings.at("prompts").as_object().size(), 6u);
  auto put =
      Call("PUT", path, owner_, R"({"engine":"llm","debounce_ms":500,"prompts":{"rules":"Be brief"}})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Body(put).at("version"), 1);
  EXPECT_EQ(Body(put).at("prompts").at("rules"), "Be brief");
  auto invalid = Call("PUT", path, owner_, R"({"debounce_ms":70000})");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(Body(invalid).at("error").at("details").at("field"), "debounce_ms");
  auto unknown = Call("PUT", path, owner_, R"({"colour":"red"})");
  EXPECT_EQ(Body(unknown).at("error").at("details").at("field"), "colour");
  auto prompt = Call("PUT", path, owner_, R"({"prompts":{"jokes":"x"}})");
  EXPECT_EQ(Body(prompt).at("error").at("details").at("field"), "prompts");
}

X8_INSTANTIATE_ENGINE_TEST(RoutesTest);

}  // namespace
}  // namespace x8::conversations
