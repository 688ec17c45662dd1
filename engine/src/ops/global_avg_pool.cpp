#include "lantern/ops/global_avg_pool.h"

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

} // namespace

std::vector<Shape> GlobalAvgPool::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    return {checkedOutputShape(*this, inputs[0])};
}

void GlobalAvgPool::forward(ForwardArgs& args)
{
    std::vector<Shape> inShapes;
    for (const Tensor& t : args.inputs)
        inShapes.push_back(t.shape());
    Tensor y(outputShapes(inShapes)[0]);
    const Tensor& x = args.inputs[0];
    const int64_t planes = y.size(), plane = x.size() / planes;
    const float* s = x.data();
    for (int64_t p = 0; p < planes; ++p) {
        double acc = 0;
        for (int64_t i = 0; i < plane; ++i)
            acc += s[p * plane + i];
        y[p] = static_cast<float>(acc / static_cast<double>(plane));
    }
    args.outputs = {y};
}

void GlobalAvgPool::backward(BackwardArgs& args)
{
    if (args.needInputGrad.empty() || !args.needInputGrad[0])
        return;
    const Shape& in = args.inputs[0].shape();
    const Shape out = checkedOutputShape(*this, in);
    Tensor gx(in);
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (!gy.isEmpty()) {
        if (gy.shape() != out)
            throw ShapeError("GlobalAvgPool backward: output gradient has shape " + shapeToString(gy.shape()) +
                             ", expected " + shapeToString(out));
        const int64_t planes = gy.size(), plane = gx.size() / planes;
        const float inv = 1.f / static_cast<float>(plane);
        float* d = gx.data();
        for (int64_t p = 0; p < planes; ++p) {
            const float g = gy[p] * inv;
            for (int64_t i = 0; i < plane; ++i)
                d[p * plane + i] = g;
        }
    }
    args.gradInputs[0] = gx;
}

} // namespace lantern
