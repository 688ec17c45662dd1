#include "explain/response_stack.h"

#include "lantern/error.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/rules.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>

namespace lantern::explain {

namespace {

Shape withBatch(Shape s, int64_t batch)
{
    s[0] = batch;
    return s;
}

Tensor concatBatch(const Tensor& a, const Tensor& b)
{
    Shape tailA(a.shape().begin() + 1, a.shape().end()), tailB(b.shape().begin() + 1, b.shape().end());
    if (tailA != tailB)
        throw ShapeError("stacked signals " + shapeToString(a.shape()) + " and " + shapeToString(b.shape()) +
                         " do not stack");
    Tensor out = Tensor::uninitialized(withBatch(a.shape(), a.dim(0) + b.dim(0)));
    std::memcpy(out.data(), a.data(), sizeof(float) * static_cast<size_t>(a.size()));
    std::memcpy(out.data() + a.size(), b.data(), sizeof(float) * static_cast<size_t>(b.size()));
    return out;
}

/// How many stacked slots a signal of batch `rows` holds for a forward batch `batch`.
int64_t slotsOf(const Tensor& signal, const Tensor& forwardValue, int64_t batch, const Node& node)
{
    if (signal.rank() < 1 || forwardValue.isEmpty() || signal.rank() != forwardValue.rank() ||
        signal.dim(0) % batch != 0 ||
        !std::equal(signal.shape().begin() + 1, signal.shape().end(), forwardValue.shape().begin() + 1))
        throw UnsupportedError("node '" + node.name + "': stacked signal " + shapeToString(signal.shape()) +
                               " does not fit its value " + shapeToString(forwardValue.shape()) +
                               " (only ops that keep the batch as the leading dimension can be back-projected)");
    return signal.dim(0) / batch;
}

/// relu(gy), and with `mask` also zero where the forward output (batch `batch`, shared by every stacked slot) is
/// not positive.
void reluRule(const Node& node, BackwardArgs& args, int64_t batch, bool mask)
{
    const Tensor& gy = args.gradOutputs[0];
    Tensor gx = Tensor::uninitialized(gy.shape());
    const float* src = gy.data();
    float* dst = gx.data();
    const float* y = nullptr;
    int64_t per = gy.size(); // elements per mask repetition (one stacked slot)
    if (mask) {
        if (args.outputs.empty() || args.outputs[0].isEmpty())
            throw Error("node '" + node.name + "': the forward output the ReLU mask needs was not kept");
        slotsOf(gy, args.outputs[0], batch, node);
        y = args.outputs[0].data();
        per = args.outputs[0].size();
    }
    // blocks of a slot, in parallel; the inner loop vectorizes
    constexpr int64_t kBlock = 8192;
    const int64_t slots = per > 0 ? gy.size() / per : 0, blocks = (per + kBlock - 1) / kBlock;
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t s = 0; s < slots; ++s)
        for (int64_t b = 0; b < blocks; ++b) {
            const int64_t j0 = b * kBlock, j1 = std::min(per, j0 + kBlock);
            const float* in = src + s * per;
            float* out = dst + s * per;
            if (y)
                for (int64_t j = j0; j < j1; ++j)
                    out[j] = in[j] > 0.f && y[j] > 0.f ? in[j] : 0.f;
            else
                for (int64_t j = j0; j < j1; ++j)
                    out[j] = in[j] > 0.f ? in[j] : 0.f;
        }
    args.gradInputs[0] = gx;
}

/// A ReLU rule folded into the few-channel transposed convolution below it: relu(signal), and with `mask` (the
/// conv's forward pre-activation z at batch `batch`) also zero where z <= 0, applied row by row in cache.
struct FoldedRelu {
    const float* mask = nullptr;
    int64_t batch = 1;
};

/// Transposed convolution as GEMM + col2im: cols = W^T (C·kh·kw × O) · gy (O × oh·ow) per row, then every
/// column entry is added to the input pixel it came from. Used for few input channels (the first layer of
/// image nets), where oneDNN's backward-data kernels run far below their usual speed. Rows run in parallel, and
/// each row's GEMM in blocks of output rows whose column matrix stays in L2 for the col2im.
Tensor gemmTransposedConv(const Conv2D& conv, const Tensor& gy, const Shape& inShape, const FoldedRelu* relu = nullptr)
{
    const Conv2DParams& p = conv.params();
    const int64_t rows = gy.dim(0), o = gy.dim(1), oh = gy.dim(2), ow = gy.dim(3);
    const int64_t c = inShape[1], h = inShape[2], w = inShape[3], kk = c * p.kernelH * p.kernelW;
    const int64_t pt = resolvePadding(p.padMode, h, p.kernelH, p.strideH, p.dilationH, p.padTop, p.padBottom).begin;
    const int64_t pl = resolvePadding(p.padMode, w, p.kernelW, p.strideW, p.dilationW, p.padLeft, p.padRight).begin;
    Tensor gx(inShape);
    bool failed = false;
    const int64_t blockRows = std::clamp<int64_t>(int64_t{64 * 1024} / std::max<int64_t>(1, kk * ow), 1, oh);
    // one stacked row per iteration (each writes its own output row); sgemm runs single-threaded inside
#pragma omp parallel for schedule(dynamic) reduction(|| : failed)
    for (int64_t r = 0; r < rows; ++r) {
        thread_local std::vector<float> cols, rectified;
        cols.resize(static_cast<size_t>(kk * blockRows * ow));
        const int64_t rowSize = o * oh * ow;
        const float* signal = gy.data() + r * rowSize;
        if (relu) {
            rectified.resize(static_cast<size_t>(rowSize));
            float* out = rectified.data();
            if (relu->mask) {
                const float* z = relu->mask + (r % relu->batch) * rowSize;
                for (int64_t j = 0; j < rowSize; ++j)
                    out[j] = signal[j] > 0.f && z[j] > 0.f ? signal[j] : 0.f;
            } else {
                for (int64_t j = 0; j < rowSize; ++j)
                    out[j] = signal[j] > 0.f ? signal[j] : 0.f;
            }
            signal = out;
        }
        float* dst = gx.data() + r * c * h * w;
        for (int64_t y0 = 0; y0 < oh && !failed; y0 += blockRows) {
            const int64_t y1 = std::min(oh, y0 + blockRows), n = (y1 - y0) * ow;
            // cols (kk x n) = W^T (kk x o) * gy[:, y0*ow .. y1*ow) (o x n, leading dimension oh*ow)
            const auto status = dnnl::sgemm('T', 'N', kk, n, o, 1.f, conv.weight().value.data(), kk, signal + y0 * ow,
                                            oh * ow, 0.f, cols.data(), n);
            if (status != dnnl::status::success) {
                failed = true;
                break;
            }
            for (int64_t ch = 0; ch < c; ++ch)
                for (int64_t ky = 0; ky < p.kernelH; ++ky)
                    for (int64_t kx = 0; kx < p.kernelW; ++kx) {
                        const float* src = cols.data() + ((ch * p.kernelH + ky) * p.kernelW + kx) * n;
                        // output columns whose input column ix = x·sw − pl + kx·dw lies inside [0, w)
                        const int64_t off = kx * p.dilationW - pl;
                        int64_t x0 = 0;
                        while (x0 < ow && x0 * p.strideW + off < 0)
                            ++x0;
                        int64_t x1 = ow;
                        while (x1 > x0 && (x1 - 1) * p.strideW + off >= w)
                            --x1;
                        for (int64_t y = y0; y < y1; ++y) {
                            const int64_t iy = y * p.strideH - pt + ky * p.dilationH;
                            if (iy < 0 || iy >= h)
                                continue;
                            float* drow = dst + (ch * h + iy) * w + off;
                            const float* srow = src + (y - y0) * ow;
                            if (p.strideW == 1)
                                for (int64_t x = x0; x < x1; ++x)
                                    drow[x] += srow[x];
                            else
                                for (int64_t x = x0; x < x1; ++x)
                                    drow[x * p.strideW] += srow[x];
                        }
                    }
        }
    }
    if (failed)
        throw Error("deconvnet transposed convolution: sgemm failed");
    return gx;
}

/// Convolutions whose transposed convolution runs as GEMM + col2im (few input channels: image input layers).
bool gemmPath(const Conv2D& conv)
{
    return conv.params().groups == 1 && conv.params().inChannels <= 4;
}

/// Transposed convolution with the layer's weights for any stacked batch: Conv2D's backward-data reads only
/// the input's shape, so a stand-in input of the stacked batch is enough.
Tensor transposedConv(Conv2D& conv, const Tensor& gy, const Tensor& input, const OpState* state, Mode mode,
                      const FoldedRelu* relu = nullptr)
{
    const Shape inShape = withBatch(input.shape(), gy.dim(0));
    if (gemmPath(conv))
        return gemmTransposedConv(conv, gy, inShape, relu);
    if (relu)
        throw Error("deconvnet: a ReLU can only be folded into a few-channel convolution");
    const Tensor stand = gy.dim(0) == input.dim(0) ? input : Tensor::uninitialized(inShape);
    BackwardArgs a;
    const Tensor inputs[] = {stand};
    const Tensor gout[] = {gy};
    a.inputs = inputs;
    a.gradOutputs = gout;
    a.needInputGrad = {true};
    a.gradInputs.resize(1);
    a.state = state;
    a.mode = mode;
    conv.backward(a);
    return a.gradInputs[0];
}

/// `folded`: the ReLU above this conv passed its signal through unchanged and its rule is applied here.
void convRule(Op& op, const Node& node, BackwardArgs& args, int64_t batch, const DeconvRules& rules, bool folded)
{
    FoldedRelu relu;
    if (folded && rules.maskRelu) {
        if (args.outputs.empty() || args.outputs[0].isEmpty())
            throw Error("node '" + node.name + "': the forward output the ReLU mask needs was not kept");
        slotsOf(args.gradOutputs[0], args.outputs[0], batch, node);
        relu.mask = args.outputs[0].data();
        relu.batch = batch;
    }
    args.gradInputs[0] = transposedConv(static_cast<Conv2D&>(op), args.gradOutputs[0], args.inputs[0], args.state,
                                        args.mode, folded ? &relu : nullptr);
}

Tensor tiled(const Tensor& t, int64_t times)
{
    Tensor out = Tensor::uninitialized(withBatch(t.shape(), t.dim(0) * times));
    for (int64_t s = 0; s < times; ++s)
        std::memcpy(out.data() + s * t.size(), t.data(), sizeof(float) * static_cast<size_t>(t.size()));
    return out;
}

/// Every output value is added to each element of its window (padding excluded).
Tensor nearestUnpool(const MaxPool2D& pool, const Tensor& gy, const Shape& inShape)
{
    const MaxPool2DParams& p = pool.params();
    const int64_t h = inShape[2], w = inShape[3], oh = gy.dim(2), ow = gy.dim(3);
    const AxisPadding ph = resolvePadding(p.padMode, h, p.kernelH, p.strideH, p.dilationH, p.padTop, p.padBottom);
    const AxisPadding pw = resolvePadding(p.padMode, w, p.kernelW, p.strideW, p.dilationW, p.padLeft, p.padRight);
    const int64_t planes = inShape[0] * inShape[1];
    const bool blocks = p.strideH == p.kernelH && p.strideW == p.kernelW && p.dilationH == 1 && p.dilationW == 1 &&
                        ph.begin == 0 && pw.begin == 0;
    // blocks that tile the whole plane overwrite every element
    Tensor out =
        blocks && oh * p.kernelH == h && ow * p.kernelW == w ? Tensor::uninitialized(inShape) : Tensor(inShape);
#pragma omp parallel for schedule(static)
    for (int64_t pl = 0; pl < planes; ++pl) {
        const float* src = gy.data() + pl * oh * ow;
        float* dst = out.data() + pl * h * w;
        if (blocks) { // non-overlapping windows: copy each value into its k x k block
            const int64_t kh = p.kernelH, kw = p.kernelW, cols = std::min(ow, w / kw);
            for (int64_t oy = 0; oy < oh && oy * kh < h; ++oy)
                for (int64_t ky = 0; ky < kh && oy * kh + ky < h; ++ky) {
                    const float* s = src + oy * ow;
                    float* d = dst + (oy * kh + ky) * w;
                    for (int64_t ox = 0; ox < cols; ++ox)
                        for (int64_t kx = 0; kx < kw; ++kx)
                            d[ox * kw + kx] = s[ox];
                }
            continue;
        }
        for (int64_t y = 0; y < oh; ++y)
            for (int64_t x = 0; x < ow; ++x) {
                const float v = src[y * ow + x];
                if (v == 0.f)
                    continue;
                for (int64_t ky = 0; ky < p.kernelH; ++ky) {
                    const int64_t iy = y * p.strideH - ph.begin + ky * p.dilationH;
                    if (iy < 0 || iy >= h)
                        continue;
                    for (int64_t kx = 0; kx < p.kernelW; ++kx) {
                        const int64_t ix = x * p.strideW - pw.begin + kx * p.dilationW;
                        if (ix >= 0 && ix < w)
                            dst[iy * w + ix] += v;
                    }
                }
            }
    }
    return out;
}

void poolRule(Op& op, BackwardArgs& args, int64_t batch, PoolingMode mode)
{
    const Tensor& gy = args.gradOutputs[0];
    const Shape inShape = withBatch(args.inputs[0].shape(), gy.dim(0));
    if (mode == PoolingMode::Nearest) {
        args.gradInputs[0] = nearestUnpool(static_cast<const MaxPool2D&>(op), gy, inShape);
        return;
    }
    const Tensor sw = MaxPool2D::switches(args.state);
    args.gradInputs[0] = MaxPool2D::unpool(gy, gy.dim(0) == batch ? sw : tiled(sw, gy.dim(0) / batch), inShape);
}

/// Any other op: its own backward (the true gradient, linear in the upstream signal) once per stacked slot.
void sliceRule(Op& op, const Node& node, BackwardArgs& args, int64_t batch)
{
    const int64_t slots = slotsOf(args.gradOutputs[0], args.outputs[0], batch, node);
    if (slots == 1) {
        op.backward(args);
        return;
    }
    std::vector<std::vector<Tensor>> parts(args.gradInputs.size());
    for (int64_t s = 0; s < slots; ++s) {
        BackwardArgs a;
        std::vector<Tensor> gout;
        for (const Tensor& g : args.gradOutputs)
            gout.push_back(g.slice(s * batch, (s + 1) * batch));
        a.inputs = args.inputs;
        a.outputs = args.outputs;
        a.gradOutputs = gout;
        a.needInputGrad = args.needInputGrad;
        a.gradInputs.resize(args.gradInputs.size());
        a.state = args.state;
        a.mode = args.mode;
        op.backward(a);
        for (size_t k = 0; k < parts.size(); ++k)
            if (args.needInputGrad[k])
                parts[k].push_back(a.gradInputs[k].clone());
    }
    for (size_t k = 0; k < parts.size(); ++k) {
        if (!args.needInputGrad[k])
            continue;
        const Tensor& first = parts[k].front();
        Tensor out = Tensor::uninitialized(withBatch(first.shape(), first.dim(0) * slots));
        for (int64_t s = 0; s < slots; ++s)
            std::memcpy(out.data() + s * first.size(), parts[k][static_cast<size_t>(s)].data(),
                        sizeof(float) * static_cast<size_t>(first.size()));
        args.gradInputs[k] = out;
    }
}

/// Relu nodes whose rule the few-channel convolution below them applies (the Relu passes its signal on), and those
/// convolutions: saves writing and reading the largest stacked signal (the first layer's) once.
struct Folding {
    std::set<std::string> relus, convs;
};

Folding reluFolding(const Graph& graph)
{
    Folding f;
    for (const Node& n : graph.nodes()) {
        if (n.op->type() != "Relu" || n.inputs.size() != 1)
            continue;
        const Node* p = graph.producer(n.inputs[0]);
        if (!p || p->op->type() != "Conv2D" || graph.consumers(n.inputs[0]).size() != 1 ||
            !gemmPath(static_cast<const Conv2D&>(*p->op)))
            continue;
        f.relus.insert(n.name);
        f.convs.insert(p->name);
    }
    return f;
}

void stackedRule(Op& op, const Node& node, BackwardArgs& args, int64_t batch, const DeconvRules& rules,
                 const Folding& folding)
{
    const std::string type = op.type();
    const bool single = args.gradOutputs.size() == 1 && args.gradInputs.size() == 1;
    if (single && !args.needInputGrad[0])
        return;
    if (single && type == "Relu" && folding.relus.count(node.name))
        args.gradInputs[0] = args.gradOutputs[0];
    else if (single && type == "Relu")
        reluRule(node, args, batch, rules.maskRelu);
    else if (single && type == "Conv2D")
        convRule(op, node, args, batch, rules, folding.convs.count(node.name) > 0);
    else if (single && type == "MaxPool2D")
        poolRule(op, args, batch, rules.pooling);
    else if (single && type == "BatchNorm" && rules.batchNormPass)
        args.gradInputs[0] = args.gradOutputs[0];
    else
        sliceRule(op, node, args, batch);
}

/// A signal injected at the output of a Relu whose input comes from a Conv2D (groups 1) read only by it:
/// the deconvnet applies relu to the signal and then the conv's transposed convolution. A per-filter signal
/// uses few channels, so that transposed convolution runs on a stand-in Conv2D holding only those filters.
struct ReducedConv {
    std::string conv; ///< node whose rule injects
    std::shared_ptr<Conv2D> op;
    Tensor signal;       ///< relu(signal) restricted to the used channels
    bool sparse = false; ///< every row holds at most one non-zero unit (ai4materials' strongest-unit seeds)

