// Grad-CAM (Selvaraju et al. 2017): channel weights w_c = spatial mean of d(target logit)/dA_c at a conv
// layer's output A, map = relu(sum_c w_c A_c) at the layer's resolution, upsampled to the input.

#include "explain/backprop.h"
#include "explain/registry.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>

namespace lantern::explain {

namespace {

/// The value Grad-CAM looks at: the given node's first output, or by default the last Conv2D node's output,
/// taken after its Relu when a Relu is the only reader (the rectified feature maps of Selvaraju et al.).
std::string camValue(const ExplainContext& ctx)
{
    const Graph& g = ctx.graph;
    if (!ctx.request.layer.empty())
        return g.node(ctx.request.layer).outputs.front();
    const Node* last = nullptr;
    for (const Node& n : g.nodes())
        if (n.op->type() == "Conv2D")
            last = &n;
    if (!last)
        throw UnsupportedError("grad-cam: the model has no Conv2D layer; choose a layer with a 4-D output");
    std::string value = last->outputs.front();
    const auto readers = g.consumers(value);
    if (readers.size() == 1 && readers.front()->op->type() == "Relu")
        value = readers.front()->outputs.front();
    return value;
}

/// Bilinear resize of (N, 1, h, w) to (N, H, W) with half-pixel centres (align_corners = false, as PyTorch's
/// F.interpolate and OpenCV's resize), edges clamped.
std::vector<float> upsample(const Tensor& m, int64_t outH, int64_t outW)
{
    const int64_t n = m.dim(0), h = m.dim(2), w = m.dim(3);
    std::vector<float> out(static_cast<size_t>(n * outH * outW));
    const double sy = double(h) / double(outH), sx = double(w) / double(outW);
    for (int64_t s = 0; s < n; ++s) {
        const float* src = m.data() + s * h * w;
        for (int64_t y = 0; y < outH; ++y) {
            const double fy = std::clamp((double(y) + 0.5) * sy - 0.5, 0.0, double(h - 1));
            const int64_t y0 = static_cast<int64_t>(std::floor(fy)), y1 = std::min(y0 + 1, h - 1);
            const double ay = fy - double(y0);
            for (int64_t x = 0; x < outW; ++x) {
                const double fx = std::clamp((double(x) + 0.5) * sx - 0.5, 0.0, double(w - 1));
                const int64_t x0 = static_cast<int64_t>(std::floor(fx)), x1 = std::min(x0 + 1, w - 1);
                const double ax = fx - double(x0);
                const double top = src[y0 * w + x0] * (1 - ax) + src[y0 * w + x1] * ax;
                const double bot = src[y1 * w + x0] * (1 - ax) + src[y1 * w + x1] * ax;
                out[static_cast<size_t>((s * outH + y) * outW + x)] = static_cast<float>(top * (1 - ay) + bot * ay);
            }
        }
    }
    return out;
}

Explanation gradCam(ExplainContext& ctx)
{
    const std::string value = camValue(ctx);
    BackpropOptions o;
    o.wanted = {value};
    o.keep = {value};
    BackpropResult r = backprop(ctx, ctx.input, o);
    const Tensor& a = r.forward.at(value);
    const Tensor& g = r.backward.at(value);
    if (a.rank() != 4)
        throw UnsupportedError("grad-cam: layer value '" + value + "' has shape " + shapeToString(a.shape()) +
                               "; Grad-CAM needs a conv layer's (N, C, h, w) output");
    const int64_t n = a.dim(0), c = a.dim(1), h = a.dim(2), w = a.dim(3), hw = h * w;
    Tensor layerMap(Shape{n, 1, h, w});
    for (int64_t s = 0; s < n; ++s) {
        float* dst = layerMap.data() + s * hw;
        for (int64_t ch = 0; ch < c; ++ch) {
            const float* gc = g.data() + (s * c + ch) * hw;
            const float* ac = a.data() + (s * c + ch) * hw;
            double wc = 0;
            for (int64_t i = 0; i < hw; ++i)
                wc += gc[i];
            wc /= double(hw);
            for (int64_t i = 0; i < hw; ++i)
                dst[i] += static_cast<float>(wc) * ac[i];
        }
        for (int64_t i = 0; i < hw; ++i)
            dst[i] = std::max(dst[i], 0.f);
    }
    // broadcast the upsampled map to the input's shape (NCHW, or NHWC per the model's input layout)
    const Tensor& x = ctx.input;
    if (x.rank() != 4)
        throw UnsupportedError("grad-cam: needs an image input (N, C, H, W) or (N, H, W, C); the input has shape " +
                               shapeToString(x.shape()));
    const bool nhwc = ctx.model.inputLayout == "NHWC";
    const int64_t inH = nhwc ? x.dim(1) : x.dim(2), inW = nhwc ? x.dim(2) : x.dim(3);
    const int64_t inC = nhwc ? x.dim(3) : x.dim(1);
    const std::vector<float> up = upsample(layerMap, inH, inW);
    Tensor map(x.shape());
    float* m = map.data();
    for (int64_t s = 0; s < n; ++s)
        for (int64_t y = 0; y < inH; ++y)
            for (int64_t xx = 0; xx < inW; ++xx) {
                const float v = up[static_cast<size_t>((s * inH + y) * inW + xx)];
                for (int64_t ch = 0; ch < inC; ++ch) {
                    const int64_t at =
                        nhwc ? ((s * inH + y) * inW + xx) * inC + ch : ((s * inC + ch) * inH + y) * inW + xx;
                    m[at] = v;
                }
            }
    Explanation e;
    e.map = std::move(map);
    e.logits = std::move(r.logits);
    e.targets = std::move(r.targets);
    e.extra["layer_map"] = std::move(layerMap);
    ctx.progress(1.0);
    return e;
}

} // namespace

void registerCamMethods(Registry& registry)
{
    MethodSpec spec{"grad-cam",
                    "Grad-CAM: coarse class-discriminative heat map of a conv layer (default: the last Conv2D, "
                    "after its Relu); extra layer_map (N,1,h,w), map upsampled bilinearly to the input",
                    {}};
    spec.usesLayer = true;
    registry.add(std::move(spec), gradCam);
}

} // namespace lantern::explain
