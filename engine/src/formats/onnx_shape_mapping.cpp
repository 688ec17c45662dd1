// Mappings of the ops that rearrange activations: Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat, Pad,
// Resize/Upsample. Reshape-like targets that depend on the dynamic size are resolved to 0 (copy) / -1 (infer).
#include "onnx_op_mapping.h"

#include "onnx_shape_rules.h"

#include "lantern/ops/concat.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/pad.h"
#include "lantern/ops/resize.h"
#include "lantern/ops/transpose.h"

namespace lantern::formats::onnximport {

namespace {

constexpr int64_t kMaxPad = int64_t(1) << 24;

std::vector<Value> one(Value v)
{
    std::vector<Value> out;
    out.push_back(std::move(v));
    return out;
}

void noteResolved(NodeContext& c, const std::string& what)
{
    c.im.notes.push_back("node '" + c.name + "' (" + c.opType + "): " + what + " resolved to " +
                         c.im.graph.node(c.name).op->describe());
}

std::vector<Value> mapReshape(NodeContext& c)
{
    const Value& x = c.activationInput(0, 0, kMaxRank);
    std::vector<int64_t> ta, tb;
    if (c.opset < 5) {
        ta = tb = c.attrs.getInts("shape");
    } else {
        const Value& s = c.input(1);
        if (!s.isConst)
            c.fail<UnsupportedError>("the target shape '" + c.inputName(1) +
                                     "' is computed from activations at run "
                                     "time; only shapes known at load time (or derived from the input shape) work");
        ta = s.a.toInts();
        tb = s.b().toInts();
    }
    const bool allowZero = c.attrs.getInt("allowzero", 0) != 0;
    ShapePair out;
    try {
        out = {reshapeShape(c, x.shape.a, ta, allowZero), reshapeShape(c, x.shape.b, tb, allowZero)};
    } catch (const ShapeError&) { // say it with the symbolic shapes, not the substituted ones
        const Shape target = ta == tb ? Shape(ta.begin(), ta.end()) : ShapePair{ta, tb}.symbolic();
        c.fail<ShapeError>("cannot reshape " + shapeToString(x.shape.symbolic()) + " to " + shapeToString(target));
    }
    if (out.a.size() > static_cast<size_t>(kMaxRank))
        c.fail<UnsupportedError>("result of rank " + std::to_string(out.a.size()) + " (at most 5 supported)");
    Value y = c.reshape(x, out, "", c.output());
    if (ta != tb)
        noteResolved(c, "target shape computed from the dynamic size");
    return one(y);
}

std::vector<Value> mapSqueeze(NodeContext& c)
{
    const Value& x = c.activationInput(0, 0, kMaxRank);
    const ConstTensor* axesInput = c.opset >= 13 && c.has(1) ? &c.constInput(1, "axes") : nullptr;
    const auto axes = squeezeAxes(c, axesInput);
    ShapePair out;
    if (c.opType == "Squeeze") {
        out = {squeezeShape(c, x.shape.a, axes), squeezeShape(c, x.shape.b, axes)};
    } else {
        if (!axes)
            c.fail("axes are missing");
        out = {unsqueezeShape(c, x.shape.a, *axes), unsqueezeShape(c, x.shape.b, *axes)};
    }
    if (out.a.size() > static_cast<size_t>(kMaxRank))
        c.fail<UnsupportedError>("result of rank " + std::to_string(out.a.size()) + " (at most 5 supported)");
    return one(c.reshape(x, out, "", c.output()));
}

std::vector<Value> mapFlatten(NodeContext& c)
{
    const Value& x = c.activationInput(0, 0, kMaxRank);
    const int64_t rank = x.rank();
    int64_t axis = c.attrs.getInt("axis", 1);
    if (axis < -rank || axis > rank)
        c.fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
    FlattenParams p;
    p.axis = axis < 0 ? axis + rank : axis;
    return one(c.add("", std::make_unique<Flatten>(p), {x.engine}, c.output()));
}

std::vector<Value> mapTranspose(NodeContext& c)
{
    const Value& x = c.activationInput(0, 1, kMaxRank);
    TransposeParams p;
    p.perm = c.attrs.getInts("perm");
    std::vector<bool> seen(static_cast<size_t>(x.rank()), false);
    if (!p.perm.empty() && p.perm.size() != seen.size())
        c.fail("perm " + shapeToString(p.perm) + " does not have one entry per axis of " +
               shapeToString(x.shape.symbolic()));
    for (int64_t a : p.perm) {
        if (a < 0 || a >= x.rank() || seen[static_cast<size_t>(a)])
            c.fail("perm " + shapeToString(p.perm) + " is not a permutation");
        seen[static_cast<size_t>(a)] = true;
    }
    return one(c.add("", std::make_unique<Transpose>(p), {x.engine}, c.output()));
}

std::vector<Value> mapConcat(NodeContext& c)
{
    std::vector<std::string> in;
    int rank = -1;
    for (size_t i = 0; i < c.inputs.size(); ++i)
        if (c.has(i)) {
            in.push_back(c.activation(i));
            rank = c.input(i).rank();
        }
    if (in.empty())
        c.fail("Concat without inputs");
    if (c.opset >= 4 && !c.attrs.has("axis"))
        c.fail("required attribute 'axis' is missing");
    ConcatParams p;
    p.axis = normalizeAxis(c, c.attrs.getInt("axis", 1), rank);
    return one(c.add("", std::make_unique<Concat>(p), in, c.output()));
}

std::vector<Value> mapPad(NodeContext& c)
{
    const Value& x = c.activationInput(0, 1, kMaxRank);
    const auto rank = static_cast<size_t>(x.rank());
    const std::string mode = c.attrs.getString("mode", "constant");
    PadFillMode fill = PadFillMode::Constant;
    if (mode == "reflect")
        fill = PadFillMode::Reflect;
    else if (mode == "edge")
        fill = PadFillMode::Edge;
    else if (mode != "constant")
        c.fail<UnsupportedError>("pad mode '" + mode + "' is not supported (constant, reflect, edge are)");
    std::vector<int64_t> pads;
    float value = 0.f;
    if (c.opset < 11) {
        pads = c.attrs.getInts(c.opset < 2 ? "paddings" : "pads");
        value = c.attrs.getFloat("value", 0.f);
    } else {
        pads = c.constInput(1, "pads").toInts();
        if (c.has(2)) {
            const ConstTensor& v = c.constInput(2, "constant_value");
            if (v.size() > 1)
                c.fail("constant_value must be a scalar");
            value = v.size() ? static_cast<float>(v.get(0)) : 0.f;
        }
    }
    std::vector<int64_t> axes;
    if (c.opset >= 18 && c.has(3)) {
        for (int64_t a : c.constInput(3, "axes").toInts())
            axes.push_back(normalizeAxis(c, a, static_cast<int64_t>(rank)));
    } else {
        for (size_t k = 0; k < rank; ++k)
            axes.push_back(static_cast<int64_t>(k));
    }
    if (pads.size() != 2 * axes.size())
        c.fail("pads has " + std::to_string(pads.size()) + " values, expected " + std::to_string(2 * axes.size()));
    c.attrs.checkRange("pads", pads, -kMaxPad, kMaxPad);
    std::vector<int64_t> full(2 * rank, 0);
    for (size_t k = 0; k < axes.size(); ++k) {
        full[static_cast<size_t>(axes[k])] = pads[k];
        full[rank + static_cast<size_t>(axes[k])] = pads[axes.size() + k];
    }
    return one(c.add("", std::make_unique<Pad>(PadParams::fromOnnx(full, fill, value)), {x.engine}, c.output()));
}

std::vector<Value> mapResize(NodeContext& c)
{
    const Value& x = c.activationInput(0, 1, kMaxRank);
    if (x.rank() != 4)
        c.fail<UnsupportedError>("only 4-D (NCHW) input is supported, got " + shapeToString(x.shape.symbolic()));
    if (c.attrs.getInt("antialias", 0) != 0)
        c.fail<UnsupportedError>("antialias = 1 is not supported");
    const std::string mode = c.attrs.getString("mode", "nearest");
    ResizeParams p;
    if (mode == "nearest")
        p.mode = ResizeMode::Nearest;
    else if (mode == "linear" || mode == "bilinear")
        p.mode = ResizeMode::Linear;
    else
        c.fail<UnsupportedError>("mode '" + mode + "' is not supported (nearest, linear are)");
    // Scales or sizes over the 4 axes (or over `axes`, opset 18).
    std::vector<double> scales;
    ShapePair sizes;
    bool haveSizes = false;
    if (c.opType == "Upsample" && c.opset < 9) {
        if (auto s = c.attrs.findFloats("scales"))
            scales.assign(s->begin(), s->end());
    } else {
        const size_t scalesIndex = c.opType == "Upsample" || c.opset < 11 ? 1 : 2;
        if (c.has(scalesIndex)) {
            const ConstTensor& s = c.constInput(scalesIndex, "scales");
            for (int64_t k = 0; k < s.size(); ++k)
                scales.push_back(s.get(k));
        }
        if (scales.empty() && c.opType == "Resize" && c.opset >= 11 && c.has(3)) {
            const Value& s = c.input(3);
            if (!s.isConst)
                c.fail<UnsupportedError>("sizes must be known at load time");
            sizes = {s.a.toInts(), s.b().toInts()};
            haveSizes = true;
        }
    }
    std::vector<int64_t> axes{0, 1, 2, 3};
    if (auto a = c.attrs.findInts("axes")) {
        axes.clear();
        for (int64_t v : *a)
            axes.push_back(normalizeAxis(c, v, 4));
    }
    const size_t count = haveSizes ? sizes.a.size() : scales.size();
    if (count != axes.size())
        c.fail("expected " + std::to_string(axes.size()) + " " + (haveSizes ? "sizes" : "scales") + ", got " +
               std::to_string(count));
    std::vector<double> full{1, 1, 1, 1};
    ShapePair fullSizes{x.shape.a, x.shape.b};
    for (size_t k = 0; k < axes.size(); ++k) {
        const auto a = static_cast<size_t>(axes[k]);
        if (haveSizes) {
            fullSizes.a[a] = sizes.a[k];
            fullSizes.b[a] = sizes.b[k];
        } else {
            full[a] = scales[k];
        }
    }
    if (haveSizes) {
        if (c.attrs.getString("keep_aspect_ratio_policy", "stretch") != "stretch")
            c.fail<UnsupportedError>("keep_aspect_ratio_policy other than 'stretch' is not supported");
        if (fullSizes.a[0] != x.shape.a[0] || fullSizes.b[0] != x.shape.b[0] || fullSizes.a[1] != x.shape.a[1] ||
            fullSizes.a[2] != fullSizes.b[2] || fullSizes.a[3] != fullSizes.b[3])
            c.fail<UnsupportedError>("only the spatial (H, W) sizes may change, to static sizes");
        c.attrs.checkRange("sizes", {fullSizes.a[2], fullSizes.a[3]}, 1, kMaxPad);
        p.outH = fullSizes.a[2];
        p.outW = fullSizes.a[3];
    } else {
        if (full[0] != 1 || full[1] != 1)
            c.fail<UnsupportedError>("only the spatial (H, W) axes may be scaled");
        if (!(full[2] > 0 && full[3] > 0 && full[2] < 1e6 && full[3] < 1e6))
            c.fail("scales must be positive");
        p.scaleH = full[2];
        p.scaleW = full[3];
    }
    if (c.opType == "Upsample" || c.opset < 11) {
        p.coordinates = ResizeCoordinates::Asymmetric;
        p.nearestRounding = ResizeNearestRounding::Floor;
    } else {
        const std::string ct = c.attrs.getString("coordinate_transformation_mode", "half_pixel");
        if (ct == "half_pixel")
            p.coordinates = ResizeCoordinates::HalfPixel;
        else if (ct == "pytorch_half_pixel")
            p.coordinates = ResizeCoordinates::PytorchHalfPixel;
        else if (ct == "align_corners")
            p.coordinates = ResizeCoordinates::AlignCorners;
        else if (ct == "asymmetric")
            p.coordinates = ResizeCoordinates::Asymmetric;
        else
            c.fail<UnsupportedError>("coordinate_transformation_mode '" + ct + "' is not supported");
        const std::string nm = c.attrs.getString("nearest_mode", "round_prefer_floor");
        if (nm == "round_prefer_floor")
            p.nearestRounding = ResizeNearestRounding::RoundPreferFloor;
        else if (nm == "round_prefer_ceil")
            p.nearestRounding = ResizeNearestRounding::RoundPreferCeil;
        else if (nm == "floor")
            p.nearestRounding = ResizeNearestRounding::Floor;
        else if (nm == "ceil")
            p.nearestRounding = ResizeNearestRounding::Ceil;
        else
            c.fail<UnsupportedError>("nearest_mode '" + nm + "' is not supported");
    }
    return one(c.add("", std::make_unique<Resize>(p), {x.engine}, c.output()));
}

} // namespace

void addShapeMappings(MappingTable& t)
{
    t["Reshape"] = mapReshape;
    t["Squeeze"] = mapSqueeze;
    t["Unsqueeze"] = mapSqueeze;
    t["Flatten"] = mapFlatten;
    t["Transpose"] = mapTranspose;
    t["Concat"] = mapConcat;
    t["Pad"] = mapPad;
    t["Resize"] = mapResize;
    t["Upsample"] = mapResize;
}

} // namespace lantern::formats::onnximport
