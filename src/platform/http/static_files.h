// Serves the built web app (web/dist): hashed assets cached for a year, index.html revalidated on
// every load, and index.html for unknown paths so client-side routes survive a reload. Files are
// read once at start-up; the app is small and immutable while the server runs.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "platform/http/pipeline.h"

namespace x8::http {

class StaticFiles final : public FallbackHandler {
 public:
  // Loads every file under `root`. A missing root is fine (API-only mode): nothing is served.
  explicit StaticFiles(const std::filesystem::path& root);

  std::optional<Response> Handle(const Request& request) override;
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string etag;
    bool immutable = false;
  };
  Response Serve(const Request& request, const File& file) const;

  std::map<std::string, File, std::less<>> files_;
};

std::string ContentTypeFor(std::string_view extension);

}  // namespace x8::http
