#include "onnx_constant_folding.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <set>

namespace lantern::formats::onnximport {

namespace {

using Inputs = std::vector<const ConstTensor*>;

const ConstTensor& in(const NodeContext& c, const Inputs& inputs, size_t i)
{
    if (i >= inputs.size() || !inputs[i])
        c.fail("input " + std::to_string(i) + " is missing");
    return *inputs[i];
}

int64_t foldedSize(const NodeContext& c, const Shape& shape)
{
    const int64_t n = checkedSize(shape, kMaxFoldedElements);
    if (n < 0)
        c.fail<UnsupportedError>("the constant result " + shapeToString(shape) +
                                 " is too large to evaluate at load "
                                 "time (more than " +
                                 std::to_string(kMaxFoldedElements) + " elements, or negative)");
    return n;
}

/// Row-major strides.
std::vector<int64_t> stridesOf(const Shape& s)
{
    std::vector<int64_t> st(s.size(), 1);
    for (size_t k = s.size(); k-- > 1;)
        st[k - 1] = st[k] * s[k];
    return st;
}

/// For every element of `out` (row-major), the flat index of the element of a tensor of shape `s` broadcast to it.
std::vector<int64_t> broadcastIndex(const Shape& s, const Shape& out)
{
    const size_t r = out.size();
    std::vector<int64_t> stride(r, 0);
    const auto st = stridesOf(s);
    for (size_t k = 0; k < s.size(); ++k)
        stride[r - s.size() + k] = s[k] == 1 ? 0 : st[k];
    const int64_t n = shapeSize(out);
    std::vector<int64_t> result(static_cast<size_t>(n));
    std::vector<int64_t> idx(r, 0);
    int64_t src = 0;
    for (int64_t e = 0; e < n; ++e) {
        result[static_cast<size_t>(e)] = src;
        for (size_t k = r; k-- > 0;) {
            ++idx[k];
            src += stride[k];
            if (idx[k] < out[k])
                break;
            src -= stride[k] * idx[k];
            idx[k] = 0;
        }
    }
    return result;
}

/// Elements of `t` at the flat indices `src`, with shape `shape`.
ConstTensor take(const ConstTensor& t, Shape shape, const std::vector<int64_t>& src)
{
    ConstTensor out;
    out.kind = t.kind;
    out.elementType = t.elementType;
    out.shape = std::move(shape);
    if (t.isInt()) {
        out.i.reserve(src.size());
        for (int64_t k : src)
            out.i.push_back(t.i[static_cast<size_t>(k)]);
    } else {
        out.f.reserve(src.size());
        for (int64_t k : src)
            out.f.push_back(t.f[static_cast<size_t>(k)]);
    }
    return out;
}

ConstTensor asFloat(const ConstTensor& t)
{
    if (!t.isInt())
        return t;
    std::vector<float> f(t.i.size());
    for (size_t k = 0; k < f.size(); ++k)
        f[k] = static_cast<float>(t.i[k]);
    return ConstTensor::floats(t.shape, std::move(f));
}

ConstTensor binary(const NodeContext& c, const ConstTensor& a, const ConstTensor& b)
{
    const Shape out = broadcastShapes(c, {a.shape, b.shape});
    foldedSize(c, out);
    const auto ia = broadcastIndex(a.shape, out), ib = broadcastIndex(b.shape, out);
    const std::string& op = c.opType;
    if (op == "Equal") {
        std::vector<int64_t> r(ia.size());
        for (size_t k = 0; k < r.size(); ++k)
            r[k] = a.get(ia[k]) == b.get(ib[k]);
        return ConstTensor::ints(out, std::move(r), "bool");
    }
    if (a.isInt() && b.isInt()) {
        std::vector<int64_t> r(ia.size());
        for (size_t k = 0; k < r.size(); ++k) {
            const int64_t x = a.i[static_cast<size_t>(ia[k])], y = b.i[static_cast<size_t>(ib[k])];
            if (op == "Add")
                r[k] = static_cast<int64_t>(static_cast<uint64_t>(x) + static_cast<uint64_t>(y));
            else if (op == "Sub")
                r[k] = static_cast<int64_t>(static_cast<uint64_t>(x) - static_cast<uint64_t>(y));
            else if (op == "Mul")
                r[k] = static_cast<int64_t>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y));
            else {
                if (y == 0 || (x == std::numeric_limits<int64_t>::min() && y == -1))
                    c.fail("integer division by zero (or overflow) while evaluating constants");
                r[k] = x / y;
            }
        }
        return ConstTensor::ints(out, std::move(r), a.elementType);
    }
    std::vector<float> r(ia.size());
    for (size_t k = 0; k < r.size(); ++k) {
        const auto x = static_cast<float>(a.get(ia[k])), y = static_cast<float>(b.get(ib[k]));
        r[k] = op == "Add" ? x + y : op == "Sub" ? x - y : op == "Mul" ? x * y : x / y;
    }
    return ConstTensor::floats(out, std::move(r), a.isInt() ? b.elementType : a.elementType);
}

