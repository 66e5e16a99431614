#include "platform/http/client/test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace x8::http::testing {
namespace {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

// Reads more bytes into `buffer`; false on EOF or error.
bool ReadMore(int fd, std::string& buffer) {
  char chunk[16 * 1024];
  for (;;) {
    const ssize_t got = ::recv(fd, chunk, sizeof(chunk), 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(got));
    return true;
  }
}

bool ParseHead(std::string_view head, ReceivedRequest& request) {
  const size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const size_t first_space = request_line.find(' ');
  const size_t second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) return false;
  request.method = request_line.substr(0, first_space);
  request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
  size_t position = line_end + 2;
  while (position < head.size()) {
    size_t end = head.find("\r\n", position);
    if (end == std::string_view::npos) end = head.size();
    const std::string_view line = head.substr(position, end - position);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      request.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    position = end + 2;
  }
  return true;
}

}  // namespace

TestHttpServer::TestHttpServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(listen_fd_);
    throw std::runtime_error("test server: " + reason);
  }
  port_ = ntohs(address.sin_port);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

TestHttpServer::~TestHttpServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  stop_cv_.notify_all();
  ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept() on Linux
  accept_thread_.join();
  ::close(listen_fd_);
  for (std::thread& thread : connection_threads_) thread.join();
}

std::string TestHttpServer::Url(std::string_view path_and_query) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path_and_query);
}

void TestHttpServer::Enqueue(ScriptedResponse response) {
  std::lock_guard lock(mutex_);
  script_.push_back(std::move(response));
}

std::vector<ReceivedRequest> TestHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void TestHttpServer::AcceptLoop() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // the listening socket was shut down
    }
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    const int connection = ++accepted_connections_;
    open_fds_.push_back(fd);
    connection_threads_.emplace_back([this, fd, connection] { Serve(fd, connection); });
  }
}

ScriptedResponse TestHttpServer::NextResponse(const ReceivedRequest& request) {
  std::lock_guard lock(mutex_);
  requests_.push_back(request);
  if (script_.empty()) return ScriptedResponse{.body = request.method + " " + request.target};
  ScriptedResponse response = std::move(script_.front());
  script_.pop_front();
  return response;
}

bool TestHttpServer::WaitUnlessStopping(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !stop_cv_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void TestHttpServer::Serve(int fd, int connection) {
  std::string buffer;
  while (ServeOne(fd, connection, buffer)) {
  }
  std::lock_guard lock(mutex_);
  open_fds_.erase(std::find(open_fds_.begin(), open_fds_.end(), fd));
  ::close(fd);
}

bool TestHttpServer::ServeOne(int fd, int connection, std::string& buffer) {
  size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore(fd, buffer)) return false;
  }
  ReceivedRequest request;
  request.connection = connection;
  if (!ParseHead(std::string_view(buffer).substr(0, head_end), request)) return false;
  const size_t content_length =
      std::stoul(std::string(FindHeader(request.headers, "Content-Length").value_or("0")));
  const size_t body_start = head_end + 4;
  while (buffer.size() < body_start + content_length) {
    if (!ReadMore(fd, buffer)) return false;
  }
  request.body = buffer.substr(body_start, content_length);
  buffer.erase(0, body_start + content_length);

  const bool head_request = request.method == "HEAD";
  const bool client_closes = FindHeader(request.headers, "Connection").value_or("") == "close";
  ScriptedResponse response = NextResponse(request);
  if (response.delay.count() > 0 && !WaitUnlessStopping(response.delay)) return false;
  if (response.close_without_response) return false;

  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                    std::string(ReasonPhrase(response.status)) + "\r\n";
  for (const auto& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (response.close_delimited) {
    out += "Connection: close\r\n";
  } else {
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  }
  out += "\r\n";
  if (!head_request) out += response.body;
  return SendAll(fd, out) && !response.close_delimited && !client_closes;
}

}  // namespace x8::http::testing
