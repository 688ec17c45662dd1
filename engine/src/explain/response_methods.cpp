#include "explain/registry.h"

namespace lantern::explain {

void registerResponseMethods(Registry&) {}

} // namespace lantern::explain