ConstTensor unary(const NodeContext& c, const ConstTensor& x)
{
    const std::string& op = c.opType;
    if (x.isInt() && (op == "Neg" || op == "Floor" || op == "Ceil")) {
        ConstTensor r = x;
        if (op == "Neg")
            for (auto& v : r.i)
                v = -v;
        return r;
    }
    ConstTensor r = asFloat(x);
    for (auto& v : r.f)
        v = op == "Neg" ? -v : op == "Floor" ? std::floor(v) : op == "Ceil" ? std::ceil(v) : std::sqrt(v);
    return r;
}

ConstTensor cast(const NodeContext& c, const ConstTensor& x)
{
    const auto to = static_cast<int>(c.attrs.requireInt("to"));
    if (!isNumericType(to))
        c.fail<UnsupportedError>("Cast to " + elementTypeName(to) + " is not supported");
    if (isFloatType(to)) {
        ConstTensor r = asFloat(x);
        r.elementType = elementTypeName(to);
        return r;
    }
    std::vector<int64_t> v = x.toInts();
    const std::string type = elementTypeName(to);
    for (size_t k = 0; k < v.size(); ++k) {
        if (to == onnx::TensorProto::BOOL)
            v[k] = x.get(static_cast<int64_t>(k)) != 0;
        else if (type == "uint8")
            v[k] = static_cast<uint8_t>(v[k]);
        else if (type == "int8")
            v[k] = static_cast<int8_t>(v[k]);
        else if (type == "uint16")
            v[k] = static_cast<uint16_t>(v[k]);
        else if (type == "int16")
            v[k] = static_cast<int16_t>(v[k]);
        else if (type == "int32")
            v[k] = static_cast<int32_t>(v[k]);
        else if (type == "uint32")
            v[k] = static_cast<uint32_t>(v[k]);
    }
    return ConstTensor::ints(x.shape, std::move(v), type);
}

ConstTensor gather(const NodeContext& c, const ConstTensor& data, const ConstTensor& indices)
{
    const auto rank = static_cast<int64_t>(data.shape.size());
    if (rank == 0)
        c.fail("Gather on a scalar");
    const int64_t axis = normalizeAxis(c, c.attrs.getInt("axis", 0), rank);
    const int64_t dim = data.shape[static_cast<size_t>(axis)];
    Shape out(data.shape.begin(), data.shape.begin() + axis);
    out.insert(out.end(), indices.shape.begin(), indices.shape.end());
    out.insert(out.end(), data.shape.begin() + axis + 1, data.shape.end());
    foldedSize(c, out);
    int64_t outer = 1, inner = 1;
    for (int64_t k = 0; k < rank; ++k)
        (k < axis ? outer : inner) *= k == axis ? 1 : data.shape[static_cast<size_t>(k)];
    std::vector<int64_t> src;
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t j = 0; j < indices.size(); ++j) {
            int64_t ix = indices.getInt(j);
            if (ix < -dim || ix >= dim)
                c.fail("index " + std::to_string(ix) + " is out of range for axis " + std::to_string(axis) +
                       " of size " + std::to_string(dim));
            if (ix < 0)
                ix += dim;
            for (int64_t e = 0; e < inner; ++e)
                src.push_back((o * dim + ix) * inner + e);
        }
    return take(data, out, src);
}

/// Copies the elements of `t` selected per axis by `pick[axis][j]` (the output index j -> input index).
ConstTensor select(const NodeContext& c, const ConstTensor& t, const std::vector<std::vector<int64_t>>& pick)
{
    Shape out;
    for (const auto& p : pick)
        out.push_back(static_cast<int64_t>(p.size()));
    const int64_t n = foldedSize(c, out);
    const auto st = stridesOf(t.shape);
    std::vector<int64_t> src(static_cast<size_t>(n));
    std::vector<int64_t> idx(out.size(), 0);
    for (int64_t e = 0; e < n; ++e) {
        int64_t s = 0;
        for (size_t k = 0; k < out.size(); ++k)
            s += pick[k][static_cast<size_t>(idx[k])] * st[k];
        src[static_cast<size_t>(e)] = s;
        for (size_t k = out.size(); k-- > 0;) {
            if (++idx[k] < out[k])
                break;
            idx[k] = 0;
        }
    }
    return take(t, out, src);
}

