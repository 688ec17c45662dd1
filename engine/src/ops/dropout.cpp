#include "lantern/ops/dropout.h"

#include "lantern/error.h"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <vector>

namespace lantern {

namespace {

uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// u < threshold drops an element, u uniform in [0, 2^32).
uint64_t dropThreshold(float ratio)
{
    return static_cast<uint64_t>(std::llround(static_cast<double>(ratio) * 4294967296.0));
}

uint64_t streamKey(uint64_t seed)
{
    return mix64(seed ^ 0x5DEECE66DA3B9F1Bull);
}

bool keepsWith(uint64_t key, int64_t index, uint64_t threshold)
{
    const uint64_t u = mix64(key + static_cast<uint64_t>(index) * 0x9E3779B97F4A7C15ull) >> 32;
    return u >= threshold;
}

/// Keep-mask (1 = kept) of `count` elements: element i depends only on (seed, i, ratio).
std::vector<uint8_t> keepMask(uint64_t seed, int64_t count, float ratio)
{
    std::vector<uint8_t> m(static_cast<size_t>(count));
    const uint64_t key = streamKey(seed);
    const uint64_t threshold = dropThreshold(ratio);
    for (int64_t i = 0; i < count; ++i)
        m[static_cast<size_t>(i)] = keepsWith(key, i, threshold) ? 1 : 0;
    return m;
}

struct DropoutState : OpState {
    Shape shape;
    float scale = 1.f;
    std::vector<uint8_t> keep;
};

} // namespace

Dropout::Dropout(const DropoutParams& params) : m_params(params)
{
    if (!(m_params.ratio >= 0.f && m_params.ratio <= 1.f))
        throw ArgumentError("Dropout: ratio must be in [0, 1], got " + std::to_string(m_params.ratio));
}

std::vector<Shape> Dropout::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    shapeSize(inputs[0]); // rejects negative dimensions
    return {inputs[0]};
}

void Dropout::forward(ForwardArgs& args)
{
    if (args.inputs.size() != 1)
        throw ShapeError("Dropout: expected 1 input(s), got " + std::to_string(args.inputs.size()));
    const Tensor& x = args.inputs[0];
    if (x.isEmpty())
        throw ArgumentError("Dropout: input tensor is empty (no storage)");
    if (args.mode == Mode::Inference) {
        args.outputs = {x};
        return;
    }
    const float ratio = m_params.ratio;
    const float scale = ratio < 1.f ? static_cast<float>(1.0 / (1.0 - static_cast<double>(ratio))) : 0.f;
    auto keep = keepMask(args.seed, x.size(), ratio);
    Tensor y(x.shape());
    const float* src = x.data();
    float* dst = y.data();
    for (int64_t i = 0; i < x.size(); ++i)
        dst[i] = keep[static_cast<size_t>(i)] ? src[i] * scale : 0.f;
    args.outputs = {y};
    if (args.keepForBackward) {
        auto state = std::make_unique<DropoutState>();
        state->shape = x.shape();
        state->scale = scale;
        state->keep = std::move(keep);
        args.state = std::move(state);
    }
}

void Dropout::backward(BackwardArgs& args)
{
    if (args.gradInputs.size() < 1)
        args.gradInputs.resize(1);
    if (args.needInputGrad.empty() || !args.needInputGrad[0])
        return;
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (args.mode == Mode::Inference) {
        if (!gy.isEmpty()) {
            if (!args.inputs.empty() && !args.inputs[0].isEmpty() && gy.shape() != args.inputs[0].shape())
                throw ShapeError("Dropout: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                                 shapeToString(args.inputs[0].shape()));
            args.gradInputs[0] = gy;
            return;
        }
        if (args.inputs.empty() || args.inputs[0].isEmpty())
            throw Error("Dropout: backward got neither an output gradient nor the forward input");
        args.gradInputs[0] = Tensor(args.inputs[0].shape());
        return;
    }
    const auto* state = dynamic_cast<const DropoutState*>(args.state);
    if (!state)
        throw Error("Dropout: training-mode backward needs the mask kept by a forward with keepForBackward");
    Tensor gx(state->shape);
    if (gy.isEmpty()) {
        args.gradInputs[0] = gx;
        return;
    }
    if (gy.shape() != state->shape)
        throw ShapeError("Dropout: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(state->shape));
    const float* g = gy.data();
    float* d = gx.data();
    for (int64_t i = 0; i < gx.size(); ++i)
        d[i] = state->keep[static_cast<size_t>(i)] ? g[i] * state->scale : 0.f;
    args.gradInputs[0] = gx;
}

std::string Dropout::describe() const
{
    std::ostringstream os;
    os << "p=" << m_params.ratio;
    return os.str();
}

} // namespace lantern
