#include "lantern/ops/resize.h"

#include "backend/dnnl_backend.h"

#include <cmath>
#include <map>
#include <mutex>

namespace lantern {

using namespace backend;

ResizeParams ResizeParams::pytorchNearest(double scaleH, double scaleW)
{
    ResizeParams p;
    p.mode = ResizeMode::Nearest;
    p.coordinates = ResizeCoordinates::Asymmetric;
    p.nearestRounding = ResizeNearestRounding::Floor;
    p.scaleH = scaleH;
    p.scaleW = scaleW;
    return p;
}

ResizeParams ResizeParams::pytorchBilinear(double scaleH, double scaleW, bool alignCorners)
{
    ResizeParams p;
    p.mode = ResizeMode::Linear;
    p.coordinates = alignCorners ? ResizeCoordinates::AlignCorners : ResizeCoordinates::PytorchHalfPixel;
    p.scaleH = scaleH;
    p.scaleW = scaleW;
    return p;
}

namespace {

/// Per output index along one axis: source indices (clamped) and the weight of i1 (Linear); Nearest
/// uses i0 only.
struct AxisMap {
    std::vector<int64_t> i0, i1;
    std::vector<float> w1;

    bool operator==(const AxisMap& o) const
    {
        if (i0 != o.i0 || i1 != o.i1)
            return false;
        for (size_t k = 0; k < w1.size(); ++k)
            if (std::fabs(w1[k] - o.w1[k]) > 1e-6f)
                return false;
        return true;
    }
};

double sourceCoordinate(int64_t o, double scale, int64_t in, int64_t out, ResizeCoordinates c)
{
    const double x = static_cast<double>(o);
    switch (c) {
    case ResizeCoordinates::HalfPixel:
        return (x + 0.5) / scale - 0.5;
    case ResizeCoordinates::PytorchHalfPixel:
        return out > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
    case ResizeCoordinates::AlignCorners:
        return out == 1 ? 0.0 : x * static_cast<double>(in - 1) / static_cast<double>(out - 1);
    case ResizeCoordinates::Asymmetric:
        return x / scale;
    }
    return x;
}

int64_t roundIndex(double x, ResizeNearestRounding r)
{
    switch (r) {
    case ResizeNearestRounding::RoundPreferFloor:
        return static_cast<int64_t>(std::ceil(x - 0.5));
    case ResizeNearestRounding::RoundPreferCeil:
        return static_cast<int64_t>(std::floor(x + 0.5));
    case ResizeNearestRounding::Floor:
        return static_cast<int64_t>(std::floor(x));
    case ResizeNearestRounding::Ceil:
        return static_cast<int64_t>(std::ceil(x));
    }
    return 0;
}

AxisMap buildMap(ResizeMode mode, ResizeCoordinates c, ResizeNearestRounding r, int64_t in, int64_t out, double scale)
{
    AxisMap m;
    const auto n = static_cast<size_t>(out);
    m.i0.resize(n);
    m.i1.resize(n);
    m.w1.resize(n);
    auto clampIndex = [in](int64_t i) { return std::min(std::max<int64_t>(i, 0), in - 1); };
    for (int64_t o = 0; o < out; ++o) {
        const double x = sourceCoordinate(o, scale, in, out, c);
        const auto k = static_cast<size_t>(o);
        if (mode == ResizeMode::Nearest) {
            m.i0[k] = m.i1[k] = clampIndex(roundIndex(x, r));
            m.w1[k] = 0.f;
        } else {
            const double f = std::floor(x);
            m.i0[k] = clampIndex(static_cast<int64_t>(f));
            m.i1[k] = clampIndex(static_cast<int64_t>(f) + 1);
            m.w1[k] = m.i0[k] == m.i1[k] ? 0.f : static_cast<float>(x - f);
        }
    }
    return m;
}

/// Does oneDNN resampling compute exactly the naive index map? oneDNN uses half-pixel coordinates with
/// scale = out / in; its nearest rounding is only relied on for integer upsampling factors k, where it
/// picks floor(o / k) without ties.
bool dnnlMatches(ResizeMode mode, const AxisMap& naive, int64_t in, int64_t out)
{
    if (mode == ResizeMode::Nearest) {
        if (out % in != 0)
            return false;
        const int64_t k = out / in;
        for (int64_t o = 0; o < out; ++o)
            if (naive.i0[static_cast<size_t>(o)] != o / k)
                return false;
        return true;
    }
    const double scale = static_cast<double>(out) / static_cast<double>(in);
    return naive == buildMap(mode, ResizeCoordinates::HalfPixel, ResizeNearestRounding::Floor, in, out, scale);
}

} // namespace

struct Resize::Impl {
    struct Plan {
        Shape outShape;
        AxisMap h, w;
        bool useDnnl = false;
        dnnl::resampling_forward::primitive_desc fwdPd;
        dnnl::resampling_forward fwd;
        dnnl::resampling_backward bwd;
    };
    std::mutex mutex;
    std::map<Shape, Plan> cache;

