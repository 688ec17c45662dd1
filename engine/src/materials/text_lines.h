#pragma once
// Line access with 1-based numbers for the structure readers' error messages ("file:12: ...").
#include "lantern/error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lantern::materials {

class TextLines {
public:
    TextLines(const std::string& text, std::string source);
    int count() const { return int(m_lines.size()); }
    /// Line n (1-based), without its end of line.
    const std::string& line(int n) const { return m_lines[std::size_t(n - 1)]; }
    std::vector<std::string> words(int n) const;
    [[noreturn]] void fail(int n, const std::string& message) const;
    const std::string& source() const { return m_source; }

private:
    std::vector<std::string> m_lines;
    std::string m_source;
};

std::vector<std::string> splitWords(const std::string& s);
/// Whole-word numbers; a CIF standard uncertainty "4.0339(4)" is accepted and dropped.
bool parseNumber(const std::string& word, double& value);
bool parseInteger(const std::string& word, int64_t& value);

} // namespace lantern::materials
