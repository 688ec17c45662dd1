#include "enso_figure.h"

namespace lantern::cli {

void writeEnsoFigure(const EnsoFigure&, const std::string&) {}

} // namespace lantern::cli
