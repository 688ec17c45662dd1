#include "explain/registry.h"

namespace lantern::explain {

void registerCamMethods(Registry&) {}

} // namespace lantern::explain
