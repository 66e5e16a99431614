// x8_emulators: every external-service emulator on one loopback port (tests/emulators/emulator.h).
//   x8_emulators [--host 127.0.0.1] [--port 0] [--port-file FILE] [--google-client-id …] …
// Common control endpoints: GET /__control/health, POST /__control/reset (every emulator).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include "platform/crypto/crypto.h"
#include "platform/http/pipeline.h"
#include "platform/http/router.h"
#include "platform/http/server.h"
#include "platform/http/websocket_hub.h"
#include "platform/metrics/registry.h"
#include "tests/emulators/cloudinary_emulator.h"
#include "tests/emulators/facebook_emulator.h"
#include "tests/emulators/google_emulator.h"
#include "tests/emulators/openai_emulator.h"

int main(int argc, char** argv) {
  using namespace x8;
  CLI::App cli{"X8's local emulators of external services (tests and demos)"};
  std::string host = "127.0.0.1";
  int port = 0;
  std::string port_file;
  emulators::GoogleOptions google;
  emulators::FacebookOptions facebook;
  emulators::CloudinaryOptions cloudinary;
  emulators::OpenAiOptions openai;
  bool quiet = false;
  cli.add_option("--host", host, "address to listen on (loopback by default)");
  cli.add_option("--port", port, "port; 0 picks a free one")->check(CLI::Range(0, 65535));
  cli.add_option("--port-file", port_file, "write the bound port here once listening");
  cli.add_option("--google-client-id", google.client_id);
  cli.add_option("--google-client-secret", google.client_secret);
  cli.add_option("--google-issuer", google.issuer, "iss of the ID tokens");
  cli.add_option("--google-jwks-max-age", google.jwks_max_age_s, "Cache-Control max-age of the JWKS");
  cli.add_option("--facebook-app-id", facebook.app_id);
  cli.add_option("--facebook-app-secret", facebook.app_secret);
  cli.add_option("--cloudinary-cloud-name", cloudinary.cloud_name);
  cli.add_option("--cloudinary-api-key", cloudinary.api_key);
  cli.add_option("--cloudinary-api-secret", cloudinary.api_secret);
  cli.add_option("--openai-api-key", openai.api_key, "Bearer key /v1/chat/completions accepts");
  cli.add_flag("--quiet", quiet, "no access log");
  CLI11_PARSE(cli, argc, argv);

  if (auto init = crypto::Init(); !init) {
    std::cerr << "x8_emulators: " << init.error().message << "\n";
    return 1;
  }
  emulators::EmulatorContext context;
  std::vector<std::unique_ptr<emulators::Emulator>> all;
  all.push_back(std::make_unique<emulators::GoogleEmulator>(google, context));
  all.push_back(std::make_unique<emulators::FacebookEmulator>(facebook));
  all.push_back(std::make_unique<emulators::CloudinaryEmulator>(cloudinary));
  all.push_back(std::make_unique<emulators::OpenAiEmulator>(openai));

  http::Router router;
  for (auto& emulator : all) emulator->Register(router);
  router.Add(
      "GET", "/__control/health",
      [&all](http::Request&) {
        boost::json::array names;
        for (const auto& e : all) names.emplace_back(e->name());
        return emulators::Json(boost::json::object{{"status", "ok"}, {"emulators", std::move(names)}});
      },
      emulators::PublicRoute());
  router.Add(
      "POST", "/__control/reset",
      [&all](http::Request&) {
        for (auto& e : all) e->Reset();
        return http::Response::NoContent();
      },
      emulators::PublicRoute());

  metrics::Registry registry;
  http::Pipeline pipeline(router, registry, http::PipelineOptions{.log_requests = !quiet});
  http::WebSocketHub hub;
  http::Server server(http::ServerOptions{.host = host,
                                          .port = static_cast<uint16_t>(port),
                                          .io_threads = 1,
                                          .worker_threads = 4,
                                          .drain_timeout = std::chrono::milliseconds(2000)},
                      router, pipeline, hub);
  if (auto listening = server.Listen(); !listening) {
    std::cerr << "x8_emulators: " << listening.error().message << "\n";
    return 1;
  }
  context.base_url = "http://" + host + ":" + std::to_string(server.port());
  if (!port_file.empty()) {
    std::string tmp = port_file + ".tmp";
    std::ofstream(tmp) << server.port() << "\n";
    std::rename(tmp.c_str(), port_file.c_str());
  }
  spdlog::info("x8_emulators listening on {} (google, facebook)", context.base_url);
  server.Run(/*handle_signals=*/true);
  return 0;
}