ConstTensor slice(const NodeContext& c, const Inputs& inputs)
{
    const ConstTensor& data = in(c, inputs, 0);
    std::vector<int64_t> starts, ends, axes, steps;
    if (c.opset < 10) {
        starts = c.attrs.getInts("starts");
        ends = c.attrs.getInts("ends");
        axes = c.attrs.getInts("axes");
    } else {
        starts = in(c, inputs, 1).toInts();
        ends = in(c, inputs, 2).toInts();
        if (inputs.size() > 3 && inputs[3])
            axes = inputs[3]->toInts();
        if (inputs.size() > 4 && inputs[4])
            steps = inputs[4]->toInts();
    }
    const auto rank = static_cast<int64_t>(data.shape.size());
    if (axes.empty())
        for (size_t k = 0; k < starts.size(); ++k)
            axes.push_back(static_cast<int64_t>(k));
    if (steps.empty())
        steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
        c.fail("starts, ends, axes and steps have different lengths");
    std::vector<std::vector<int64_t>> pick(data.shape.size());
    for (size_t k = 0; k < pick.size(); ++k) {
        pick[k].resize(static_cast<size_t>(data.shape[k]));
        std::iota(pick[k].begin(), pick[k].end(), 0);
    }
    for (size_t k = 0; k < starts.size(); ++k) {
        const int64_t axis = normalizeAxis(c, axes[k], rank, "slice axis");
        const int64_t dim = data.shape[static_cast<size_t>(axis)], step = steps[k];
        if (step == 0)
            c.fail("slice step 0");
        int64_t s = starts[k], e = ends[k];
        if (s < 0)
            s = s < -dim ? 0 : s + dim;
        if (e < 0)
            e = e < -dim ? -1 : e + dim;
        if (step > 0) {
            s = std::clamp<int64_t>(s, 0, dim);
            e = std::clamp<int64_t>(e, 0, dim);
        } else {
            s = std::clamp<int64_t>(s, 0, dim - 1);
            e = std::clamp<int64_t>(e, -1, dim - 1);
        }
        std::vector<int64_t> p;
        for (int64_t v = s; step > 0 ? v < e : v > e; v += step)
            p.push_back(v);
        pick[static_cast<size_t>(axis)] = std::move(p);
    }
    return select(c, data, pick);
}

ConstTensor concat(const NodeContext& c, const Inputs& inputs)
{
    std::vector<const ConstTensor*> parts;
    for (auto* t : inputs)
        if (t)
            parts.push_back(t);
    if (parts.empty())
        c.fail("Concat without inputs");
    const auto rank = static_cast<int64_t>(parts[0]->shape.size());
    const int64_t axis = normalizeAxis(c, c.attrs.getInt("axis", c.opset < 4 ? 1 : 0), rank);
    if (c.opset >= 4 && !c.attrs.has("axis"))
        c.fail("required attribute 'axis' is missing");
    bool anyFloat = false;
    Shape out = parts[0]->shape;
    out[static_cast<size_t>(axis)] = 0;
    for (auto* t : parts) {
        Shape s = t->shape;
        if (static_cast<int64_t>(s.size()) != rank)
            c.fail<ShapeError>("inputs of different ranks " + shapeToString(parts[0]->shape) + " and " +
                               shapeToString(s));
        out[static_cast<size_t>(axis)] += s[static_cast<size_t>(axis)];
        s[static_cast<size_t>(axis)] = out[static_cast<size_t>(axis)];
        if (s != out)
            c.fail<ShapeError>("inputs " + shapeToString(parts[0]->shape) + " and " + shapeToString(t->shape) +
                               " differ outside axis " + std::to_string(axis));
        anyFloat = anyFloat || !t->isInt();
    }
    foldedSize(c, out);
    int64_t outer = 1;
    for (int64_t k = 0; k < axis; ++k)
        outer *= out[static_cast<size_t>(k)];
    ConstTensor r;
    r.kind = anyFloat ? ConstTensor::Kind::Float : ConstTensor::Kind::Int;
    r.elementType = anyFloat ? (parts[0]->isInt() ? "float32" : parts[0]->elementType) : parts[0]->elementType;
    r.shape = out;
    for (int64_t o = 0; o < outer; ++o)
        for (auto* t : parts) {
            const int64_t block = outer > 0 ? t->size() / outer : 0;
            for (int64_t e = 0; e < block; ++e) {
                if (anyFloat)
                    r.f.push_back(static_cast<float>(t->get(o * block + e)));
                else
                    r.i.push_back(t->i[static_cast<size_t>(o * block + e)]);
            }
        }
    return r;
}

