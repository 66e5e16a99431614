// x8: one binary for the whole product. See `x8 --help`.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include "app/application.h"
#include "app/demo.h"
#include "app/version.h"
#include "core/clock.h"
#include "modules/accounts/module.h"
#include "platform/config/config.h"
#include "platform/crypto/crypto.h"
#include "platform/logging/logging.h"
#include "platform/storage/database.h"
#include "platform/storage/migrate.h"

namespace {

using x8::Result;

int Fail(const x8::Error& error) {
  std::cerr << "x8: " << error.message << "\n";
  if (!error.details.empty()) std::cerr << "    details: " << boost::json::serialize(error.details) << "\n";
  return 1;
}

Result<x8::config::Config> LoadConfig(const std::string& file) {
  auto env = x8::config::ProcessEnvironment();
  std::string path = file;
  if (path.empty()) {
    if (auto it = env.find("X8_CONFIG"); it != env.end()) path = it->second;
  }
  return x8::config::Load(path, env);
}

int Serve(const x8::config::Config& config, const std::string& port_file) {
  auto app = x8::app::Application::Create(config);
  if (!app) return Fail(app.error());
  if (auto listening = (*app)->Listen(); !listening) return Fail(listening.error());
  uint16_t port = (*app)->port();
  if (!port_file.empty()) {
    // Written after bind, so whoever waits for this file can connect at once (tests, scripts).
    std::string tmp = port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), port_file.c_str());
  }
  spdlog::info("x8 {} listening on http://{}:{} ({})", x8::app::kVersion,
               config.server.host == "0.0.0.0" ? "localhost" : config.server.host, port, config.environment);
  (*app)->Run(/*handle_signals=*/true);
  return 0;
}

int PrintRoutes(x8::config::Config config) {
  config.database.url = "sqlite::memory:";  // routes do not depend on data
  // Nor on the master key: a throwaway one, so listing routes never creates data/master.key.
  if (auto init = x8::crypto::Init(); !init) return Fail(init.error());
  config.security.master_key = x8::crypto::Base64UrlEncode(x8::crypto::RandomBytes(32));
  auto app = x8::app::Application::Create(config);
  if (!app) return Fail(app.error());
  for (const auto& route : (*app)->Routes()) {
    std::cout << route.method << " " << route.pattern << (route.requires_auth ? " auth" : " public") << "\n";
  }
  return 0;
}

int SeedDemo(const x8::config::Config& config) {
  if (config.environment != "development") {
    return Fail(x8::FailedPrecondition("the demo business has public passwords: development only"));
  }
  auto app = x8::app::Application::Create(config);
  if (!app) return Fail(app.error());
  if (auto seeded = (*app)->SeedDemo(); !seeded) return Fail(seeded.error());
  std::cout << "Demo business ready at " << config.server.public_url << "\n"
            << "  owner: " << x8::app::kDemoOwnerEmail << " / " << x8::app::kDemoOwnerPassword << "\n"
            << "  admin: " << x8::app::kDemoAdminEmail << " / " << x8::app::kDemoAdminPassword
            << "  (reads the dev outbox)\n";
  return 0;
}

int Migrate(const x8::config::Config& config, bool status_only) {
  auto db = x8::storage::Open(config.database.url);
  if (!db) return Fail(db.error());
  if (!status_only) {
    if (auto migrated = x8::storage::Migrate(**db); !migrated) return Fail(migrated.error());
  }
  auto status = x8::storage::MigrationStatus(**db);
  if (!status) return Fail(status.error());
  for (const auto& m : *status) {
    std::cout << (m.applied ? "applied " : "pending ") << m.version << " " << m.name
              << (m.known ? "" : " (unknown to this binary)") << "\n";
  }
  return 0;
}

// Creates (or promotes) an administrator and prints a one-time password-set link: the operator's own
// terminal, so the link is shown rather than mailed.
int CreateAdmin(const x8::config::Config& config, const std::string& email, const std::string& name) {
  if (auto init = x8::crypto::Init(); !init) return Fail(init.error());
  auto db = x8::storage::Open(config.database.url);
  if (!db) return Fail(db.error());
  if (auto migrated = x8::storage::Migrate(**db); !migrated) return Fail(migrated.error());
  x8::SystemClock clock;
  auto link = x8::accounts::CreateAdmin(**db, clock, config, email, name);
  if (!link) return Fail(link.error());
  std::cout << "Administrator " << email << " is ready. Set the password within "
            << config.auth.password_reset_ttl_s / 60 << " minutes (the link works once):\n"
            << *link << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"X8 — sell through chat. One binary: API, webhooks, web app and workers."};
  cli.require_subcommand(1);
  std::string config_file;
  cli.add_option("-c,--config", config_file, "JSON config file (also X8_CONFIG); X8_* variables override it");

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server, web app and background workers");
  std::string port_file;
  int64_t port = -1;
  serve->add_option("--port", port, "Port to listen on (overrides server.port; 0 picks a free port)");
  serve->add_option("--port-file", port_file, "Write the bound port to this file once listening");

  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  bool status_only = false;
  migrate->add_flag("--status", status_only, "Only list migrations and whether they are applied");

  cli.add_subcommand("version", "Print the version");
  cli.add_subcommand("routes", "List the HTTP routes (method, path template, access)");
  auto* show_config = cli.add_subcommand("config", "Print the effective configuration (secrets masked)");
  bool reference = false;
  show_config->add_flag("--reference", reference, "Print the table of every key (Markdown) instead");
  auto* create_admin = cli.add_subcommand("create-admin", "Create a platform administrator");
  std::string admin_email;
  create_admin->add_option("--email", admin_email, "The administrator's email")->required();
  std::string admin_name;
  create_admin->add_option("--name", admin_name, "The administrator's display name");
  cli.add_subcommand("demo", "Seed the demo business");

  CLI11_PARSE(cli, argc, argv);

  if (cli.got_subcommand("version")) {
    std::cout << "x8 " << x8::app::kVersion << " (" << x8::app::kCommit << ")\n";
    return 0;
  }
  auto config = LoadConfig(config_file);
  if (!config) return Fail(config.error());
  if (port >= 0) {
    if (port > 65535) return Fail(x8::InvalidArgument("--port must be between 0 and 65535"));
    config->server.port = port;
  }
  if (auto logging = x8::logging::Setup(config->log.level, config->log.format); !logging) {
    return Fail(logging.error());
  }

  if (cli.got_subcommand("config")) {
    std::cout << (reference ? x8::config::ReferenceTable() : x8::config::Describe(*config));
    return 0;
  }
  if (cli.got_subcommand("serve")) return Serve(*config, port_file);
  if (cli.got_subcommand("routes")) return PrintRoutes(*config);
  if (cli.got_subcommand("migrate")) return Migrate(*config, status_only);
  if (cli.got_subcommand("create-admin")) return CreateAdmin(*config, admin_email, admin_name);
  if (cli.got_subcommand("demo")) return SeedDemo(*config);
  return 0;
}
