// CrabNet's formula parsing, reproduced step by step from utils/composition.py (anthony-wang/CrabNet,
// get_sym_dict / parse_formula / _element_composition) and the EDM order of utils/utils.py get_edm.
#include "lantern/error.h"
#include "lantern/snapshots/crabnet.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace lantern::snapshots {

namespace {

bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// Python's float() on the amount text (digits, '.', '-', '*' only): a complete decimal number or an error.
double pythonFloat(const std::string& text, const std::string& formula)
{
    const std::string s = text;
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    // from_chars accepts a leading '-' like float(); it rejects '+', which cannot occur here
    if (ec != std::errc() || end != s.data() + s.size() || s.empty())
        throw ArgumentError("'" + formula + "' is an invalid formula: amount '" + text + "' is not a number");
    return v;
}

/// Python's repr of a float, as CrabNet's "{}".format(amt) writes expanded groups.
std::string pythonRepr(double v)
{
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
    std::string s(buf, ec == std::errc() ? end : buf);
    if (s.find_first_of(".eEn") == std::string::npos) // "4" -> "4.0" (inf/nan cannot occur)
        s += ".0";
    return s;
}

using SymDict = std::vector<ElementAmount>; // insertion-ordered like Python's dict

void add(SymDict& dict, const std::string& el, double amount)
{
    for (ElementAmount& e : dict)
        if (e.symbol == el) {
            e.amount += amount;
            return;
        }
    dict.push_back({el, amount});
}

/// get_sym_dict: every match of ([A-Z][a-z]*)\s*([-*\.\d]*) in f; each matched text is removed once from the
/// rest, and anything left (not whitespace) makes the formula invalid.
SymDict symDict(const std::string& f, double factor, const std::string& formula)
{
    SymDict dict;
    std::string rest = f;
    size_t i = 0;
    while (i < f.size()) {
        if (!isUpper(f[i])) {
            ++i;
            continue;
        }
        const size_t begin = i++;
        while (i < f.size() && isLower(f[i]))
            ++i;
        const std::string el = f.substr(begin, i - begin);
        while (i < f.size() && isSpace(f[i]))
            ++i;
        const size_t amountBegin = i;
        while (i < f.size() && (isDigit(f[i]) || f[i] == '.' || f[i] == '-' || f[i] == '*'))
            ++i;
        const std::string amountText = f.substr(amountBegin, i - amountBegin);
        double amount = 1;
        if (!amountText.empty()) // strip() of [-*.\d]* is itself
            amount = pythonFloat(amountText, formula);
        add(dict, el, amount * factor);
        const std::string matched = f.substr(begin, i - begin);
        const size_t at = rest.find(matched);
        if (at != std::string::npos)
            rest.erase(at, matched.size());
    }
    if (std::any_of(rest.begin(), rest.end(), [](char c) { return !isSpace(c); }))
        throw ArgumentError("'" + formula + "' is an invalid formula: '" + rest + "' is left over");
    return dict;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to)
{
    size_t at = 0;
    while ((at = s.find(from, at)) != std::string::npos) {
        s.replace(at, from.size(), to);
        at += to.size();
    }
    return s;
}

} // namespace

std::vector<ElementAmount> parseCrabNetFormula(const std::string& input)
{
    std::string formula;
    for (char c : input) {
        if (c == '@')
            continue; // metallofullerenes such as Y3N@C80
        formula += c == '[' ? '(' : c == ']' ? ')' : c;
    }
    // Expand the first innermost group \(([^\(\)]+)\)\s*([\.\d]*) until none is left (at most one pass per '(').
    for (int guard = 0; guard < 10000; ++guard) {
        size_t open = std::string::npos, close = std::string::npos;
        for (size_t i = 0; i < formula.size(); ++i) {
            if (formula[i] == '(')
                open = i;
            else if (formula[i] == ')' && open != std::string::npos) {
                if (i > open + 1) {
                    close = i;
                    break;
                }
                open = std::string::npos; // "()" does not match [^()]+
            }
        }
        if (close == std::string::npos)
            return symDict(formula, 1, input);
        size_t end = close + 1;
        while (end < formula.size() && isSpace(formula[end]))
            ++end;
        const size_t factorBegin = end;
        while (end < formula.size() && (isDigit(formula[end]) || formula[end] == '.'))
            ++end;
        const std::string factorText = formula.substr(factorBegin, end - factorBegin);
        const double factor = factorText.empty() ? 1.0 : pythonFloat(factorText, input);
        const SymDict unit = symDict(formula.substr(open + 1, close - open - 1), factor, input);
        std::string expanded;
        for (const ElementAmount& e : unit)
            expanded += e.symbol + pythonRepr(e.amount);
        formula = replaceAll(formula, formula.substr(open, end - open), expanded);
    }
    throw ArgumentError("'" + input + "' is an invalid formula: too many parentheses");
}

std::vector<ElementAmount> crabNetElementOrder(const std::string& formula)
{
    std::vector<ElementAmount> kept;
    for (const ElementAmount& e : parseCrabNetFormula(formula))
        if (std::abs(e.amount) >= 1e-6)
            kept.push_back(e);
    std::stable_sort(kept.begin(), kept.end(),
                     [](const ElementAmount& a, const ElementAmount& b) { return -a.amount < -b.amount; });
    return kept;
}

int CrabNetSample::presentCount() const
{
    return static_cast<int>(std::count(present.begin(), present.end(), uint8_t(1)));
}

const char* rowOrderName(RowOrder order)
{
    return order == RowOrder::EpochMajor ? "epoch-major" : "sample-major";
}

RowOrder rowOrderFromName(const std::string& name)
{
    if (name == "epoch-major")
        return RowOrder::EpochMajor;
    if (name == "sample-major")
        return RowOrder::SampleMajor;
    throw ArgumentError("unknown row order '" + name + "' (epoch-major or sample-major)");
}

} // namespace lantern::snapshots