ConstTensor transpose(const NodeContext& c, const ConstTensor& x)
{
    const size_t rank = x.shape.size();
    std::vector<int64_t> perm = c.attrs.getInts("perm");
    if (perm.empty())
        for (size_t k = rank; k-- > 0;)
            perm.push_back(static_cast<int64_t>(k));
    std::vector<int64_t> sorted = perm;
    std::sort(sorted.begin(), sorted.end());
    for (size_t k = 0; k < sorted.size(); ++k)
        if (sorted.size() != rank || sorted[k] != static_cast<int64_t>(k))
            c.fail("perm is not a permutation of the " + std::to_string(rank) + " axes");
    Shape out(rank);
    for (size_t k = 0; k < rank; ++k)
        out[k] = x.shape[static_cast<size_t>(perm[k])];
    const int64_t n = foldedSize(c, out);
    const auto st = stridesOf(x.shape);
    std::vector<int64_t> src(static_cast<size_t>(n)), idx(rank, 0);
    for (int64_t e = 0; e < n; ++e) {
        int64_t s = 0;
        for (size_t k = 0; k < rank; ++k)
            s += idx[k] * st[static_cast<size_t>(perm[k])];
        src[static_cast<size_t>(e)] = s;
        for (size_t k = rank; k-- > 0;) {
            if (++idx[k] < out[k])
                break;
            idx[k] = 0;
        }
    }
    return take(x, out, src);
}

ConstTensor constantOfShape(const NodeContext& c, const ConstTensor& shapeTensor)
{
    Shape out = shapeTensor.toInts();
    for (int64_t d : out)
        if (d < 0)
            c.fail("negative dimension in shape " + shapeToString(out));
    const int64_t n = foldedSize(c, out);
    ConstTensor value = ConstTensor::floats({1}, {0.f});
    if (const auto* t = c.attrs.findTensor("value")) {
        value = tensorFromProto(*t, c.where() + ": attribute 'value'");
        if (value.size() != 1)
            c.fail("attribute 'value' must hold one element, has " + std::to_string(value.size()));
    }
    if (value.isInt())
        return ConstTensor::ints(out, std::vector<int64_t>(static_cast<size_t>(n), value.i[0]), value.elementType);
    return ConstTensor::floats(out, std::vector<float>(static_cast<size_t>(n), value.f[0]), value.elementType);
}

ConstTensor range(const NodeContext& c, const Inputs& inputs)
{
    const ConstTensor &start = in(c, inputs, 0), &limit = in(c, inputs, 1), &delta = in(c, inputs, 2);
    if (start.size() != 1 || limit.size() != 1 || delta.size() != 1)
        c.fail("start, limit and delta must be scalars");
    const double s = start.get(0), l = limit.get(0), d = delta.get(0);
    if (d == 0 || !std::isfinite(s) || !std::isfinite(l) || !std::isfinite(d))
        c.fail("delta is 0 or a bound is not finite");
    const double count = std::max(std::ceil((l - s) / d), 0.0);
    if (count > static_cast<double>(kMaxFoldedElements))
        foldedSize(c, {static_cast<int64_t>(std::min(count, 1e18))});
    const auto n = static_cast<int64_t>(count);
    if (start.isInt()) {
        std::vector<int64_t> v(static_cast<size_t>(n));
        for (int64_t k = 0; k < n; ++k)
            v[static_cast<size_t>(k)] = start.i[0] + k * delta.getInt(0);
        return ConstTensor::ints({n}, std::move(v), start.elementType);
    }
    std::vector<float> v(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k)
        v[static_cast<size_t>(k)] = static_cast<float>(s + static_cast<double>(k) * d);
    return ConstTensor::floats({n}, std::move(v), start.elementType);
}

ConstTensor reshaped(const ConstTensor& t, Shape shape)
{
    ConstTensor r = t;
    r.shape = std::move(shape);
    return r;
}

} // namespace

