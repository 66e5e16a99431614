#include "platform/http/client/http_client.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "platform/http/client/retry_policy.h"

#ifndef X8_VERSION
#error "X8_VERSION must be defined by the build"
#endif

namespace x8::http {
namespace {

using Millis = std::chrono::milliseconds;

char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return ToLower(x) == ToLower(y); });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

void InitCurlOnce() {
  static const bool kInitialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  if (!kInitialized) throw std::runtime_error("curl_global_init failed");
}

double UnitRandom() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct Target {
  std::string origin;  // scheme://host:port, the key for connection reuse
  std::string host;
};

Result<Target> ParseTarget(const HttpRequest& request, std::string_view url_for_errors) {
  auto parsed = boost::urls::parse_absolute_uri(request.url);
  if (!parsed) {
    return InvalidArgument("malformed URL").With("url", url_for_errors);
  }
  const std::string scheme = parsed->scheme();
  const bool https = EqualsIgnoreCase(scheme, "https");
  if (!https && !EqualsIgnoreCase(scheme, "http")) {
    return InvalidArgument("only http and https URLs are allowed").With("url", url_for_errors);
  }
  if (!parsed->has_authority() || parsed->encoded_host().empty()) {
    return InvalidArgument("URL has no host").With("url", url_for_errors);
  }
  Target target;
  target.host = parsed->encoded_host();
  std::transform(target.host.begin(), target.host.end(), target.host.begin(), ToLower);
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : (https ? "443" : "80");
  target.origin = (https ? "https://" : "http://") + target.host + ":" + port;
  return target;
}

// Pools easy handles per origin: a handle keeps its connection open after a transfer, so reusing it
// for the same origin reuses the connection. DNS answers and TLS sessions are shared by all handles.
class HandlePool {
 public:
  explicit HandlePool(size_t max_idle_per_origin) : max_idle_per_origin_(max_idle_per_origin) {
    share_ = curl_share_init();
    if (share_ == nullptr) throw std::runtime_error("curl_share_init failed");
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &HandlePool::Lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &HandlePool::Unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }

  ~HandlePool() {
    idle_.clear();  // easy handles must go before the share they use
    curl_share_cleanup(share_);
  }

  EasyHandle Acquire(const std::string& origin) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = idle_.find(origin); it != idle_.end() && !it->second.empty()) {
        EasyHandle handle = std::move(it->second.back());
        it->second.pop_back();
        curl_easy_reset(handle.get());  // keeps live connections, the DNS cache and the share
        return handle;
      }
    }
    EasyHandle handle(curl_easy_init());
    if (handle == nullptr) throw std::bad_alloc();
    curl_easy_setopt(handle.get(), CURLOPT_SHARE, share_);
    return handle;
  }

  void Release(const std::string& origin, EasyHandle handle) {
    std::lock_guard lock(mutex_);
    auto& idle = idle_[origin];
    if (idle.size() < max_idle_per_origin_) idle.push_back(std::move(handle));
  }

 private:
  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<HandlePool*>(user)->share_mutexes_[static_cast<size_t>(data)].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<HandlePool*>(user)->share_mutexes_[static_cast<size_t>(data)].unlock();
  }

  const size_t max_idle_per_origin_;
  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_mutexes_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<EasyHandle>> idle_;
};

struct Transfer {
  HttpResponse response;
  size_t max_body_bytes = 0;
  bool too_large = false;
  bool may_resend = false;         // the request is idempotent
  bool awaiting_response = false;  // a request went out and no status line came back yet
  bool resend_blocked = false;
};

// libcurl silently sends a request again when a reused connection dies before any byte of the response
// arrives, whatever the method. The server may have processed it, so only idempotent requests may go
// out twice; for the others this aborts the second send.
int OnBeforeRequest(void* user, char*, char*, int, int) {
  auto* transfer = static_cast<Transfer*>(user);
  if (transfer->awaiting_response && !transfer->may_resend) {
    transfer->resend_blocked = true;
    return CURL_PREREQFUNC_ABORT;
  }
  transfer->awaiting_response = true;
  return CURL_PREREQFUNC_OK;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->max_body_bytes) {
    transfer->too_large = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  const std::string_view line(data, bytes);
  // A status line starts a new response (after a 100 Continue or a followed redirect).
  if (line.starts_with("HTTP/")) {
    transfer->awaiting_response = false;
    transfer->response.headers.clear();
    return bytes;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;  // the blank line ending the header block
  transfer->response.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                          std::string(Trim(line.substr(colon + 1))));
  return bytes;
}

