// The demo businesses' catalogues and FAQ (src/app/demo/*.csv, copies of shared/samples), compiled in
// so `x8 demo` works from any directory.
#pragma once

#include <string_view>

namespace x8::app {

std::string_view DemoCatalogueCsv();
std::string_view DemoFaqCsv();
std::string_view DemoSalonCsv();  // a SERVICE company: Russian headers, roubles, one free consultation

}  // namespace x8::app
