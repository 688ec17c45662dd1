#include "lantern/ops/pad.h"

#include "lantern/error.h"

#include <algorithm>
#include <array>

namespace lantern {

PadParams PadParams::fromOnnx(std::span<const int64_t> pads, PadFillMode mode, float value)
{
    if (pads.size() % 2 != 0)
        throw ArgumentError("Pad: ONNX pads need an even count (begins then ends), got " + std::to_string(pads.size()));
    PadParams p;
    const size_t n = pads.size() / 2;
    for (size_t i = 0; i < n; ++i)
        p.pads.push_back({pads[i], pads[i + n]});
    p.mode = mode;
    p.value = value;
    return p;
}

namespace {

const char* modeName(PadFillMode m)
{
    switch (m) {
    case PadFillMode::Constant:
        return "constant";
    case PadFillMode::Reflect:
        return "reflect";
    case PadFillMode::Edge:
        return "edge";
    }
    return "?";
}

/// For every output index along one axis, the source index in the input, or -1 for a constant fill.
std::vector<int64_t> axisMap(int64_t in, PadAxis pad, PadFillMode mode)
{
    const int64_t out = in + pad.begin + pad.end;
    std::vector<int64_t> map(static_cast<size_t>(out));
    for (int64_t o = 0; o < out; ++o) {
        int64_t i = o - pad.begin;
        if (i < 0 || i >= in) {
            switch (mode) {
            case PadFillMode::Constant:
                i = -1;
                break;
            case PadFillMode::Edge:
                i = std::clamp<int64_t>(i, 0, in - 1);
                break;
            case PadFillMode::Reflect:
                i = i < 0 ? -i : 2 * (in - 1) - i;
                break;
            }
        }
        map[static_cast<size_t>(o)] = i;
    }
    return map;
}

/// Calls f(outFlat, inFlat) for every output element (inFlat -1 for constant fill), iterating the
/// output in row-major order. Shapes are padded to rank 5 with leading 1s.
template <typename F>
void forEachElement(const Shape& inShape, const std::vector<PadAxis>& pads, PadFillMode mode, F&& f)
{
    constexpr size_t R = kMaxRank;
    const size_t lead = R - inShape.size();
    std::array<std::vector<int64_t>, R> maps;
    std::array<int64_t, R> inStride{};
    int64_t s = 1;
    for (size_t d = R; d-- > 0;) {
        const int64_t dim = d < lead ? 1 : inShape[d - lead];
        const PadAxis p = d < lead ? PadAxis{} : pads[d - lead];
        maps[d] = axisMap(dim, p, mode);
        inStride[d] = s;
        s *= dim;
    }
    int64_t outFlat = 0;
    for (int64_t i0 : maps[0])
        for (int64_t i1 : maps[1])
            for (int64_t i2 : maps[2])
                for (int64_t i3 : maps[3]) {
                    const bool outside = i0 < 0 || i1 < 0 || i2 < 0 || i3 < 0;
                    const int64_t base = i0 * inStride[0] + i1 * inStride[1] + i2 * inStride[2] + i3 * inStride[3];
                    for (int64_t i4 : maps[4])
                        f(outFlat++, outside || i4 < 0 ? -1 : base + i4);
                }
}

} // namespace

Pad::Pad(PadParams params) : m_params(std::move(params))
{
    for (const auto& p : m_params.pads)
        if (p.begin < 0 || p.end < 0)
            throw UnsupportedError("Pad: negative pads (cropping) are not supported");
}

std::vector<Shape> Pad::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    if (m_params.pads.size() != in.size())
        throw ShapeError("Pad: " + std::to_string(m_params.pads.size()) + " axis pads do not fit input " +
                         shapeToString(in) + " of rank " + std::to_string(in.size()));
    Shape out(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        const PadAxis p = m_params.pads[i];
        const bool padded = p.begin > 0 || p.end > 0;
        if (padded && m_params.mode == PadFillMode::Reflect && (p.begin >= in[i] || p.end >= in[i]))
            throw ShapeError("Pad: reflect pads " + std::to_string(p.begin) + "," + std::to_string(p.end) +
                             " on axis " + std::to_string(i) + " must be smaller than the dimension of input " +
                             shapeToString(in));
        if (padded && m_params.mode == PadFillMode::Edge && in[i] == 0)
            throw ShapeError("Pad: edge padding of the empty axis " + std::to_string(i) + " of input " +
                             shapeToString(in));
        out[i] = in[i] + p.begin + p.end;
    }
    return {out};
}

void Pad::forward(ForwardArgs& args)
{
    const Tensor& x = args.inputs[0];
    const Shape in = x.shape();
    Tensor y(outputShapes(std::span<const Shape>(&in, 1))[0]);
    const float* src = x.data();
    float* dst = y.data();
    const float value = m_params.value;
    forEachElement(in, m_params.pads, m_params.mode, [&](int64_t o, int64_t i) { dst[o] = i < 0 ? value : src[i]; });
    args.outputs = {y};
}

void Pad::backward(BackwardArgs& args)
{
    if (!args.needInputGrad[0])
        return;
    const Shape in = args.inputs[0].shape();
    const Shape out = outputShapes(std::span<const Shape>(&in, 1))[0];
    const Tensor& gy = args.gradOutputs[0];
    if (gy.shape() != out)
        throw ShapeError("Pad: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(out));
    Tensor gx(in);
    const float* g = gy.data();
    float* dst = gx.data();
    forEachElement(in, m_params.pads, m_params.mode, [&](int64_t o, int64_t i) {
        if (i >= 0)
            dst[i] += g[o];
    });
    args.gradInputs[0] = gx;
}

std::string Pad::describe() const
{
    std::string s = std::string("mode=") + modeName(m_params.mode) + " pads=";
    for (size_t i = 0; i < m_params.pads.size(); ++i) {
        if (i)
            s += ',';
        s += std::to_string(m_params.pads[i].begin) + ":" + std::to_string(m_params.pads[i].end);
    }
    if (m_params.mode == PadFillMode::Constant && m_params.value != 0.f)
        s += " value=" + std::to_string(m_params.value);
    return s;
}

} // namespace lantern
