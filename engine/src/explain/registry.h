#pragma once
// Internal: how explanation methods are registered and what they receive. Each group of methods lives in its
// own file and registers itself from one function listed in registry.cpp (explicit calls, so the static
// library's linker cannot drop a group).

#include "lantern/explain/explainer.h"
#include "lantern/graph.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lantern::explain {

/// Parameters of one request, validated against the method's spec; missing keys take their defaults.
class MethodParams {
public:
    MethodParams(const MethodSpec& spec, const std::map<std::string, std::string>& given);
    double number(const std::string& key) const; ///< ArgumentError naming method, key and value if not a number
    int64_t integer(const std::string& key) const;
    bool flag(const std::string& key) const; ///< true/false/1/0/yes/no
    const std::string& text(const std::string& key) const;
    /// Whether the caller set `key` (false: the default applies).
    bool given(const std::string& key) const { return m_given.count(key) > 0; }
    /// "method.KEY=VALUE" parameters of a method with forwardsParams, as KEY -> VALUE.
    const std::map<std::string, std::string>& forwarded() const { return m_forwarded; }

private:
    std::string m_method;
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::string> m_forwarded;
    std::set<std::string> m_given;
};

/// What a method gets. `graph` is the model's graph; `logits` the value to explain (pre-softmax).
struct ExplainContext {
    Model& model;
    Graph& graph;
    const Tensor& input;
    std::string inputName;
    std::string logits;
    const MethodParams& params;
    const ExplainRequest& request;

    void checkCancel() const; ///< throws CancelledError when request.cancel is set
    void progress(double fraction) const;
};

using MethodFn = std::function<Explanation(ExplainContext&)>;

class Registry {
public:
    void add(MethodSpec spec, MethodFn fn);
    const std::vector<std::pair<MethodSpec, MethodFn>>& entries() const { return m_entries; }

private:
    std::vector<std::pair<MethodSpec, MethodFn>> m_entries;
};

/// The registry with every group registered (built once, thread-safe).
const Registry& registry();

// One function per group of methods (each in its own .cpp).
void registerGradientMethods(
    Registry& registry); ///< gradient, input-x-gradient, smoothgrad, integrated-gradients, deconvnet, guided-backprop
void registerCamMethods(Registry& registry);          ///< grad-cam
void registerLrpMethods(Registry& registry);          ///< lrp-*, deep-taylor
void registerResponseMethods(Registry& registry);     ///< attentive-response, clear
void registerOptimalInputMethods(Registry& registry); ///< optimal-input
void registerCompositeMethods(Registry& registry);    ///< composite

} // namespace lantern::explain
