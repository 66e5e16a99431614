#include "platform/http/client/http_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <thread>

#include "platform/http/client/test_http_server.h"

namespace x8::http {
namespace {

using std::chrono::milliseconds;
using testing::TestHttpServer;

// Records the delays the client asks for instead of sleeping.
struct SleepRecorder {
  std::mutex mutex;
  std::vector<milliseconds> delays;

  std::function<void(milliseconds)> Function() {
    return [this](milliseconds delay) {
      std::lock_guard lock(mutex);
      delays.push_back(delay);
    };
  }
};

class HttpClientTest : public ::testing::Test {
 protected:
  HttpClientOptions Options() {
    HttpClientOptions options;
    options.sleep = sleeps_.Function();
    return options;
  }

  TestHttpServer server_;
  SleepRecorder sleeps_;
};

TEST_F(HttpClientTest, GetRoundTripsHeadersAndBody) {
  HttpClient client(Options());
  server_.Enqueue({.status = 200, .headers = {{"X-Reply", "yes"}}, .body = "hello"});

  auto response = client.Send({.url = server_.Url("/things?page=2"), .headers = {{"X-Trace", "abc"}}});

  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
  EXPECT_EQ(response->Header("x-reply"), "yes");
  EXPECT_EQ(response->Header("X-REPLY"), "yes");
  EXPECT_EQ(response->Header("missing"), std::nullopt);
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/things?page=2");
  EXPECT_EQ(FindHeader(requests[0].headers, "X-Trace"), "abc");
  EXPECT_EQ(FindHeader(requests[0].headers, "User-Agent"), "x8/" X8_VERSION);
  EXPECT_EQ(FindHeader(requests[0].headers, "Content-Type"), std::nullopt);
}

TEST_F(HttpClientTest, PostPutAndDeleteSendMethodBodyAndHeaders) {
  HttpClient client(Options());
  server_.Enqueue({.status = 201, .body = R"({"id":"ord_1"})"});

  auto created =
      client.Send({.method = "POST",
                   .url = server_.Url("/orders"),
                   .headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer t"}},
                   .body = R"({"sku":"A1"})"});
  auto replaced = client.Send({.method = "PUT", .url = server_.Url("/orders/1"), .body = "v=2"});
  auto deleted = client.Send({.method = "DELETE", .url = server_.Url("/orders/1")});

  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->status, 201);
  EXPECT_EQ(created->body, R"({"id":"ord_1"})");
  ASSERT_TRUE(replaced && deleted);
  EXPECT_EQ(deleted->body, "DELETE /orders/1");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].body, R"({"sku":"A1"})");
  EXPECT_EQ(FindHeader(requests[0].headers, "Content-Type"), "application/json");
  EXPECT_EQ(FindHeader(requests[0].headers, "Authorization"), "Bearer t");
  EXPECT_EQ(FindHeader(requests[0].headers, "Expect"), std::nullopt);
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_EQ(requests[1].body, "v=2");
  EXPECT_EQ(requests[2].method, "DELETE");
  EXPECT_EQ(requests[2].body, "");
}

TEST_F(HttpClientTest, HeadReturnsHeadersWithoutBody) {
  HttpClient client(Options());
  server_.Enqueue({.status = 200, .body = "not sent for HEAD"});
  auto response = client.Send({.method = "HEAD", .url = server_.Url("/file")});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(response->Header("Content-Length"), "17");
}

TEST_F(HttpClientTest, ErrorStatusesAreResponsesNotErrors) {
  HttpClient client(Options());
  server_.Enqueue({.status = 404, .body = "no such chat"});
  server_.Enqueue({.status = 500, .body = "boom"});
  auto not_found = client.Send({.url = server_.Url("/a")});
  auto failed = client.Send({.url = server_.Url("/b")});
  ASSERT_TRUE(not_found && failed);
  EXPECT_EQ(not_found->status, 404);
  EXPECT_EQ(not_found->body, "no such chat");
  EXPECT_EQ(failed->status, 500);
  EXPECT_TRUE(sleeps_.delays.empty());
}

TEST_F(HttpClientTest, SequentialRequestsReuseOneConnection) {
  HttpClient client(Options());
  for (int i = 0; i < 5; ++i) {
    auto response = client.Send({.url = server_.Url("/ping/" + std::to_string(i))});
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, "GET /ping/" + std::to_string(i));
  }
  EXPECT_EQ(server_.accepted_connections(), 1);
}

TEST_F(HttpClientTest, RetriesIdempotentRequestOn503ThenSucceeds) {
  HttpClient client(Options());
  server_.Enqueue({.status = 503});
  server_.Enqueue({.status = 503});
  server_.Enqueue({.status = 200, .body = "done"});

  auto response = client.Send({.url = server_.Url("/flaky")});

  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "done");
  EXPECT_EQ(server_.requests().size(), 3u);
  ASSERT_EQ(sleeps_.delays.size(), 2u);
  EXPECT_LE(sleeps_.delays[0], milliseconds(200));
  EXPECT_LE(sleeps_.delays[1], milliseconds(400));
}

