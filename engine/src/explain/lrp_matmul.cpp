#include "explain/lrp_matmul.h"

#include "lantern/error.h"
#include "lantern/ops/constant.h"
#include "lantern/ops/gemm.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>

namespace lantern::explain::lrp {

namespace {

Constant* constantOperand(const Graph& graph, const std::string& value)
{
    const Node* p = graph.producer(value);
    return p ? dynamic_cast<Constant*>(p->op.get()) : nullptr;
}

/// The merged bias Add of constant MatMul `n` and its constant operand, or {nullptr, nullptr}.
std::pair<const Node*, Constant*> biasAdd(const Graph& graph, const Node& n)
{
    const std::string& out = n.outputs.at(0);
    const auto readers = graph.consumers(out);
    const auto& outputs = graph.outputNames();
    if (readers.size() != 1 || readers.front()->op->type() != "Add" || readers.front()->inputs.size() != 2 ||
        std::find(outputs.begin(), outputs.end(), out) != outputs.end())
        return {};
    const Node* add = readers.front();
    const std::string& other = add->inputs[0] == out ? add->inputs[1] : add->inputs[0];
    Constant* b = other == out ? nullptr : constantOperand(graph, other);
    // M values broadcast over the rows: shape (M), (1, M), (1, 1, M), ...
    const int64_t m = constantOperand(graph, n.inputs[1])->value().dim(1);
    if (!b || b->value().rank() == 0 || b->value().shape().back() != m || b->value().size() != m)
        return {};
    return {add, b};
}

/// The Gemm equivalent to a constant MatMul (and its bias), cached by the source tensors' storage and versions
/// so repeated explanations reuse its oneDNN primitives and LRP's cached weight variants.
std::shared_ptr<Gemm> equivalentGemm(const Op& matMul, Constant& weight, Constant* bias)
{
    using Key = std::tuple<const Op*, const float*, uint64_t, const float*, uint64_t>;
    static std::mutex mutex;
    static std::map<Key, std::shared_ptr<Gemm>> cache;
    const Parameter& w = *weight.parameters().front();
    const Parameter* b = bias ? bias->parameters().front() : nullptr;
    const Key key{&matMul, w.value.data(), w.version, b ? b->value.data() : nullptr, b ? b->version : 0};
    std::lock_guard lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end())
        return it->second;
    if (cache.size() >= 256)
        cache.clear(); // bounded: models come and go
    GemmParams p;
    p.inFeatures = w.value.dim(0);
    p.outFeatures = w.value.dim(1);
    p.bias = b != nullptr;
    auto gemm = std::make_shared<Gemm>(p);
    gemm->weight().value = w.value.clone();
    if (b)
        gemm->bias()->value = b->value.clone().reshaped({p.outFeatures});
    cache[key] = gemm;
    return gemm;
}

class MatMulRule final : public BackwardRule {
public:
    MatMulRule(std::shared_ptr<Gemm> gemm, const RuleConfig& config)
        : m_gemm(std::move(gemm)), m_linear(linearRule(config, nullptr))
    {}
    std::string name() const override { return "lrp-matmul"; }

    void apply(Op&, const Node& node, BackwardArgs& args) const override
    {
        if (args.needInputGrad.empty() || !args.needInputGrad[0])
            return;
        if (args.inputs.empty() || args.inputs[0].isEmpty() || args.gradOutputs.empty())
            throw Error("LRP: MatMul '" + node.name + "' has no forward input");
        const Tensor& x = args.inputs[0];
        const int64_t k = m_gemm->params().inFeatures, m = m_gemm->params().outFeatures;
        if (x.rank() < 2 || x.dim(-1) != k)
            throw ShapeError("LRP: MatMul '" + node.name + "' input " + shapeToString(x.shape()) + " does not end in " +
                             std::to_string(k) + " features");
        const int64_t rows = x.size() / k;
        const Tensor x2 = x.reshaped({rows, k});
        const Tensor r2 = args.gradOutputs[0].reshaped({rows, m});
        BackwardArgs inner;
        inner.inputs = std::span<const Tensor>(&x2, 1);
        inner.gradOutputs = std::span<const Tensor>(&r2, 1);
        inner.needInputGrad = {true};
        inner.gradInputs.resize(1);
        inner.mode = args.mode;
        m_linear->apply(*m_gemm, node, inner);
        args.gradInputs[0] = inner.gradInputs[0].reshaped(x.shape());
    }

private:
    std::shared_ptr<Gemm> m_gemm;
    std::shared_ptr<const BackwardRule> m_linear;
};

} // namespace

bool isConstantMatMul(const Graph& graph, const Node& n)
{
    if (n.op->type() != "MatMul" || n.inputs.size() != 2)
        return false;
    const Constant* w = constantOperand(graph, n.inputs[1]);
    return w && w->value().rank() == 2;
}

const Node* mergedBiasAdd(const Graph& graph, const Node& n)
{
    return isConstantMatMul(graph, n) ? biasAdd(graph, n).first : nullptr;
}

std::shared_ptr<const BackwardRule> matMulRule(const Graph& graph, const Node& n, const RuleConfig& config)
{
    if (!isConstantMatMul(graph, n))
        throw UnsupportedError("LRP: MatMul '" + n.name + "' does not multiply by a constant matrix");
    return std::make_shared<MatMulRule>(
        equivalentGemm(*n.op, *constantOperand(graph, n.inputs[1]), biasAdd(graph, n).second), config);
}

std::shared_ptr<const BackwardRule> mergedBiasRule()
{
    return std::make_shared<LambdaRule>("lrp-merged-bias", [](Op&, const Node&, BackwardArgs& args) {
        for (size_t k = 0; k < args.gradInputs.size(); ++k)
            if (args.needInputGrad[k] && args.inputs[k].shape() == args.gradOutputs[0].shape())
                args.gradInputs[k] = args.gradOutputs[0];
    });
}

} // namespace lantern::explain::lrp
