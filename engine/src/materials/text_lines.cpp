#include "text_lines.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace lantern::materials {

TextLines::TextLines(const std::string& text, std::string source) : m_source(std::move(source))
{
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        m_lines.push_back(std::move(line));
        start = end + 1;
    }
}

std::vector<std::string> TextLines::words(int n) const { return n >= 1 && n <= count() ? splitWords(line(n)) : std::vector<std::string>{}; }

void TextLines::fail(int n, const std::string& message) const
{
    throw IoError(m_source + ":" + std::to_string(std::max(n, 1)) + ": " + message);
}

std::vector<std::string> splitWords(const std::string& s)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        const std::size_t start = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        if (i > start)
            out.push_back(s.substr(start, i - start));
    }
    return out;
}

bool parseNumber(const std::string& word, double& value)
{
    std::string w = word;
    if (const auto paren = w.find('('); paren != std::string::npos && !w.empty() && w.back() == ')')
        w = w.substr(0, paren);
    if (w.empty())
        return false;
    const char* begin = w.data() + (w[0] == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(begin, w.data() + w.size(), value);
    return ec == std::errc() && end == w.data() + w.size() && std::isfinite(value);
}

bool parseInteger(const std::string& word, int64_t& value)
{
    if (word.empty())
        return false;
    const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
    return ec == std::errc() && end == word.data() + word.size();
}

} // namespace lantern::materials
