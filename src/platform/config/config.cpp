#include "platform/config/config.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>
#include <variant>

#include "core/json.h"
#include "platform/net/trusted_proxies.h"

extern char** environ;

namespace x8::config {
namespace {

using Target = std::variant<std::string*, int64_t*, bool*>;

struct Field {
  std::string key;
  std::string description;
  std::function<Target(Config&)> target;
  int64_t min = INT64_MIN;
  int64_t max = INT64_MAX;
  std::vector<std::string> choices;
  bool secret = false;
  // For strings with a syntax of their own: the reason `value` is wrong, or "" when it is fine.
  std::string (*check)(const std::string& value) = nullptr;
};

std::string CheckTrustedProxies(const std::string& value) {
  auto parsed = net::TrustedProxies::Parse(value);
  return parsed ? std::string() : parsed.error().message;
}

std::string EnvName(std::string_view key) {
  std::string env = "X8_";
  for (char c : key)
    env.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return env;
}

const std::vector<Field>& Fields() {
  static const std::vector<Field> fields = {
      {"environment",
       "development or production",
       [](Config& c) -> Target { return &c.environment; },
       0,
       0,
       {"development", "production"}},
      {"server.host", "address to listen on", [](Config& c) -> Target { return &c.server.host; }},
      {"server.port", "TCP port (0 picks a free one)", [](Config& c) -> Target { return &c.server.port; }, 0,
       65535},
      {"server.io_threads", "threads moving bytes", [](Config& c) -> Target { return &c.server.io_threads; },
       1, 64},
      {"server.worker_threads", "threads running handlers",
       [](Config& c) -> Target { return &c.server.worker_threads; }, 1, 256},
      {"server.max_body_bytes", "largest request body accepted (413 above)",
       [](Config& c) -> Target { return &c.server.max_body_bytes; }, 1024, int64_t{1} << 32},
      {"server.max_header_bytes", "largest request header block accepted (431 above)",
       [](Config& c) -> Target { return &c.server.max_header_bytes; }, 1024, 1 << 20},
      {"server.idle_timeout_ms", "keep-alive idle timeout",
       [](Config& c) -> Target { return &c.server.idle_timeout_ms; }, 100, 3'600'000},
      {"server.drain_timeout_ms", "how long SIGTERM waits for in-flight requests",
       [](Config& c) -> Target { return &c.server.drain_timeout_ms; }, 0, 600'000},
      {"server.web_root", "directory of the built web app",
       [](Config& c) -> Target { return &c.server.web_root; }},
      {"server.public_url", "the URL customers and providers reach this server at",
       [](Config& c) -> Target { return &c.server.public_url; }},
      {"server.trusted_proxies",
       "IP addresses and CIDR ranges (comma-separated) of reverse proxies whose X-Forwarded-For names "
       "the client; empty: none, the socket peer is the client",
       [](Config& c) -> Target { return &c.server.trusted_proxies; },
       INT64_MIN,
       INT64_MAX,
       {},
       false,
       CheckTrustedProxies},
      {"database.url",
       "sqlite:PATH or postgres://user:password@host:port/db",
       [](Config& c) -> Target { return &c.database.url; },
       INT64_MIN,
       INT64_MAX,
       {},
       true},
      {"database.pool_size", "connections (PostgreSQL) or readers (SQLite)",
       [](Config& c) -> Target { return &c.database.pool_size; }, 1, 512},
      {"database.busy_timeout_ms", "SQLite busy timeout / PostgreSQL connect timeout",
       [](Config& c) -> Target { return &c.database.busy_timeout_ms; }, 0, 600'000},
      {"jobs.enabled", "run background workers in this process",
       [](Config& c) -> Target { return &c.jobs.enabled; }},
      {"jobs.concurrency", "jobs run at once", [](Config& c) -> Target { return &c.jobs.concurrency; }, 1,
       256},
      {"jobs.lease_ms", "how long a claimed job is owned before others may take it",
       [](Config& c) -> Target { return &c.jobs.lease_ms; }, 500, 86'400'000},
      {"jobs.poll_ms", "idle poll interval", [](Config& c) -> Target { return &c.jobs.poll_ms; }, 10, 60'000},
      {"log.level",
       "trace, debug, info, warn or error",
       [](Config& c) -> Target { return &c.log.level; },
       0,
       0,
       {"trace", "debug", "info", "warn", "error"}},
      {"log.format",
       "text or json",
       [](Config& c) -> Target { return &c.log.format; },
       0,
       0,
       {"text", "json"}},
      {"log.access_log", "log one line per request", [](Config& c) -> Target { return &c.log.access_log; }},
      {"security.master_key",
       "base64url 32-byte key that encrypts secrets at rest and signs tokens",
       [](Config& c) -> Target { return &c.security.master_key; },
       INT64_MIN,
       INT64_MAX,
       {},
       true},
      {"security.master_key_file",
       "file holding the master key when master_key is empty (made in development)",
       [](Config& c) -> Target { return &c.security.master_key_file; }},
      {"mail.smtp_url", "smtp://host:587 (STARTTLS) or smtps://host:465; empty keeps mail in the dev outbox",
       [](Config& c) -> Target { return &c.mail.smtp_url; }},
      {"mail.smtp_username", "SMTP login", [](Config& c) -> Target { return &c.mail.smtp_username; }},
      {"mail.smtp_password",
       "SMTP password",
       [](Config& c) -> Target { return &c.mail.smtp_password; },
       INT64_MIN,
       INT64_MAX,
       {},
       true},
      {"mail.from", "sender address of every mail", [](Config& c) -> Target { return &c.mail.from; }},
      {"mail.timeout_ms", "SMTP timeout", [](Config& c) -> Target { return &c.mail.timeout_ms; }, 1000,
       300'000},
      {"auth.access_token_ttl_s", "access token lifetime",
       [](Config& c) -> Target { return &c.auth.access_token_ttl_s; }, 60, 86'400},
      {"auth.refresh_token_ttl_s", "refresh token (session) lifetime",
       [](Config& c) -> Target { return &c.auth.refresh_token_ttl_s; }, 3600, 365LL * 86'400},
      {"auth.login_code_ttl_s", "lifetime of an emailed 2FA code",
       [](Config& c) -> Target { return &c.auth.login_code_ttl_s; }, 60, 3600},
      {"auth.login_code_max_attempts", "wrong 2FA codes before the code is void",
       [](Config& c) -> Target { return &c.auth.login_code_max_attempts; }, 1, 20},
      {"auth.magic_link_ttl_s", "lifetime of a magic sign-in link",
       [](Config& c) -> Target { return &c.auth.magic_link_ttl_s; }, 60, 86'400},
      {"auth.verify_email_ttl_s", "lifetime of an email verification link",
       [](Config& c) -> Target { return &c.auth.verify_email_ttl_s; }, 600, 30LL * 86'400},
      {"auth.password_reset_ttl_s", "lifetime of a password reset link",
       [](Config& c) -> Target { return &c.auth.password_reset_ttl_s; }, 300, 86'400},
      {"auth.max_failed_logins", "wrong passwords in a row before the account locks",
       [](Config& c) -> Target { return &c.auth.max_failed_logins; }, 1, 100},
      {"auth.lockout_s", "how long a locked account stays locked",
       [](Config& c) -> Target { return &c.auth.lockout_s; }, 10, 86'400},
      {"auth.rate_limit_ip_per_minute", "auth requests per client IP per minute",
       [](Config& c) -> Target { return &c.auth.rate_limit_ip_per_minute; }, 1, 100'000},
      {"auth.rate_limit_email_per_hour", "auth requests naming one email address per hour",
       [](Config& c) -> Target { return &c.auth.rate_limit_email_per_hour; }, 1, 100'000},
      {"auth.trial_days", "length of a new business's trial",
       [](Config& c) -> Target { return &c.auth.trial_days; }, 0, 365},
      {"oauth.google_client_id", "Google OAuth client id; empty hides Google sign-in",
       [](Config& c) -> Target { return &c.oauth.google_client_id; }},
      {"oauth.google_client_secret",
       "Google OAuth client secret",
       [](Config& c) -> Target { return &c.oauth.google_client_secret; },
       INT64_MIN,
       INT64_MAX,
       {},
       true},
      {"oauth.google_auth_url", "Google authorization endpoint",
       [](Config& c) -> Target { return &c.oauth.google_auth_url; }},
      {"oauth.google_token_url", "Google token endpoint",
       [](Config& c) -> Target { return &c.oauth.google_token_url; }},
      {"oauth.google_jwks_url", "Google signing keys (JWKS)",
       [](Config& c) -> Target { return &c.oauth.google_jwks_url; }},
      {"oauth.google_issuer", "expected iss of Google ID tokens",
       [](Config& c) -> Target { return &c.oauth.google_issuer; }},
      {"oauth.facebook_app_id", "Facebook app id; empty hides Facebook sign-in",
       [](Config& c) -> Target { return &c.oauth.facebook_app_id; }},
      {"oauth.facebook_app_secret",
       "Facebook app secret",
       [](Config& c) -> Target { return &c.oauth.facebook_app_secret; },
       INT64_MIN,
       INT64_MAX,
       {},
       true},
      {"oauth.facebook_auth_url", "Facebook login dialog",
       [](Config& c) -> Target { return &c.oauth.facebook_auth_url; }},
      {"oauth.facebook_graph_url", "Facebook Graph API base (token exchange and /me)",
       [](Config& c) -> Target { return &c.oauth.facebook_graph_url; }},
      {"knowledge.max_upload_bytes", "largest catalogue upload, CSV or XLSX (413 above)",
       [](Config& c) -> Target { return &c.knowledge.max_upload_bytes; }, 1024, int64_t{1} << 32},
      {"media.root", "directory of uploaded media files (local storage)",
       [](Config& c) -> Target { return &c.media.root; }},
      {"media.max_image_bytes", "largest image upload (413 above)",
       [](Config& c) -> Target { return &c.media.max_image_bytes; }, 1024, int64_t{1} << 32},
      {"media.max_video_bytes", "largest video upload (413 above)",
       [](Config& c) -> Target { return &c.media.max_video_bytes; }, 1024, int64_t{1} << 34},
      {"media.quota_bytes", "stored media bytes per account (413 above)",
       [](Config& c) -> Target { return &c.media.quota_bytes; }, 0, int64_t{1} << 40},
      {"media.cloudinary_url",
       "cloudinary://api_key:api_secret@cloud_name; empty stores media on local disk",
       [](Config& c) -> Target { return &c.media.cloudinary_url; },
       INT64_MIN,
       INT64_MAX,
       {},
       true},
      {"media.cloudinary_api_base", "Cloudinary upload and Admin API base",
       [](Config& c) -> Target { return &c.media.cloudinary_api_base; }},
      {"media.cloudinary_delivery_base", "Cloudinary delivery (CDN) base",
       [](Config& c) -> Target { return &c.media.cloudinary_delivery_base; }},
      {"conversations.default_debounce_ms",
       "message buffering window of a new company (a burst gets one reply)",
       [](Config& c) -> Target { return &c.conversations.default_debounce_ms; }, 0, 60'000},
      {"conversations.history_messages", "earlier messages an assistant turn reads",
       [](Config& c) -> Target { return &c.conversations.history_messages; }, 0, 500},
      {"conversations.max_messages_per_account", "stored messages per account; retention trims above",
       [](Config& c) -> Target { return &c.conversations.max_messages_per_account; }, 100, int64_t{1} << 40},
      {"conversations.retention_interval_ms", "how often the retention job runs",
       [](Config& c) -> Target { return &c.conversations.retention_interval_ms; }, 1'000, 86'400'000},
      {"assistant.llm_base_url", "OpenAI-compatible API base (…/v1); empty: only the guided engine",
       [](Config& c) -> Target { return &c.assistant.llm_base_url; }},
      {"assistant.llm_api_key",
       "API key of the LLM provider (Bearer)",
       [](Config& c) -> Target { return &c.assistant.llm_api_key; },
       INT64_MIN,
       INT64_MAX,
       {},
       true},
      {"assistant.llm_model", "chat-completions model name",
       [](Config& c) -> Target { return &c.assistant.llm_model; }},
      {"assistant.llm_timeout_ms", "one chat-completions call's time limit",
       [](Config& c) -> Target { return &c.assistant.llm_timeout_ms; }, 1'000, 600'000},
      {"assistant.llm_max_context_tokens", "prompt budget: older history is dropped to fit",
       [](Config& c) -> Target { return &c.assistant.llm_max_context_tokens; }, 500, 1'000'000},
      {"webchat.visitor_messages_per_minute",
       "messages one web chat visitor may send per minute (0: no limit)",
       [](Config& c) -> Target { return &c.webchat.visitor_messages_per_minute; }, 0, 100'000},
      {"webchat.sessions_per_minute", "new web chat visitors per client address per minute (0: no limit)",
       [](Config& c) -> Target { return &c.webchat.sessions_per_minute; }, 0, 100'000},
      {"payments.link_ttl_minutes", "how long a payment link (and a slot it holds) stays payable",
       [](Config& c) -> Target { return &c.payments.link_ttl_minutes; }, 30, int64_t{24} * 60},
      {"calendar.google_api_base", "Google Calendar API v3 base (tests point it at the emulator)",
       [](Config& c) -> Target { return &c.calendar.google_api_base; }},
      {"calendar.google_revoke_url", "Google OAuth token revocation endpoint (Calendar disconnect)",
       [](Config& c) -> Target { return &c.calendar.google_revoke_url; }},
  };
  return fields;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

Error UnknownKey(std::string_view key, std::string_view where, bool env) {
  std::string best;
  size_t best_distance = 4;
  for (const auto& f : Fields()) {
    std::string candidate = env ? EnvName(f.key) : f.key;
    size_t d = EditDistance(key, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  std::string message = "unknown configuration key '" + std::string(key) + "' in " + std::string(where);
  if (!best.empty()) message += " (did you mean '" + best + "'?)";
  Error e{ErrorCode::kInvalidArgument, message};
  e.With("key", key).With("source", where);
  return e;
}

Error BadValue(const Field& f, std::string_view where, const std::string& why) {
  Error e{ErrorCode::kInvalidArgument,
          "configuration key '" + f.key + "' in " + std::string(where) + ": " + why};
  e.With("key", f.key).With("source", where);
  return e;
}

Status CheckInt(const Field& f, int64_t v, std::string_view where) {
  if (v < f.min || v > f.max) {
    return BadValue(f, where, "must be between " + std::to_string(f.min) + " and " + std::to_string(f.max));
  }
  return Ok();
}

Status CheckChoice(const Field& f, const std::string& v, std::string_view where) {
  if (f.check) {
    if (auto why = f.check(v); !why.empty()) return BadValue(f, where, why);
  }
  if (f.choices.empty() || std::find(f.choices.begin(), f.choices.end(), v) != f.choices.end()) return Ok();
  std::string list;
  for (const auto& c : f.choices) list += (list.empty() ? "" : ", ") + c;
  return BadValue(f, where, "must be one of " + list);
}

Status SetFromJson(Config& config, const Field& f, const boost::json::value& v, std::string_view where) {
  Target target = f.target(config);
  if (auto* s = std::get_if<std::string*>(&target)) {
    if (!v.is_string()) return BadValue(f, where, "must be a string");
    **s = std::string(v.as_string());
    return CheckChoice(f, **s, where);
  }
  if (auto* i = std::get_if<int64_t*>(&target)) {
    if (!v.is_int64() && !(v.is_uint64() && v.as_uint64() <= INT64_MAX))
      return BadValue(f, where, "must be an integer");
    **i = v.is_int64() ? v.as_int64() : static_cast<int64_t>(v.as_uint64());
    return CheckInt(f, **i, where);
  }
  auto* b = std::get<bool*>(target);
  if (!v.is_bool()) return BadValue(f, where, "must be true or false");
  *b = v.as_bool();
  return Ok();
}

Status SetFromString(Config& config, const Field& f, const std::string& text, std::string_view where) {
  Target target = f.target(config);
  if (auto* s = std::get_if<std::string*>(&target)) {
    **s = text;
    return CheckChoice(f, text, where);
  }
  if (auto* i = std::get_if<int64_t*>(&target)) {
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size())
      return BadValue(f, where, "'" + text + "' is not an integer");
    **i = value;
    return CheckInt(f, value, where);
  }
  auto* b = std::get<bool*>(target);
  if (text == "true" || text == "1" || text == "yes")
    *b = true;
  else if (text == "false" || text == "0" || text == "no")
    *b = false;
  else
    return BadValue(f, where, "'" + text + "' is not true or false");
  return Ok();
}

bool UrlHasPassword(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  auto authority = url.substr(scheme + 3, url.find('/', scheme + 3) - (scheme + 3));
  auto at = authority.find('@');
  return at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos;
}

// Flattens {"server":{"port":1}} into "server.port" → value, rejecting unknown keys.
Status ApplyObject(Config& config, const boost::json::object& obj, const std::string& prefix,
                   const std::string& file) {
  for (const auto& [k, v] : obj) {
    std::string key = prefix.empty() ? std::string(k) : prefix + "." + std::string(k);
    auto it = std::find_if(Fields().begin(), Fields().end(), [&](const Field& f) { return f.key == key; });
    if (it != Fields().end()) {
      // Passwords stay out of config files, which tend to get committed.
      bool holds_secret = it->secret && v.is_string() && !v.as_string().empty() &&
                          (key != "database.url" || UrlHasPassword(v.as_string()));
      if (holds_secret) {
        return BadValue(*it, file,
                        "put credentials in the environment (" + EnvName(key) + "), not in a config file");
      }
      X8_TRY_STATUS(SetFromJson(config, *it, v, file));
      continue;
    }
    bool is_section = std::any_of(Fields().begin(), Fields().end(),
                                  [&](const Field& f) { return f.key.starts_with(key + "."); });
    if (is_section && v.is_object()) {
      X8_TRY_STATUS(ApplyObject(config, v.as_object(), key, file));
      continue;
    }
    return UnknownKey(key, file, false);
  }
  return Ok();
}

std::string ValueText(Config& config, const Field& f) {
  Target target = f.target(config);
  if (auto* s = std::get_if<std::string*>(&target)) return **s;
  if (auto* i = std::get_if<int64_t*>(&target)) return std::to_string(**i);
  return *std::get<bool*>(target) ? "true" : "false";
}

std::string Mask(const std::string& key, const std::string& value) {
  if (key == "database.url") {
    // Keep the shape, hide the password: postgres://user:***@host/db.
    auto scheme = value.find("://");
    auto at = value.find('@');
    if (scheme != std::string::npos && at != std::string::npos) {
      auto colon = value.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at)
        return value.substr(0, colon + 1) + "***" + value.substr(at);
    }
    return value;
  }
  return value.empty() ? "" : "***";
}

}  // namespace

const std::vector<KeyInfo>& Keys() {
  static const std::vector<KeyInfo> keys = [] {
    std::vector<KeyInfo> out;
    Config defaults;
    for (const auto& f : Fields()) {
      Target target = f.target(defaults);
      std::string type = std::holds_alternative<std::string*>(target) ? "string"
                         : std::holds_alternative<int64_t*>(target)   ? "integer"
                                                                      : "boolean";
      out.push_back({f.key, EnvName(f.key), type, ValueText(defaults, f), f.description, f.secret});
    }
    return out;
  }();
  return keys;
}

Result<Config> Load(const std::string& file, const std::map<std::string, std::string>& env) {
  Config config;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in)
      return Error{ErrorCode::kInvalidArgument, "cannot read config file '" + file + "'"}.With("file", file);
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = json::ParseObject(ss.str());
    if (!parsed) {
      auto e = parsed.error();
      e.message = "config file '" + file + "': " + e.message;
      e.With("file", file);
      return e;
    }
    X8_TRY_STATUS(ApplyObject(config, *parsed, "", file));
  }
  for (const auto& [name, value] : env) {
    if (!name.starts_with("X8_")) continue;
    // X8_CONFIG names the file; X8_TEST_* belong to the test harness, not the server.
    if (name == "X8_CONFIG" || name.starts_with("X8_TEST_") || name == "X8_SOURCE_DIR") continue;
    const std::string& env_name = name;
    auto it = std::find_if(Fields().begin(), Fields().end(),
                           [&](const Field& f) { return EnvName(f.key) == env_name; });
    if (it == Fields().end()) return UnknownKey(name, "the environment", true);
    X8_TRY_STATUS(SetFromString(config, *it, value, "environment variable " + name));
  }
  return config;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

std::string ReferenceTable() {
  std::string out =
      "| key | environment variable | type | default | meaning |\n| --- | --- | --- | --- | --- |\n";
  for (const auto& k : Keys()) {
    std::string shown_default = k.default_value.empty() ? "" : "`" + k.default_value + "`";
    out += "| `" + k.key + "` | `" + k.env + "` | " + k.type + " | " + shown_default + " | " + k.description +
           (!k.secret                 ? ""
            : k.key == "database.url" ? " (a password in it: environment only)"
                                      : " (secret: environment only)") +
           " |\n";
  }
  return out;
}

std::string Describe(const Config& config) {
  Config copy = config;
  std::string out;
  for (const auto& f : Fields()) {
    auto value = ValueText(copy, f);
    out += f.key + " = " + (f.secret ? Mask(f.key, value) : value) + "\n";
  }
  return out;
}

}  // namespace x8::config
