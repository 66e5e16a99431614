#include "modules/media/storage/cloudinary_storage.h"

#include <openssl/sha.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/ids.h"
#include "modules/media/domain/keys.h"

namespace x8::media {
namespace {

constexpr int kMaxPrefixPages = 100;  // 100 × 1000 assets: far beyond one user's library

std::string FormEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string FormBody(const Params& params) {
  std::string body;
  for (const auto& [name, value] : params) {
    if (!body.empty()) body.push_back('&');
    body += FormEncode(name) + "=" + FormEncode(value);
  }
  return body;
}

std::string ResourceType(MediaKind kind) { return kind == MediaKind::kVideo ? "video" : "image"; }

// Cloudinary's error body is {"error":{"message":"…"}}; the message never holds our secret.
Error ApiError(std::string_view what, const http::HttpResponse& response) {
  std::string message;
  boost::system::error_code ec;
  auto body = boost::json::parse(response.body, ec);
  if (!ec && body.is_object()) {
    if (const auto* error = body.as_object().if_contains("error"); error && error->is_object()) {
      if (const auto* text = error->as_object().if_contains("message"); text && text->is_string()) {
        message = std::string(text->as_string());
      }
    }
  }
  ErrorCode code =
      response.status >= 500 || response.status == 429 ? ErrorCode::kUnavailable : ErrorCode::kInternal;
  return Error{code,
               "Cloudinary " + std::string(what) + " failed with HTTP " + std::to_string(response.status)}
      .With("status", response.status)
      .With("cloudinary_message", message);
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 0x3F]);
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += {kAlphabet[(n >> 18) & 0x3F], kAlphabet[(n >> 12) & 0x3F], '=', '='};
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += {kAlphabet[(n >> 18) & 0x3F], kAlphabet[(n >> 12) & 0x3F], kAlphabet[(n >> 6) & 0x3F], '='};
  }
  return out;
}

}  // namespace

Result<CloudinaryCredentials> ParseCloudinaryUrl(std::string_view url) {
  auto invalid = [] {
    return InvalidArgument("media.cloudinary_url must look like cloudinary://api_key:api_secret@cloud_name")
        .With("field", "media.cloudinary_url");
  };
  constexpr std::string_view kScheme = "cloudinary://";
  if (!url.starts_with(kScheme)) return invalid();
  url.remove_prefix(kScheme.size());
  auto at = url.rfind('@');
  if (at == std::string_view::npos) return invalid();
  std::string_view userinfo = url.substr(0, at);
  std::string_view cloud = url.substr(at + 1);
  auto colon = userinfo.find(':');
  if (colon == std::string_view::npos) return invalid();
  CloudinaryCredentials credentials{std::string(userinfo.substr(0, colon)),
                                    std::string(userinfo.substr(colon + 1)), std::string(cloud)};
  if (credentials.api_key.empty() || credentials.api_secret.empty() || credentials.cloud_name.empty() ||
      credentials.cloud_name.find_first_of("/?#") != std::string::npos) {
    return invalid();
  }
  return credentials;
}

std::string Sha1Hex(std::string_view data) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

std::string CloudinarySignature(Params params, std::string_view api_secret) {
  std::erase_if(params, [](const auto& param) {
    return param.second.empty() || param.first == "file" || param.first == "cloud_name" ||
           param.first == "resource_type" || param.first == "api_key";
  });
  std::sort(params.begin(), params.end());
  std::string to_sign;
  for (const auto& [name, value] : params) {
    if (!to_sign.empty()) to_sign.push_back('&');
    std::string pair = name;
    pair.append("=").append(value);
    for (size_t at = pair.find('&'); at != std::string::npos; at = pair.find('&', at + 3)) {
      pair.replace(at, 1, "%26");
    }
    to_sign += pair;
  }
  return Sha1Hex(to_sign + std::string(api_secret));
}

std::string PublicIdOf(std::string_view key) { return std::string(key.substr(0, key.rfind('.'))); }

CloudinaryStorage::CloudinaryStorage(http::HttpClient& client, CloudinaryOptions options, const Clock& clock)
    : client_(client), options_(std::move(options)), clock_(clock) {}

std::string CloudinaryStorage::ApiUrl(std::string_view path) const {
  return options_.api_base + "/v1_1/" + options_.credentials.cloud_name + std::string(path);
}

Params CloudinaryStorage::Signed(Params params) const {
  params.emplace_back("timestamp", std::to_string(clock_.NowMillis() / 1000));
  std::string signature = CloudinarySignature(params, options_.credentials.api_secret);
  params.emplace_back("api_key", options_.credentials.api_key);
  params.emplace_back("signature", std::move(signature));
  return params;
}