// libcurl codes after which the request has certainly not reached the server.
bool NeverSent(CURLcode code) {
  return code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY ||
         code == CURLE_COULDNT_CONNECT;
}

bool IsTransient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

std::string_view FailureMessage(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "could not resolve host";
    case CURLE_COULDNT_CONNECT:
      return "could not connect";
    case CURLE_OPERATION_TIMEDOUT:
      return "request timed out";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
      return "TLS handshake failed";
    default:
      return "HTTP transport failed";
  }
}

struct AttemptResult {
  CURLcode code = CURLE_OK;
  std::string curl_message;
  bool too_large = false;
  bool closed_before_response = false;  // and the request may have been processed
  HttpResponse response;
};

}  // namespace

std::optional<std::string_view> FindHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::string RedactUrl(std::string_view url) {
  if (auto parsed = boost::urls::parse_uri_reference(url)) {
    boost::urls::url redacted = *parsed;
    redacted.remove_userinfo().remove_query().remove_fragment();
    return std::string(redacted.buffer());
  }
  // Unparseable: still never echo what may be credentials or a query string.
  std::string_view rest = url.substr(0, url.find_first_of("?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) {
    const size_t scheme_end = rest.find("://");
    const size_t keep = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    return std::string(rest.substr(0, keep)) + std::string(rest.substr(at + 1));
  }
  return std::string(rest);
}

class HttpClient::Impl {
 public:
  explicit Impl(HttpClientOptions options)
      : options_(std::move(options)), pool_(options_.max_idle_handles_per_origin) {
    if (options_.user_agent.empty()) options_.user_agent = "x8/" X8_VERSION;
    if (!options_.sleep) options_.sleep = [](Millis delay) { std::this_thread::sleep_for(delay); };
    options_.retry.max_attempts = std::max(options_.retry.max_attempts, 1);
  }

  Result<HttpResponse> Send(const HttpRequest& request) {
    const std::string log_url = RedactUrl(request.url_for_logs.empty() ? request.url : request.url_for_logs);
    X8_TRY(const Target target, ParseTarget(request, log_url));
    X8_TRY(Slist header_list, BuildHeaderList(request, log_url));
    const bool idempotent = IsIdempotent(request);
    const int max_attempts = options_.retry.max_attempts;

    for (int attempt = 1;; ++attempt) {
      AttemptResult result = Perform(request, target, header_list.get(), idempotent);
      const bool last = attempt >= max_attempts;
      if (result.code == CURLE_OK) {
        if (last || !idempotent || !IsRetryableStatus(result.response.status))
          return std::move(result.response);
        std::optional<Millis> retry_after;
        if (auto header = result.response.Header("Retry-After")) retry_after = ParseRetryAfter(*header);
        const Millis delay = RetryDelay(options_.retry, attempt, retry_after, UnitRandom());
        spdlog::warn("http client: {} {} answered {}, retrying in {} ms (attempt {}/{})", request.method,
                     log_url, result.response.status, delay.count(), attempt + 1, max_attempts);
        options_.sleep(delay);
        continue;
      }
      if (result.too_large) {
        return Error(ErrorCode::kUnavailable, "response too large")
            .With("url", log_url)
            .With("limit_bytes", static_cast<int64_t>(options_.max_response_bytes))
            .With("attempts", attempt);
      }
      const bool retryable = !result.closed_before_response && IsTransient(result.code) &&
                             (idempotent || NeverSent(result.code));
      if (last || !retryable) {
        const ErrorCode code = result.code == CURLE_URL_MALFORMAT || result.code == CURLE_UNSUPPORTED_PROTOCOL
                                   ? ErrorCode::kInvalidArgument
                                   : ErrorCode::kUnavailable;
        const std::string_view message = result.closed_before_response ? "connection closed before a response"
                                                                       : FailureMessage(result.code);
        return Error(code, std::string(message))
            .With("url", log_url)
            .With("curl", result.curl_message)
            .With("attempts", attempt);
      }
      const Millis delay = RetryDelay(options_.retry, attempt, std::nullopt, UnitRandom());
      spdlog::warn("http client: {} {} failed ({}), retrying in {} ms (attempt {}/{})", request.method,
                   log_url, result.curl_message, delay.count(), attempt + 1, max_attempts);
      options_.sleep(delay);
    }
  }

 private:
  static Result<Slist> BuildHeaderList(const HttpRequest& request, std::string_view log_url) {
    Slist list;
    bool has_content_type = false;
    bool has_expect = false;
    auto append = [&list](const std::string& line) {
      curl_slist* extended = curl_slist_append(list.get(), line.c_str());
      if (extended == nullptr) throw std::bad_alloc();
      (void)list.release();  // `extended` is the same list (or its new head when it was empty)
      list.reset(extended);
    };
    for (const auto& [name, value] : request.headers) {
      if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
          value.find_first_of("\r\n") != std::string::npos) {
        return InvalidArgument("invalid request header").With("url", log_url).With("header", name);
      }
      has_content_type |= EqualsIgnoreCase(name, "Content-Type");
      has_expect |= EqualsIgnoreCase(name, "Expect");
      // "Name;" is libcurl's syntax for a header with an empty value; "Name:" would remove it.
      std::string line = name;
      line += value.empty() ? ";" : ": ";
      line += value;
      append(line);
    }
    // Without these libcurl would add a form Content-Type to every body and wait for 100 Continue.
    if (!has_content_type) append("Content-Type:");
    if (!has_expect) append("Expect:");
    return list;
  }

  void ApplyOptions(CURL* curl, const HttpRequest& request, curl_slist* headers, Transfer& transfer,
                    char* error_buffer) const {
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, options_.follow_redirects ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (!options_.ca_dir.empty()) curl_easy_setopt(curl, CURLOPT_CAPATH, options_.ca_dir.c_str());
    curl_easy_setopt(curl, CURLOPT_PROXY,
                     options_.proxy.c_str());  // "" disables proxies from the environment
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_PREREQFUNCTION, &OnBeforeRequest);
    curl_easy_setopt(curl, CURLOPT_PREREQDATA, &transfer);

    const std::string& method = request.method;
    if (EqualsIgnoreCase(method, "HEAD")) {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
      return;
    }
    // An advertised Content-Length over the cap fails before the body is read.
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_response_bytes));
    const bool sends_body = !request.body.empty() || EqualsIgnoreCase(method, "POST") ||
                            EqualsIgnoreCase(method, "PUT") || EqualsIgnoreCase(method, "PATCH");
    if (sends_body) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      if (!EqualsIgnoreCase(method, "POST")) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    } else {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
      if (!EqualsIgnoreCase(method, "GET")) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
  }

  AttemptResult Perform(const HttpRequest& request, const Target& target, curl_slist* headers,
                        bool idempotent) {
    EasyHandle curl = pool_.Acquire(target.origin);
    Transfer transfer;
    transfer.max_body_bytes = options_.max_response_bytes;
    transfer.may_resend = idempotent;
    char error_buffer[CURL_ERROR_SIZE] = {};
    ApplyOptions(curl.get(), request, headers, transfer, error_buffer);

    const auto started = std::chrono::steady_clock::now();
    AttemptResult result;
    result.code = curl_easy_perform(curl.get());
    const auto duration = std::chrono::steady_clock::now() - started;
    if (result.code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
      transfer.response.status = static_cast<int>(status);
      result.response = std::move(transfer.response);
    } else {
      result.too_large = transfer.too_large || result.code == CURLE_FILESIZE_EXCEEDED;
      result.curl_message = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(result.code);
      if (transfer.resend_blocked) {
        result.closed_before_response = true;
        result.curl_message = "connection closed before a response; a non-idempotent request is not resent";
      }
    }
    // The error buffer lives on this stack frame; the handle outlives it in the pool.
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, nullptr);
    pool_.Release(target.origin, std::move(curl));

    if (options_.on_attempt) {
      options_.on_attempt(AttemptObservation{.method = request.method,
                                             .host = target.host,
                                             .status = result.response.status,
                                             .duration = duration});
    }
    return result;
  }

  HttpClientOptions options_;
  HandlePool pool_;
};

HttpClient::HttpClient(HttpClientOptions options) {
  InitCurlOnce();
  impl_ = std::make_unique<Impl>(std::move(options));
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) { return impl_->Send(request); }

}  // namespace x8::http
