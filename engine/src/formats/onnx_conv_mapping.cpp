// Mappings of the convolution and pooling ops. 1-D cases (N, C, L) run as the 2-D ops on (N, C, 1, L) between two
// Reshapes; 3-D transposed convolutions use ConvTranspose3D; other 3-D cases are rejected.
#include "onnx_op_mapping.h"

#include "lantern/ops/avg_pool2d.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/conv_transpose2d.h"
#include "lantern/ops/conv_transpose3d.h"
#include "lantern/ops/global_avg_pool.h"
#include "lantern/ops/global_max_pool.h"
#include "lantern/ops/max_pool2d.h"

namespace lantern::formats::onnximport {

namespace {

constexpr int64_t kMaxGeometry = int64_t(1) << 24; ///< sanity bound for kernels, strides, pads, dilations

std::vector<Value> one(Value v)
{
    std::vector<Value> out;
    out.push_back(std::move(v));
    return out;
}

/// Window geometry of a convolution or pooling node, per spatial axis.
struct Spatial {
    std::vector<int64_t> kernel, strides, dilations, padBegin, padEnd;
    std::string autoPad = "NOTSET";
    PadMode padMode = PadMode::Explicit;

    /// Prepends a unit axis (1-D -> 2-D).
    void lift()
    {
        kernel.insert(kernel.begin(), 1);
        strides.insert(strides.begin(), 1);
        dilations.insert(dilations.begin(), 1);
        padBegin.insert(padBegin.begin(), 0);
        padEnd.insert(padEnd.begin(), 0);
    }
};

/// Copies 2-D kernel, stride, dilation and padding into Conv2DParams / ConvTranspose2DParams / pooling params.
template <class Params> void setSpatial(Params& p, const Spatial& s)
{
    p.kernelH = s.kernel[0];
    p.kernelW = s.kernel[1];
    p.strideH = s.strides[0];
    p.strideW = s.strides[1];
    p.dilationH = s.dilations[0];
    p.dilationW = s.dilations[1];
    p.padTop = s.padBegin[0];
    p.padLeft = s.padBegin[1];
    p.padBottom = s.padEnd[0];
    p.padRight = s.padEnd[1];
}

std::vector<int64_t> listAttr(const NodeContext& c, const std::string& name, size_t size, int64_t fallback, int64_t lo)
{
    std::vector<int64_t> v = c.attrs.getInts(name, std::vector<int64_t>(size, fallback));
    if (v.size() != size)
        c.fail("attribute '" + name + "' has " + std::to_string(v.size()) + " values, expected " +
               std::to_string(size));
    c.attrs.checkRange(name, v, lo, kMaxGeometry);
    return v;
}

Spatial readSpatial(const NodeContext& c, const std::vector<int64_t>& kernel)
{
    const size_t dims = kernel.size();
    Spatial s;
    s.kernel = kernel;
    c.attrs.checkRange("kernel_shape", kernel, 1, kMaxGeometry);
    s.strides = listAttr(c, "strides", dims, 1, 1);
    s.dilations = listAttr(c, "dilations", dims, 1, 1);
    const auto pads = listAttr(c, "pads", 2 * dims, 0, 0);
    s.padBegin.assign(pads.begin(), pads.begin() + static_cast<std::ptrdiff_t>(dims));
    s.padEnd.assign(pads.begin() + static_cast<std::ptrdiff_t>(dims), pads.end());
    s.autoPad = c.attrs.getString("auto_pad", "NOTSET");
    if (s.autoPad == "SAME_UPPER")
        s.padMode = PadMode::SameUpper;
    else if (s.autoPad == "SAME_LOWER")
        s.padMode = PadMode::SameLower;
    else if (s.autoPad == "VALID")
        s.padMode = PadMode::Valid;
    else if (s.autoPad != "NOTSET" && !s.autoPad.empty())
        c.fail("unknown auto_pad '" + s.autoPad + "'");
    return s;
}

std::vector<int64_t> kernelFromWeight(const NodeContext& c, const ConstTensor& w)
{
    std::vector<int64_t> kernel(w.shape.begin() + 2, w.shape.end());
    if (auto attr = c.attrs.findInts("kernel_shape"); attr && *attr != kernel)
        c.fail("kernel_shape " + shapeToString(*attr) + " does not match the weight " + shapeToString(w.shape));
    return kernel;
}

int64_t staticChannels(const NodeContext& c, const Value& x)
{
    if (x.shape.a[1] != x.shape.b[1])
        c.fail<UnsupportedError>("the channel count depends on the dynamic size");
    return x.shape.a[1];
}

/// Adds a 2-D op for x; a 1-D input (N, C, L) goes through Reshapes to (N, C, 1, L) and back.
std::vector<Value> run2D(NodeContext& c, const Value& x, std::unique_ptr<Op> op)
{
    if (x.rank() == 4)
        return one(c.add("", std::move(op), {x.engine}, c.output()));
    auto lift = [](Shape s) {
        s.insert(s.begin() + 2, 1);
        return s;
    };
    auto drop = [](Shape s) {
        s.erase(s.begin() + 2);
        return s;
    };
    Value x4 = c.reshape(x, {lift(x.shape.a), lift(x.shape.b)}, "to2d");
    Value y4 = c.add("", std::move(op), {x4.engine});
    c.im.notes.push_back("node '" + c.name + "' (" + c.opType + "): 1-D input run as 2-D (N, C, 1, L) via Reshape");
    return one(c.reshape(y4, {drop(y4.shape.a), drop(y4.shape.b)}, "to1d", c.output()));
}

Tensor biasTensor(const NodeContext& c, int64_t channels)
{
    const ConstTensor& b = c.constInput(2, "B (the bias)");
    if (b.size() != channels)
        c.fail<ShapeError>("bias has shape " + shapeToString(b.shape) + ", expected (" + std::to_string(channels) +
                           ")");
    return b.toTensor(c.where()).reshaped({channels});
}

int64_t groupAttr(const NodeContext& c)
{
    const int64_t group = c.attrs.getInt("group", 1);
    c.attrs.checkRange("group", {group}, 1, kMaxGeometry);
    return group;
}

std::vector<Value> mapConv(NodeContext& c)
{
    const Value& x = c.activationInput(0, 3, 5);
    const ConstTensor& w = c.constInput(1, "W (the weight)");
    if (x.rank() == 5)
        c.fail<UnsupportedError>("3-D convolution (5-D input) is not supported");
    if (w.rank() != x.rank())
        c.fail<ShapeError>("weight " + shapeToString(w.shape) + " does not match input " +
                           shapeToString(x.shape.symbolic()));
    Spatial s = readSpatial(c, kernelFromWeight(c, w));
    const int64_t group = groupAttr(c), channels = staticChannels(c, x), outChannels = w.shape[0];
    if (channels != w.shape[1] * group || outChannels % group != 0)
        c.fail<ShapeError>("weight " + shapeToString(w.shape) + " with " + std::to_string(group) +
                           " group(s) does not fit input " + shapeToString(x.shape.symbolic()));
    if (x.rank() == 3)
        s.lift();
    Conv2DParams p;
    p.inChannels = channels;
    p.outChannels = outChannels;
    setSpatial(p, s);
    p.groups = group;
    p.bias = c.has(2);
    p.padMode = s.padMode;
    const Tensor bias = p.bias ? biasTensor(c, outChannels) : Tensor();
    auto conv = std::make_unique<Conv2D>(p);
    c.setParameter(conv->weight(),
                   w.toTensor(c.where()).reshaped({outChannels, channels / group, p.kernelH, p.kernelW}));
    if (p.bias)
        c.setParameter(*conv->bias(), bias);
    return run2D(c, x, std::move(conv));
}

int64_t floorDiv2(int64_t v)
{
    return v >= 0 ? v / 2 : -((-v + 1) / 2);
}

std::vector<Value> mapConvTranspose(NodeContext& c)
{
    const Value& x = c.activationInput(0, 3, 5);
    const ConstTensor& w = c.constInput(1, "W (the weight)");
    if (w.rank() != x.rank())
        c.fail<ShapeError>("weight " + shapeToString(w.shape) + " does not match input " +
                           shapeToString(x.shape.symbolic()));
    Spatial s = readSpatial(c, kernelFromWeight(c, w));
    const size_t dims = s.kernel.size();
    const int64_t group = groupAttr(c), channels = staticChannels(c, x), outChannels = w.shape[1] * group;
    if (w.shape[0] != channels || channels % group != 0)
        c.fail<ShapeError>("weight " + shapeToString(w.shape) + " with " + std::to_string(group) +
                           " group(s) does not fit input " + shapeToString(x.shape.symbolic()));
    const Tensor bias = c.has(2) ? biasTensor(c, outChannels) : Tensor(); // checked before the op allocates
    std::vector<int64_t> outPad = listAttr(c, "output_padding", dims, 0, 0);
    auto outShape = c.attrs.findInts("output_shape");
    if (outShape && outShape->size() == dims + 2)
        outShape->erase(outShape->begin(), outShape->begin() + 2);
    if (outShape && outShape->size() != dims)
        c.fail("output_shape " + shapeToString(*outShape) + " does not have one entry per spatial axis");
    if (outShape || s.padMode == PadMode::SameUpper || s.padMode == PadMode::SameLower) {
        // Padding derived from the wanted output size (ONNX reference): a negative end padding is output padding.
        for (size_t k = 0; k < dims; ++k) {
            const int64_t in = x.shape.a[k + 2];
            if (in != x.shape.b[k + 2])
                c.fail<UnsupportedError>("output_shape/auto_pad with a dynamic spatial size");
            const int64_t want = outShape ? (*outShape)[k] : in * s.strides[k];
            const int64_t total = s.strides[k] * (in - 1) + outPad[k] + (s.kernel[k] - 1) * s.dilations[k] + 1 - want;
            const bool upper = s.padMode == PadMode::SameUpper;
            s.padBegin[k] = upper ? floorDiv2(total) : total - floorDiv2(total);
            s.padEnd[k] = upper ? total - floorDiv2(total) : floorDiv2(total);
            if (s.padEnd[k] < 0) {
                outPad[k] -= s.padEnd[k];
                s.padEnd[k] = 0;
            }
            if (s.padBegin[k] < 0)
                c.fail<UnsupportedError>("output_shape " + shapeToString(*outShape) +
                                         " needs negative padding at the start");
        }
    } else if (s.padMode == PadMode::Valid) {
        std::fill(s.padBegin.begin(), s.padBegin.end(), 0);
        std::fill(s.padEnd.begin(), s.padEnd.end(), 0);
    }
    const Tensor weight = w.toTensor(c.where());
    if (dims == 3) {
        ConvTranspose3DParams p;
        p.inChannels = channels;
        p.outChannels = outChannels;
        for (size_t k = 0; k < 3; ++k) {
            p.kernel[k] = s.kernel[k];
            p.stride[k] = s.strides[k];
            p.dilation[k] = s.dilations[k];
            p.padBegin[k] = s.padBegin[k];
            p.padEnd[k] = s.padEnd[k];
            p.outputPadding[k] = outPad[k];
        }
        p.groups = group;
        p.bias = c.has(2);
        auto op = std::make_unique<ConvTranspose3D>(p);
        c.setParameter(op->weight(), weight);
        if (p.bias)
            c.setParameter(*op->bias(), bias);
        return one(c.add("", std::move(op), {x.engine}, c.output()));
    }
    if (dims == 1) {
        s.lift();
        outPad.insert(outPad.begin(), 0);
    }
    ConvTranspose2DParams p;
    p.inChannels = channels;
    p.outChannels = outChannels;
    setSpatial(p, s);
    p.outputPaddingH = outPad[0];
    p.outputPaddingW = outPad[1];
    p.groups = group;
    p.bias = c.has(2);
    auto op = std::make_unique<ConvTranspose2D>(p);
    c.setParameter(op->weight(), weight.reshaped({channels, outChannels / group, p.kernelH, p.kernelW}));
    if (p.bias)
        c.setParameter(*op->bias(), bias);
    return run2D(c, x, std::move(op));
}

std::vector<Value> mapPool(NodeContext& c)
{
    const Value& x = c.activationInput(0, 3, 5);
    if (x.rank() == 5)
        c.fail<UnsupportedError>("3-D pooling (5-D input) is not supported");
    auto kernel = c.attrs.findInts("kernel_shape");
    if (!kernel)
        c.fail("required attribute 'kernel_shape' is missing");
    if (kernel->size() != static_cast<size_t>(x.rank() - 2))
        c.fail("kernel_shape " + shapeToString(*kernel) + " does not match input " + shapeToString(x.shape.symbolic()));
    Spatial s = readSpatial(c, *kernel);
    if (x.rank() == 3)
        s.lift();
    const bool ceil = c.attrs.getInt("ceil_mode", 0) != 0;
    auto fill = [&](auto& p) {
        p.kernelH = s.kernel[0];
        p.kernelW = s.kernel[1];
        p.strideH = s.strides[0];
        p.strideW = s.strides[1];
        p.dilationH = s.dilations[0];
        p.dilationW = s.dilations[1];
        p.padTop = s.padBegin[0];
        p.padLeft = s.padBegin[1];
        p.padBottom = s.padEnd[0];
        p.padRight = s.padEnd[1];
        p.ceilMode = ceil;
        p.padMode = s.padMode;
    };
    if (c.opType == "MaxPool") {
        if (c.attrs.getInt("storage_order", 0) != 0 && c.outputCount() > 1)
            c.fail<UnsupportedError>("column-major indices (storage_order = 1) are not supported");
        MaxPool2DParams p;
        fill(p);
        return run2D(c, x, std::make_unique<MaxPool2D>(p));
    }
    AvgPool2DParams p;
    fill(p);
    p.countIncludePad = c.attrs.getInt("count_include_pad", 0) != 0;
    return run2D(c, x, std::make_unique<AvgPool2D>(p));
}

template <typename OpT> std::vector<Value> mapGlobalPool(NodeContext& c)
{
    const Value& x = c.activationInput(0, 3, 5);
    return one(c.add("", std::make_unique<OpT>(), {x.engine}, c.output()));
}

} // namespace

void addConvMappings(MappingTable& t)
{
    t["Conv"] = mapConv;
    t["ConvTranspose"] = mapConvTranspose;
    t["MaxPool"] = mapPool;
    t["AveragePool"] = mapPool;
    t["GlobalAveragePool"] = mapGlobalPool<GlobalAvgPool>;
    t["GlobalMaxPool"] = mapGlobalPool<GlobalMaxPool>;
}

} // namespace lantern::formats::onnximport