    Tensor project(const Tensor& input)
    {
        const Shape inShape = withBatch(input.shape(), signal.dim(0));
        if (sparse)
            return scatter(inShape);
        if (auto flipped = flippedForward(inShape)) {
            ForwardArgs a;
            const Tensor in[] = {signal};
            a.inputs = in;
            a.mode = Mode::Inference;
            flipped->forward(a);
            if (a.outputs.at(0).shape() == inShape)
                return a.outputs[0];
        }
        return transposedConv(*op, signal, input, nullptr, Mode::Inference);
    }

private:
    /// The transposed convolution of a single unit (f, r, q) of value m is the filter itself, placed:
    /// x̂[c, r·sh − pt + u·dh, q·sw − pl + v·dw] += m·W[f, c, u, v].
    Tensor scatter(const Shape& inShape) const
    {
        const Conv2DParams& p = op->params();
        const int64_t c = inShape[1], h = inShape[2], w = inShape[3], rows = signal.dim(0), k = signal.dim(1);
        const int64_t oh = signal.dim(2), ow = signal.dim(3), plane = oh * ow;
        const int64_t pt = resolvePadding(p.padMode, h, p.kernelH, p.strideH, p.dilationH, p.padTop, p.padBottom).begin;
        const int64_t pl = resolvePadding(p.padMode, w, p.kernelW, p.strideW, p.dilationW, p.padLeft, p.padRight).begin;
        const Tensor& wt = op->weight().value;
        Tensor out(inShape);
        for (int64_t row = 0; row < rows; ++row)
            for (int64_t f = 0; f < k; ++f) {
                const float* sig = signal.data() + (row * k + f) * plane;
                for (int64_t at = 0; at < plane; ++at) {
                    const float m = sig[at];
                    if (m == 0.f)
                        continue;
                    const int64_t r = at / ow, q = at % ow;
                    for (int64_t ch = 0; ch < c; ++ch)
                        for (int64_t u = 0; u < p.kernelH; ++u) {
                            const int64_t y = r * p.strideH - pt + u * p.dilationH;
                            if (y < 0 || y >= h)
                                continue;
                            for (int64_t v = 0; v < p.kernelW; ++v) {
                                const int64_t x = q * p.strideW - pl + v * p.dilationW;
                                if (x >= 0 && x < w)
                                    out[((row * c + ch) * h + y) * w + x] +=
                                        m * wt[((f * c + ch) * p.kernelH + u) * p.kernelW + v];
                            }
                        }
                }
            }
        return out;
    }

