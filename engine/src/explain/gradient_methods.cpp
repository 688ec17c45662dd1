#include "explain/registry.h"

namespace lantern::explain {

void registerGradientMethods(Registry&) {}

} // namespace lantern::explain
