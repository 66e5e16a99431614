// HTTP handlers for knowledge bases (docs/knowledge-bases.md, docs/api/openapi.json):
//   GET/POST /api/v1/companies/{company_id}/knowledge-bases, GET/PATCH/DELETE
//   /api/v1/knowledge-bases/{kb_id}, POST /api/v1/knowledge-bases/{kb_id}/imports, POST
//   …/imports/{import_id}/commit, GET/POST /api/v1/knowledge-bases/{kb_id}/items, PATCH/DELETE
//   …/items/{item_id}, GET …/export, GET /api/v1/companies/{company_id}/catalogue/search.
#pragma once

#include <boost/json/object.hpp>
#include <memory>

#include "modules/knowledge/domain/service.h"
#include "platform/http/router.h"

namespace x8::knowledge {

boost::json::object ToJson(const KnowledgeBase& kb);
boost::json::object ToJson(const Item& item);
boost::json::object ToJson(const StoredItem& stored);
boost::json::object ToJson(const ImportPreview& preview);
// An item as the row CRUD receives it; kInvalidArgument naming the field for wrong types.
Result<Item> ItemFromJson(const boost::json::object& body);

// The handlers share ownership of `service`. `max_upload_bytes` is the upload route's body limit.
void AddRoutes(http::Router& router, const std::shared_ptr<KnowledgeService>& service,
               size_t max_upload_bytes);

}  // namespace x8::knowledge