    /// For stride 1 and no dilation, the transposed convolution is a forward convolution with the filters
    /// transposed and flipped and padding k − 1 − p, which oneDNN runs efficiently for few input channels
    /// (its backward-data kernels with four output channels do not). nullptr when that does not apply.
    Conv2D* flippedForward(const Shape& inShape)
    {
        if (m_flipped || m_noFlip)
            return m_flipped.get();
        const Conv2DParams& p = op->params();
        const AxisPadding ph = resolvePadding(p.padMode, inShape[2], p.kernelH, 1, 1, p.padTop, p.padBottom);
        const AxisPadding pw = resolvePadding(p.padMode, inShape[3], p.kernelW, 1, 1, p.padLeft, p.padRight);
        m_noFlip = p.strideH != 1 || p.strideW != 1 || p.dilationH != 1 || p.dilationW != 1 || p.groups != 1 ||
                   ph.begin > p.kernelH - 1 || ph.end > p.kernelH - 1 || pw.begin > p.kernelW - 1 ||
                   pw.end > p.kernelW - 1;
        if (m_noFlip)
            return nullptr;
        Conv2DParams f;
        f.inChannels = p.outChannels;
        f.outChannels = p.inChannels;
        f.kernelH = p.kernelH;
        f.kernelW = p.kernelW;
        f.padTop = p.kernelH - 1 - ph.begin;
        f.padBottom = p.kernelH - 1 - ph.end;
        f.padLeft = p.kernelW - 1 - pw.begin;
        f.padRight = p.kernelW - 1 - pw.end;
        f.bias = false;
        m_flipped = std::make_shared<Conv2D>(f);
        const Tensor& src = op->weight().value;
        float* dst = m_flipped->weight().value.data();
        for (int64_t o = 0; o < p.outChannels; ++o)
            for (int64_t c = 0; c < p.inChannels; ++c)
                for (int64_t u = 0; u < p.kernelH; ++u)
                    for (int64_t v = 0; v < p.kernelW; ++v)
                        dst[((c * p.outChannels + o) * p.kernelH + (p.kernelH - 1 - u)) * p.kernelW +
                            (p.kernelW - 1 - v)] = src[((o * p.inChannels + c) * p.kernelH + u) * p.kernelW + v];
        m_flipped->weight().markModified();
        return m_flipped.get();
    }

