// The demo flower shop's catalogue and FAQ (src/app/demo/*.csv, copies of shared/samples), compiled in
// so `x8 demo` works from any directory.
#pragma once

#include <string_view>

namespace x8::app {

std::string_view DemoCatalogueCsv();
std::string_view DemoFaqCsv();

}  // namespace x8::app
