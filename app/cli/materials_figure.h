#pragma once
// The robustness figure of the materials study (the thesis' Table 3.2 as curves): accuracy against vacancy
// fraction, displacement sigma and substitution fraction, the CNN beside spglib at each tolerance. PNG, SVG or PDF
// by the file extension.

#include "lantern/studies/materials.h"

#include <string>
#include <vector>

namespace lantern::cli {

void writeRobustnessFigure(const std::vector<studies::RobustnessRow>& rows, const std::string& path);

} // namespace lantern::cli
