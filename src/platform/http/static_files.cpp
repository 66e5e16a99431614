#include "platform/http/static_files.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "platform/http/file_response.h"

namespace x8::http {
namespace {

constexpr std::string_view kReservedPrefixes[] = {"/api/",    "/hooks/",  "/ws",
                                                  "/metrics", "/healthz", "/readyz"};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Fnv1aHex(std::string_view data) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::string ContentTypeFor(std::string_view ext) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    spdlog::warn("web app directory {} not found; serving the API only", root.string());
    return;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) continue;
    auto rel = "/" + std::filesystem::relative(entry.path(), root).generic_string();
    File file;
    file.body = ReadFile(entry.path());
    file.content_type = ContentTypeFor(entry.path().extension().string());
    file.etag = "\"" + Fnv1aHex(file.body) + "\"";
    file.immutable = rel.starts_with("/assets/");  // Vite puts content hashes in these names
    files_.emplace(rel, std::move(file));
  }
  spdlog::info("serving {} web app files from {}", files_.size(), root.string());
}

std::optional<Response> StaticFiles::Handle(const Request& request) {
  for (auto prefix : kReservedPrefixes) {
    if (request.path.starts_with(prefix)) return std::nullopt;
  }
  std::string_view path = request.path;
  if (path == "/") path = "/index.html";
  if (auto it = files_.find(path); it != files_.end()) return Serve(request, it->second);
  // A missing asset is a real 404; an unknown page path is a client-side route.
  auto last_slash = path.rfind('/');
  bool looks_like_file = path.find('.', last_slash) != std::string_view::npos;
  if (looks_like_file || path.starts_with("/assets/")) return std::nullopt;
  if (auto it = files_.find("/index.html"); it != files_.end()) return Serve(request, it->second);
  return std::nullopt;
}

Response StaticFiles::Serve(const Request& request, const File& file) const {
  Response r;
  r.headers.Set("Content-Type", file.content_type);
  r.headers.Set("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.Set("X-Content-Type-Options", "nosniff");
  // ETag, If-None-Match → 304, Range → 206/416 (file_response.h); the bytes are already in memory.
  auto slice = Negotiate(request, file.etag, file.body.size(), r);
  if (r.status == 200 || r.status == 206) r.body = file.body.substr(slice.offset, slice.length);
  return r;
}

}  // namespace x8::http