    Plan& plan(const ResizeParams& p, const Shape& in, const Shape& out)
    {
        std::lock_guard lock(mutex);
        auto it = cache.find(in);
        if (it != cache.end())
            return it->second;
        Plan pl;
        pl.outShape = out;
        const bool sized = p.outH > 0;
        const double sh = sized ? double(out[2]) / double(in[2]) : p.scaleH;
        const double sw = sized ? double(out[3]) / double(in[3]) : p.scaleW;
        pl.h = buildMap(p.mode, p.coordinates, p.nearestRounding, in[2], out[2], sh);
        pl.w = buildMap(p.mode, p.coordinates, p.nearestRounding, in[3], out[3], sw);
        pl.useDnnl =
            shapeSize(in) > 0 && dnnlMatches(p.mode, pl.h, in[2], out[2]) && dnnlMatches(p.mode, pl.w, in[3], out[3]);
        if (pl.useDnnl) {
            const auto alg = p.mode == ResizeMode::Nearest ? dnnl::algorithm::resampling_nearest
                                                           : dnnl::algorithm::resampling_linear;
            // forward_training so that the same descriptor can hint the backward primitive.
            pl.fwdPd = guarded("Resize", [&] {
                dnnl::resampling_forward::desc d(dnnl::prop_kind::forward_training, alg, plainDesc(in), plainDesc(out));
                return dnnl::resampling_forward::primitive_desc(d, primitiveAttr(), cpuEngine());
            });
            pl.fwd = dnnl::resampling_forward(pl.fwdPd);
        }
        return cache.emplace(in, std::move(pl)).first->second;
    }

    void ensureBackward(const ResizeParams& p, const Shape& in, Plan& pl)
    {
        std::lock_guard lock(mutex);
        if (pl.bwd)
            return;
        const auto alg =
            p.mode == ResizeMode::Nearest ? dnnl::algorithm::resampling_nearest : dnnl::algorithm::resampling_linear;
        auto pd = guarded("Resize backward", [&] {
            dnnl::resampling_backward::desc d(alg, plainDesc(in), plainDesc(pl.outShape));
            return dnnl::resampling_backward::primitive_desc(d, primitiveAttr(), cpuEngine(), pl.fwdPd);
        });
        pl.bwd = dnnl::resampling_backward(pd);
    }
};

Resize::Resize(const ResizeParams& params) : m_params(params), m_impl(std::make_unique<Impl>())
{
    const auto& p = m_params;
    const bool sized = p.outH > 0 && p.outW > 0;
    const bool scaled = p.outH == 0 && p.outW == 0 && p.scaleH > 0 && p.scaleW > 0 && std::isfinite(p.scaleH) &&
                        std::isfinite(p.scaleW);
    if (!sized && !scaled)
        throw ArgumentError("Resize: give either positive output sizes or positive scales (sizes " +
                            std::to_string(p.outH) + "x" + std::to_string(p.outW) + ", scales " +
                            std::to_string(p.scaleH) + "x" + std::to_string(p.scaleW) + ")");
}

Resize::~Resize() = default;

std::vector<Shape> Resize::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    if (in.size() != 4)
        throw ShapeError("Resize expects NCHW input, got " + shapeToString(in));
    if (in[2] <= 0 || in[3] <= 0)
        throw ShapeError("Resize: input " + shapeToString(in) + " has an empty spatial dimension");
    Shape out = in;
    if (m_params.outH > 0) {
        out[2] = m_params.outH;
        out[3] = m_params.outW;
    } else {
        out[2] = static_cast<int64_t>(std::floor(double(in[2]) * m_params.scaleH));
        out[3] = static_cast<int64_t>(std::floor(double(in[3]) * m_params.scaleW));
    }
    if (out[2] <= 0 || out[3] <= 0)
        throw ShapeError("Resize: scales " + std::to_string(m_params.scaleH) + "x" + std::to_string(m_params.scaleW) +
                         " give an empty output " + shapeToString(out) + " for input " + shapeToString(in));
    return {out};
}

