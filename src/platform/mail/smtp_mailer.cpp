#include "platform/mail/smtp_mailer.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>

namespace x8::mail {
namespace {

void EnsureCurlGlobalInit() {
  static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)initialised;
}

struct UrlParts {
  std::string scheme;
  std::string host;
};

Result<UrlParts> ParseSmtpUrl(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return Error(ErrorCode::kInvalidArgument, "mail.smtp_url is not a URL").With("field", "mail.smtp_url");
  }
  UrlParts parts;
  for (auto [part, out] :
       {std::pair{CURLUPART_SCHEME, &parts.scheme}, std::pair{CURLUPART_HOST, &parts.host}}) {
    char* value = nullptr;
    if (curl_url_get(handle.get(), part, &value, 0) == CURLUE_OK && value != nullptr) *out = value;
    curl_free(value);
  }
  if ((parts.scheme != "smtp" && parts.scheme != "smtps") || parts.host.empty()) {
    return Error(ErrorCode::kInvalidArgument, "mail.smtp_url must be smtp://host:587 or smtps://host:465")
        .With("field", "mail.smtp_url");
  }
  return parts;
}

bool IsLoopbackHost(std::string_view host) {
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// The curl error text carries the SMTP reply ("RCPT failed: 550"), never credentials or the body.
Error MapCurlError(CURLcode code, long smtp_code, const char* detail) {
  std::string text = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  Error error;
  bool permanent_reply = smtp_code >= 500 && smtp_code < 600;
  std::string_view what(detail);
  if (code == CURLE_LOGIN_DENIED) {
    // Fixable by the operator without touching the message: keep it queued meanwhile.
    error = Unavailable("SMTP login refused: check mail.smtp_username and mail.smtp_password");
  } else if (code == CURLE_USE_SSL_FAILED) {
    error = Unavailable("SMTP server does not offer STARTTLS; use smtps:// or a server that does");
  } else if (permanent_reply && what.starts_with("RCPT")) {
    error = InvalidArgument("SMTP server rejected the recipient: " + text);
  } else if (permanent_reply && !what.starts_with("MAIL")) {
    error = InvalidArgument("SMTP server rejected the message: " + text);
  } else {
    // Connection failures, timeouts, TLS errors, 4xx replies and a refused sender (a configuration
    // problem the operator can fix) are all worth retrying.
    error = Unavailable("SMTP send failed: " + text);
  }
  error.With("curl_code", static_cast<int64_t>(code));
  if (smtp_code > 0) error.With("smtp_code", static_cast<int64_t>(smtp_code));
  return error;
}

}  // namespace

Result<std::unique_ptr<SmtpMailer>> SmtpMailer::Create(SmtpOptions options) {
  X8_TRY(auto url, ParseSmtpUrl(options.smtp_url));
  X8_TRY(auto from, ParseMailbox(options.from));
  if (options.timeout_ms <= 0) return InvalidArgument("mail.timeout_ms must be positive");
  EnsureCurlGlobalInit();
  bool loopback = IsLoopbackHost(url.host);
  return std::unique_ptr<SmtpMailer>(new SmtpMailer(std::move(options), std::move(from), loopback));
}

Status SmtpMailer::Send(const Message& message) {
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  X8_TRY(std::string content, ComposeMessage(message, from_, now.count()));

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Internal("curl_easy_init failed");
  CURL* h = curl.get();
  std::string mail_from = "<" + from_.address + ">";
  std::string rcpt = "<" + message.to + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, rcpt.c_str()), curl_slist_free_all);
  Upload upload{content};
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(h, CURLOPT_URL, options_.smtp_url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(loopback_ ? CURLUSESSL_TRY : CURLUSESSL_ALL));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(content.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<int64_t>(options_.timeout_ms, 10'000)));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);

  CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OK) {
    spdlog::info("mail: sent {} message", message.tag.empty() ? "untagged" : message.tag);
    return Ok();
  }
  long smtp_code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
  Error error = MapCurlError(code, smtp_code, error_buffer);
  spdlog::warn("mail: sending {} message failed: {}", message.tag.empty() ? "untagged" : message.tag,
               error.message);
  return error;
}

}  // namespace x8::mail