    std::shared_ptr<Conv2D> m_flipped;
    bool m_noFlip = false;
};

/// `mask` (may be nullptr): the Relu's forward output at batch `batch`; the signal is also zeroed where it is not
/// positive (ai4materials' forward sign mask).
std::shared_ptr<ReducedConv> reducedConvInjection(const Graph& graph, const Node& relu, const Tensor& signal,
                                                  const Tensor* mask, int64_t batch)
{
    if (relu.op->type() != "Relu" || relu.inputs.size() != 1 || signal.rank() != 4)
        return nullptr;
    const Node* convNode = graph.producer(relu.inputs[0]);
    if (!convNode || convNode->op->type() != "Conv2D" || graph.consumers(relu.inputs[0]).size() != 1)
        return nullptr;
    const auto& conv = static_cast<const Conv2D&>(*convNode->op);
    if (conv.params().groups != 1)
        return nullptr;
    const int64_t rows = signal.dim(0), c = signal.dim(1), plane = signal.dim(2) * signal.dim(3);
    std::vector<int64_t> used;
    for (int64_t ch = 0; ch < c; ++ch) {
        bool any = false;
        for (int64_t r = 0; r < rows && !any; ++r) {
            const float* p = signal.data() + (r * c + ch) * plane;
            any = std::any_of(p, p + plane, [](float v) { return v > 0.f; });
        }
        if (any)
            used.push_back(ch);
    }
    if (used.empty())
        used.push_back(0);
    if (static_cast<int64_t>(used.size()) * 2 > c)
        return nullptr;
    auto r = std::make_shared<ReducedConv>();
    r->conv = convNode->name;
    Conv2DParams params = conv.params();
    params.outChannels = static_cast<int64_t>(used.size());
    params.bias = false;
    r->op = std::make_shared<Conv2D>(params);
    const Tensor& w = conv.weight().value;
    const int64_t filter = w.size() / c;
    for (size_t k = 0; k < used.size(); ++k)
        std::copy_n(w.data() + used[k] * filter, filter,
                    r->op->weight().value.data() + static_cast<int64_t>(k) * filter);
    r->op->weight().markModified();
    r->signal = Tensor(Shape{rows, static_cast<int64_t>(used.size()), signal.dim(2), signal.dim(3)});
    r->sparse = true;
    for (int64_t row = 0; row < rows; ++row) {
        int64_t nonzero = 0;
        for (size_t k = 0; k < used.size(); ++k) {
            const float* src = signal.data() + (row * c + used[k]) * plane;
            const float* y = mask ? mask->data() + ((row % batch) * c + used[k]) * plane : nullptr;
            float* dst = r->signal.data() + (row * static_cast<int64_t>(used.size()) + static_cast<int64_t>(k)) * plane;
            for (int64_t q = 0; q < plane; ++q) {
                dst[q] = src[q] > 0.f && (!y || y[q] > 0.f) ? src[q] : 0.f;
                nonzero += dst[q] != 0.f;
            }
        }
        r->sparse = r->sparse && nonzero <= 1;
    }
    return r;
}

} // namespace

