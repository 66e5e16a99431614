#include "modules/knowledge/api/routes.h"

#include <initializer_list>
#include <string_view>

#include "core/json.h"

namespace x8::knowledge {
namespace {

using http::Request;
using http::Response;

Status OnlyFields(const boost::json::object& body, std::initializer_list<std::string_view> known,
                  std::string_view prefix = {}) {
  for (const auto& [key, value] : body) {
    bool found = false;
    for (auto name : known) found = found || key == name;
    if (!found) {
      std::string field = std::string(prefix) + std::string(key);
      return InvalidArgument("unknown field '" + field + "'").With("field", std::string_view(field));
    }
  }
  return Ok();
}

Result<http::Principal> PrincipalOf(const Request& request) {
  if (!request.principal) return Error{ErrorCode::kUnauthenticated, "sign in to use this endpoint"};
  return *request.principal;
}

boost::json::value OptionalJson(const std::optional<int64_t>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::object TextMapJson(const TextMap& map) {
  boost::json::object object;
  for (const auto& [key, value] : map) object[key] = value;
  return object;
}

Result<TextMap> TextMapFrom(const boost::json::object& body, std::string_view field) {
  TextMap map;
  auto it = body.find(field);
  if (it == body.end() || it->value().is_null()) return map;
  if (!it->value().is_object()) {
    return InvalidArgument(std::string(field) + " must be an object of texts").With("field", field);
  }
  for (const auto& [key, value] : it->value().as_object()) {
    if (!value.is_string()) {
      return InvalidArgument(std::string(field) + " values must be texts").With("field", field);
    }
    map[std::string(key)] = std::string(value.as_string());
  }
  return map;
}

Result<std::optional<int64_t>> NullableInt(const boost::json::object& body, std::string_view field) {
  auto it = body.find(field);
  if (it == body.end() || it->value().is_null()) return std::optional<int64_t>();
  return json::OptionalInt(body, field);
}

Result<std::string> TextOr(const boost::json::object& body, std::string_view field) {
  X8_TRY(auto value, json::OptionalString(body, field));
  return value.value_or("");
}

Result<Variant> VariantFromJson(const boost::json::value& value) {
  if (!value.is_object()) return InvalidArgument("each variant must be an object").With("field", "variants");
  const auto& body = value.as_object();
  X8_TRY_STATUS(
      OnlyFields(body, {"id", "attributes", "price_minor", "currency", "sku", "stock", "in_stock", "image"},
                 "variants."));
  Variant variant;
  X8_TRY(variant.id, TextOr(body, "id"));
  X8_TRY(variant.attributes, TextMapFrom(body, "attributes"));
  X8_TRY(variant.price_minor, NullableInt(body, "price_minor"));
  X8_TRY(variant.currency, TextOr(body, "currency"));
  X8_TRY(variant.sku, TextOr(body, "sku"));
  X8_TRY(variant.stock, NullableInt(body, "stock"));
  // The image is a bare file name, or the object this API answers with ({"file_name", …}; the link
  // itself is never taken from a client: the server resolves the name).
  if (auto it = body.find("image"); it != body.end() && it->value().is_object()) {
    X8_TRY(variant.image, TextOr(it->value().as_object(), "file_name"));
  } else {
    X8_TRY(variant.image, TextOr(body, "image"));
  }
  if (auto it = body.find("in_stock"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_bool())
      return InvalidArgument("in_stock must be true, false or null").With("field", "in_stock");
    variant.in_stock = it->value().as_bool();
  }
  return variant;
}

Result<CommitInput> ParseCommit(const Request& request) {
  X8_TRY(auto body, request.JsonBody());
  X8_TRY_STATUS(OnlyFields(body, {"mapping", "mode"}));
  CommitInput input;
  X8_TRY(auto mode, json::OptionalString(body, "mode"));
  input.mode = mode.value_or("merge");
  if (auto it = body.find("mapping"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_object())
      return InvalidArgument("mapping must be an object").With("field", "mapping");
    for (const auto& [key, target] : it->value().as_object()) {
      if (!target.is_string())
        return InvalidArgument("mapping values must be texts").With("field", "mapping");
      input.mapping[std::string(key)] = std::string(target.as_string());
    }
  }
  return input;
}

template <class Body>
Response Answer(const Request& request, Result<Body> result, int status = 200) {
  if (!result) return Response::FromError(result.error(), request.request_id);
  return Response::Json(ToJson(*result), status);
}

std::string FileNameOf(const Request& request) {
  auto header = request.headers.Get("X-File-Name");
  if (!header) return {};
  std::string name = http::PercentDecode(*header);
  if (name.size() > 255) name.resize(255);
  return name;
}

}  // namespace

boost::json::object ToJson(const KnowledgeBase& kb) {
  return {{"id", kb.id},
          {"account_id", kb.account_id},
          {"company_id", kb.company_id},
          {"name", kb.name},
          {"kind", ToString(kb.kind)},
          {"items_count", kb.items_count},
          {"created_at", kb.created_at},
          {"updated_at", kb.updated_at}};
}

namespace {

// null without an image cell; {"file_name", "media_id", "thumb_url", "medium_url", "url"} otherwise, the
// last four null until the name resolves to an uploaded image of the account.
boost::json::value ImageJson(const Variant& variant) {
  if (variant.image.empty()) return nullptr;
  auto text = [](const std::string& value) -> boost::json::value {
    if (value.empty()) return nullptr;
    return boost::json::string(value);
  };
  const LinkedImage* linked = variant.linked ? &*variant.linked : nullptr;
  return boost::json::object{{"file_name", variant.image},
                             {"media_id", linked ? text(linked->media_id) : nullptr},
                             {"thumb_url", linked ? text(linked->thumb_url) : nullptr},
                             {"medium_url", linked ? text(linked->medium_url) : nullptr},
                             {"url", linked ? text(linked->url) : nullptr}};
}

}  // namespace

boost::json::object ToJson(const Item& item) {
  boost::json::array variants;
  for (const auto& variant : item.variants) {
    boost::json::value in_stock = nullptr;
    if (variant.in_stock) in_stock = *variant.in_stock;
    variants.push_back(boost::json::object{{"id", variant.id},
                                           {"attributes", TextMapJson(variant.attributes)},
                                           {"price_minor", OptionalJson(variant.price_minor)},
                                           {"currency", variant.currency},
                                           {"sku", variant.sku},
                                           {"stock", OptionalJson(variant.stock)},
                                           {"in_stock", in_stock},
                                           {"image", ImageJson(variant)}});
  }
  return {{"id", item.id},
          {"name", item.name},
          {"description", item.description},
          {"category", item.category},
          {"unit", item.unit},
          {"quantity_step", item.quantity_step},
          {"duration_min", OptionalJson(item.duration_min)},
          {"format", item.format},
          {"location", item.location},
          {"question", item.question},
          {"answer", item.answer},
          {"extra", TextMapJson(item.extra)},
          {"variants", std::move(variants)}};
}

boost::json::object ToJson(const StoredItem& stored) {
  auto object = ToJson(stored.item);
  object["position"] = stored.position;
  object["created_at"] = stored.created_at;
  object["updated_at"] = stored.updated_at;
  return object;
}

boost::json::object ToJson(const ImportPreview& preview) {
  boost::json::array sheets;
  for (const auto& sheet : preview.sheets) sheets.push_back(boost::json::string(sheet));
  boost::json::array columns;
  for (const auto& column : preview.parsed.columns) {
    boost::json::array samples;
    for (const auto& sample : column.samples) samples.push_back(boost::json::string(sample));
    boost::json::object entry{{"index", column.index},
                              {"header", column.header},
                              {"field", ToString(column.mapping.field)},
                              {"samples", std::move(samples)}};
    if (column.mapping.field == Field::kAttribute || column.mapping.field == Field::kExtra) {
      entry["attribute"] = column.mapping.name;
    }
    if (!column.mapping.currency_hint.empty()) entry["currency"] = column.mapping.currency_hint;
    columns.push_back(std::move(entry));
  }
  boost::json::array items;
  for (size_t i = 0; i < preview.parsed.items.size() && i < kPreviewItems; ++i) {
    items.push_back(ToJson(preview.parsed.items[i]));
  }
  boost::json::array problems;
  for (const auto& problem : preview.parsed.problems) {
    problems.push_back(boost::json::object{{"line", problem.line},
                                           {"column", problem.column},
                                           {"field", problem.field},
                                           {"message", problem.message}});
  }
  return {{"import_id", preview.upload.id},
          {"file_name", preview.upload.file_name},
          {"sheet", preview.upload.sheet},
          {"sheets", std::move(sheets)},
          {"columns", std::move(columns)},
          {"rows", preview.parsed.rows},
          {"items", static_cast<int64_t>(preview.parsed.items.size())},
          {"preview", std::move(items)},
          {"problems", std::move(problems)}};
}

Result<Item> ItemFromJson(const boost::json::object& body) {
  X8_TRY_STATUS(OnlyFields(
      body, {"id", "name", "description", "category", "unit", "quantity_step", "duration_min", "format",
             "location", "question", "answer", "extra", "variants", "position", "created_at", "updated_at"}));
  Item item;
  X8_TRY(item.name, TextOr(body, "name"));
  X8_TRY(item.description, TextOr(body, "description"));
  X8_TRY(item.category, TextOr(body, "category"));
  X8_TRY(item.unit, TextOr(body, "unit"));
  X8_TRY(item.quantity_step, TextOr(body, "quantity_step"));
  X8_TRY(item.duration_min, NullableInt(body, "duration_min"));
  X8_TRY(item.format, TextOr(body, "format"));
  X8_TRY(item.location, TextOr(body, "location"));
  X8_TRY(item.question, TextOr(body, "question"));
  X8_TRY(item.answer, TextOr(body, "answer"));
  X8_TRY(item.extra, TextMapFrom(body, "extra"));
  if (!item.format.empty()) {
    auto format = ParseFormat(item.format);
    if (!format) return InvalidArgument(format.error().message).With("field", "format");
    item.format = *format;
  }
  if (auto it = body.find("variants"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_array())
      return InvalidArgument("variants must be an array").With("field", "variants");
    for (const auto& value : it->value().as_array()) {
      X8_TRY(auto variant, VariantFromJson(value));
      item.variants.push_back(std::move(variant));
    }
  }
  return item;
}

void AddRoutes(http::Router& router, const std::shared_ptr<KnowledgeService>& service,
               size_t max_upload_bytes) {
  router.Add("GET", "/api/v1/companies/{company_id}/knowledge-bases", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto list = service->List(*principal, request.PathParam("company_id"));
    if (!list) return Response::FromError(list.error(), request.request_id);
    boost::json::array items;
    for (const auto& kb : *list) items.push_back(ToJson(kb));
    return Response::Json(boost::json::object{{"items", std::move(items)}});
  });

