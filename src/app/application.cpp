#include "app/application.h"

#include <spdlog/spdlog.h>

#include "app/bridges.h"
#include "app/demo.h"
#include "app/version.h"
#include "core/clock.h"
#include "modules/accounts/module.h"
#include "modules/assistant/clients/openai_client.h"
#include "modules/assistant/domain/guided_engine.h"
#include "modules/calendar/google/module.h"
#include "modules/channels/webchat/module.h"
#include "modules/commerce/module.h"
#include "modules/companies/module.h"
#include "modules/conversations/module.h"
#include "modules/knowledge/module.h"
#include "modules/knowledge/store/sql_knowledge_repository.h"
#include "modules/media/module.h"
#include "modules/media/store/sql_media_repository.h"
#include "modules/scheduling/module.h"
#include "modules/system/module.h"
#include "platform/crypto/crypto.h"
#include "platform/http/client/http_client.h"
#include "platform/http/pipeline.h"
#include "platform/http/router.h"
#include "platform/http/server.h"
#include "platform/http/static_files.h"
#include "platform/http/websocket_hub.h"
#include "platform/jobs/queue.h"
#include "platform/jobs/scheduler.h"
#include "platform/jobs/worker.h"
#include "platform/mail/delivery.h"
#include "platform/metrics/registry.h"
#include "platform/net/trusted_proxies.h"
#include "platform/realtime/bus.h"
#include "platform/storage/database.h"
#include "platform/storage/migrate.h"

namespace x8::app {
namespace {

// Catalogue image cells ↔ uploaded images (docs/knowledge-bases.md "Images"). The knowledge store asks
// for images through its MediaDirectory port; the media store tells about uploads and deletes through
// its MediaObserver port; this bridge implements both over the two stores' SQL functions, always in the
// transaction it is handed, so neither module depends on the other.
class CatalogueImageLinks final : public knowledge::MediaDirectory, public media::MediaObserver {
 public:
  explicit CatalogueImageLinks(const Clock& clock) : clock_(clock) {}

  Status LockLibrary(storage::Executor& tx, std::string_view account_id) override {
    return media::LockLibraryShared(tx, account_id);
  }
  Result<std::optional<knowledge::LinkedImage>> FindByFileName(storage::Executor& tx,
                                                               std::string_view account_id,
                                                               std::string_view file_name) override {
    X8_TRY(auto file, media::FindImageByFileName(tx, account_id, file_name));
    if (!file) return std::optional<knowledge::LinkedImage>();
    return std::optional<knowledge::LinkedImage>(LinkOf(*file));
  }
  Result<std::map<std::string, knowledge::LinkedImage>> FindByIds(
      storage::Executor& exec, std::string_view account_id,
      const std::vector<std::string>& media_ids) override {
    X8_TRY(auto files, media::FindFilesByIds(exec, account_id, media_ids));
    std::map<std::string, knowledge::LinkedImage> out;
    for (const auto& file : files) {
      if (file.kind == media::MediaKind::kImage) out[file.id] = LinkOf(file);
    }
    return out;
  }

  Status ImageAdded(storage::Executor& tx, const media::MediaFile& file) override {
    return knowledge::LinkVariantsToImage(tx, file.account_id, file.id, file.file_name, clock_.NowMillis());
  }
  Status ImageRemoved(storage::Executor& tx, const media::MediaFile& file) override {
    // Another image of the same name (an older upload) takes over; otherwise the link goes.
    X8_TRY(auto other, media::FindImageByFileName(tx, file.account_id, file.file_name));
    std::optional<std::string> replacement;
    if (other) replacement = other->id;
    return knowledge::RelinkVariants(tx, file.account_id, file.id, replacement, clock_.NowMillis());
  }