DeconvRules parseDeconvRules(const std::string& style, const std::string& pooling, const std::string& method)
{
    DeconvRules r;
    if (style == "ai4materials") {
        r.style = DeconvStyle::Ai4materials;
        r.pooling = PoolingMode::Nearest;
        r.maskRelu = true;
        r.batchNormPass = true;
    } else if (style != "zeiler-fergus") {
        throw ArgumentError("method '" + method + "': parameter style=" + style +
                            " must be 'zeiler-fergus' or 'ai4materials'");
    }
    if (pooling == "switches")
        r.pooling = PoolingMode::Switches;
    else if (pooling == "nearest")
        r.pooling = PoolingMode::Nearest;
    else if (pooling != "auto")
        throw ArgumentError("method '" + method + "': parameter pooling=" + pooling +
                            " must be 'auto', 'switches' or 'nearest'");
    return r;
}

bool chainedBelow(const Graph& graph, const std::string& upper, const std::string& lower)
{
    std::string v = upper;
    while (v != lower) {
        const Node* p = graph.producer(v);
        if (!p)
            return false;
        std::vector<std::string> ins;
        for (const auto& in : p->inputs)
            if (!in.empty())
                ins.push_back(in);
        if (ins.size() != 1 || p->outputs.size() != 1)
            return false;
        v = ins.front();
        if (v != lower && graph.consumers(v).size() != 1)
            return false;
    }
    return true;
}

