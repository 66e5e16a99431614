#include "modules/media/api/routes.h"

#include "platform/http/file_response.h"

namespace x8::media {
namespace {

using http::Request;
using http::Response;

Result<http::Principal> PrincipalOf(const Request& request) {
  if (!request.principal) return Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"};
  return *request.principal;
}

std::string ContentTypeOfKey(std::string_view key) {
  auto dot = key.rfind('.');
  std::string extension(key.substr(dot + 1));
  if (extension == "jpg") return "image/jpeg";
  if (extension == "png") return "image/png";
  if (extension == "webp") return "image/webp";
  if (extension == "gif") return "image/gif";
  if (extension == "mp4") return "video/mp4";
  if (extension == "webm") return "video/webm";
  if (extension == "mov") return "video/quicktime";
  return "application/octet-stream";
}

}  // namespace

boost::json::object ToJson(const MediaFile& file) {
  boost::json::object variants;
  for (const auto& [name, url] : file.variants) variants[name] = url;
  boost::json::value width = nullptr, height = nullptr;
  if (file.width) width = *file.width;
  if (file.height) height = *file.height;
  return {{"id", file.id},
          {"account_id", file.account_id},
          {"user_id", file.user_id},
          {"folder", ToString(file.folder)},
          {"kind", ToString(file.kind)},
          {"file_name", file.file_name},
          {"content_type", file.content_type},
          {"bytes", file.bytes},
          {"width", width},
          {"height", height},
          {"storage", file.storage},
          {"storage_key", file.storage_key},
          {"variants", std::move(variants)},
          {"created_at", file.created_at}};
}

void AddRoutes(http::Router& router, const std::shared_ptr<MediaService>& service, size_t max_upload_bytes) {
  router.Add(
      "POST", "/api/v1/media",
      [service](Request& request) {
        auto principal = PrincipalOf(request);
        if (!principal) return Response::FromError(principal.error(), request.request_id);
        std::optional<std::string> file_name;
        if (auto header = request.headers.Get("X-File-Name")) file_name = http::PercentDecode(*header);
        auto file = service->Upload(
            *principal,
            {.folder = request.QueryParam("folder"), .file_name = file_name, .body = request.body});
        if (!file) return Response::FromError(file.error(), request.request_id);
        return Response::Json(ToJson(*file), 201);
      },
      http::RouteOptions{.body = http::BodyKind::kAny, .max_body_bytes = max_upload_bytes});

  router.Add("GET", "/api/v1/media", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto files = service->List(*principal, request.QueryParam("folder"));
    if (!files) return Response::FromError(files.error(), request.request_id);
    boost::json::array items;
    for (const auto& file : *files) items.push_back(ToJson(file));
    return Response::Json(boost::json::object{{"items", std::move(items)}});
  });

  router.Add("GET", "/api/v1/media/{media_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto file = service->Get(*principal, request.PathParam("media_id"));
    if (!file) return Response::FromError(file.error(), request.request_id);
    return Response::Json(ToJson(*file));
  });

  router.Add("DELETE", "/api/v1/media/{media_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto deleted = service->Delete(*principal, request.PathParam("media_id"));
    if (!deleted) return Response::FromError(deleted.error(), request.request_id);
    return Response::NoContent();
  });
}

Response ServeFile(const LocalDiskStorage& storage, const Request& request, std::string_view key) {
  auto not_found = [&request] { return Response::FromError(NotFound("no such file"), request.request_id); };
  auto path = storage.PathOf(key);
  if (!path) return not_found();
  auto file = http::OpenFile::Open(*path);
  if (!file) return not_found();
  Response response;
  response.headers.Set("Content-Type", ContentTypeOfKey(key));
  response.headers.Set("Cache-Control", "public, max-age=31536000, immutable");
  response.headers.Set("X-Content-Type-Options", "nosniff");
  // ETag, If-None-Match, Range and If-Range; the bytes stream from the open file (videos are large).
  return http::ServeOpenFile(request, std::move(*file), std::move(response));
}

void AddFileRoutes(http::Router& router, const std::shared_ptr<const LocalDiskStorage>& storage) {
  router.Add(
      "GET", "/media/users/{user_id}/{folder}/{file}",
      [storage](Request& request) {
        std::string key = "users/" + std::string(request.PathParam("user_id")) + "/" +
                          std::string(request.PathParam("folder")) + "/" +
                          std::string(request.PathParam("file"));
        return ServeFile(*storage, request, key);
      },
      http::RouteOptions{.access = http::Access::kPublic});
}

}  // namespace x8::media