 private:
  static knowledge::LinkedImage LinkOf(const media::MediaFile& file) {
    auto url = [&](const char* name) {
      auto at = file.variants.find(name);
      return at == file.variants.end() ? std::string() : at->second;
    };
    std::string original = url("original");
    std::string medium = url("medium");
    std::string thumb = url("thumb");
    return knowledge::LinkedImage{.media_id = file.id,
                                  .thumb_url = thumb.empty() ? original : thumb,
                                  .medium_url = medium.empty() ? original : medium,
                                  .url = original};
  }

  const Clock& clock_;
};

}  // namespace

struct Application::Parts {
  std::unique_ptr<CatalogueImageLinks> image_links;  // outlives the modules' handlers that use it
  std::shared_ptr<companies::CompanyService> companies;
  std::shared_ptr<knowledge::KnowledgeService> knowledge;
  config::Config config;
  metrics::Registry registry;
  SystemClock clock;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<mail::Mailer> mailer;  // outlives the worker that sends through it
  // The conversation path's ports and engines: they outlive the worker whose jobs use them.
  std::shared_ptr<companies::CompanyStatsSource> company_stats;
  std::unique_ptr<CompanyBridge> company_bridge;
  std::unique_ptr<KnowledgeCatalogues> catalogues;
  std::unique_ptr<WelcomeVideos> welcome_videos;
  std::unique_ptr<http::HttpClient> llm_http;
  std::unique_ptr<assistant::Engine> guided_engine;
  std::unique_ptr<assistant::Engine> llm_engine;
  commerce::Registered commerce;
  std::unique_ptr<SchedulingCompanies> scheduling_companies;
  std::unique_ptr<KnowledgeServices> scheduling_services;
  scheduling::Registered scheduling;
  std::unique_ptr<http::HttpClient> google_http;
  std::unique_ptr<SchedulingBookings> scheduling_bookings;
  calendar::google::Registered google_calendar;
  std::unique_ptr<Schedules> schedules;
  conversations::Registered conversations;
  webchat::Registered webchat;
  std::unique_ptr<jobs::Queue> queue;
  std::unique_ptr<jobs::Worker> worker;
  std::unique_ptr<jobs::Scheduler> scheduler;
  http::Router router;
  std::unique_ptr<http::Pipeline> pipeline;
  std::unique_ptr<accounts::Module> accounts;
  http::WebSocketHub hub;
  // WebSocket events for every node's sockets (pg_notify on PostgreSQL, the hub on SQLite). Modules hold
  // publishers that keep it alive; Run() starts and stops its listener.
  std::shared_ptr<realtime::Bus> bus;
  std::unique_ptr<http::Server> server;
};

Result<std::unique_ptr<Application>> Application::Create(const config::Config& config) {
  auto parts = std::make_unique<Parts>();
  parts->config = config;
  parts->image_links = std::make_unique<CatalogueImageLinks>(parts->clock);

  storage::DatabaseOptions db_options{.pool_size = static_cast<int>(config.database.pool_size),
                                      .busy_timeout_ms = static_cast<int>(config.database.busy_timeout_ms)};
  X8_TRY(parts->db, storage::Open(config.database.url, db_options));
  spdlog::info("database {}", parts->db->Describe());
  X8_TRY_STATUS(storage::Migrate(*parts->db));

  parts->queue = std::make_unique<jobs::Queue>(*parts->db, parts->clock);
  parts->worker = std::make_unique<jobs::Worker>(
      *parts->db, parts->clock,
      jobs::WorkerOptions{.concurrency = static_cast<int>(config.jobs.concurrency),
                          .lease_ms = config.jobs.lease_ms,
                          .poll_ms = config.jobs.poll_ms});
  parts->scheduler = std::make_unique<jobs::Scheduler>(*parts->db, parts->clock);
  X8_TRY(parts->bus, realtime::Bus::Create(*parts->db, parts->hub, parts->clock));
  X8_TRY_STATUS(realtime::RegisterCleanup(*parts->bus, *parts->worker, *parts->scheduler, parts->clock));

  // Secrets and mail: the master key (created on first start in development only) and the mailer the
  // "mail.send" jobs use — SMTP when configured, otherwise the dev outbox admins read in the UI.
  X8_TRY_STATUS(crypto::Init());
  X8_TRY(auto master_key, crypto::LoadMasterKey(config.security.master_key, config.security.master_key_file,
                                                /*create_if_missing=*/config.environment == "development"));
  const bool smtp = !config.mail.smtp_url.empty();
  X8_TRY(parts->mailer, mail::MakeMailer(mail::SmtpOptions{.smtp_url = config.mail.smtp_url,
                                                           .username = config.mail.smtp_username,
                                                           .password = config.mail.smtp_password,
                                                           .from = config.mail.from,
                                                           .timeout_ms = config.mail.timeout_ms},
                                         *parts->db));
  mail::RegisterMailJobs(*parts->worker, *parts->mailer);

  parts->accounts = accounts::Module::Register({.router = parts->router,
                                                .db = *parts->db,
                                                .queue = *parts->queue,
                                                .worker = *parts->worker,
                                                .scheduler = *parts->scheduler,
                                                .clock = parts->clock,
                                                .config = parts->config,
                                                .master_key = master_key,
                                                .dev_outbox = !smtp});

  parts->company_stats = conversations::MakeCompanyStats(*parts->db);
  auto companies_module = companies::Register({.router = parts->router,
                                               .db = *parts->db,
                                               .clock = parts->clock,
                                               .access = parts->accounts->access_policy(),
                                               .stats = parts->company_stats.get()});
  parts->companies = companies_module.service;
  parts->accounts->SetClientFigures([figures = companies_module.account_figures](
                                        const std::string& account_id) -> Result<accounts::ClientFigures> {
    X8_TRY(auto counted, figures(account_id));
    return accounts::ClientFigures{.companies_count = counted.companies,
                                   .stats = {{"messages_in", counted.stats.messages_in},
                                             {"messages_out", counted.stats.messages_out},
                                             {"conversations", counted.stats.conversations}}};
  });

  parts->knowledge =
      knowledge::Register({.router = parts->router,
                           .db = *parts->db,
                           .clock = parts->clock,
                           .access = parts->accounts->access_policy(),
                           .companies = companies_module.service,
                           .max_upload_bytes = static_cast<size_t>(config.knowledge.max_upload_bytes),
                           .media = parts->image_links.get()})
          .service;

  X8_TRY_STATUS(media::Register({.router = parts->router,
                                 .db = *parts->db,
                                 .clock = parts->clock,
                                 .config = parts->config.media,
                                 .observer = parts->image_links.get()}));

  X8_TRY_STATUS(RegisterConversations(*parts, master_key));

  system::Register({.router = parts->router,
                    .db = *parts->db,
                    .registry = parts->registry,
                    .queue = *parts->queue,
                    .worker = *parts->worker,
                    .scheduler = *parts->scheduler,
                    .clock = parts->clock,
                    .info = {std::string(kVersion), std::string(kCommit), config.environment}});

  auto trusted_proxies = net::TrustedProxies::Parse(config.server.trusted_proxies);
  if (!trusted_proxies) {
    return Error{ErrorCode::kInvalidArgument,
                 "configuration key 'server.trusted_proxies': " + trusted_proxies.error().message}
        .With("key", "server.trusted_proxies");
  }
  parts->pipeline = std::make_unique<http::Pipeline>(
      parts->router, parts->registry,
      http::PipelineOptions{.log_requests = config.log.access_log, .trusted_proxies = *trusted_proxies});
  parts->pipeline->SetFallback(std::make_shared<http::StaticFiles>(config.server.web_root));
  parts->pipeline->SetAuthenticator(parts->accounts->authenticator());

  http::ServerOptions server_options{
      .host = config.server.host,
      .port = static_cast<uint16_t>(config.server.port),
      .io_threads = static_cast<int>(config.server.io_threads),
      .worker_threads = static_cast<int>(config.server.worker_threads),
      .max_body_bytes = static_cast<size_t>(config.server.max_body_bytes),
      .max_header_bytes = static_cast<size_t>(config.server.max_header_bytes),
      .idle_timeout = std::chrono::milliseconds(config.server.idle_timeout_ms),
      .drain_timeout = std::chrono::milliseconds(config.server.drain_timeout_ms),
  };
  parts->server = std::make_unique<http::Server>(server_options, parts->router, *parts->pipeline, parts->hub);
  return std::unique_ptr<Application>(new Application(std::move(parts)));
}

// Customers' conversations end to end (docs/design/conversations.md): commerce (orders, sandbox
// payments), the assistant's engines, the conversations module, and the web chat channel, joined through
// the bridges and the WebSocket topic policy.
Status Application::RegisterConversations(Parts& parts, const std::string& master_key) {
  const auto& config = parts.config;
  const auto& access = parts.accounts->access_policy();
  parts.company_bridge = std::make_unique<CompanyBridge>(parts.companies);
  parts.catalogues = std::make_unique<KnowledgeCatalogues>(parts.knowledge, *parts.company_bridge);
  parts.welcome_videos = std::make_unique<WelcomeVideos>(*parts.db);

  parts.guided_engine = assistant::MakeGuidedEngine();
  std::map<std::string, assistant::Engine*, std::less<>> engines{{"guided", parts.guided_engine.get()}};
  const bool llm = !config.assistant.llm_base_url.empty();
  if (llm) {
    parts.llm_http = std::make_unique<http::HttpClient>();
    parts.llm_engine =
        assistant::MakeLlmEngine({.base_url = config.assistant.llm_base_url,
                                  .api_key = config.assistant.llm_api_key,
                                  .model = config.assistant.llm_model,
                                  .timeout_ms = config.assistant.llm_timeout_ms,
                                  .max_context_tokens = config.assistant.llm_max_context_tokens},
                                 *parts.llm_http);
    engines.emplace("llm", parts.llm_engine.get());
  }

  parts.commerce = commerce::Register({.router = parts.router,
                                       .db = *parts.db,
                                       .queue = *parts.queue,
                                       .worker = *parts.worker,
                                       .scheduler = *parts.scheduler,
                                       .clock = parts.clock,
                                       .access = access,
                                       .link_ttl_minutes = config.payments.link_ttl_minutes,
                                       .public_url = config.server.public_url,
                                       .companies = *parts.company_bridge,
                                       .merchants = *parts.company_bridge});
  // Scheduling (docs/design/scheduling.md): holds at checkout, free services booked at once, the
  // assistant's free times. Google Calendar's busy times and sync are attached by its module.
  parts.scheduling_companies = std::make_unique<SchedulingCompanies>(parts.companies);
  parts.scheduling_services = std::make_unique<KnowledgeServices>(parts.knowledge, parts.companies);
  parts.scheduling = scheduling::Register({.router = parts.router,
                                           .db = *parts.db,
                                           .queue = *parts.queue,
                                           .worker = *parts.worker,
                                           .scheduler = *parts.scheduler,
                                           .clock = parts.clock,
                                           .access = access,
                                           .companies = *parts.scheduling_companies,
                                           .services = *parts.scheduling_services});
  parts.schedules = std::make_unique<Schedules>(parts.scheduling.schedules);
  // Google Calendar mirrors confirmed bookings and lends its busy times to the slots.
  parts.google_http = std::make_unique<http::HttpClient>();
  parts.scheduling_bookings = std::make_unique<SchedulingBookings>(parts.scheduling.repository, *parts.db);
  parts.google_calendar = calendar::google::Register({.router = parts.router,
                                                      .db = *parts.db,
                                                      .queue = *parts.queue,
                                                      .worker = *parts.worker,
                                                      .scheduler = *parts.scheduler,
                                                      .clock = parts.clock,
                                                      .access = access,
                                                      .config = config,
                                                      .master_key = master_key,
                                                      .http = *parts.google_http,
                                                      .companies = *parts.company_bridge,
                                                      .bookings = *parts.scheduling_bookings});
  parts.scheduling.SetObserver(parts.google_calendar.observer.get());
  parts.scheduling.SetBusyTimes(parts.google_calendar.busy.get());

  parts.conversations = conversations::Register({.router = parts.router,
                                                 .db = *parts.db,
                                                 .queue = *parts.queue,
                                                 .worker = *parts.worker,
                                                 .scheduler = *parts.scheduler,
                                                 .clock = parts.clock,
                                                 .access = access,
                                                 .hub = parts.hub,
                                                 .publish = parts.bus->publisher(),
                                                 .config = config.conversations,
                                                 .companies = *parts.company_bridge,
                                                 .catalogues = *parts.catalogues,
                                                 .welcome_video = parts.welcome_videos.get(),
                                                 .engines = std::move(engines),
                                                 .checkout = parts.commerce.checkout.get(),
                                                 .schedules = parts.schedules.get(),
                                                 .bookings = parts.scheduling.bookings.get(),
                                                 .llm_available = llm});
  parts.commerce.service->SetObserver(parts.conversations.payment_observer.get());

  parts.webchat = webchat::Register(
      {.router = parts.router,
       .conversations = parts.conversations.conversations,
       .ingest = parts.conversations.ingest,
       .access = access,
       .companies = [bridge = parts.company_bridge.get()](
                        std::string_view company_id) { return bridge->PublicCompany(company_id); },
       .hub = parts.hub,
       .publish = parts.bus->publisher(),
       .clock = parts.clock,
       .master_key = master_key,
       .public_url = config.server.public_url,
       .messages_per_minute = config.webchat.visitor_messages_per_minute,
       .sessions_per_minute = config.webchat.sessions_per_minute});
  parts.conversations.senders->Register(parts.webchat.webchat_sender);
  parts.conversations.senders->Register(parts.webchat.playground_sender);

  parts.hub.SetTopicPolicy(
      [inbox = parts.conversations.inbox_topic_policy, webchat = parts.webchat.topic_policy](
          const std::optional<http::Principal>& principal, std::string_view topic) {
        return topic == "system" || inbox(principal, topic) || webchat(principal, topic);
      });
  return Ok();
}

Application::Application(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Application::~Application() = default;

std::vector<Application::RouteInfo> Application::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto* route : parts_->router.Routes()) {
    out.push_back({route->method, route->pattern, route->options.access != http::Access::kPublic});
  }
  return out;
}

Status Application::SeedDemo() {
  return app::SeedDemo(parts_->accounts->service(), *parts_->companies, *parts_->knowledge,
                       *parts_->scheduling.service);
}

Status Application::Listen() { return parts_->server->Listen(); }
uint16_t Application::port() const { return parts_->server->port(); }

void Application::Run(bool handle_signals) {
  bool jobs = parts_->config.jobs.enabled;
  // Every node listens, whether or not it runs jobs: its sockets need the events of all nodes.
  if (auto started = parts_->bus->Start(); !started) spdlog::error("realtime: {}", started.error().message);
  if (jobs) {
    if (auto started = parts_->worker->Start(); !started)
      spdlog::error("job worker: {}", started.error().message);
    if (auto started = parts_->scheduler->Start(); !started)
      spdlog::error("scheduler: {}", started.error().message);
  }
  parts_->server->Run(handle_signals);
  if (jobs) {
    // After the HTTP drain: running jobs finish (or keep their lease and resume elsewhere).
    parts_->scheduler->Stop();
    parts_->worker->Stop();
  }
  parts_->bus->Stop();
  spdlog::info("server stopped");
}

void Application::Stop() { parts_->server->Stop(); }

}  // namespace x8::app
