// The inbox API (business side, authenticated): conversations, messages, take-over/hand-back, notes,
// read, close and the company's assistant settings. docs/design/conversations.md "HTTP API".
#pragma once

#include <memory>

#include "modules/conversations/domain/service.h"
#include "platform/http/router.h"

namespace x8::conversations {

// Parses PUT /assistant-settings bodies; kInvalidArgument naming the field for unknown or mistyped ones.
Result<SettingsPatch> SettingsPatchFromJson(const boost::json::object& body);

void AddRoutes(http::Router& router, std::shared_ptr<ConversationService> service);

}  // namespace x8::conversations
