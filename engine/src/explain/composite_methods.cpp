#include "explain/registry.h"

namespace lantern::explain {

void registerCompositeMethods(Registry&) {}

} // namespace lantern::explain
