// libFuzzer target for customer message text: the guided engine reads whatever a customer types (any
// bytes, any script, any length) through its normaliser, quantity and intent parsers and the catalogue
// search. Each input is split into a burst of up to four messages at '\n' and answered in one turn,
// then a second turn runs on the state the first one saved, as a conversation would.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "modules/assistant/domain/guided_engine.h"
#include "modules/assistant/testing/indexed_catalogue.h"

namespace {

x8::assistant::TurnInput Input(std::string_view data) {
  x8::assistant::TurnInput input;
  input.company = {.id = "cmp_fuzz",
                   .name = "Fuzz Flowers",
                   .type = "PRODUCT",
                   .currency = "EUR",
                   .timezone = "Europe/Berlin"};
  size_t start = 0;
  while (start <= data.size() && input.new_messages.size() < 4) {
    size_t end = data.find('\n', start);
    if (end == std::string_view::npos) end = data.size();
    input.new_messages.emplace_back(data.substr(start, end - start));
    start = end + 1;
  }
  return input;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  static auto engine = x8::assistant::MakeGuidedEngine();
  static auto catalogue = x8::assistant::testing::FlowerShopCatalogue();
  std::string_view data(reinterpret_cast<const char*>(bytes), size);
  auto input = Input(data);
  auto first = engine->Run(input, catalogue);
  if (!first) return 0;
  input.cart = first->cart;
  input.state = first->state;
  input.language = first->language;
  auto second = engine->Run(input, catalogue);
  (void)second;
  return 0;
}
