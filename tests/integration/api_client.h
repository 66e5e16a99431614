// Talking to the server under test the way the web app and the chat widget do: JSON calls with a
// bearer token (ApiClient) and a visitor of the public web chat API (WebChatVisitor). A request the
// server never answered is a test failure and comes back as an empty response (status 0).
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "platform/http/client/http_client.h"
#include "tests/integration/server_process.h"

namespace x8::testing {

// The body parsed; null when there is none.
boost::json::value Json(const http::HttpResponse& response);
// error.code of an error answer.
std::string ErrorCodeOf(const http::HttpResponse& response);

// Polls `probe` every 50 ms until it returns true or `timeout` passes.
bool Eventually(const std::function<bool()>& probe,
                std::chrono::milliseconds timeout = std::chrono::seconds(15));

class ApiClient {
 public:
  ApiClient() = default;
  // Without a token the calls are anonymous (public endpoints).
  explicit ApiClient(ServerProcess& server, std::string token = {})
      : server_(&server), token_(std::move(token)) {}

  const std::string& token() const { return token_; }

  http::HttpResponse Get(const std::string& path) const { return Send("GET", path); }
  http::HttpResponse Post(const std::string& path, const boost::json::object& body = {}) const {
    return Send("POST", path, boost::json::serialize(body));
  }
  http::HttpResponse Put(const std::string& path, const boost::json::object& body) const {
    return Send("PUT", path, boost::json::serialize(body));
  }
  http::HttpResponse Delete(const std::string& path) const { return Send("DELETE", path); }
  // POSTs a file (a CSV, an image) as the web app's upload does.
  http::HttpResponse Upload(const std::string& path, std::string bytes, const std::string& content_type,
                            const std::string& file_name) const {
    return Send("POST", path, std::move(bytes), {{"Content-Type", content_type}, {"X-File-Name", file_name}});
  }
  // Any request; a body without a Content-Type in `headers` is sent as JSON.
  http::HttpResponse Send(std::string method, const std::string& path, std::string body = {},
                          http::HeaderList headers = {}) const;

 private:
  ServerProcess* server_ = nullptr;
  std::string token_;
};

// A visitor of a company's web chat widget, over the public API: a session of its own, messages out,
// the transcript back.
class WebChatVisitor {
 public:
  // Starts the session (the widget's first call).
  WebChatVisitor(ServerProcess& server, std::string widget_key);

  const std::string& token() const { return token_; }

  // Sends `text`; returns the server's 202 answer ({message, duplicate}). The widget resends with the
  // same `client_id` when it is unsure the message arrived.
  boost::json::object Say(const std::string& text, const std::string& client_id = NewId("cli")) const;
  // Every message of the conversation so far, both directions.
  boost::json::array Transcript() const;
  // Waits until the transcript has more outgoing messages than `seen` and returns it once that turn's
  // other messages have landed too.
  boost::json::array AwaitReply(size_t seen) const;
  // Says `text` and returns the transcript with the reply.
  boost::json::array Turn(const std::string& text) const;
  // Pays a sandbox payment link as the visitor's browser does (the checkout page's form).
  http::HttpResponse Pay(const std::string& payment_url) const;

 private:
  ServerProcess* server_;
  ApiClient anonymous_;
  std::string widget_key_;
  std::string token_;
};

// Reading a web chat transcript.
size_t Outgoing(const boost::json::array& messages);
// The texts one after another, for failure messages.
std::string Texts(const boost::json::array& messages);
// The button payloads of one message.
std::vector<std::string> Payloads(const boost::json::object& message);
// The first button that is a link: the payment link.
std::string PaymentUrl(const boost::json::array& messages);

}  // namespace x8::testing
