#include "explain/registry.h"

#include "lantern/error.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lantern::explain {

MethodParams::MethodParams(const MethodSpec& spec, const std::map<std::string, std::string>& given)
    : m_method(spec.name)
{
    for (const auto& p : spec.params)
        m_values[p.key] = p.defaultValue;
    for (const auto& [key, value] : given) {
        if (spec.forwardsParams && key.rfind("method.", 0) == 0 && key.size() > 7) {
            m_forwarded[key.substr(7)] = value;
            continue;
        }
        if (!m_values.count(key)) {
            std::string known;
            for (const auto& p : spec.params)
                known += (known.empty() ? "" : ", ") + p.key;
            throw ArgumentError("method '" + spec.name + "' has no parameter '" + key + "'" +
                                (known.empty() ? std::string(" (it takes none)") : " (it takes: " + known + ")"));
        }
        m_values[key] = value;
        m_given.insert(key);
    }
}

const std::string& MethodParams::text(const std::string& key) const
{
    auto it = m_values.find(key);
    if (it == m_values.end())
        throw ArgumentError("method '" + m_method + "': internal: no parameter '" + key + "' declared");
    return it->second;
}

double MethodParams::number(const std::string& key) const
{
    const std::string& v = text(key);
    try {
        size_t used = 0;
        const double d = std::stod(v, &used);
        if (used == v.size())
            return d;
    } catch (const std::exception&) {
    }
    throw ArgumentError("method '" + m_method + "': parameter " + key + "=" + v + " is not a number");
}

int64_t MethodParams::integer(const std::string& key) const
{
    const std::string& v = text(key);
    int64_t out = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || ptr != v.data() + v.size())
        throw ArgumentError("method '" + m_method + "': parameter " + key + "=" + v + " is not an integer");
    return out;
}

bool MethodParams::flag(const std::string& key) const
{
    std::string v = text(key);
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (v == "true" || v == "1" || v == "yes" || v == "on")
        return true;
    if (v == "false" || v == "0" || v == "no" || v == "off")
        return false;
    throw ArgumentError("method '" + m_method + "': parameter " + key + "=" + v + " is not true/false");
}

void ExplainContext::checkCancel() const
{
    if (request.cancel && request.cancel->load())
        throw CancelledError();
}

void ExplainContext::progress(double fraction) const
{
    if (request.progress)
        request.progress(std::clamp(fraction, 0.0, 1.0));
}

void Registry::add(MethodSpec spec, MethodFn fn)
{
    m_entries.emplace_back(std::move(spec), std::move(fn));
}

const Registry& registry()
{
    static const Registry instance = [] {
        Registry r;
        registerGradientMethods(r);
        registerCamMethods(r);
        registerLrpMethods(r);
        registerResponseMethods(r);
        registerOptimalInputMethods(r);
        registerCompositeMethods(r);
        return r;
    }();
    return instance;
}

std::vector<MethodSpec> methods()
{
    std::vector<MethodSpec> out;
    for (const auto& [spec, fn] : registry().entries())
        out.push_back(spec);
    return out;
}

const MethodSpec& method(const std::string& name)
{
    for (const auto& [spec, fn] : registry().entries())
        if (spec.name == name)
            return spec;
    std::string names;
    for (const auto& [spec, fn] : registry().entries())
        names += (names.empty() ? "" : ", ") + spec.name;
    throw ArgumentError("unknown explanation method '" + name + "' (available: " + names + ")");
}

} // namespace lantern::explain
