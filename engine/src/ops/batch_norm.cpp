#include "lantern/ops/batch_norm.h"

#include "backend/dnnl_backend.h"
#include "backend/packed_weights.h"

#include <cmath>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>

namespace lantern {

using namespace backend;
using flags = dnnl::normalization_flags;

namespace {

/// The statistics a forward pass normalized with (batch statistics in training, running ones in inference).
struct BatchNormState : OpState {
    Mode mode = Mode::Inference;
    Tensor mean, variance;
};

} // namespace

struct BatchNorm::Impl {
    struct Entry {
        dnnl::batch_normalization_forward::primitive_desc fwdPd;
        dnnl::batch_normalization_forward fwd;
        dnnl::batch_normalization_backward::primitive_desc bwdPd;
        dnnl::batch_normalization_backward bwd;
    };
    /// (input shape, training semantics, forward_training primitive)
    using Key = std::tuple<Shape, bool, bool>;
    std::mutex mutex;
    std::map<Key, Entry> cache;

    static flags flagsFor(const BatchNormParams& p, bool training)
    {
        flags f = flags::none;
        if (!training)
            f |= flags::use_global_stats;
        if (p.affine)
            f |= flags::use_scale | flags::use_shift;
        return f;
    }

    Entry& entry(const BatchNormParams& p, const Shape& in, bool training, bool propTraining)
    {
        std::lock_guard lock(mutex);
        const Key key{in, training, propTraining};
        auto it = cache.find(key);
        if (it != cache.end())
            return it->second;
        Entry e;
        const auto prop = propTraining ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
        e.fwdPd = guarded("BatchNorm", [&] {
            dnnl::batch_normalization_forward::desc desc(prop, plainDesc(in), p.epsilon, flagsFor(p, training));
            return dnnl::batch_normalization_forward::primitive_desc(desc, primitiveAttr(), cpuEngine());
        });
        e.fwd = dnnl::batch_normalization_forward(e.fwdPd);
        return cache.emplace(key, std::move(e)).first->second;
    }