Tensor deconvStacked(Graph& graph, Execution& execution, const std::string& inputName,
                     const std::vector<InjectedSignal>& signals, int64_t batch, const DeconvRules& deconv,
                     const std::atomic<bool>* cancel, const std::string& method)
{
    if (signals.empty())
        throw ArgumentError(method + ": nothing to back-project");
    RuleSet rules;
    const auto folding = std::make_shared<const Folding>(reluFolding(graph));
    auto stacked = std::make_shared<LambdaRule>("deconvnet-stacked",
                                                [batch, deconv, folding](Op& op, const Node& node, BackwardArgs& args) {
                                                    stackedRule(op, node, args, batch, deconv, *folding);
                                                });
    for (const Node& n : graph.nodes())
        rules.setForNode(n.name, stacked);
    for (size_t j = 0; j < signals.size(); ++j) {
        const InjectedSignal& s = signals[j];
        const Node* p = graph.producer(s.value);
        if (!p || p->outputs.size() != 1)
            throw UnsupportedError(method + ": cannot inject a signal at '" + s.value +
                                   "' (it must be the only output of a node)");
        if (j > 0 && !chainedBelow(graph, signals[j - 1].value, s.value))
            throw UnsupportedError(method + ": '" + s.value + "' is not on a plain chain below '" +
                                   signals[j - 1].value + "'");
        const Tensor& value = execution.value(s.value);
        if (s.signal.rank() != value.rank() || s.signal.dim(0) % batch != 0 || s.signal.dim(0) == 0 ||
            !std::equal(s.signal.shape().begin() + 1, s.signal.shape().end(), value.shape().begin() + 1))
            throw ShapeError(method + ": signal " + shapeToString(s.signal.shape()) + " does not stack on '" + s.value +
                             "' " + shapeToString(value.shape()));
        const bool top = j == 0;
        if (auto reduced = reducedConvInjection(graph, *p, s.signal, deconv.maskRelu ? &value : nullptr, batch)) {
            // Relu over a Conv2D: relu(signal) enters the conv through the few channels it uses.
            rules.setForNode(reduced->conv,
                             std::make_shared<LambdaRule>(
                                 "deconvnet-inject-conv",
                                 [batch, deconv, top, reduced, folding](Op& op, const Node& node, BackwardArgs& args) {
                                     Tensor fresh = reduced->project(args.inputs[0]);
                                     if (top) {
                                         args.gradInputs[0] = fresh;
                                         return;
                                     }
                                     stackedRule(op, node, args, batch, deconv, *folding);
                                     args.gradInputs[0] = concatBatch(args.gradInputs[0], fresh);
                                 }));
            continue;
        }
        const Tensor signal = s.signal;
        rules.setForNode(p->name, std::make_shared<LambdaRule>(
                                      "deconvnet-inject", [batch, deconv, top, signal,
                                                           folding](Op& op, const Node& node, BackwardArgs& args) {
                                          const Tensor up = top ? signal : concatBatch(args.gradOutputs[0], signal);
                                          const Tensor gout[] = {up};
                                          args.gradOutputs = gout;
                                          stackedRule(op, node, args, batch, deconv, *folding);
                                      }));
    }
    BackwardOptions bo;
    bo.rules = &rules;
    bo.cancel = cancel;
    bo.wanted = {inputName};
    const std::string& topValue = signals.front().value;
    auto result = graph.backward(execution, {{topValue, Tensor(execution.value(topValue).shape())}}, bo);
    Tensor r = result.at(inputName);
    int64_t expected = 0;
    for (const auto& s : signals)
        expected += s.signal.dim(0);
    if (r.dim(0) != expected)
        throw Error(method + ": back-projection has " + std::to_string(r.dim(0)) + " rows, expected " +
                    std::to_string(expected) + " (a signal did not reach the input)");
    return r;
}

} // namespace lantern::explain
