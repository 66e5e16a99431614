// Configuration: defaults in code, then a JSON config file, then X8_* environment variables
// (X8_SERVER_PORT overrides server.port). Unknown keys are errors, with the closest known key as a
// hint, so a typo never silently falls back to a default. Secrets come only from the environment
// or files named by *_file keys; Describe() masks them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace x8::config {

struct ServerConfig {
  std::string host = "0.0.0.0";
  int64_t port = 8080;
  int64_t io_threads = 2;
  int64_t worker_threads = 8;
  int64_t max_body_bytes = 1 << 20;
  int64_t max_header_bytes = 16 << 10;
  int64_t idle_timeout_ms = 60'000;
  int64_t drain_timeout_ms = 10'000;
  std::string web_root = "web/dist";
  std::string public_url = "http://localhost:8080";
  std::string trusted_proxies;  // "10.0.0.1, 10.0.0.0/8, 2001:db8::/32"; empty trusts no proxy
};

struct DatabaseConfig {
  std::string url = "sqlite:./data/x8.db";
  int64_t pool_size = 8;
  int64_t busy_timeout_ms = 5000;
};

struct JobsConfig {
  bool enabled = true;
  int64_t concurrency = 2;
  int64_t lease_ms = 30'000;
  int64_t poll_ms = 250;
};

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error
  std::string format = "text";  // text | json
  bool access_log = true;
};

struct SecurityConfig {
  std::string master_key;                           // base64url of 32 bytes; secret
  std::string master_key_file = "data/master.key";  // used when master_key is empty; created in development
};

struct MailConfig {
  std::string smtp_url;  // smtp://host:587 (STARTTLS required) or smtps://host:465; empty: dev outbox
  std::string smtp_username;
  std::string smtp_password;  // secret
  std::string from = "X8 <no-reply@x8.local>";
  int64_t timeout_ms = 15'000;
};

struct AuthConfig {
  int64_t access_token_ttl_s = 900;
  int64_t refresh_token_ttl_s = 30LL * 24 * 3600;
  int64_t login_code_ttl_s = 600;
  int64_t login_code_max_attempts = 5;
  int64_t magic_link_ttl_s = 900;
  int64_t verify_email_ttl_s = 48LL * 3600;
  int64_t password_reset_ttl_s = 3600;
  int64_t max_failed_logins = 5;
  int64_t lockout_s = 900;
  int64_t rate_limit_ip_per_minute = 30;
  int64_t rate_limit_email_per_hour = 10;
  int64_t trial_days = 7;
};

struct OAuthConfig {
  std::string google_client_id;
  std::string google_client_secret;  // secret
  std::string google_auth_url = "https://accounts.google.com/o/oauth2/v2/auth";
  std::string google_token_url = "https://oauth2.googleapis.com/token";
  std::string google_jwks_url = "https://www.googleapis.com/oauth2/v3/certs";
  std::string google_issuer = "https://accounts.google.com";
  std::string facebook_app_id;
  std::string facebook_app_secret;  // secret
  std::string facebook_auth_url = "https://www.facebook.com/v19.0/dialog/oauth";
  std::string facebook_graph_url = "https://graph.facebook.com/v19.0";
};

struct MediaConfig {
  std::string root = "data/media";        // local storage directory (LocalDiskStorage)
  int64_t max_image_bytes = 10LL << 20;   // 413 above
  int64_t max_video_bytes = 100LL << 20;  // 413 above; also the upload route's body limit
  int64_t quota_bytes = 500LL << 20;      // per account, summed over every stored file
  std::string cloudinary_url;             // secret; cloudinary://key:secret@cloud
  std::string cloudinary_api_base = "https://api.cloudinary.com";
  std::string cloudinary_delivery_base = "https://res.cloudinary.com";
};

struct KnowledgeConfig {
  int64_t max_upload_bytes = 20LL << 20;  // catalogue upload (CSV/XLSX) body limit; 413 above
};

struct ConversationsConfig {
  int64_t default_debounce_ms = 3'000;           // a new company's message buffering window
  int64_t history_messages = 40;                 // earlier messages an assistant turn sees
  int64_t max_messages_per_account = 1'000'000;  // retention trims the oldest conversations above it
  int64_t retention_interval_ms = 3'600'000;     // how often the retention job runs
};
struct AssistantConfig {
  std::string
      llm_base_url;  // OpenAI-compatible API base, e.g. https://api.openai.com/v1; empty: no LLM engine
  std::string llm_api_key;  // secret
  std::string llm_model = "gpt-4o-mini";
  int64_t llm_timeout_ms = 30'000;
  int64_t llm_max_context_tokens = 6'000;
};
struct WebchatConfig {
  int64_t visitor_messages_per_minute = 60;  // per visitor; 0 turns the limit off (load tests)
  int64_t sessions_per_minute = 120;         // new visitors per client address; 0 turns the limit off
};
struct PaymentsConfig {
  int64_t link_ttl_minutes = 60;  // a payment link (and the slot it holds) lives this long
};
struct CalendarConfig {
  std::string google_api_base = "https://www.googleapis.com/calendar/v3";  // Calendar API v3 base
  std::string google_revoke_url = "https://oauth2.googleapis.com/revoke";
};
struct Config {
  std::string environment = "development";  // development | production
  ServerConfig server;
  DatabaseConfig database;
  JobsConfig jobs;
  LogConfig log;
  SecurityConfig security;
  MailConfig mail;
  AuthConfig auth;
  OAuthConfig oauth;
  MediaConfig media;
  KnowledgeConfig knowledge;
  ConversationsConfig conversations;
  AssistantConfig assistant;
  PaymentsConfig payments;
  WebchatConfig webchat;
  CalendarConfig calendar;
};

// One known key: its dotted name, its env var and a description (for docs and `x8 config`).
struct KeyInfo {
  std::string key;
  std::string env;
  std::string type;
  std::string default_value;
  std::string description;
  bool secret = false;
};
const std::vector<KeyInfo>& Keys();

// Loads defaults ← file (when non-empty) ← env. Errors name the file, the key and what is wrong.
Result<Config> Load(const std::string& file, const std::map<std::string, std::string>& env);
// The process environment as a map (for Load).
std::map<std::string, std::string> ProcessEnvironment();
// The Markdown table of every key (docs/configuration.md embeds it; a test keeps them equal).
std::string ReferenceTable();
// Every key with its effective value, secrets masked — for `x8 config` and start-up logs.
std::string Describe(const Config& config);

}  // namespace x8::config