TEST_F(HttpClientTest, ReturnsLastResponseWhenAttemptsRunOut) {
  HttpClient client(Options());
  for (int i = 0; i < 3; ++i) server_.Enqueue({.status = 502, .body = "bad gateway " + std::to_string(i)});
  auto response = client.Send({.url = server_.Url("/down")});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 502);
  EXPECT_EQ(response->body, "bad gateway 2");
  EXPECT_EQ(server_.requests().size(), 3u);
  EXPECT_EQ(sleeps_.delays.size(), 2u);
}

TEST_F(HttpClientTest, HonoursRetryAfterCappedAtMaxDelay) {
  HttpClient client(Options());
  server_.Enqueue({.status = 429, .headers = {{"Retry-After", "2"}}});
  server_.Enqueue({.status = 503, .headers = {{"Retry-After", "3600"}}});
  server_.Enqueue({.status = 200});

  auto response = client.Send({.url = server_.Url("/limited")});

  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(sleeps_.delays, (std::vector<milliseconds>{milliseconds(2000), milliseconds(5000)}));
}

TEST_F(HttpClientTest, PostIsNotRetriedOn503) {
  HttpClient client(Options());
  server_.Enqueue({.status = 503});
  server_.Enqueue({.status = 200});
  auto response = client.Send({.method = "POST", .url = server_.Url("/charges"), .body = "amount=100"});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(server_.requests().size(), 1u);
  EXPECT_TRUE(sleeps_.delays.empty());
}

TEST_F(HttpClientTest, PostWithIdempotencyKeyIsRetriedOn503) {
  HttpClient client(Options());
  server_.Enqueue({.status = 503});
  server_.Enqueue({.status = 200, .body = "charged"});
  auto response = client.Send({.method = "POST",
                               .url = server_.Url("/charges"),
                               .headers = {{"Idempotency-Key", "key-1"}},
                               .body = "amount=100"});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "charged");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].body, "amount=100");
  EXPECT_EQ(FindHeader(requests[1].headers, "Idempotency-Key"), "key-1");
}