    void ensureBackward(const BatchNormParams& p, const Shape& in, bool training, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwd)
            return;
        const auto prop = p.affine ? dnnl::prop_kind::backward : dnnl::prop_kind::backward_data;
        e.bwdPd = guarded("BatchNorm backward", [&] {
            dnnl::batch_normalization_backward::desc desc(prop, plainDesc(in), plainDesc(in), p.epsilon,
                                                          flagsFor(p, training));
            return dnnl::batch_normalization_backward::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwd = dnnl::batch_normalization_backward(e.bwdPd);
    }
};

BatchNorm::BatchNorm(const BatchNormParams& params) : m_params(params), m_impl(std::make_unique<Impl>())
{
    const auto& p = m_params;
    if (p.numFeatures <= 0)
        throw ArgumentError("BatchNorm: numFeatures must be positive, got " + std::to_string(p.numFeatures));
    if (!(p.epsilon >= 0.f) || !std::isfinite(p.epsilon))
        throw ArgumentError("BatchNorm: epsilon must be >= 0, got " + std::to_string(p.epsilon));
    if (!(p.momentum >= 0.f && p.momentum <= 1.f))
        throw ArgumentError("BatchNorm: momentum must be in [0, 1], got " + std::to_string(p.momentum));
    const Shape c{p.numFeatures};
    m_weight = Parameter{"weight", Tensor(c, 1.f)};
    m_bias = Parameter{"bias", Tensor(c, 0.f)};
    m_runningMean = Parameter{"running_mean", Tensor(c, 0.f), false};
    m_runningVar = Parameter{"running_var", Tensor(c, 1.f), false};
}

BatchNorm::~BatchNorm() = default;

std::vector<Shape> BatchNorm::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    if (in.size() < 2 || in.size() > 5)
        throw ShapeError("BatchNorm expects (N, C) or (N, C, spatial...) input of rank 2 to 5, got " +
                         shapeToString(in));
    if (in[1] != m_params.numFeatures)
        throw ShapeError("BatchNorm expects " + std::to_string(m_params.numFeatures) + " channels, got " +
                         shapeToString(in));
    if (shapeSize(in) == 0)
        throw ShapeError("BatchNorm expects a non-empty input, got " + shapeToString(in));
    const Shape c{m_params.numFeatures};
    for (const Parameter* p : {&m_weight, &m_bias, &m_runningMean, &m_runningVar})
        if (p->value.shape() != c)
            throw ShapeError("BatchNorm: parameter " + p->name + " has shape " + shapeToString(p->value.shape()) +
                             ", expected " + shapeToString(c));
    return {in};
}

void BatchNorm::forward(ForwardArgs& args)
{
    std::vector<Shape> inShapes;
    for (const Tensor& t : args.inputs)
        inShapes.push_back(t.shape());
    outputShapes(inShapes);
    const Tensor& x = args.inputs[0];
    const Shape& in = x.shape();
    const bool training = args.mode == Mode::Training;
    const int64_t perChannel = x.size() / m_params.numFeatures;
    if (training && perChannel <= 1)
        throw ShapeError("BatchNorm: training needs more than one value per channel, got input " + shapeToString(in));
    auto& e = m_impl->entry(m_params, in, training, training || args.keepForBackward);
    Tensor y(in);
    const Shape c{m_params.numFeatures};
    Tensor mean = training ? Tensor(c) : m_runningMean.value;
    Tensor variance = training ? Tensor(c) : m_runningVar.value;
    std::unordered_map<int, dnnl::memory> a{{DNNL_ARG_SRC, wrap(x)},
                                            {DNNL_ARG_DST, wrap(y)},
                                            {DNNL_ARG_MEAN, wrap(mean)},
                                            {DNNL_ARG_VARIANCE, wrap(variance)}};
    if (m_params.affine) {
        a[DNNL_ARG_SCALE] = wrap(m_weight.value);
        a[DNNL_ARG_SHIFT] = wrap(m_bias.value);
    }
    execute(e.fwd, a, "BatchNorm");
    args.outputs = {y};

    if (training) {
        std::lock_guard lock(m_impl->mutex);
        const float m = m_params.momentum;
        const float unbias = static_cast<float>(perChannel) / static_cast<float>(perChannel - 1);
        for (int64_t i = 0; i < m_params.numFeatures; ++i) {
            m_runningMean.value[i] = (1.f - m) * m_runningMean.value[i] + m * mean[i];
            m_runningVar.value[i] = (1.f - m) * m_runningVar.value[i] + m * variance[i] * unbias;
        }
        m_runningMean.markModified();
        m_runningVar.markModified();
    }
    if (args.keepForBackward) {
        auto st = std::make_unique<BatchNormState>();
        st->mode = args.mode;
        st->mean = training ? mean : mean.clone();
        st->variance = training ? variance : variance.clone();
        args.state = std::move(st);
    }
}

void BatchNorm::backward(BackwardArgs& args)
{
    const bool wantInput = !args.needInputGrad.empty() && args.needInputGrad[0];
    const bool wantParams = args.accumulateParamGrads && m_params.affine;
    if (!wantInput && !wantParams)
        return;
    const Tensor& x = args.inputs[0];
    const Shape in = x.shape();
    const std::vector<Shape> inShapes{in};
    outputShapes(inShapes);
    const bool training = args.mode == Mode::Training;
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (gy.isEmpty()) {
        if (wantInput)
            args.gradInputs[0] = Tensor(in);
        return;
    }
    if (gy.shape() != in)
        throw ShapeError("BatchNorm backward: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(in));
    auto& e = m_impl->entry(m_params, in, training, true);
    m_impl->ensureBackward(m_params, in, training, e);

    // The statistics forward used: from the state, else the running ones (inference) or recomputed
    // batch statistics (training; the running buffers are left alone).
    const Shape c{m_params.numFeatures};
    Tensor mean, variance;
    const auto* st = dynamic_cast<const BatchNormState*>(args.state);
    if (st && st->mode == args.mode && st->mean.shape() == c) {
        mean = st->mean;
        variance = st->variance;
    } else if (!training) {
        mean = m_runningMean.value;
        variance = m_runningVar.value;
    } else {
        mean = Tensor(c);
        variance = Tensor(c);
        Tensor scratch(in);
        std::unordered_map<int, dnnl::memory> a{{DNNL_ARG_SRC, wrap(x)},
                                                {DNNL_ARG_DST, wrap(scratch)},
                                                {DNNL_ARG_MEAN, wrap(mean)},
                                                {DNNL_ARG_VARIANCE, wrap(variance)}};
        if (m_params.affine) {
            a[DNNL_ARG_SCALE] = wrap(m_weight.value);
            a[DNNL_ARG_SHIFT] = wrap(m_bias.value);
        }
        execute(e.fwd, a, "BatchNorm");
    }

    Tensor gx(in);
    Tensor gScale, gShift;
    std::unordered_map<int, dnnl::memory> a{{DNNL_ARG_SRC, wrap(x)},
                                            {DNNL_ARG_MEAN, wrap(mean)},
                                            {DNNL_ARG_VARIANCE, wrap(variance)},
                                            {DNNL_ARG_DIFF_DST, wrap(gy)},
                                            {DNNL_ARG_DIFF_SRC, wrap(gx)}};
    if (m_params.affine) {
        gScale = Tensor(c);
        gShift = Tensor(c);
        a[DNNL_ARG_SCALE] = wrap(m_weight.value);
        a[DNNL_ARG_SHIFT] = wrap(m_bias.value); // oneDNN 2.6 wants it although the gradient ignores it
        a[DNNL_ARG_DIFF_SCALE] = wrap(gScale);
        a[DNNL_ARG_DIFF_SHIFT] = wrap(gShift);
    }
    execute(e.bwd, a, "BatchNorm backward");
    if (wantInput)
        args.gradInputs[0] = gx;
    if (wantParams) {
        addInto(m_weight.gradient(), gScale);
        addInto(m_bias.gradient(), gShift);
    }
}

std::vector<Parameter*> BatchNorm::parameters()
{
    if (m_params.affine)
        return {&m_weight, &m_bias, &m_runningMean, &m_runningVar};
    return {&m_runningMean, &m_runningVar};
}

std::string BatchNorm::describe() const
{
    std::ostringstream os;
    os << "C=" << m_params.numFeatures << " eps=" << m_params.epsilon << " momentum=" << m_params.momentum;
    if (!m_params.affine)
        os << " no-affine";
    return os.str();
}

} // namespace lantern