Variants CloudinaryStorage::DeliveryUrls(std::string_view key, MediaKind kind) const {
  std::string base = options_.delivery_base + "/" + options_.credentials.cloud_name + "/";
  std::string public_id = PublicIdOf(key);
  if (kind == MediaKind::kVideo) {
    std::string extension(key.substr(key.rfind('.') + 1));
    return {{"original", base + "video/upload/q_auto/" + public_id + "." + extension}};
  }
  return {{"original", base + "image/upload/f_auto,q_auto/" + public_id},
          {"medium", base + "image/upload/c_limit,w_800,h_800/f_auto,q_auto/" + public_id},
          {"thumb", base + "image/upload/c_limit,w_200,h_200/f_auto,q_auto/" + public_id}};
}

Result<Variants> CloudinaryStorage::Save(const StoredObject& object) {
  if (!IsWellFormedKey(object.key)) return Internal("media storage: malformed key " + object.key);
  Params params = Signed({{"public_id", PublicIdOf(object.key)}, {"overwrite", "false"}});
  std::string boundary = "x8-" + RandomHex(16);
  std::string body;
  for (const auto& [name, value] : params) {
    body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name);
    body.append("\"\r\n\r\n").append(value).append("\r\n");
  }
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
          object.key.substr(object.key.rfind('/') + 1) + "\"\r\nContent-Type: " + object.content_type +
          "\r\n\r\n";
  body += object.original;
  body += "\r\n--" + boundary + "--\r\n";
  http::HttpRequest request{.method = "POST",
                            .url = ApiUrl("/" + ResourceType(object.kind) + "/upload"),
                            .headers = {{"Content-Type", "multipart/form-data; boundary=" + boundary}},
                            .body = std::move(body),
                            .timeout = std::chrono::seconds(120)};
  request.idempotent = true;  // the explicit public_id makes a retried upload land on the same asset
  X8_TRY(auto response, client_.Send(request));
  if (response.status != 200) return ApiError("upload", response);
  return DeliveryUrls(object.key, object.kind);
}

Status CloudinaryStorage::Delete(std::string_view key, MediaKind kind) {
  Params params = Signed({{"public_id", PublicIdOf(key)}, {"invalidate", "true"}});
  http::HttpRequest request{.method = "POST",
                            .url = ApiUrl("/" + ResourceType(kind) + "/destroy"),
                            .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                            .body = FormBody(params)};
  request.idempotent = true;
  X8_TRY(auto response, client_.Send(request));
  if (response.status != 200) return ApiError("destroy", response);
  boost::system::error_code ec;
  auto body = boost::json::parse(response.body, ec);
  const boost::json::value* result =
      !ec && body.is_object() ? body.as_object().if_contains("result") : nullptr;
  if (result == nullptr || !result->is_string() ||
      (result->as_string() != "ok" && result->as_string() != "not found")) {
    return Internal("Cloudinary destroy answered " + response.body.substr(0, 200));
  }
  return Ok();
}

Status CloudinaryStorage::DeleteByPrefix(std::string_view prefix) {
  if (prefix.size() < 8 || !prefix.starts_with("users/") || prefix.back() != '/' ||
      !UserPrefix(prefix.substr(6, prefix.size() - 7))) {
    return Internal("media storage: refusing to delete prefix " + std::string(prefix));
  }
  std::string authorization =
      "Basic " + Base64(options_.credentials.api_key + ":" + options_.credentials.api_secret);
  for (const char* resource_type : {"image", "video"}) {
    std::string cursor;
    for (int page = 0; page < kMaxPrefixPages; ++page) {
      std::string url = ApiUrl(std::string("/resources/") + resource_type + "/upload") +
                        "?prefix=" + FormEncode(prefix) + "&invalidate=true";
      if (!cursor.empty()) url += "&next_cursor=" + FormEncode(cursor);
      http::HttpRequest request{
          .method = "DELETE", .url = url, .headers = {{"Authorization", authorization}}};
      X8_TRY(auto response, client_.Send(request));
      if (response.status != 200) return ApiError("delete by prefix", response);
      boost::system::error_code ec;
      auto body = boost::json::parse(response.body, ec);
      if (ec || !body.is_object()) return Internal("Cloudinary delete by prefix answered non-JSON");
      const auto* next = body.as_object().if_contains("next_cursor");
      if (next == nullptr || !next->is_string() || next->as_string().empty()) break;
      cursor = std::string(next->as_string());
    }
  }
  return Ok();
}

}  // namespace x8::media
