#include "explain/response_stack.h"

#include "lantern/error.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/rules.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstring>
#include <memory>

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
    for (int64_t i = 0; i < gy.size(); ++i)
        dst[i] = src[i] > 0.f ? src[i] : 0.f;
    if (mask) {
        if (args.outputs.empty() || args.outputs[0].isEmpty())
            throw Error("node '" + node.name + "': the forward output the ReLU mask needs was not kept");
        const Tensor& y = args.outputs[0];
        slotsOf(gy, y, batch, node);
        const int64_t per = y.size();
        for (int64_t i = 0; i < gy.size(); ++i)
            if (!(y.data()[i % per] > 0.f))
                dst[i] = 0.f;
    }
    args.gradInputs[0] = gx;
}

/// Transposed convolution as GEMM + col2im: cols = W^T (C·kh·kw × O) · gy (O × oh·ow) per row, then every
/// column entry is added to the input pixel it came from. Used for few input channels (the first layer of
/// image nets), where oneDNN's backward-data kernels run far below their usual speed.
Tensor gemmTransposedConv(const Conv2D& conv, const Tensor& gy, const Shape& inShape)
{
    const Conv2DParams& p = conv.params();
    const int64_t rows = gy.dim(0), o = gy.dim(1), oh = gy.dim(2), ow = gy.dim(3);
    const int64_t c = inShape[1], h = inShape[2], w = inShape[3], kk = c * p.kernelH * p.kernelW;
    const int64_t pt = resolvePadding(p.padMode, h, p.kernelH, p.strideH, p.dilationH, p.padTop, p.padBottom).begin;
    const int64_t pl = resolvePadding(p.padMode, w, p.kernelW, p.strideW, p.dilationW, p.padLeft, p.padRight).begin;
    Tensor gx(inShape);
    std::vector<float> cols(static_cast<size_t>(kk * oh * ow));
    for (int64_t r = 0; r < rows; ++r) {
        const auto status = dnnl::sgemm('T', 'N', kk, oh * ow, o, 1.f, conv.weight().value.data(), kk,
                                        gy.data() + r * o * oh * ow, oh * ow, 0.f, cols.data(), oh * ow);
        if (status != dnnl::status::success)
            throw Error("deconvnet transposed convolution: sgemm failed");
        float* dst = gx.data() + r * c * h * w;
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t ky = 0; ky < p.kernelH; ++ky)
                for (int64_t kx = 0; kx < p.kernelW; ++kx) {
                    const float* src = cols.data() + ((ch * p.kernelH + ky) * p.kernelW + kx) * oh * ow;
                    // output columns whose input column ix = x·sw − pl + kx·dw lies inside [0, w)
                    const int64_t off = kx * p.dilationW - pl;
                    int64_t x0 = 0;
                    while (x0 < ow && x0 * p.strideW + off < 0)
                        ++x0;
                    int64_t x1 = ow;
                    while (x1 > x0 && (x1 - 1) * p.strideW + off >= w)
                        --x1;
                    for (int64_t y = 0; y < oh; ++y) {
                        const int64_t iy = y * p.strideH - pt + ky * p.dilationH;
                        if (iy < 0 || iy >= h)
                            continue;
                        float* drow = dst + (ch * h + iy) * w + off;
                        const float* srow = src + y * ow;
                        if (p.strideW == 1)
                            for (int64_t x = x0; x < x1; ++x)
                                drow[x] += srow[x];
                        else
                            for (int64_t x = x0; x < x1; ++x)
                                drow[x * p.strideW] += srow[x];
                    }
                }
    }
    return gx;
}

/// Transposed convolution with the layer's weights for any stacked batch: Conv2D's backward-data reads only
/// the input's shape, so a stand-in input of the stacked batch is enough.
Tensor transposedConv(Conv2D& conv, const Tensor& gy, const Tensor& input, const OpState* state, Mode mode)
{
    const Shape inShape = withBatch(input.shape(), gy.dim(0));
    if (conv.params().groups == 1 && inShape[1] <= 4)
        return gemmTransposedConv(conv, gy, inShape);
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

void convRule(Op& op, BackwardArgs& args)
{
    args.gradInputs[0] =
        transposedConv(static_cast<Conv2D&>(op), args.gradOutputs[0], args.inputs[0], args.state, args.mode);
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
    Tensor out(inShape);
    const int64_t planes = inShape[0] * inShape[1];
    for (int64_t pl = 0; pl < planes; ++pl) {
        const float* src = gy.data() + pl * oh * ow;
        float* dst = out.data() + pl * h * w;
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

void stackedRule(Op& op, const Node& node, BackwardArgs& args, int64_t batch, const DeconvRules& rules)
{
    const std::string type = op.type();
    const bool single = args.gradOutputs.size() == 1 && args.gradInputs.size() == 1;
    if (single && !args.needInputGrad[0])
        return;
    if (single && type == "Relu")
        reluRule(node, args, batch, rules.maskRelu);
    else if (single && type == "Conv2D")
        convRule(op, args);
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
    Tensor signal; ///< relu(signal) restricted to the used channels

    Tensor project(const Tensor& input) { return transposedConv(*op, signal, input, nullptr, Mode::Inference); }
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
    for (int64_t row = 0; row < rows; ++row)
        for (size_t k = 0; k < used.size(); ++k) {
            const float* src = signal.data() + (row * c + used[k]) * plane;
            const float* y = mask ? mask->data() + ((row % batch) * c + used[k]) * plane : nullptr;
            float* dst = r->signal.data() + (row * static_cast<int64_t>(used.size()) + static_cast<int64_t>(k)) * plane;
            for (int64_t q = 0; q < plane; ++q)
                dst[q] = src[q] > 0.f && (!y || y[q] > 0.f) ? src[q] : 0.f;
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
    auto stacked = std::make_shared<LambdaRule>("deconvnet-stacked",
                                                [batch, deconv](Op& op, const Node& node, BackwardArgs& args) {
                                                    stackedRule(op, node, args, batch, deconv);
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
        if (auto reduced =
                reducedConvInjection(graph, *p, s.signal, deconv.maskRelu ? &value : nullptr, batch)) {
            // Relu over a Conv2D: relu(signal) enters the conv through the few channels it uses.
            rules.setForNode(reduced->conv,
                             std::make_shared<LambdaRule>(
                                 "deconvnet-inject-conv",
                                 [batch, deconv, top, reduced](Op& op, const Node& node, BackwardArgs& args) {
                                     Tensor fresh = reduced->project(args.inputs[0]);
                                     if (top) {
                                         args.gradInputs[0] = fresh;
                                         return;
                                     }
                                     stackedRule(op, node, args, batch, deconv);
                                     args.gradInputs[0] = concatBatch(args.gradInputs[0], fresh);
                                 }));
            continue;
        }
        const Tensor signal = s.signal;
        rules.setForNode(p->name, std::make_shared<LambdaRule>(
                                      "deconvnet-inject",
                                      [batch, deconv, top, signal](Op& op, const Node& node, BackwardArgs& args) {
                                          const Tensor up = top ? signal : concatBatch(args.gradOutputs[0], signal);
                                          const Tensor gout[] = {up};
                                          args.gradOutputs = gout;
                                          stackedRule(op, node, args, batch, deconv);
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