bool isFoldable(const std::string& opType)
{
    static const std::set<std::string> ops{
        "Add",     "Sub",       "Mul",     "Div",     "Equal",   "Where",           "Neg",   "Floor",  "Ceil",
        "Sqrt",    "Cast",      "Gather",  "Slice",   "Concat",  "ConstantOfShape", "Range", "Expand", "Identity",
        "Dropout", "Unsqueeze", "Squeeze", "Reshape", "Flatten", "Transpose"};
    return ops.count(opType) != 0;
}

std::vector<ConstTensor> foldNode(const NodeContext& c, const Inputs& inputs)
{
    const std::string& op = c.opType;
    if (op == "Identity" || op == "Dropout")
        return {in(c, inputs, 0)};
    if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "Equal")
        return {binary(c, in(c, inputs, 0), in(c, inputs, 1))};
    if (op == "Neg" || op == "Floor" || op == "Ceil" || op == "Sqrt")
        return {unary(c, in(c, inputs, 0))};
    if (op == "Cast")
        return {cast(c, in(c, inputs, 0))};
    if (op == "Gather")
        return {gather(c, in(c, inputs, 0), in(c, inputs, 1))};
    if (op == "Slice")
        return {slice(c, inputs)};
    if (op == "Concat")
        return {concat(c, inputs)};
    if (op == "Transpose")
        return {transpose(c, in(c, inputs, 0))};
    if (op == "ConstantOfShape")
        return {constantOfShape(c, in(c, inputs, 0))};
    if (op == "Range")
        return {range(c, inputs)};
    if (op == "Where") {
        const ConstTensor &cond = in(c, inputs, 0), &x = in(c, inputs, 1), &y = in(c, inputs, 2);
        const Shape out = broadcastShapes(c, {cond.shape, x.shape, y.shape});
        foldedSize(c, out);
        const auto ic = broadcastIndex(cond.shape, out), ix = broadcastIndex(x.shape, out),
                   iy = broadcastIndex(y.shape, out);
        const bool ints = x.isInt() && y.isInt();
        ConstTensor r = ints ? ConstTensor::ints(out, {}, x.elementType) : ConstTensor::floats(out, {}, x.elementType);
        for (size_t k = 0; k < ic.size(); ++k) {
            const bool pickX = cond.get(ic[k]) != 0;
            if (ints)
                r.i.push_back(pickX ? x.i[static_cast<size_t>(ix[k])] : y.i[static_cast<size_t>(iy[k])]);
            else
                r.f.push_back(static_cast<float>(pickX ? x.get(ix[k]) : y.get(iy[k])));
        }
        return {r};
    }
    if (op == "Expand") {
        const ConstTensor& x = in(c, inputs, 0);
        const Shape out = broadcastShapes(c, {x.shape, in(c, inputs, 1).toInts()});
        foldedSize(c, out);
        return {take(x, out, broadcastIndex(x.shape, out))};
    }
    if (op == "Unsqueeze") {
        auto axes = squeezeAxes(c, inputs.size() > 1 ? inputs[1] : nullptr);
        if (!axes)
            c.fail("axes are missing");
        const ConstTensor& x = in(c, inputs, 0);
        return {reshaped(x, unsqueezeShape(c, x.shape, *axes))};
    }
    if (op == "Squeeze") {
        const ConstTensor& x = in(c, inputs, 0);
        return {reshaped(x, squeezeShape(c, x.shape, squeezeAxes(c, inputs.size() > 1 ? inputs[1] : nullptr)))};
    }
    if (op == "Reshape") {
        const ConstTensor& x = in(c, inputs, 0);
        const std::vector<int64_t> target = c.opset < 5 ? c.attrs.getInts("shape") : in(c, inputs, 1).toInts();
        return {reshaped(x, reshapeShape(c, x.shape, target, c.attrs.getInt("allowzero", 0) != 0))};
    }
    if (op == "Flatten") {
        const ConstTensor& x = in(c, inputs, 0);
        const auto rank = static_cast<int64_t>(x.shape.size());
        int64_t axis = c.attrs.getInt("axis", 1);
        if (axis < -rank || axis > rank)
            c.fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
        if (axis < 0)
            axis += rank;
        int64_t outer = 1;
        for (int64_t k = 0; k < axis; ++k)
            outer *= x.shape[static_cast<size_t>(k)];
        return {reshaped(x, {outer, outer ? x.size() / outer : 0})};
    }
    c.fail<UnsupportedError>("cannot be evaluated at load time");
}

} // namespace lantern::formats::onnximport
