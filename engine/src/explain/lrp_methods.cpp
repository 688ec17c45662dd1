#include "explain/registry.h"

namespace lantern::explain {

void registerLrpMethods(Registry&) {}

} // namespace lantern::explain
