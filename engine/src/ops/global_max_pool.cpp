#include "lantern/ops/global_max_pool.h"

#include "lantern/error.h"

namespace lantern {

namespace {

Shape checkedOutputShape(const Op& op, const Shape& in)
{
    if (in.size() < 3 || in.size() > 5)
        throw ShapeError(op.type() + " expects (N, C, spatial...) input of rank 3 to 5, got " + shapeToString(in));
    if (shapeSize(in) == 0)
        throw ShapeError(op.type() + " expects a non-empty input, got " + shapeToString(in));
    Shape out(in.size(), 1);
    out[0] = in[0];
    out[1] = in[1];
    return out;
}

/// Per (n, c) block the index of its first maximum.
std::vector<int64_t> argmax(const Tensor& x, int64_t planes)
{
    const int64_t plane = x.size() / planes;
    std::vector<int64_t> idx(static_cast<size_t>(planes));
    const float* s = x.data();
    for (int64_t p = 0; p < planes; ++p) {
        const float* b = s + p * plane;
        int64_t best = 0;
        for (int64_t i = 1; i < plane; ++i)
            if (b[i] > b[best])
                best = i;
        idx[static_cast<size_t>(p)] = best;
    }
    return idx;
}

struct GlobalMaxPoolState : OpState {
    Shape outShape;
    std::vector<int64_t> argmax;
};

} // namespace

std::vector<Shape> GlobalMaxPool::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    return {checkedOutputShape(*this, inputs[0])};
}

void GlobalMaxPool::forward(ForwardArgs& args)
{
    std::vector<Shape> inShapes;
    for (const Tensor& t : args.inputs)
        inShapes.push_back(t.shape());
    Tensor y(outputShapes(inShapes)[0]);
    const Tensor& x = args.inputs[0];
    std::vector<int64_t> idx = argmax(x, y.size());
    const int64_t plane = x.size() / y.size();
    for (int64_t p = 0; p < y.size(); ++p)
        y[p] = x[p * plane + idx[static_cast<size_t>(p)]];
    args.outputs = {y};
    if (args.keepForBackward) {
        auto st = std::make_unique<GlobalMaxPoolState>();
        st->outShape = y.shape();
        st->argmax = std::move(idx);
        args.state = std::move(st);
    }
}

void GlobalMaxPool::backward(BackwardArgs& args)
{
    if (args.needInputGrad.empty() || !args.needInputGrad[0])
        return;
    const Tensor& x = args.inputs[0];
    const Shape out = checkedOutputShape(*this, x.shape());
    Tensor gx(x.shape());
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (!gy.isEmpty()) {
        if (gy.shape() != out)
            throw ShapeError("GlobalMaxPool backward: output gradient has shape " + shapeToString(gy.shape()) +
                             ", expected " + shapeToString(out));
        const auto* st = dynamic_cast<const GlobalMaxPoolState*>(args.state);
        std::vector<int64_t> recomputed;
        if (!st || st->outShape != out)
            recomputed = argmax(x, gy.size());
        const std::vector<int64_t>& idx = recomputed.empty() ? st->argmax : recomputed;
        const int64_t plane = x.size() / gy.size();
        for (int64_t p = 0; p < gy.size(); ++p)
            gx[p * plane + idx[static_cast<size_t>(p)]] = gy[p];
    }
    args.gradInputs[0] = gx;
}

Tensor GlobalMaxPool::switches(const OpState* state)
{
    const auto* st = dynamic_cast<const GlobalMaxPoolState*>(state);
    if (!st)
        throw ArgumentError(state ? "GlobalMaxPool::switches: the state is not from a GlobalMaxPool forward pass"
                                  : "GlobalMaxPool::switches: no forward state (run forward with keepForBackward)");
    Tensor s(st->outShape);
    for (int64_t p = 0; p < s.size(); ++p)
        s[p] = static_cast<float>(st->argmax[static_cast<size_t>(p)]);
    return s;
}

} // namespace lantern
