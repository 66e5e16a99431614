// The only translation unit that includes Beast (slow to compile); keep it that way.
#include "platform/http/server.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cerrno>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "platform/http/file_response.h"
#include "platform/http/pipeline.h"
#include "platform/http/router.h"
#include "platform/http/websocket_hub.h"

namespace x8::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ws = boost::beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kUseEc = asio::as_tuple(asio::use_awaitable);

Request ToRequest(const bhttp::request<bhttp::string_body>& in, const std::string& remote) {
  Request out;
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  std::string_view target = in.target();
  auto q = target.find('?');
  out.path = PercentDecode(target.substr(0, q));
  if (q != std::string_view::npos) out.query = std::string(target.substr(q + 1));
  for (const auto& field : in) out.headers.Add(std::string(field.name_string()), std::string(field.value()));
  out.body = in.body();
  out.remote_address = remote;
  return out;
}

bhttp::response<bhttp::string_body> ToBeast(Response&& in, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(in.status), version};
  for (const auto& [name, value] : in.headers) out.insert(name, value);
  out.set(bhttp::field::server, "x8");
  out.body() = std::move(in.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, const Pipeline& pipeline, WebSocketHub& hub)
      : options_(std::move(options)),
        router_(router),
        pipeline_(pipeline),
        hub_(hub),
        io_(options_.io_threads),
        workers_(static_cast<size_t>(std::max(1, options_.worker_threads))),
        acceptor_(io_),
        signals_(io_) {}

  ~Impl() {
    Stop();
    workers_.join();
  }

  Status Listen() {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options_.host, ec);
    if (ec)
      return Error{ErrorCode::kInvalidArgument, "bad listen address '" + options_.host + "'"}.With(
          "field", "server.host");
    tcp::endpoint endpoint{address, options_.port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Error{ErrorCode::kUnavailable, "cannot listen on " + options_.host + ":" +
                                                std::to_string(options_.port) + ": " + ec.message()};
    }
    port_ = acceptor_.local_endpoint().port();
    return Ok();
  }

  uint16_t port() const { return port_; }
  size_t in_flight() const { return in_flight_.load(); }

  void Run(bool handle_signals) {
    if (handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](boost::system::error_code ec, int signal) {
        if (!ec) {
          spdlog::info("received signal {}, draining", signal);
          Stop();
        }
      });
    }
    asio::co_spawn(io_, Accept(), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& t : threads) t.join();
  }

  void Stop() {
    if (stopping_.exchange(true)) return;
    asio::post(io_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      signals_.cancel(ignored);
      CloseIdle();
      asio::co_spawn(io_, Drain(), asio::detached);
    });
  }

 private:
  struct Connection {
    tcp::socket* socket = nullptr;
    bool busy = false;  // a request is being read or handled
    std::function<void()> close_websocket;
  };

  asio::awaitable<void> Accept() {
    while (!stopping_) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), kUseEc);
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) break;
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      auto executor = socket.get_executor();
      asio::co_spawn(executor, Session(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> Drain() {
    asio::steady_timer timer(io_);
    auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
    while (in_flight_ > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(20));
      co_await timer.async_wait(kUseEc);
    }
    if (in_flight_ > 0) spdlog::warn("drain timeout: {} requests still running", in_flight_.load());
    io_.stop();
  }

  void CloseIdle() {
    std::lock_guard lock(connections_mutex_);
    for (auto& [id, connection] : connections_) {
      if (connection.close_websocket) {
        connection.close_websocket();
      } else if (!connection.busy) {
        auto* socket = connection.socket;
        asio::post(socket->get_executor(), [socket] {
          boost::system::error_code ignored;
          socket->shutdown(tcp::socket::shutdown_both, ignored);
          socket->close(ignored);
        });
      }
    }
  }

  void SetBusy(uint64_t id, bool busy) {
    std::lock_guard lock(connections_mutex_);
    if (auto it = connections_.find(id); it != connections_.end()) it->second.busy = busy;
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    std::string remote;
    {
      boost::system::error_code ec;
      auto endpoint = socket.remote_endpoint(ec);
      if (!ec) remote = endpoint.address().to_string();
    }
    beast::tcp_stream stream(std::move(socket));
    uint64_t id;
    {
      std::lock_guard lock(connections_mutex_);
      id = next_connection_id_++;
      connections_[id] = Connection{&stream.socket(), false, {}};
    }
    beast::flat_buffer buffer;
    bool upgraded = false;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(options_.max_header_bytes));
      parser.body_limit(boost::none);  // the route decides, once the header names it
      stream.expires_after(options_.idle_timeout);
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kUseEc);
      if (ec) {
        if (ec == bhttp::error::header_limit) {
          co_await Reject(
              stream,
              Error{ErrorCode::kPayloadTooLarge,
                    "request headers exceed " + std::to_string(options_.max_header_bytes) + " bytes"},
              431, remote);
        } else if (ec != bhttp::error::end_of_stream && ec != asio::error::operation_aborted &&
                   ec != beast::error::timeout && ec != asio::error::eof &&
                   ec != asio::error::connection_reset && ec != asio::error::bad_descriptor) {
          co_await Reject(stream, InvalidArgument("malformed HTTP request: " + ec.message()), 400, remote);
        }
        break;
      }
      SetBusy(id, true);
      const auto& header = parser.get();
      std::string_view target = header.target();
      auto path = PercentDecode(target.substr(0, target.find('?')));
      size_t limit = router_.MaxBodyBytes(std::string(header.method_string()), path, options_.max_body_bytes);
      parser.body_limit(limit);
      auto too_large = Error{ErrorCode::kPayloadTooLarge,
                             "request body exceeds the limit of " + std::to_string(limit) + " bytes"}
                           .With("limit", static_cast<int64_t>(limit));
      if (parser.content_length() && *parser.content_length() > limit) {
        co_await Reject(stream, too_large, 0, remote, &header);
        co_await DiscardAndClose(stream);  // the unread body makes the connection unusable
        break;
      }
      if (header[bhttp::field::expect] == "100-continue") {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, header.version()};
        co_await bhttp::async_write(stream, go_on, kUseEc);
      }
      auto [read_ec, m] = co_await bhttp::async_read(stream, buffer, parser, kUseEc);
      if (read_ec) {
        if (read_ec == bhttp::error::body_limit) {
          co_await Reject(stream, too_large, 0, remote, &parser.get());
          co_await DiscardAndClose(stream);
        } else if (read_ec != beast::error::timeout && read_ec != bhttp::error::end_of_stream) {
          co_await Reject(stream, InvalidArgument("malformed HTTP request: " + read_ec.message()), 400,
                          remote, &parser.get());
        }
        break;
      }
      auto beast_request = parser.release();
      if (ws::is_upgrade(beast_request) && path == options_.websocket_path) {
        upgraded = true;
        co_await ServeWebSocket(std::move(stream), std::move(beast_request), remote, id);
        break;
      }
      bool keep_alive = beast_request.keep_alive();
      unsigned version = beast_request.version();
      bool head = beast_request.method() == bhttp::verb::head;
      Request request = ToRequest(beast_request, remote);

      ++in_flight_;
      auto response = co_await asio::co_spawn(
          workers_, [this, &request]() -> asio::awaitable<Response> { co_return pipeline_.Handle(request); },
          asio::use_awaitable);
      keep_alive = keep_alive && !stopping_;
      auto file = std::move(response.file);
      auto beast_response = ToBeast(std::move(response), version, keep_alive);
      if (file) beast_response.content_length(file->length);  // the body follows the header below
      stream.expires_after(options_.idle_timeout);
      boost::system::error_code write_ec;
      if (file) {
        bhttp::response_serializer<bhttp::string_body> serializer(beast_response);
        std::tie(write_ec, std::ignore) = co_await bhttp::async_write_header(stream, serializer, kUseEc);
        if (!write_ec && !head) write_ec = co_await WriteFileSlice(stream, *file);
      } else if (head) {
        beast_response.body().clear();  // prepare_payload already set Content-Length
        bhttp::response_serializer<bhttp::string_body> serializer(beast_response);
        std::tie(write_ec, std::ignore) = co_await bhttp::async_write_header(stream, serializer, kUseEc);
      } else {
        std::tie(write_ec, std::ignore) = co_await bhttp::async_write(stream, beast_response, kUseEc);
      }
      --in_flight_;  // after the write, so a drain never cuts a response short
      SetBusy(id, false);
      if (write_ec || !keep_alive) break;
    }
    {
      std::lock_guard lock(connections_mutex_);
      connections_.erase(id);
    }
    if (!upgraded) {
      boost::system::error_code ignored;
      // Only reached when the stream was not handed to the WebSocket session.
      stream.socket().shutdown(tcp::socket::shutdown_send, ignored);  // NOLINT(bugprone-use-after-move)
    }
  }

  // Streams a file body in chunks, each write with its own idle deadline (a slow client may take long
  // for a video, but must keep reading). Reads are pread on the I/O thread: served files are small to
  // moderate and usually in the page cache. A file shorter than promised ends the connection.
  asio::awaitable<boost::system::error_code> WriteFileSlice(beast::tcp_stream& stream, FileSlice slice) {
    std::vector<char> chunk(size_t{64} << 10);
    uint64_t offset = slice.offset, remaining = slice.length;
    while (remaining > 0) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(remaining, chunk.size()));
      ssize_t n = ::pread(slice.file->descriptor(), chunk.data(), want, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        spdlog::warn("served file read failed after {} of {} bytes", slice.length - remaining, slice.length);
        co_return asio::error::make_error_code(asio::error::eof);
      }
      stream.expires_after(options_.idle_timeout);
      boost::system::error_code ec;
      std::tie(ec, std::ignore) =
          co_await asio::async_write(stream, asio::buffer(chunk.data(), static_cast<size_t>(n)), kUseEc);
      if (ec) co_return ec;
      offset += static_cast<uint64_t>(n);
      remaining -= static_cast<uint64_t>(n);
    }
    co_return boost::system::error_code{};
  }

  // Closing a socket with unread input makes the kernel send RST, which can destroy our error
  // response before the client reads it. Half-close, then read and drop what is in flight briefly.
  asio::awaitable<void> DiscardAndClose(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 16384> sink;
    size_t discarded = 0;
    stream.expires_after(std::chrono::seconds(2));
    while (discarded < (size_t{64} << 20)) {
      auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(sink), kUseEc);
      if (read_ec) break;
      discarded += n;
    }
    stream.socket().close(ec);
  }

  asio::awaitable<void> Reject(beast::tcp_stream& stream, Error error, int status, const std::string& remote,
                               const bhttp::request<bhttp::string_body>* header = nullptr) {
    Request request;
    request.remote_address = remote;
    if (header) {
      request.method = std::string(header->method_string());
      std::string_view target = header->target();
      request.path = PercentDecode(target.substr(0, target.find('?')));
    }
    auto response = pipeline_.Reject(request, error, status);
    auto beast_response = ToBeast(std::move(response), 11, false);
    stream.expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(stream, beast_response, kUseEc);
  }

  asio::awaitable<void> ServeWebSocket(beast::tcp_stream stream, bhttp::request<bhttp::string_body> upgrade,
                                       std::string remote, uint64_t id) {
    Request request = ToRequest(upgrade, remote);
    // Browsers cannot set headers on a WebSocket: the web app sends its access token in the query.
    if (!request.headers.Get("Authorization")) {
      if (auto token = request.QueryParam("access_token"); token && !token->empty()) {
        request.headers.Set("Authorization", "Bearer " + *token);
      }
    }
    auto principal = pipeline_.Authenticate(request);
    if (!principal) {
      auto response = ToBeast(Response::FromError(principal.error()), upgrade.version(), false);
      co_await bhttp::async_write(stream, response, kUseEc);
      co_return;
    }
    auto socket = std::make_shared<ws::stream<beast::tcp_stream>>(std::move(stream));
    socket->set_option(ws::stream_base::timeout::suggested(beast::role_type::server));
    socket->read_message_max(size_t{64} * 1024);
    auto [accept_ec] = co_await socket->async_accept(upgrade, kUseEc);
    if (accept_ec) co_return;

    // Writes are queued and sent one at a time by a writer on the connection's strand.
    struct Outbox {
      std::deque<std::string> frames;
      bool writing = false;
      bool closed = false;
    };
    auto outbox = std::make_shared<Outbox>();
    auto executor = socket->get_executor();
    auto pump_holder = std::make_shared<std::function<void()>>();
    *pump_holder = [socket, outbox, pump_holder]() {
      if (outbox->writing || outbox->frames.empty() || outbox->closed) return;
      outbox->writing = true;
      socket->text(true);
      socket->async_write(asio::buffer(outbox->frames.front()),
                          [socket, outbox, pump_holder](boost::system::error_code ec, size_t) {
                            outbox->writing = false;
                            outbox->frames.pop_front();
                            if (ec) {
                              outbox->closed = true;
                              outbox->frames.clear();
                              return;
                            }
                            (*pump_holder)();
                          });
    };
    auto sender = [executor, outbox, pump_holder](std::string text) {
      asio::post(executor, [outbox, pump_holder, text = std::move(text)]() mutable {
        if (outbox->closed) return;
        outbox->frames.push_back(std::move(text));
        (*pump_holder)();
      });
    };
    uint64_t hub_id = hub_.Attach(std::move(*principal), sender);
    {
      std::lock_guard lock(connections_mutex_);
      connections_[id].close_websocket = [socket, executor] {
        asio::post(executor, [socket] {
          socket->async_close(ws::close_code::going_away, [socket](boost::system::error_code) {});
        });
      };
    }
    beast::flat_buffer buffer;
    for (;;) {
      auto [ec, n] = co_await socket->async_read(buffer, kUseEc);
      if (ec) break;
      if (socket->got_text()) {
        hub_.OnMessage(hub_id, beast::buffers_to_string(buffer.data()));
      }
      buffer.consume(buffer.size());
    }
    hub_.Detach(hub_id);
    outbox->closed = true;
    // Break the pump's self-reference so the socket is freed.
    asio::post(executor, [pump_holder] { *pump_holder = nullptr; });
  }

  ServerOptions options_;
  const Router& router_;
  const Pipeline& pipeline_;
  WebSocketHub& hub_;
  asio::io_context io_;
  asio::thread_pool workers_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> in_flight_{0};
  std::mutex connections_mutex_;
  uint64_t next_connection_id_ = 1;
  std::map<uint64_t, Connection> connections_;
};

Server::Server(ServerOptions options, const Router& router, const Pipeline& pipeline, WebSocketHub& hub)
    : impl_(std::make_unique<Impl>(std::move(options), router, pipeline, hub)) {}
Server::~Server() = default;
Status Server::Listen() { return impl_->Listen(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Run(bool handle_signals) { impl_->Run(handle_signals); }
void Server::Stop() { impl_->Stop(); }
size_t Server::in_flight() const { return impl_->in_flight(); }

}  // namespace x8::http
