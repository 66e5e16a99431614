#include "tests/emulators/cloudinary_emulator.h"

#include <openssl/sha.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "platform/crypto/crypto.h"

namespace x8::emulators {
namespace {

using http::Request;
using http::Response;

Response CloudinaryError(std::string message, int status) {
  return Json(boost::json::object{{"error", {{"message", std::move(message)}}}}, status);
}

std::string Sha1Hex(std::string_view data) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return crypto::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

// multipart/form-data → (name, value) pairs plus the file part's Content-Type.
bool ParseMultipart(const Request& request, std::vector<std::pair<std::string, std::string>>& fields,
                    std::string& file_type) {
  auto content_type = request.headers.Get("Content-Type");
  if (!content_type) return false;
  auto at = content_type->find("boundary=");
  if (at == std::string_view::npos) return false;
  std::string delimiter = "--" + std::string(content_type->substr(at + 9));
  std::string_view body = request.body;
  size_t pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return true;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return false;
    pos += 2;
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return false;
    std::string_view headers = body.substr(pos, headers_end - pos);
    size_t next = body.find("\r\n" + delimiter, headers_end + 4);
    if (next == std::string_view::npos) return false;
    std::string_view value = body.substr(headers_end + 4, next - headers_end - 4);
    auto name_at = headers.find("name=\"");
    if (name_at == std::string_view::npos) return false;
    auto name_end = headers.find('"', name_at + 6);
    std::string name(headers.substr(name_at + 6, name_end - name_at - 6));
    if (name == "file") {
      auto type_at = headers.find("Content-Type: ");
      if (type_at != std::string_view::npos) {
        auto type_end = headers.find("\r\n", type_at);
        file_type = std::string(headers.substr(type_at + 14, type_end == std::string_view::npos
                                                                 ? std::string_view::npos
                                                                 : type_end - type_at - 14));
      }
    }
    fields.emplace_back(std::move(name), std::string(value));
    pos = next + 2;
  }
  return false;
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string CloudinaryStringToSign(std::vector<std::pair<std::string, std::string>> params) {
  std::erase_if(params, [](const auto& p) {
    return p.second.empty() || p.first == "file" || p.first == "cloud_name" || p.first == "resource_type" ||
           p.first == "api_key" || p.first == "signature";
  });
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += "&";
    std::string pair = name + "=" + value;
    std::string escaped;
    for (char c : pair) escaped += c == '&' ? std::string("%26") : std::string(1, c);
    out += escaped;
  }
  return out;
}

CloudinaryEmulator::CloudinaryEmulator(CloudinaryOptions options) : options_(std::move(options)) {}

void CloudinaryEmulator::Reset() {
  std::lock_guard lock(mu_);
  assets_.clear();
  uploads_ = 0;
  rejected_signatures_ = 0;
  page_size_ = 1000;
}

bool CloudinaryEmulator::CheckCloud(const Request& request, Response& error) const {
  if (request.PathParam("cloud") != options_.cloud_name) {
    error = CloudinaryError("Invalid cloud_name " + std::string(request.PathParam("cloud")), 401);
    return false;
  }
  std::string_view type = request.PathParam("resource_type");
  if (type != "image" && type != "video" && type != "raw") {
    error = CloudinaryError("Invalid resource type " + std::string(type), 400);
    return false;
  }
  return true;
}

std::optional<Response> CloudinaryEmulator::CheckSignature(const Params& params) {
  if (FormValue(params, "api_key") != options_.api_key) {
    ++rejected_signatures_;
    return CloudinaryError("Unknown API key " + FormValue(params, "api_key"), 401);
  }
  std::string timestamp = FormValue(params, "timestamp");
  int64_t seconds = 0;
  try {
    seconds = std::stoll(timestamp);
  } catch (...) {
    ++rejected_signatures_;
    return CloudinaryError("Missing required parameter - timestamp", 400);
  }
  if (NowSeconds() - seconds > 3600) {
    ++rejected_signatures_;
    return CloudinaryError("Stale request - reported time is " + timestamp + " which is more than 1 hour ago",
                           400);
  }
  std::string to_sign = CloudinaryStringToSign(params);
  std::string expected = Sha1Hex(to_sign + options_.api_secret);
  std::string signature = FormValue(params, "signature");
  if (!crypto::ConstantTimeEquals(signature, expected)) {
    ++rejected_signatures_;
    return CloudinaryError("Invalid Signature " + signature + ". String to sign - '" + to_sign + "'.", 401);
  }
  return std::nullopt;
}

Response CloudinaryEmulator::Upload(const Request& request) {
  Response error;
  if (!CheckCloud(request, error)) return error;
  Params fields;
  std::string file_type;
  if (!ParseMultipart(request, fields, file_type)) return CloudinaryError("Invalid multipart body", 400);
  std::lock_guard lock(mu_);
  if (auto refused = CheckSignature(fields)) return *refused;
  if (!HasFormValue(fields, "file")) return CloudinaryError("Missing required parameter - file", 400);
  std::string public_id = FormValue(fields, "public_id");
  if (public_id.empty()) public_id = "generated_" + std::to_string(uploads_ + 1);
  std::string resource_type(request.PathParam("resource_type"));
  std::string id = resource_type + "/" + public_id;
  if (FormValue(fields, "overwrite") == "false" && assets_.contains(id)) {
    // Cloudinary answers the existing asset (with "existing": true) instead of replacing it.
    return Json(
        boost::json::object{{"public_id", public_id}, {"existing", true}, {"resource_type", resource_type}});
  }
  std::string file = FormValue(fields, "file");
  ++uploads_;
  int64_t bytes = static_cast<int64_t>(file.size());
  assets_[id] = Asset{resource_type, file_type, std::move(file)};
  return Json(boost::json::object{{"public_id", public_id},
                                  {"version", NowSeconds()},
                                  {"resource_type", resource_type},
                                  {"type", "upload"},
                                  {"bytes", bytes},
                                  {"asset_id", crypto::HexEncode(crypto::RandomBytes(16))},
                                  {"secure_url", "https://res.cloudinary.com/" + options_.cloud_name + "/" +
                                                     resource_type + "/upload/" + public_id}});
}

Response CloudinaryEmulator::Destroy(const Request& request) {
  Response error;
  if (!CheckCloud(request, error)) return error;
  Params params = ParseForm(request.body);
  std::lock_guard lock(mu_);
  if (auto refused = CheckSignature(params)) return *refused;
  std::string id = std::string(request.PathParam("resource_type")) + "/" + FormValue(params, "public_id");
  bool found = assets_.erase(id) > 0;
  return Json(boost::json::object{{"result", found ? "ok" : "not found"}});
}

Response CloudinaryEmulator::DeleteByPrefix(const Request& request) {
  Response error;
  if (!CheckCloud(request, error)) return error;
  auto authorization = request.headers.Get("Authorization");
  std::string expected_b64;
  {
    // Basic base64(api_key:api_secret), padded standard base64.
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string in = options_.api_key + ":" + options_.api_secret;
    for (size_t i = 0; i < in.size(); i += 3) {
      uint32_t n = static_cast<uint8_t>(in[i]) << 16;
      if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
      if (i + 2 < in.size()) n |= static_cast<uint8_t>(in[i + 2]);
      expected_b64 += kAlphabet[(n >> 18) & 63];
      expected_b64 += kAlphabet[(n >> 12) & 63];
      expected_b64 += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
      expected_b64 += i + 2 < in.size() ? kAlphabet[n & 63] : '=';
    }
  }
  if (!authorization || *authorization != "Basic " + expected_b64) {
    return CloudinaryError("Invalid credentials", 401);
  }
  if (request.PathParam("type") != "upload") return CloudinaryError("Invalid type", 400);
  std::string prefix = request.QueryParam("prefix").value_or("");
  if (prefix.empty()) return CloudinaryError("Missing required parameter - prefix", 400);
  std::string cursor = request.QueryParam("next_cursor").value_or("");
  std::string resource_type(request.PathParam("resource_type"));
  std::lock_guard lock(mu_);
  boost::json::object deleted;
  std::string start = resource_type + "/" + prefix;
  auto it = assets_.lower_bound(cursor.empty() ? start : resource_type + "/" + cursor);
  size_t count = 0;
  while (it != assets_.end() && it->first.starts_with(start) && count < page_size_) {
    deleted[it->first.substr(resource_type.size() + 1)] = "deleted";
    it = assets_.erase(it);
    ++count;
  }
  boost::json::object out{{"deleted", std::move(deleted)}, {"partial", false}};
  if (it != assets_.end() && it->first.starts_with(start)) {
    out["partial"] = true;
    out["next_cursor"] = it->first.substr(resource_type.size() + 1);
  }
  return Json(out);
}

void CloudinaryEmulator::Register(http::Router& router) {
  router.Add(
      "POST", "/cloudinary/v1_1/{cloud}/{resource_type}/upload", [this](Request& r) { return Upload(r); },
      PublicRoute());
  router.Add(
      "POST", "/cloudinary/v1_1/{cloud}/{resource_type}/destroy", [this](Request& r) { return Destroy(r); },
      PublicRoute());
  router.Add(
      "DELETE", "/cloudinary/v1_1/{cloud}/resources/{resource_type}/{type}",
      [this](Request& r) { return DeleteByPrefix(r); }, PublicRoute());
  router.Add(
      "GET", "/__control/cloudinary/assets",
      [this](Request&) {
        std::lock_guard lock(mu_);
        boost::json::array assets;
        for (const auto& [id, asset] : assets_) {
          assets.push_back({{"public_id", id.substr(asset.resource_type.size() + 1)},
                            {"resource_type", asset.resource_type},
                            {"content_type", asset.content_type},
                            {"bytes", static_cast<int64_t>(asset.bytes.size())}});
        }
        return Json(boost::json::object{{"assets", std::move(assets)},
                                        {"uploads", uploads_},
                                        {"rejected_signatures", rejected_signatures_}});
      },
      PublicRoute());
  router.Add(
      "POST", "/__control/cloudinary/page-size",
      [this](Request& r) {
        boost::json::object body;
        Response error;
        if (!ParseJsonBody(r, body, error)) return error;
        std::lock_guard lock(mu_);
        if (const auto* size = body.if_contains("page_size");
            size && size->is_int64() && size->as_int64() > 0) {
          page_size_ = static_cast<size_t>(size->as_int64());
          return Response::NoContent();
        }
        return CloudinaryError("page_size must be a positive integer", 400);
      },
      PublicRoute());
}

}  // namespace x8::emulators