  router.Add("POST", "/api/v1/companies/{company_id}/knowledge-bases", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto body = request.JsonBody();
    if (!body) return Response::FromError(body.error(), request.request_id);
    if (auto known = OnlyFields(*body, {"name", "kind"}); !known) {
      return Response::FromError(known.error(), request.request_id);
    }
    auto name = json::OptionalString(*body, "name");
    if (!name) return Response::FromError(name.error(), request.request_id);
    auto kind = json::OptionalString(*body, "kind");
    if (!kind) return Response::FromError(kind.error(), request.request_id);
    return Answer(request, service->Create(*principal, request.PathParam("company_id"), *name, *kind), 201);
  });

  router.Add("GET", "/api/v1/knowledge-bases/{kb_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    return Answer(request, service->Get(*principal, request.PathParam("kb_id")));
  });

  router.Add("PATCH", "/api/v1/knowledge-bases/{kb_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto body = request.JsonBody();
    if (!body) return Response::FromError(body.error(), request.request_id);
    if (body->contains("kind")) {
      return Response::FromError(
          InvalidArgument("the kind of a knowledge base cannot change").With("field", "kind"),
          request.request_id);
    }
    if (auto known = OnlyFields(*body, {"name"}); !known) {
      return Response::FromError(known.error(), request.request_id);
    }
    auto name = json::OptionalString(*body, "name");
    if (!name) return Response::FromError(name.error(), request.request_id);
    return Answer(request, service->Rename(*principal, request.PathParam("kb_id"), *name));
  });

  router.Add("DELETE", "/api/v1/knowledge-bases/{kb_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto deleted = service->Delete(*principal, request.PathParam("kb_id"));
    if (!deleted) return Response::FromError(deleted.error(), request.request_id);
    return Response::NoContent();
  });

  router.Add(
      "POST", "/api/v1/knowledge-bases/{kb_id}/imports",
      [service](Request& request) {
        auto principal = PrincipalOf(request);
        if (!principal) return Response::FromError(principal.error(), request.request_id);
        UploadInput input{.content = std::move(request.body),
                          .file_name = FileNameOf(request),
                          .sheet = request.QueryParam("sheet").value_or("")};
        return Answer(request, service->Upload(*principal, request.PathParam("kb_id"), input), 201);
      },
      http::RouteOptions{.body = http::BodyKind::kAny, .max_body_bytes = max_upload_bytes});

  router.Add(
      "POST", "/api/v1/knowledge-bases/{kb_id}/imports/{import_id}/commit", [service](Request& request) {
        auto principal = PrincipalOf(request);
        if (!principal) return Response::FromError(principal.error(), request.request_id);
        auto input = ParseCommit(request);
        if (!input) return Response::FromError(input.error(), request.request_id);
        auto counts =
            service->Commit(*principal, request.PathParam("kb_id"), request.PathParam("import_id"), *input);
        if (!counts) return Response::FromError(counts.error(), request.request_id);
        return Response::Json(boost::json::object{{"created", counts->created},
                                                  {"updated", counts->updated},
                                                  {"deleted", counts->deleted},
                                                  {"items", counts->items}});
      });

  router.Add("GET", "/api/v1/knowledge-bases/{kb_id}/items", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    ItemListInput input{.q = request.QueryParam("q"),
                        .category = request.QueryParam("category"),
                        .cursor = request.QueryParam("cursor"),
                        .limit = request.QueryParam("limit")};
    auto page = service->ListItems(*principal, request.PathParam("kb_id"), input);
    if (!page) return Response::FromError(page.error(), request.request_id);
    boost::json::array items;
    for (const auto& stored : page->items) items.push_back(ToJson(stored));
    boost::json::value next = nullptr;
    if (page->next_cursor) next = boost::json::string(*page->next_cursor);
    return Response::Json(boost::json::object{{"items", std::move(items)}, {"next_cursor", next}});
  });

  router.Add("POST", "/api/v1/knowledge-bases/{kb_id}/items", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto body = request.JsonBody();
    if (!body) return Response::FromError(body.error(), request.request_id);
    auto item = ItemFromJson(*body);
    if (!item) return Response::FromError(item.error(), request.request_id);
    return Answer(request, service->AddItem(*principal, request.PathParam("kb_id"), std::move(*item)), 201);
  });

  router.Add("PATCH", "/api/v1/knowledge-bases/{kb_id}/items/{item_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto body = request.JsonBody();
    if (!body) return Response::FromError(body.error(), request.request_id);
    std::string_view kb_id = request.PathParam("kb_id");
    std::string_view item_id = request.PathParam("item_id");
    auto current = service->GetItem(*principal, kb_id, item_id);
    if (!current) return Response::FromError(current.error(), request.request_id);
    // A PATCH replaces the fields it names (variants as a whole list) and keeps the others.
    auto merged = ToJson(current->item);
    for (const auto& [key, value] : *body) merged[key] = value;
    auto item = ItemFromJson(merged);
    if (!item) return Response::FromError(item.error(), request.request_id);
    return Answer(request, service->UpdateItem(*principal, kb_id, item_id, std::move(*item)));
  });

  router.Add("DELETE", "/api/v1/knowledge-bases/{kb_id}/items/{item_id}", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto deleted = service->DeleteItem(*principal, request.PathParam("kb_id"), request.PathParam("item_id"));
    if (!deleted) return Response::FromError(deleted.error(), request.request_id);
    return Response::NoContent();
  });

  router.Add("GET", "/api/v1/companies/{company_id}/catalogue/search", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    CatalogueSearchInput input{.q = request.QueryParam("q"),
                               .category = request.QueryParam("category"),
                               .min_price = request.QueryParam("min_price"),
                               .max_price = request.QueryParam("max_price"),
                               .in_stock = request.QueryParam("in_stock"),
                               .limit = request.QueryParam("limit")};
    auto hits = service->Search(*principal, request.PathParam("company_id"), input);
    if (!hits) return Response::FromError(hits.error(), request.request_id);
    boost::json::array items;
    for (const auto& hit : *hits) {
      boost::json::array terms;
      for (const auto& term : hit.matched_terms) terms.push_back(boost::json::string(term));
      items.push_back(boost::json::object{{"knowledge_base_id", hit.kb_id},
                                          {"score", hit.score},
                                          {"matched_terms", std::move(terms)},
                                          {"item", ToJson(hit.item)}});
    }
    return Response::Json(boost::json::object{{"items", std::move(items)}});
  });

  router.Add("GET", "/api/v1/knowledge-bases/{kb_id}/export", [service](Request& request) {
    auto principal = PrincipalOf(request);
    if (!principal) return Response::FromError(principal.error(), request.request_id);
    auto csv = service->Export(*principal, request.PathParam("kb_id"));
    if (!csv) return Response::FromError(csv.error(), request.request_id);
    auto response = Response::Text(std::move(*csv), "text/csv; charset=utf-8");
    response.headers.Set("Content-Disposition", "attachment; filename=\"catalogue.csv\"");
    return response;
  });
}

}  // namespace x8::knowledge
