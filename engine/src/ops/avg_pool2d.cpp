#include "lantern/ops/avg_pool2d.h"

#include "backend/dnnl_backend.h"
#include "backend/pool_common.h"

namespace lantern {

using namespace backend;

namespace {

Pool2DConfig toConfig(const AvgPool2DParams& p)
{
    return {p.kernelH,   p.kernelW,  p.strideH,   p.strideW,   p.padTop,   p.padLeft,
            p.padBottom, p.padRight, p.dilationH, p.dilationW, p.ceilMode, p.padMode};
}

/// Per-axis factors turning oneDNN's include-padding average (sum / kernel taps) into the wanted divisor.
std::vector<float> axisScale(const PoolAxisGeometry& g, bool countIncludePad)
{
    std::vector<float> s(static_cast<size_t>(g.out));
    for (int64_t o = 0; o < g.out; ++o)
        s[static_cast<size_t>(o)] =
            static_cast<float>(g.kernel) / static_cast<float>(countIncludePad ? g.paddedTaps(o) : g.validTaps(o));
    return s;
}

/// t[n, c, oh, ow] *= rows[oh] * cols[ow]
void scalePlanes(Tensor& t, const std::vector<float>& rows, const std::vector<float>& cols)
{
    const size_t oh = rows.size(), ow = cols.size();
    float* d = t.data();
    const int64_t planes = t.size() / static_cast<int64_t>(oh * ow);
    for (int64_t p = 0; p < planes; ++p)
        for (size_t r = 0; r < oh; ++r)
            for (size_t c = 0; c < ow; ++c)
                *d++ *= rows[r] * cols[c];
}

} // namespace

struct AvgPool2D::Impl {
    Pool2DPrimitives include{"AvgPool2D", dnnl::algorithm::pooling_avg_include_padding};
    Pool2DPrimitives exclude{"AvgPool2D", dnnl::algorithm::pooling_avg_exclude_padding};

    /// How an input shape is computed: a oneDNN algorithm whose divisor already matches, or the
    /// include-padding average rescaled per output position (dilated exclude-padding windows, and ceil-mode
    /// windows past the explicit padding, whose overhang PyTorch does not count).
    struct Plan {
        Pool2DPrimitives* prims = nullptr;
        bool scaled = false;
        std::vector<float> rows, cols;
    };

    Plan plan(const AvgPool2DParams& p, const Pool2DGeometry& g)
    {
        Plan pl;
        if (p.countIncludePad && !g.h.overhangs() && !g.w.overhangs()) {
            pl.prims = &include;
        } else if (!p.countIncludePad && p.dilationH == 1 && p.dilationW == 1) {
            pl.prims = &exclude;
        } else {
            pl.prims = &include;
            pl.scaled = true;
            pl.rows = axisScale(g.h, p.countIncludePad);
            pl.cols = axisScale(g.w, p.countIncludePad);
        }
        return pl;
    }
};

AvgPool2D::AvgPool2D(const AvgPool2DParams& params) : m_params(params), m_impl(std::make_unique<Impl>())
{
    validatePool2DConfig("AvgPool2D", toConfig(m_params));
}

AvgPool2D::~AvgPool2D() = default;

std::vector<Shape> AvgPool2D::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    const Pool2DGeometry g = pool2DGeometry("AvgPool2D", toConfig(m_params), in);
    return {{in[0], in[1], g.h.out, g.w.out}};
}

void AvgPool2D::forward(ForwardArgs& args)
{
    std::vector<Shape> inShapes;
    for (const Tensor& t : args.inputs)
        inShapes.push_back(t.shape());
    outputShapes(inShapes);
    const Tensor& x = args.inputs[0];
    const Pool2DGeometry g = pool2DGeometry("AvgPool2D", toConfig(m_params), x.shape());
    const Impl::Plan plan = m_impl->plan(m_params, g);
    auto& e = plan.prims->entry(toConfig(m_params), x.shape(), args.keepForBackward);
    Tensor y(e.outShape);
    auto src = toLayout(wrap(x), e.fwdPd.src_desc());
    auto out = bindOutput(y, e.fwdPd.dst_desc());
    execute(e.fwd, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, out.primitiveMem}}, "AvgPool2D");
    out.finish();
    if (plan.scaled)
        scalePlanes(y, plan.rows, plan.cols);
    args.outputs = {y};
}

void AvgPool2D::backward(BackwardArgs& args)
{
    if (args.needInputGrad.empty() || !args.needInputGrad[0])
        return;
    const Shape in = args.inputs[0].shape();
    const Pool2DGeometry g = pool2DGeometry("AvgPool2D", toConfig(m_params), in);
    const Impl::Plan plan = m_impl->plan(m_params, g);
    auto& e = plan.prims->entry(toConfig(m_params), in, true);
    Tensor gx(in);
    Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (gy.isEmpty()) {
        args.gradInputs[0] = gx;
        return;
    }
    if (gy.shape() != e.outShape)
        throw ShapeError("AvgPool2D backward: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(e.outShape));
    if (plan.scaled) {
        gy = gy.clone();
        scalePlanes(gy, plan.rows, plan.cols);
    }
    plan.prims->ensureBackward(e);
    auto diffDst = toLayout(wrap(gy), e.bwdPd.diff_dst_desc());
    auto out = bindOutput(gx, e.bwdPd.diff_src_desc());
    execute(e.bwd, {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_SRC, out.primitiveMem}}, "AvgPool2D backward");
    out.finish();
    args.gradInputs[0] = gx;
}

std::string AvgPool2D::describe() const
{
    return describePool2D(toConfig(m_params)) + (m_params.countIncludePad ? " include-pad" : "");
}

} // namespace lantern