void Resize::forward(ForwardArgs& args)
{
    const Tensor& x = args.inputs[0];
    const Shape in = x.shape();
    const Shape out = outputShapes(std::span<const Shape>(&in, 1))[0];
    auto& pl = m_impl->plan(m_params, in, out);
    Tensor y(out);
    if (pl.useDnnl) {
        execute(pl.fwd, {{DNNL_ARG_SRC, wrap(x)}, {DNNL_ARG_DST, wrap(y)}}, "Resize");
        args.outputs = {y};
        return;
    }
    const int64_t planes = in[0] * in[1], ih = in[2], iw = in[3], oh = out[2], ow = out[3];
    const bool nearest = m_params.mode == ResizeMode::Nearest;
    for (int64_t p = 0; p < planes; ++p) {
        const float* src = x.data() + p * ih * iw;
        float* dst = y.data() + p * oh * ow;
        for (int64_t r = 0; r < oh; ++r) {
            const auto rk = static_cast<size_t>(r);
            const float* row0 = src + pl.h.i0[rk] * iw;
            const float* row1 = src + pl.h.i1[rk] * iw;
            const float wh = pl.h.w1[rk];
            for (int64_t c = 0; c < ow; ++c) {
                const auto ck = static_cast<size_t>(c);
                const int64_t c0 = pl.w.i0[ck], c1 = pl.w.i1[ck];
                if (nearest) {
                    dst[r * ow + c] = row0[c0];
                } else {
                    const float ww = pl.w.w1[ck];
                    const float top = row0[c0] + ww * (row0[c1] - row0[c0]);
                    const float bottom = row1[c0] + ww * (row1[c1] - row1[c0]);
                    dst[r * ow + c] = top + wh * (bottom - top);
                }
            }
        }
    }
    args.outputs = {y};
}

void Resize::backward(BackwardArgs& args)
{
    if (!args.needInputGrad[0])
        return;
    const Shape in = args.inputs[0].shape();
    const Shape out = outputShapes(std::span<const Shape>(&in, 1))[0];
    const Tensor& gy = args.gradOutputs[0];
    if (gy.shape() != out)
        throw ShapeError("Resize: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(out));
    auto& pl = m_impl->plan(m_params, in, out);
    Tensor gx(in);
    if (pl.useDnnl) {
        m_impl->ensureBackward(m_params, in, pl);
        execute(pl.bwd, {{DNNL_ARG_DIFF_DST, wrap(gy)}, {DNNL_ARG_DIFF_SRC, wrap(gx)}}, "Resize backward");
        args.gradInputs[0] = gx;
        return;
    }
    const int64_t planes = in[0] * in[1], ih = in[2], iw = in[3], oh = out[2], ow = out[3];
    const bool nearest = m_params.mode == ResizeMode::Nearest;
    for (int64_t p = 0; p < planes; ++p) {
        const float* g = gy.data() + p * oh * ow;
        float* dst = gx.data() + p * ih * iw;
        for (int64_t r = 0; r < oh; ++r) {
            const auto rk = static_cast<size_t>(r);
            float* row0 = dst + pl.h.i0[rk] * iw;
            float* row1 = dst + pl.h.i1[rk] * iw;
            const float wh = pl.h.w1[rk];
            for (int64_t c = 0; c < ow; ++c) {
                const auto ck = static_cast<size_t>(c);
                const int64_t c0 = pl.w.i0[ck], c1 = pl.w.i1[ck];
                const float v = g[r * ow + c];
                if (nearest) {
                    row0[c0] += v;
                } else {
                    const float ww = pl.w.w1[ck];
                    const float top = v * (1.f - wh), bottom = v * wh;
                    row0[c0] += top * (1.f - ww);
                    row0[c1] += top * ww;
                    row1[c0] += bottom * (1.f - ww);
                    row1[c1] += bottom * ww;
                }
            }
        }
    }
    args.gradInputs[0] = gx;
}

std::string Resize::describe() const
{
    const auto& p = m_params;
    std::string s = p.mode == ResizeMode::Nearest ? "nearest" : "linear";
    switch (p.coordinates) {
    case ResizeCoordinates::HalfPixel:
        s += " half_pixel";
        break;
    case ResizeCoordinates::PytorchHalfPixel:
        s += " pytorch_half_pixel";
        break;
    case ResizeCoordinates::AlignCorners:
        s += " align_corners";
        break;
    case ResizeCoordinates::Asymmetric:
        s += " asymmetric";
        break;
    }
    if (p.mode == ResizeMode::Nearest) {
        switch (p.nearestRounding) {
        case ResizeNearestRounding::RoundPreferFloor:
            s += " round_prefer_floor";
            break;
        case ResizeNearestRounding::RoundPreferCeil:
            s += " round_prefer_ceil";
            break;
        case ResizeNearestRounding::Floor:
            s += " floor";
            break;
        case ResizeNearestRounding::Ceil:
            s += " ceil";
            break;
        }
    }
    if (p.outH > 0)
        s += " size=" + std::to_string(p.outH) + "x" + std::to_string(p.outW);
    else
        s += " scale=" + std::to_string(p.scaleH) + "x" + std::to_string(p.scaleW);
    return s;
}

} // namespace lantern
