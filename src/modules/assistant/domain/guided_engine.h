// The guided engine: deterministic, English and Russian, no AI provider. It reads each message of the
// burst in order (greetings, product and service questions, variant choice, quantities, cart edits,
// cart and total, checkout, FAQ, handoff) against the company's Catalogue and answers with one combined
// reply. Its dialog state (stage, last shown items, pending choice, not-understood count) lives in
// TurnResult::state. docs/assistant.md describes what it understands.
#pragma once

#include <memory>

#include "modules/assistant/domain/engine.h"

namespace x8::assistant {

// Turns without understanding in a row after which the guided engine hands off to a human.
inline constexpr int kStuckTurnsBeforeHandoff = 3;
// Items listed (and offered as buttons) when a question matches several.
inline constexpr size_t kMaxListedItems = 5;
inline constexpr size_t kMaxButtonTitleChars = 40;

std::unique_ptr<Engine> MakeGuidedEngine();

}  // namespace x8::assistant
