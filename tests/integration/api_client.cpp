#include "tests/integration/api_client.h"

#include <gtest/gtest.h>

#include <thread>

namespace x8::testing {

namespace json = boost::json;

json::value Json(const http::HttpResponse& response) {
  return response.body.empty() ? json::value() : json::parse(response.body);
}

std::string ErrorCodeOf(const http::HttpResponse& response) {
  return std::string(Json(response).at("error").at("code").as_string());
}

bool Eventually(const std::function<bool()>& probe, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return probe();
}

http::HttpResponse ApiClient::Send(std::string method, const std::string& path, std::string body,
                                   http::HeaderList headers) const {
  http::HttpRequest request{.method = std::move(method), .url = server_->Url(path)};
  if (!token_.empty()) request.headers.emplace_back("Authorization", "Bearer " + token_);
  if (!body.empty() && !http::FindHeader(headers, "Content-Type")) {
    request.headers.emplace_back("Content-Type", "application/json");
  }
  for (auto& header : headers) request.headers.push_back(std::move(header));
  request.body = std::move(body);
  auto response = server_->Send(request);
  EXPECT_TRUE(response) << response.error().message;
  return response ? *response : http::HttpResponse{};
}

WebChatVisitor::WebChatVisitor(ServerProcess& server, std::string widget_key)
    : server_(&server), anonymous_(server), widget_key_(std::move(widget_key)) {
  auto r = anonymous_.Post("/api/v1/webchat/" + widget_key_ + "/sessions");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status == 200) token_ = std::string(Json(r).at("visitor_token").as_string());
}

json::object WebChatVisitor::Say(const std::string& text, const std::string& client_id) const {
  auto r = anonymous_.Post("/api/v1/webchat/" + widget_key_ + "/messages",
                           {{"visitor_token", token_}, {"text", text}, {"client_id", client_id}});
  EXPECT_EQ(r.status, 202) << r.body;
  return r.status == 202 ? Json(r).as_object() : json::object{};
}

json::array WebChatVisitor::Transcript() const {
  auto r =
      anonymous_.Get("/api/v1/webchat/" + widget_key_ + "/messages?visitor_token=" + token_ + "&after=0");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? Json(r).at("messages").as_array() : json::array{};
}

json::array WebChatVisitor::AwaitReply(size_t seen) const {
  json::array transcript;
  EXPECT_TRUE(Eventually([&] {
    transcript = Transcript();
    return Outgoing(transcript) > seen;
  })) << "no reply; transcript "
      << json::serialize(transcript) << "\n"
      << server_->log();
  // A turn may answer with several messages; they land within moments of each other.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return Transcript();
}

json::array WebChatVisitor::Turn(const std::string& text) const {
  const size_t seen = Outgoing(Transcript());
  Say(text);
  return AwaitReply(seen);
}

http::HttpResponse WebChatVisitor::Pay(const std::string& payment_url) const {
  const std::string path = payment_url.substr(payment_url.find("/pay/sandbox/"));
  return anonymous_.Send("POST", path + "/pay", {}, {{"Content-Type", "application/x-www-form-urlencoded"}});
}

size_t Outgoing(const json::array& messages) {
  size_t n = 0;
  for (const auto& m : messages) n += m.at("direction") == "out" ? 1 : 0;
  return n;
}

std::string Texts(const json::array& messages) {
  std::string out;
  for (const auto& m : messages) out += std::string(m.at("text").as_string()) + "\n---\n";
  return out;
}

std::vector<std::string> Payloads(const json::object& message) {
  std::vector<std::string> out;
  for (const auto& button : message.at("buttons").as_array())
    out.emplace_back(button.at("payload").as_string());
  return out;
}

std::string PaymentUrl(const json::array& messages) {
  for (const auto& m : messages) {
    for (const auto& button : m.at("buttons").as_array()) {
      std::string payload(button.at("payload").as_string());
      if (payload.starts_with("http")) return payload;
    }
  }
  return {};
}

}  // namespace x8::testing
