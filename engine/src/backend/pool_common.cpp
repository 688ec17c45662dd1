#include "backend/pool_common.h"

namespace lantern::backend {

int64_t PoolAxisGeometry::validTaps(int64_t o) const
{
    int64_t n = 0;
    for (int64_t t = 0; t < kernel; ++t) {
        const int64_t p = position(o, t);
        n += p >= 0 && p < in;
    }
    return n;
}

int64_t PoolAxisGeometry::paddedTaps(int64_t o) const
{
    int64_t n = 0;
    for (int64_t t = 0; t < kernel; ++t) {
        const int64_t p = position(o, t);
        n += p >= -padBegin && p < in + padEnd;
    }
    return n;
}

bool PoolAxisGeometry::overhangs() const
{
    return out > 0 && position(out - 1, kernel - 1) >= in + padEnd;
}

void validatePool2DConfig(const std::string& op, const Pool2DConfig& c)
{
    if (c.kernelH <= 0 || c.kernelW <= 0 || c.strideH <= 0 || c.strideW <= 0 || c.dilationH <= 0 || c.dilationW <= 0)
        throw ArgumentError(op + ": kernel, stride and dilation must be positive, got kernel " +
                            std::to_string(c.kernelH) + "x" + std::to_string(c.kernelW) + ", stride " +
                            std::to_string(c.strideH) + "x" + std::to_string(c.strideW) + ", dilation " +
                            std::to_string(c.dilationH) + "x" + std::to_string(c.dilationW));
    if (c.padTop < 0 || c.padLeft < 0 || c.padBottom < 0 || c.padRight < 0)
        throw ArgumentError(op + ": padding must be >= 0");
}

namespace {

PoolAxisGeometry axisGeometry(const std::string& op, const char* axis, const Pool2DConfig& c, int64_t in,
                              int64_t kernel, int64_t stride, int64_t dilation, int64_t begin, int64_t end,
                              const Shape& inShape)
{
    PoolAxisGeometry g;
    g.in = in;
    g.kernel = kernel;
    g.stride = stride;
    g.dilation = dilation;
    const AxisPadding pad = resolvePadding(c.padMode, in, kernel, stride, dilation, begin, end);
    g.padBegin = pad.begin;
    g.padEnd = pad.end;
    const int64_t ek = (kernel - 1) * dilation + 1;
    const int64_t span = in + g.padBegin + g.padEnd - ek;
    if (span < 0)
        throw ShapeError(op + ": " + axis + " window " + std::to_string(ek) + " (kernel " + std::to_string(kernel) +
                         ", dilation " + std::to_string(dilation) + ") does not fit input " + shapeToString(inShape) +
                         " with padding " + std::to_string(g.padBegin) + "," + std::to_string(g.padEnd));
    g.out = c.ceilMode ? (span + stride - 1) / stride + 1 : span / stride + 1;
    // PyTorch/ONNX: in ceil mode the last window must start inside the input or the begin padding.
    if (c.ceilMode && (g.out - 1) * stride >= in + g.padBegin)
        --g.out;
    // oneDNN wants exactly the end padding the last window reaches into (explicit plus ceil extension).
    g.primitivePadEnd = std::max<int64_t>(0, (g.out - 1) * stride + ek - in - g.padBegin);
    for (int64_t o = 0; o < g.out; ++o)
        if (g.validTaps(o) == 0)
            throw ShapeError(op + ": " + axis + " window " + std::to_string(o) + " lies entirely in the padding " +
                             std::to_string(g.padBegin) + "," + std::to_string(g.padEnd) + " of input " +
                             shapeToString(inShape));
    return g;
}

} // namespace

Pool2DGeometry pool2DGeometry(const std::string& op, const Pool2DConfig& c, const Shape& in)
{
    if (in.size() != 4)
        throw ShapeError(op + " expects NCHW input, got " + shapeToString(in));
    if (shapeSize(in) == 0)
        throw ShapeError(op + " expects a non-empty input, got " + shapeToString(in));
    Pool2DGeometry g;
    g.h = axisGeometry(op, "vertical", c, in[2], c.kernelH, c.strideH, c.dilationH, c.padTop, c.padBottom, in);
    g.w = axisGeometry(op, "horizontal", c, in[3], c.kernelW, c.strideW, c.dilationW, c.padLeft, c.padRight, in);
    return g;
}

std::string describePool2D(const Pool2DConfig& c)
{
    std::string s = "k=" + std::to_string(c.kernelH) + "x" + std::to_string(c.kernelW) +
                    " s=" + std::to_string(c.strideH) + "x" + std::to_string(c.strideW);
    switch (c.padMode) {
    case PadMode::Explicit:
        s += " p=" + std::to_string(c.padTop) + "," + std::to_string(c.padLeft) + "," + std::to_string(c.padBottom) +
             "," + std::to_string(c.padRight);
        break;
    case PadMode::SameUpper:
    case PadMode::SameLower:
        s += " p=same";
        break;
    case PadMode::Valid:
        s += " p=valid";
        break;
    }
    if (c.dilationH != 1 || c.dilationW != 1)
        s += " d=" + std::to_string(c.dilationH) + "x" + std::to_string(c.dilationW);
    if (c.ceilMode)
        s += " ceil";
    return s;
}

namespace {

struct PoolDescs {
    dnnl::memory::desc src, dst, diffSrc;
    dnnl::memory::dims strides, kernel, dilation, padL, padR;
};

PoolDescs poolDescs(const Pool2DConfig& c, const Shape& in, const Pool2DGeometry& g)
{
    using dt = dnnl::memory::data_type;
    PoolDescs d;
    d.src = plainDesc(in);
    d.diffSrc = dnnl::memory::desc(toDims(in), dt::f32, dnnl::memory::format_tag::any);
    d.dst = dnnl::memory::desc({in[0], in[1], g.h.out, g.w.out}, dt::f32, dnnl::memory::format_tag::any);
    d.strides = {c.strideH, c.strideW};
    d.kernel = {c.kernelH, c.kernelW};
    d.dilation = {c.dilationH - 1, c.dilationW - 1};
    d.padL = {g.h.padBegin, g.w.padBegin};
    d.padR = {g.h.primitivePadEnd, g.w.primitivePadEnd};
    return d;
}

} // namespace

Pool2DPrimitives::Entry& Pool2DPrimitives::entry(const Pool2DConfig& c, const Shape& in, bool training)
{
    std::lock_guard lock(m_mutex);
    const auto key = std::make_pair(in, training);
    auto it = m_cache.find(key);
    if (it != m_cache.end())
        return it->second;
    Entry e;
    e.geometry = pool2DGeometry(m_op, c, in);
    e.outShape = {in[0], in[1], e.geometry.h.out, e.geometry.w.out};
    const PoolDescs d = poolDescs(c, in, e.geometry);
    const auto prop = training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
    e.fwdPd = guarded(m_op.c_str(), [&] {
        dnnl::pooling_v2_forward::desc desc(prop, m_alg, d.src, d.dst, d.strides, d.kernel, d.dilation, d.padL, d.padR);
        return dnnl::pooling_v2_forward::primitive_desc(desc, primitiveAttr(), cpuEngine());
    });
    e.fwd = dnnl::pooling_v2_forward(e.fwdPd);
    return m_cache.emplace(key, std::move(e)).first->second;
}

void Pool2DPrimitives::ensureBackward(Entry& e)
{
    std::lock_guard lock(m_mutex);
    if (e.bwd)
        return;
    const std::string what = m_op + " backward";
    const Shape in{e.outShape[0], e.outShape[1], e.geometry.h.in, e.geometry.w.in};
    Pool2DConfig c;
    c.strideH = e.geometry.h.stride;
    c.strideW = e.geometry.w.stride;
    c.kernelH = e.geometry.h.kernel;
    c.kernelW = e.geometry.w.kernel;
    c.dilationH = e.geometry.h.dilation;
    c.dilationW = e.geometry.w.dilation;
    const PoolDescs d = poolDescs(c, in, e.geometry);
    e.bwdPd = guarded(what.c_str(), [&] {
        dnnl::pooling_v2_backward::desc desc(m_alg, d.diffSrc, e.fwdPd.dst_desc(), d.strides, d.kernel, d.dilation,
                                             d.padL, d.padR);
        return dnnl::pooling_v2_backward::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
    });
    e.bwd = dnnl::pooling_v2_backward(e.bwdPd);
}

} // namespace lantern::backend
