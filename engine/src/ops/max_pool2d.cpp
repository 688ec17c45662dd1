#include "lantern/ops/max_pool2d.h"

#include "backend/dnnl_backend.h"
#include "backend/pool_common.h"

#include <cstring>
#include <limits>

namespace lantern {

using namespace backend;

namespace {

Pool2DConfig toConfig(const MaxPool2DParams& p)
{
    return {p.kernelH,   p.kernelW,  p.strideH,   p.strideW,   p.padTop,   p.padLeft,
            p.padBottom, p.padRight, p.dilationH, p.dilationW, p.ceilMode, p.padMode};
}

/// What backward and switches() need: the forward input and output (shared views) and oneDNN's workspace.
struct MaxPoolState : OpState {
    Tensor input, output;
    PooledMemory workspace; // owns its pooled buffer
    Pool2DGeometry geometry;
};

/// Switches from oneDNN's workspace (per output element the index kh * KW + kw of the winner within its
/// window, as u8 or s32 in the output's layout). Every decoded winner is checked against the input and
/// output values; returns false when the workspace does not have the expected form.
bool decodeWorkspace(const MaxPoolState& st, Tensor& switches)
{
    using dt = dnnl::memory::data_type;
    const Shape& os = st.output.shape();
    const dnnl::memory::desc wsDesc = st.workspace.get_desc();
    const dt type = wsDesc.data_type();
    if (wsDesc.dims() != toDims(os) || (type != dt::u8 && type != dt::s32))
        return false;
    const PooledMemory plainWs = guarded("MaxPool2D switches", [&] {
        return toLayout(st.workspace, dnnl::memory::desc(toDims(os), type, dnnl::memory::format_tag::abcd));
    });
    const auto* raw = static_cast<const unsigned char*>(plainWs.get_data_handle());
    const PoolAxisGeometry& gh = st.geometry.h;
    const PoolAxisGeometry& gw = st.geometry.w;
    const int64_t planes = os[0] * os[1], plane = gh.in * gw.in, outPlane = os[2] * os[3];
    const float* x = st.input.data();
    const float* y = st.output.data();
    for (int64_t pl = 0; pl < planes; ++pl)
        for (int64_t oh = 0; oh < gh.out; ++oh)
            for (int64_t ow = 0; ow < gw.out; ++ow) {
                const int64_t o = pl * outPlane + oh * gw.out + ow;
                int64_t k = 0;
                if (type == dt::u8) {
                    k = raw[o];
                } else {
                    int32_t v = 0;
                    std::memcpy(&v, raw + o * 4, 4);
                    k = v;
                }
                if (k < 0 || k >= gh.kernel * gw.kernel)
                    return false;
                const int64_t ih = gh.position(oh, k / gw.kernel), iw = gw.position(ow, k % gw.kernel);
                if (ih < 0 || ih >= gh.in || iw < 0 || iw >= gw.in)
                    return false;
                const int64_t idx = ih * gw.in + iw;
                if (!(x[pl * plane + idx] == y[o]))
                    return false;
                switches[o] = static_cast<float>(idx);
            }
    return true;
}

/// Switches by scanning each window in row-major order; the first strictly greatest value wins.
void scanSwitches(const MaxPoolState& st, Tensor& switches)
{
    const PoolAxisGeometry& gh = st.geometry.h;
    const PoolAxisGeometry& gw = st.geometry.w;
    const Shape& os = st.output.shape();
    const int64_t planes = os[0] * os[1], plane = gh.in * gw.in, outPlane = os[2] * os[3];
    const float* x = st.input.data();
    for (int64_t pl = 0; pl < planes; ++pl)
        for (int64_t oh = 0; oh < gh.out; ++oh)
            for (int64_t ow = 0; ow < gw.out; ++ow) {
                float best = -std::numeric_limits<float>::infinity();
                int64_t bestIdx = -1;
                for (int64_t kh = 0; kh < gh.kernel; ++kh) {
                    const int64_t ih = gh.position(oh, kh);
                    if (ih < 0 || ih >= gh.in)
                        continue;
                    for (int64_t kw = 0; kw < gw.kernel; ++kw) {
                        const int64_t iw = gw.position(ow, kw);
                        if (iw < 0 || iw >= gw.in)
                            continue;
                        const float v = x[pl * plane + ih * gw.in + iw];
                        if (bestIdx < 0 || v > best) {
                            best = v;
                            bestIdx = ih * gw.in + iw;
                        }
                    }
                }
                switches[pl * outPlane + oh * gw.out + ow] = static_cast<float>(bestIdx);
            }
}

} // namespace

struct MaxPool2D::Impl {
    Pool2DPrimitives prims{"MaxPool2D", dnnl::algorithm::pooling_max};
};

MaxPool2D::MaxPool2D(const MaxPool2DParams& params) : m_params(params), m_impl(std::make_unique<Impl>())
{
    validatePool2DConfig("MaxPool2D", toConfig(m_params));
}

MaxPool2D::~MaxPool2D() = default;

std::vector<Shape> MaxPool2D::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    const Pool2DGeometry g = pool2DGeometry("MaxPool2D", toConfig(m_params), in);
    return {{in[0], in[1], g.h.out, g.w.out}};
}

