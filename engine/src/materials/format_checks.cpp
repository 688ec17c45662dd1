#include "format_checks.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace lantern::materials {

namespace {

struct Token {
    std::string text;
    int line = 0;
    bool quoted = false;
};

/// CIF 1.1 tokens: comments dropped, quoted strings (a quote closes only before white space), semicolon text
/// fields. An unterminated text field is reported.
std::optional<FormatIssue> tokenizeCif(const TextLines& lines, std::vector<Token>& tokens)
{
    for (int n = 1; n <= lines.count(); ++n) {
        const std::string& line = lines.line(n);
        if (!line.empty() && line[0] == ';') {
            const int start = n;
            std::string text = line.substr(1);
            for (++n; n <= lines.count() && (lines.line(n).empty() || lines.line(n)[0] != ';'); ++n)
                text += "\n" + lines.line(n);
            if (n > lines.count())
                return FormatIssue{start, "the text field opened here (';') is never closed (truncated file?)"};
            tokens.push_back({text, start, true});
            continue;
        }
        std::size_t i = 0;
        while (i < line.size()) {
            if (std::isspace(static_cast<unsigned char>(line[i]))) {
                ++i;
                continue;
            }
            if (line[i] == '#')
                break;
            if (line[i] == '\'' || line[i] == '"') {
                const char quote = line[i];
                std::size_t j = i + 1;
                while (j < line.size() && !(line[j] == quote && (j + 1 == line.size() || std::isspace(static_cast<unsigned char>(line[j + 1])))))
                    ++j;
                tokens.push_back({line.substr(i + 1, std::min(j, line.size()) - i - 1), n, true});
                i = j + 1;
                continue;
            }
            const std::size_t start = i;
            while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
                ++i;
            tokens.push_back({line.substr(start, i - start), n, false});
        }
    }
    return std::nullopt;
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isTag(const Token& t) { return !t.quoted && !t.text.empty() && t.text[0] == '_'; }
bool isKeyword(const Token& t)
{
    if (t.quoted)
        return false;
    const std::string l = lower(t.text);
    return l == "loop_" || l.rfind("data_", 0) == 0 || l.rfind("save_", 0) == 0 || l == "global_" || l == "stop_";
}

} // namespace

std::optional<FormatIssue> checkCif(const TextLines& lines)
{
    std::vector<Token> tokens;
    if (auto issue = tokenizeCif(lines, tokens))
        return issue;
    const int lastLine = std::max(lines.count(), 1);
    std::size_t i = 0;
    bool sawData = false, sawCoordinates = false;
    std::map<std::string, int> cellTags;
    int blocks = 0;
    while (i < tokens.size()) {
        const Token& t = tokens[i];
        const std::string l = lower(t.text);
        if (!t.quoted && l.rfind("data_", 0) == 0) {
            // Open Babel reads the first block with atoms; a leading block without them (data_global) is skipped
            if (++blocks > 1 && sawCoordinates)
                break;
            if (blocks > 1)
                cellTags.clear();
            sawData = true;
            ++i;
        } else if (!t.quoted && l == "loop_") {
            const int loopLine = t.line;
            std::vector<std::string> tags;
            for (++i; i < tokens.size() && isTag(tokens[i]); ++i)
                tags.push_back(lower(tokens[i].text));
            if (tags.empty())
                return FormatIssue{loopLine, "loop_ without column names"};
            std::vector<const Token*> values;
            for (; i < tokens.size() && !isTag(tokens[i]) && !isKeyword(tokens[i]); ++i)
                values.push_back(&tokens[i]);
            if (values.size() % tags.size() != 0) {
                const int line = values.empty() ? loopLine : values.back()->line;
                return FormatIssue{line, "the loop of " + tags.front() + " (line " + std::to_string(loopLine) + ") has " +
                                             std::to_string(values.size()) + " values, not a multiple of its " +
                                             std::to_string(tags.size()) + " columns (a truncated or broken row)"};
            }
            const auto column = [&](const std::string& name) {
                const auto it = std::find(tags.begin(), tags.end(), name);
                return it == tags.end() ? -1 : int(it - tags.begin());
            };
            for (const char* axis : {"x", "y", "z"}) {
                for (const std::string prefix : {"_atom_site_fract_", "_atom_site_cartn_"}) {
                    const int c = column(prefix + axis);
                    if (c < 0)
                        continue;
                    sawCoordinates = true;
                    for (std::size_t r = std::size_t(c); r < values.size(); r += tags.size()) {
                        double v = 0;
                        if (!values[r]->quoted && (values[r]->text == "?" || values[r]->text == "."))
                            continue; // unknown or inapplicable (an unlocated H atom): Open Babel's concern
                        if (!parseNumber(values[r]->text, v))
                            return FormatIssue{values[r]->line, prefix + axis + " value '" + values[r]->text +
                                                                    "' is not a number"};
                    }
                }
            }
            // symmetry operations: Open Babel can loop for minutes on a malformed one, so check their form here
            for (const char* name : {"_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz"}) {
                const int c = column(name);
                if (c < 0)
                    continue;
                for (std::size_t r = std::size_t(c); r < values.size(); r += tags.size()) {
                    const std::string& op = values[r]->text;
                    const bool charsOk = op.find_first_not_of("xyzXYZ0123456789+-*/., \t") == std::string::npos;
                    if (!charsOk || std::count(op.begin(), op.end(), ',') != 2 || op.size() > 200)
                        return FormatIssue{values[r]->line, "symmetry operation '" + op.substr(0, 60) +
                                                                "' is not of the form x,y,z (e.g. '-x+1/2,y,-z')"};
                }
            }
            if (tags.front().rfind("_atom_site_", 0) == 0 && values.empty())
                return FormatIssue{loopLine, "the atom site loop holds no atoms"};
        } else if (isTag(t)) {
            if (i + 1 >= tokens.size() || isTag(tokens[i + 1]) || isKeyword(tokens[i + 1]))
                return FormatIssue{t.line, t.text + " has no value" +
                                               std::string(i + 1 >= tokens.size() ? " (the file ends here)" : "")};
            if (l.rfind("_cell_length_", 0) == 0 || l.rfind("_cell_angle_", 0) == 0) {
                double v = 0;
                if (!parseNumber(tokens[i + 1].text, v) || v <= 0)
                    return FormatIssue{tokens[i + 1].line, t.text + " value '" + tokens[i + 1].text + "' is not a positive number"};
                cellTags[l] = t.line;
            }
            i += 2;
        } else {
            ++i; // stray values: tolerated, as Open Babel does
        }
    }
    if (!sawData)
        return FormatIssue{1, "no data_ block: not a CIF file"};
    for (const char* tag : {"_cell_length_a", "_cell_length_b", "_cell_length_c"})
        if (!cellTags.count(tag))
            return FormatIssue{lastLine, std::string("no ") + tag + " in the file (truncated, or not a crystal CIF?)"};
    if (!sawCoordinates)
        return FormatIssue{lastLine, "no atom site loop with _atom_site_fract_x or _atom_site_Cartn_x (truncated?)"};
    return std::nullopt;
}

std::optional<FormatIssue> checkPoscar(const TextLines& lines)
{
    const auto numbers = [&](int n, std::size_t count) {
        const auto words = lines.words(n);
        if (words.size() < count)
            return false;
        for (std::size_t k = 0; k < count; ++k) {
            double v = 0;
            if (!parseNumber(words[k], v))
                return false;
        }
        return true;
    };
    if (lines.count() < 2 || !numbers(2, 1))
        return FormatIssue{std::min(lines.count(), 2), "line 2 must be the scaling factor"};
    {
        const auto scale = lines.words(2);
        double v = 0;
        int64_t probe = 0;
        (void)parseNumber(scale[0], v);
        if (scale.size() >= 3 && parseNumber(scale[1], v) && parseNumber(scale[2], v) && !parseInteger(scale[1], probe))
            return FormatIssue{2, "three scaling factors (VASP 6) are not supported; give one"};
        (void)parseNumber(scale[0], v);
        if (!(v > 0))
            return FormatIssue{2, "scaling factor " + scale[0] +
                                      ": a negative value (the cell volume) or zero is not supported; give the factor"};
    }
    for (int n = 3; n <= 5; ++n)
        if (n > lines.count() || !numbers(n, 3))
            return FormatIssue{std::min(n, std::max(lines.count(), 1)), "lines 3-5 must be the three lattice vectors"};
    int n = 6;
    auto words = lines.words(n);
    int64_t probe = 0;
    if (!words.empty() && !parseInteger(words[0], probe))
        words = lines.words(++n); // VASP 5: element names, then counts
    if (words.empty())
        return FormatIssue{std::min(n, std::max(lines.count(), 1)), "expected the number of atoms of each species"};
    int64_t atoms = 0;
    for (const auto& w : words) {
        int64_t c = 0;
        if (!parseInteger(w, c)) {
            if (atoms > 0)
                break;
            return FormatIssue{n, "'" + w + "' is not an atom count"};
        }
        if (c < 0 || c > 10'000'000)
            return FormatIssue{n, "atom count " + w + " is out of range"};
        atoms += c;
    }
    ++n;
    if (n <= lines.count() && !lines.line(n).empty() && (lines.line(n)[0] == 'S' || lines.line(n)[0] == 's'))
        ++n; // selective dynamics
    if (n > lines.count() || lines.words(n).empty())
        return FormatIssue{std::min(n, std::max(lines.count(), 1)), "expected Direct or Cartesian (truncated file?)"};
    const char mode = char(std::tolower(static_cast<unsigned char>(lines.words(n)[0][0])));
    if (mode != 'd' && mode != 'c' && mode != 'k')
        return FormatIssue{n, "expected Direct or Cartesian, found '" + lines.line(n) + "'"};
    for (int64_t a = 0; a < atoms; ++a) {
        const int line = n + 1 + int(a);
        if (line > lines.count())
            return FormatIssue{lines.count(), "the file ends after " + std::to_string(a) + " of " +
                                                  std::to_string(atoms) + " atom positions (truncated?)"};
        if (!numbers(line, 3))
            return FormatIssue{line, "expected three coordinates, found '" + lines.line(line) + "'"};
    }
    return std::nullopt;
}

} // namespace lantern::materials