TEST_F(HttpClientTest, IdempotentFalseDisablesRetryForGet) {
  HttpClient client(Options());
  server_.Enqueue({.status = 503});
  auto response = client.Send({.url = server_.Url("/once"), .idempotent = false});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(HttpClientTest, TimeoutIsUnavailableAndRetriedOnlyWhenIdempotent) {
  HttpClient client(Options());
  for (int i = 0; i < 4; ++i) server_.Enqueue({.delay = milliseconds(3000)});

  auto post =
      client.Send({.method = "POST", .url = server_.Url("/slow?secret=1"), .timeout = milliseconds(200)});
  ASSERT_FALSE(post);
  EXPECT_EQ(post.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(post.error().message, "request timed out");
  EXPECT_EQ(post.error().details.at("url").as_string(), server_.Url("/slow"));
  EXPECT_FALSE(post.error().details.at("curl").as_string().empty());
  EXPECT_EQ(post.error().details.at("attempts").as_int64(), 1);
  EXPECT_EQ(server_.requests().size(), 1u);

  auto get = client.Send({.url = server_.Url("/slow"), .timeout = milliseconds(200)});
  ASSERT_FALSE(get);
  EXPECT_EQ(get.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(get.error().details.at("attempts").as_int64(), 3);
  EXPECT_EQ(server_.requests().size(), 4u);
}

TEST_F(HttpClientTest, ConnectionRefusedIsUnavailableWithRedactedUrl) {
  // A bound socket that never listens: connecting to it is refused, and the port stays ours.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string origin = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  HttpClient client(Options());

  // Nothing was sent, so even a POST is tried again.
  auto response = client.Send({.method = "POST", .url = "http://bot:s3cret@" + origin + "/send?token=abc"});
  ::close(fd);

  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().message, "could not connect");
  EXPECT_EQ(response.error().details.at("url").as_string(), "http://" + origin + "/send");
  EXPECT_EQ(response.error().details.at("attempts").as_int64(), 3);
  EXPECT_EQ(sleeps_.delays.size(), 2u);
}

TEST_F(HttpClientTest, ClosedWithoutResponseIsRetriedForGetButNotForPost) {
  HttpClient client(Options());
  server_.Enqueue({.close_without_response = true});
  server_.Enqueue({.status = 200, .body = "second try"});
  auto get = client.Send({.url = server_.Url("/hangup")});
  ASSERT_TRUE(get) << get.error().message;
  EXPECT_EQ(get->body, "second try");

  // Also on a reused connection, where libcurl itself would quietly send the request again.
  server_.Enqueue({.close_without_response = true});
  auto post = client.Send({.method = "POST", .url = server_.Url("/hangup"), .body = "x"});
  ASSERT_FALSE(post);
  EXPECT_EQ(post.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(post.error().message, "connection closed before a response");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);  // the POST arrived once
  EXPECT_EQ(requests[2].method, "POST");
  EXPECT_EQ(requests[2].connection, requests[1].connection);  // on the kept-alive connection
}

TEST_F(HttpClientTest, ResponseOverTheCapIsUnavailable) {
  HttpClientOptions options = Options();
  options.max_response_bytes = 1024;
  HttpClient client(options);
  server_.Enqueue({.body = std::string(1024, 'a')});
  server_.Enqueue({.body = std::string(1025, 'b')});
  server_.Enqueue({.body = std::string(4096, 'c'), .close_delimited = true});

  auto at_cap = client.Send({.url = server_.Url("/exact")});
  auto advertised = client.Send({.url = server_.Url("/big")});
  auto streamed = client.Send({.url = server_.Url("/stream")});

  ASSERT_TRUE(at_cap) << at_cap.error().message;
  EXPECT_EQ(at_cap->body.size(), 1024u);
  for (const auto* result : {&advertised, &streamed}) {
    ASSERT_FALSE(*result);
    EXPECT_EQ(result->error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(result->error().message, "response too large");
  }
  EXPECT_EQ(server_.requests().size(), 3u);  // never retried
}

TEST_F(HttpClientTest, RedirectsAreNotFollowedUnlessEnabled) {
  server_.Enqueue({.status = 302, .headers = {{"Location", "/elsewhere"}}});
  server_.Enqueue({.status = 302, .headers = {{"Location", "/elsewhere"}}});
  HttpClient plain(Options());
  auto not_followed = plain.Send({.url = server_.Url("/start")});
  ASSERT_TRUE(not_followed);
  EXPECT_EQ(not_followed->status, 302);

  HttpClientOptions options = Options();
  options.follow_redirects = true;
  HttpClient following(options);
  auto followed = following.Send({.url = server_.Url("/start")});
  ASSERT_TRUE(followed) << followed.error().message;
  EXPECT_EQ(followed->status, 200);
  EXPECT_EQ(followed->body, "GET /elsewhere");
  EXPECT_EQ(followed->Header("Location"), std::nullopt);  // headers are the final response's
}

TEST_F(HttpClientTest, RejectsBadUrlsAndHeaders) {
  HttpClient client(Options());
  for (const char* url : {"ftp://example.com/file", "file:///etc/passwd", "not a url", "http:///nohost"}) {
    auto response = client.Send({.url = url});
    ASSERT_FALSE(response) << url;
    EXPECT_EQ(response.error().code, ErrorCode::kInvalidArgument) << url;
  }
  auto injected = client.Send({.url = server_.Url("/"), .headers = {{"X-A", "1\r\nX-Injected: 1"}}});
  ASSERT_FALSE(injected);
  EXPECT_EQ(injected.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(HttpClientTest, ReportsEveryAttemptToTheMetricsHook) {
  struct Seen {
    std::string method;
    std::string host;
    int status;
  };
  std::vector<Seen> seen;
  HttpClientOptions options = Options();
  options.on_attempt = [&seen](const AttemptObservation& attempt) {
    EXPECT_GE(attempt.duration.count(), 0);
    seen.push_back({std::string(attempt.method), std::string(attempt.host), attempt.status});
  };
  HttpClient client(options);
  server_.Enqueue({.status = 503});
  server_.Enqueue({.status = 204});

  ASSERT_TRUE(client.Send({.url = server_.Url("/m")}));

  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].host, "127.0.0.1");
  EXPECT_EQ(seen[0].status, 503);
  EXPECT_EQ(seen[1].status, 204);
}

TEST_F(HttpClientTest, ConcurrentCallersGetTheirOwnResponses) {
  HttpClient client(Options());
  constexpr int kThreads = 4;
  constexpr int kRequestsPerThread = 25;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRequestsPerThread; ++i) {
        const std::string path = "/t" + std::to_string(t) + "/" + std::to_string(i);
        auto response = client.Send({.method = "POST", .url = server_.Url(path), .body = path});
        if (!response || response->status != 200 || response->body != "POST " + path) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(mismatches.load(), 0);
  const auto requests = server_.requests();
  EXPECT_EQ(requests.size(), static_cast<size_t>(kThreads * kRequestsPerThread));
  for (const auto& request : requests) EXPECT_EQ(request.body, request.target);
  // At most one handle per concurrent caller, each keeping its connection alive.
  EXPECT_LE(server_.accepted_connections(), kThreads);
}

TEST(RedactUrlTest, DropsUserinfoQueryAndFragment) {
  EXPECT_EQ(RedactUrl("https://user:pw@api.example.com:8443/v1/x?key=secret#frag"),
            "https://api.example.com:8443/v1/x");
  EXPECT_EQ(RedactUrl("https://api.telegram.org/botTOKEN/sendMessage"),
            "https://api.telegram.org/botTOKEN/sendMessage");
  EXPECT_EQ(RedactUrl("http://u:p@host/a b?x=1"), "http://host/a b");
}

}  // namespace
}  // namespace x8::http
