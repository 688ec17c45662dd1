#pragma once
// Line-numbered checks of CIF and POSCAR text. Open Babel reads these formats but reports a failure without
// saying where; these checks find the first line that is wrong (a truncated loop, a missing cell, a short
// coordinate row) so the error can name it. They accept everything a well-formed file holds.
#include "text_lines.h"

#include <optional>
#include <string>

namespace lantern::materials {

struct FormatIssue {
    int line = 0;
    std::string message;
};

std::optional<FormatIssue> checkCif(const TextLines& lines);
std::optional<FormatIssue> checkPoscar(const TextLines& lines);

} // namespace lantern::materials
