#include "explain/registry.h"

namespace lantern::explain {

void registerOptimalInputMethods(Registry&) {}

} // namespace lantern::explain