void MaxPool2D::forward(ForwardArgs& args)
{
    std::vector<Shape> inShapes;
    for (const Tensor& t : args.inputs)
        inShapes.push_back(t.shape());
    outputShapes(inShapes);
    const Tensor& x = args.inputs[0];
    auto& e = m_impl->prims.entry(toConfig(m_params), x.shape(), args.keepForBackward);
    Tensor y = Tensor::uninitialized(e.outShape);
    auto src = toLayout(wrap(x), e.fwdPd.src_desc());
    auto out = bindOutput(y, e.fwdPd.dst_desc());
    std::unordered_map<int, dnnl::memory> a{{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, out.primitiveMem}};
    PooledMemory ws;
    if (args.keepForBackward) {
        ws = newMemory(e.fwdPd.workspace_desc());
        a[DNNL_ARG_WORKSPACE] = ws;
    }
    execute(e.fwd, a, "MaxPool2D");
    out.finish();
    args.outputs = {y};
    if (args.keepForBackward) {
        auto st = std::make_unique<MaxPoolState>();
        st->input = x;
        st->output = y;
        st->workspace = ws;
        st->geometry = e.geometry;
        args.state = std::move(st);
    }
}

void MaxPool2D::backward(BackwardArgs& args)
{
    if (args.needInputGrad.empty() || !args.needInputGrad[0])
        return;
    const Tensor& x = args.inputs[0];
    const Shape in = x.shape();
    auto& e = m_impl->prims.entry(toConfig(m_params), in, true);
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (gy.isEmpty()) {
        args.gradInputs[0] = Tensor(in);
        return;
    }
    Tensor gx = Tensor::uninitialized(in);
    if (gy.shape() != e.outShape)
        throw ShapeError("MaxPool2D backward: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(e.outShape));
    m_impl->prims.ensureBackward(e);

    PooledMemory ws;
    const auto* st = dynamic_cast<const MaxPoolState*>(args.state);
    if (st && st->workspace && st->input.shape() == in) {
        ws = st->workspace;
    } else {
        // No switches kept: recompute them with a training forward pass.
        ws = newMemory(e.fwdPd.workspace_desc());
        const PooledMemory dst = newMemory(e.fwdPd.dst_desc());
        execute(e.fwd,
                {{DNNL_ARG_SRC, toLayout(wrap(x), e.fwdPd.src_desc())}, {DNNL_ARG_DST, dst}, {DNNL_ARG_WORKSPACE, ws}},
                "MaxPool2D");
    }
    auto diffDst = toLayout(wrap(gy), e.bwdPd.diff_dst_desc());
    auto out = bindOutput(gx, e.bwdPd.diff_src_desc());
    execute(e.bwd, {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_SRC, out.primitiveMem}, {DNNL_ARG_WORKSPACE, ws}},
            "MaxPool2D backward");
    out.finish();
    args.gradInputs[0] = gx;
}

std::string MaxPool2D::describe() const
{
    return describePool2D(toConfig(m_params));
}

Tensor MaxPool2D::switches(const OpState* state)
{
    const auto* st = dynamic_cast<const MaxPoolState*>(state);
    if (!st)
        throw ArgumentError(state ? "MaxPool2D::switches: the state is not from a MaxPool2D forward pass"
                                  : "MaxPool2D::switches: no forward state (run forward with keepForBackward)");
    Tensor s(st->output.shape());
    if (!st->workspace || !decodeWorkspace(*st, s))
        scanSwitches(*st, s);
    return s;
}

Tensor MaxPool2D::unpool(const Tensor& values, const Tensor& switches, const Shape& inputShape)
{
    if (values.shape() != switches.shape() || values.rank() != 4 || inputShape.size() != 4 ||
        inputShape[0] != values.dim(0) || inputShape[1] != values.dim(1))
        throw ShapeError("MaxPool2D::unpool: values " + shapeToString(values.shape()) + " and switches " +
                         shapeToString(switches.shape()) + " do not fit input shape " + shapeToString(inputShape));
    Tensor out(inputShape);
    const int64_t plane = inputShape[2] * inputShape[3];
    const int64_t outPlane = values.dim(2) * values.dim(3);
    const int64_t planes = values.dim(0) * values.dim(1);
    bool bad = false;
    // one (sample, channel) plane per iteration: planes never write into each other
#pragma omp parallel for schedule(static) reduction(|| : bad)
    for (int64_t pl = 0; pl < planes; ++pl) {
        const float* v = values.data() + pl * outPlane;
        const float* sw = switches.data() + pl * outPlane;
        float* o = out.data() + pl * plane;
        for (int64_t i = 0; i < outPlane; ++i) {
            const float s = sw[i];
            if (!(s >= 0.f && s < static_cast<float>(plane))) {
                bad = true;
                continue;
            }
            o[static_cast<int64_t>(s)] += v[i];
        }
    }
    if (bad)
        throw ArgumentError("MaxPool2D::unpool: a switch lies outside the input plane of " + std::to_string(plane) +
                            " elements");
    return out;
}

} // namespace lantern
