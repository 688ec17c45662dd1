// Mappings of the element-wise, activation, linear, normalization and constant ops, and the mapping table.
#include "onnx_op_mapping.h"

#include "lantern/ops/add.h"
#include "lantern/ops/batch_norm.h"
#include "lantern/ops/div.h"
#include "lantern/ops/dropout.h"
#include "lantern/ops/elu.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/gelu.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/identity.h"
#include "lantern/ops/layer_norm.h"
#include "lantern/ops/leaky_relu.h"
#include "lantern/ops/log_softmax.h"
#include "lantern/ops/mat_mul.h"
#include "lantern/ops/mul.h"
#include "lantern/ops/relu.h"
#include "lantern/ops/sigmoid.h"
#include "lantern/ops/softmax.h"
#include "lantern/ops/softplus.h"
#include "lantern/ops/sub.h"
#include "lantern/ops/tanh.h"

#include <algorithm>

namespace lantern::formats::onnximport {

namespace {

std::vector<Value> one(Value v)
{
    std::vector<Value> out;
    out.push_back(std::move(v));
    return out;
}

template <typename OpT> std::unique_ptr<Op> binaryOp(bool withConstant, const Tensor& constant)
{
    if (withConstant)
        return std::make_unique<OpT>(constant);
    return std::make_unique<OpT>();
}

std::unique_ptr<Op> makeBinary(const std::string& type, bool withConstant, const Tensor& constant = {})
{
    if (type == "Add")
        return binaryOp<Add>(withConstant, constant);
    if (type == "Sub")
        return binaryOp<Sub>(withConstant, constant);
    if (type == "Mul")
        return binaryOp<Mul>(withConstant, constant);
    return binaryOp<Div>(withConstant, constant);
}

std::vector<Value> mapBinary(NodeContext& c)
{
    const Value& a = c.input(0);
    Value b = c.input(1);
    // Opsets < 7: explicit "broadcast" with an "axis" aligning b's dimensions with a's from that axis.
    if (c.opset < 7 && c.attrs.getInt("broadcast", 0) != 0 && c.attrs.has("axis") && b.rank() < a.rank()) {
        if (!b.isConst)
            c.fail<UnsupportedError>("legacy broadcasting with an axis needs a constant second operand");
        const int64_t axis = normalizeAxis(c, c.attrs.getInt("axis", 0), a.rank());
        const int64_t trailing = a.rank() - axis - b.rank();
        if (trailing < 0)
            c.fail<ShapeError>("operand " + shapeToString(b.a.shape) + " does not fit at axis " + std::to_string(axis) +
                               " of " + shapeToString(a.shapeA()));
        b.a.shape.insert(b.a.shape.end(), static_cast<size_t>(trailing), 1);
    }
    const std::string out = c.output();
    const bool commutative = c.opType == "Add" || c.opType == "Mul";
    if (!a.isConst && b.isConst) {
        c.constInput(1, "the second operand"); // must not depend on the dynamic size
        return one(c.add("", makeBinary(c.opType, true, b.a.toTensor(c.where())), {a.engine}, out));
    }
    if (a.isConst && !b.isConst && commutative)
        return one(c.add("", makeBinary(c.opType, true, c.constInput(0, "the first operand").toTensor(c.where())),
                         {b.engine}, out));
    return one(c.add("", makeBinary(c.opType, false),
                     {c.activation(0), c.im.constantActivation(b, c.inputName(1), c.where())}, out));
}

template <typename OpT> std::vector<Value> mapUnary(NodeContext& c)
{
    c.activationInput(0, 0, kMaxRank);
    return one(c.add("", std::make_unique<OpT>(), {c.input(0).engine}, c.output()));
}

std::vector<Value> mapLeakyRelu(NodeContext& c)
{
    c.activationInput(0, 0, kMaxRank);
    LeakyReluParams p;
    p.alpha = c.attrs.getFloat("alpha", 0.01f);
    return one(c.add("", std::make_unique<LeakyRelu>(p), {c.input(0).engine}, c.output()));
}

std::vector<Value> mapElu(NodeContext& c)
{
    c.activationInput(0, 0, kMaxRank);
    EluParams p;
    p.alpha = c.attrs.getFloat("alpha", 1.f);
    return one(c.add("", std::make_unique<Elu>(p), {c.input(0).engine}, c.output()));
}

std::vector<Value> mapGelu(NodeContext& c)
{
    c.activationInput(0, 0, kMaxRank);
    const std::string approximate = c.attrs.getString("approximate", "none");
    if (approximate != "none" && approximate != "tanh")
        c.fail<UnsupportedError>("approximate='" + approximate + "' is not 'none' or 'tanh'");
    return one(c.add("", std::make_unique<Gelu>(GeluParams{approximate == "tanh"}), {c.input(0).engine}, c.output()));
}

std::vector<Value> mapNeg(NodeContext& c)
{
    c.activationInput(0, 0, kMaxRank);
    return one(c.add("", std::make_unique<Mul>(Tensor(Shape{}, -1.f)), {c.input(0).engine}, c.output()));
}

std::vector<Value> mapIdentity(NodeContext& c)
{
    c.activationInput(0, 0, kMaxRank);
    return one(c.add("", std::make_unique<Identity>(), {c.input(0).engine}, c.output()));
}

std::vector<Value> mapCast(NodeContext& c)
{
    const auto to = static_cast<int>(c.attrs.requireInt("to"));
    if (!isFloatType(to))
        c.fail<UnsupportedError>("casting activations to " + elementTypeName(to) +
                                 " is not supported (Lantern computes in float32)");
    return mapIdentity(c);
}

std::vector<Value> mapDropout(NodeContext& c)
{
    c.activationInput(0, 0, kMaxRank);
    DropoutParams p;
    p.ratio = c.attrs.getFloat("ratio", 0.5f);
    if (c.opset >= 12 && c.has(1)) {
        const ConstTensor& r = c.constInput(1, "ratio");
        if (r.size() != 1)
            c.fail("ratio must be a scalar");
        p.ratio = static_cast<float>(r.get(0));
    }
    if (!(p.ratio >= 0.f && p.ratio < 1.f))
        c.fail("ratio " + std::to_string(p.ratio) + " is outside [0, 1)");
    return one(c.add("", std::make_unique<Dropout>(p), {c.input(0).engine}, c.output()));
}

std::vector<Value> mapGemm(NodeContext& c)
{
    const Value& a = c.input(0);
    const ConstTensor& b = c.constInput(1, "B (the weight)");
    if (a.rank() != 2 || b.rank() != 2)
        c.fail<ShapeError>("A " + shapeToString(a.shapes().symbolic()) + " and B " + shapeToString(b.shape) +
                           " must be matrices");
    GemmParams p;
    p.transA = c.attrs.getInt("transA", 0) != 0;
    p.transB = c.attrs.getInt("transB", 0) != 0;
    p.alpha = c.attrs.getFloat("alpha", 1.f);
    p.beta = c.attrs.getFloat("beta", 1.f);
    const size_t kAxis = p.transA ? 0 : 1;
    if (a.shapeA()[kAxis] != a.shapeB()[kAxis])
        c.fail<UnsupportedError>("the inner dimension of A depends on the dynamic size");
    p.inFeatures = a.shapeA()[kAxis];
    p.outFeatures = p.transB ? b.shape[0] : b.shape[1];
    const int64_t bk = p.transB ? b.shape[1] : b.shape[0];
    if (bk != p.inFeatures)
        c.fail<ShapeError>("A " + shapeToString(a.shapes().symbolic()) + " and B " + shapeToString(b.shape) +
                           " do not multiply" + (p.transA ? " (transA)" : "") + (p.transB ? " (transB)" : ""));
    p.bias = false;
    bool extraAdd = false;
    Tensor c3;
    if (c.has(2) && p.beta != 0.f) {
        const Value& cv = c.input(2);
        const Shape cs = cv.shapeA();
        const Shape row{p.outFeatures}, row2{1, p.outFeatures};
        if (cv.isConst && !cv.dependsOnDynamic() && (cv.a.size() == 1 || cs == row || cs == row2)) {
            p.bias = true;
            c3 = cv.a.toTensor(c.where());
            if (cv.a.size() == 1) {
                p.biasShape = {1};
                c3 = c3.reshaped({1});
            } else if (cs == row2) {
                p.biasShape = row2;
            }
        } else {
            extraAdd = true; // per-row or per-element C: Gemm without bias, then Add(beta * C)
        }
    }
    auto gemm = std::make_unique<Gemm>(p);
    c.setParameter(gemm->weight(), b.toTensor(c.where()));
    if (p.bias)
        c.setParameter(*gemm->bias(), c3);
    const std::string input = c.activation(0);
    if (!extraAdd)
        return one(c.add("", std::move(gemm), {input}, c.output()));
    Value y = c.add("", std::move(gemm), {input});
    const Value& cv = c.input(2);
    if (cv.isConst) {
        Tensor scaled = c.constInput(2, "C").toTensor(c.where()).clone();
        for (float& v : scaled.values())
            v *= p.beta;
        return one(c.add("bias", std::make_unique<Add>(scaled), {y.engine}, c.output()));
    }
    if (p.beta != 1.f)
        c.fail<UnsupportedError>("C computed at run time with beta " + std::to_string(p.beta) + " != 1");
    return one(c.add("bias", std::make_unique<Add>(), {y.engine, cv.engine}, c.output()));
}

std::vector<Value> mapMatMul(NodeContext& c)
{
    const Value &a = c.input(0), &b = c.input(1);
    if (a.rank() < 2 || b.rank() < 2 || a.rank() > 4 || b.rank() > 4)
        c.fail<UnsupportedError>("MatMul of " + shapeToString(a.shapes().symbolic()) + " and " +
                                 shapeToString(b.shapes().symbolic()) + ": operands must have rank 2 to 4");
    if (!a.isConst && b.isConst && !b.dependsOnDynamic() && a.rank() == 2 && b.rank() == 2 &&
        a.shape.a[1] == a.shape.b[1]) {
        // x @ W with a constant W is a linear layer: Gemm (weight (K, M), no bias).
        GemmParams p;
        p.inFeatures = b.a.shape[0];
        p.outFeatures = b.a.shape[1];
        p.bias = false;
        if (a.shape.a[1] != p.inFeatures)
            c.fail<ShapeError>("operands " + shapeToString(a.shape.symbolic()) + " and " + shapeToString(b.a.shape) +
                               " do not multiply");
        auto gemm = std::make_unique<Gemm>(p);
        c.setParameter(gemm->weight(), b.a.toTensor(c.where()));
        return one(c.add("", std::move(gemm), {a.engine}, c.output()));
    }
    return one(c.add("", std::make_unique<MatMul>(), {c.activation(0), c.activation(1)}, c.output()));
}

std::vector<Value> mapBatchNorm(NodeContext& c)
{
    const Value& x = c.activationInput(0, 2, 5);
    if (x.shape.a[1] != x.shape.b[1])
        c.fail<UnsupportedError>("the channel count depends on the dynamic size");
    if (c.opset < 9 && c.attrs.getInt("spatial", 1) == 0)
        c.fail<UnsupportedError>("per-activation batch normalization (spatial = 0) is not supported");
    if (c.opset >= 14 && c.attrs.getInt("training_mode", 0) != 0)
        c.fail<UnsupportedError>("training_mode = 1 (batch statistics at inference) is not supported; export the "
                                 "model in eval mode");
    BatchNormParams p;
    p.numFeatures = x.shape.a[1];
    p.epsilon = c.attrs.getFloat("epsilon", 1e-5f);
    p.momentum = 1.f - c.attrs.getFloat("momentum", 0.9f);
    const char* names[] = {"scale", "B", "mean", "var"};
    std::vector<Tensor> values;
    for (size_t k = 0; k < 4; ++k) { // checked before the op allocates its parameters
        const ConstTensor& t = c.constInput(k + 1, names[k]);
        if (t.size() != p.numFeatures)
            c.fail<ShapeError>(std::string(names[k]) + " has shape " + shapeToString(t.shape) + ", expected (" +
                               std::to_string(p.numFeatures) + ")");
        values.push_back(t.toTensor(c.where()).reshaped({p.numFeatures}));
    }
    auto bn = std::make_unique<BatchNorm>(p);
    Parameter* params[] = {bn->weight(), bn->bias(), &bn->runningMean(), &bn->runningVar()};
    for (size_t k = 0; k < 4; ++k)
        c.setParameter(*params[k], values[k]);
    return one(c.add("", std::move(bn), {x.engine}, c.output()));
}

/// A constant broadcast to `shape` (it must have either one element or exactly shape's size).
Tensor expandTo(const NodeContext& c, const ConstTensor& t, const Shape& shape, const std::string& what)
{
    if (t.size() == shapeSize(shape))
        return t.toTensor(c.where()).reshaped(shape);
    if (t.size() == 1 && shapeSize(shape) <= kMaxFoldedElements)
        return Tensor(shape, static_cast<float>(t.get(0)));
    c.fail<UnsupportedError>(what + " of shape " + shapeToString(t.shape) + " does not match the normalized shape " +
                             shapeToString(shape));
}

std::vector<Value> mapLayerNorm(NodeContext& c)
{
    const Value& x = c.activationInput(0, 1, 5);
    const int64_t axis = normalizeAxis(c, c.attrs.getInt("axis", -1), x.rank());
    LayerNormParams p;
    p.normalizedShape.assign(x.shape.a.begin() + axis, x.shape.a.end());
    if (!std::equal(p.normalizedShape.begin(), p.normalizedShape.end(), x.shape.b.begin() + axis))
        c.fail<UnsupportedError>("the normalized dimensions depend on the dynamic size");
    p.epsilon = c.attrs.getFloat("epsilon", 1e-5f);
    p.affine = true;
    p.bias = c.has(2);
    const Tensor scale = expandTo(c, c.constInput(1, "Scale"), p.normalizedShape, "Scale");
    const Tensor bias = p.bias ? expandTo(c, c.constInput(2, "B"), p.normalizedShape, "B") : Tensor();
    auto ln = std::make_unique<LayerNorm>(p);
    c.setParameter(*ln->weight(), scale);
    if (p.bias)
        c.setParameter(*ln->bias(), bias);
    return one(c.add("", std::move(ln), {x.engine}, c.output()));
}

template <typename OpT, typename ParamsT> std::vector<Value> mapSoftmax(NodeContext& c)
{
    const Value& x = c.activationInput(0, 1, 5);
    const int64_t rank = x.rank();
    const int64_t axis = normalizeAxis(c, c.attrs.getInt("axis", c.opset < 13 ? 1 : -1), rank);
    ParamsT p;
    if (axis == rank - 1) {
        p.axis = -1;
    } else if (c.opset >= 13) {
        p.axis = static_cast<int>(axis);
    } else {
        // Before opset 13 the input is coerced to 2-D at `axis` and normalized over all trailing dimensions.
        FlattenParams fp;
        fp.axis = axis;
        Value flat = c.add("flatten", std::make_unique<Flatten>(fp), {x.engine});
        p.axis = -1;
        Value y = c.add("", std::make_unique<OpT>(p), {flat.engine});
        c.im.notes.push_back("node '" + c.name + "' (" + c.opType + ", opset " + std::to_string(c.opset) +
                             "): normalized over the flattened dimensions from axis " + std::to_string(axis));
        return one(c.reshape(y, x.shape, "unflatten", c.output()));
    }
    return one(c.add("", std::make_unique<OpT>(p), {x.engine}, c.output()));
}

std::vector<Value> mapConstant(NodeContext& c)
{
    if (const auto* t = c.attrs.findTensor("value"))
        return one(Value::constant(tensorFromProto(*t, c.where() + ": attribute 'value'")));
    if (c.attrs.has("value_float"))
        return one(Value::constant(ConstTensor::floats({}, {c.attrs.getFloat("value_float", 0.f)})));
    if (auto v = c.attrs.findFloats("value_floats"))
        return one(Value::constant(ConstTensor::floats({static_cast<int64_t>(v->size())}, *v)));
    if (auto v = c.attrs.findInt("value_int"))
        return one(Value::constant(ConstTensor::ints({}, {*v})));
    if (auto v = c.attrs.findInts("value_ints"))
        return one(Value::constant(ConstTensor::ints({static_cast<int64_t>(v->size())}, *v)));
    if (c.attrs.has("sparse_value") || c.attrs.has("value_string") || c.attrs.has("value_strings"))
        c.fail<UnsupportedError>("sparse and string constants are not supported");
    c.fail("has no value attribute");
}

std::vector<Value> mapShape(NodeContext& c)
{
    const Value& x = c.input(0);
    const auto rank = static_cast<int64_t>(x.rank());
    int64_t start = c.attrs.getInt("start", 0), end = c.attrs.getInt("end", rank);
    start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
    end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
    auto part = [&](const Shape& s) {
        std::vector<int64_t> v(s.begin() + start, s.begin() + std::max(start, end));
        const auto n = static_cast<int64_t>(v.size());
        return ConstTensor::ints({n}, std::move(v));
    };
    return one(Value::constantPair(part(x.shapeA()), part(x.shapeB())));
}

std::vector<Value> mapSize(NodeContext& c)
{
    const Value& x = c.input(0);
    return one(Value::constantPair(ConstTensor::ints({}, {shapeSize(x.shapeA())}),
                                   ConstTensor::ints({}, {shapeSize(x.shapeB())})));
}

std::vector<Value> mapConstantOnly(NodeContext& c)
{
    for (size_t i = 0; i < c.inputs.size(); ++i)
        if (c.has(i) && !c.input(i).isConst)
            c.fail<UnsupportedError>(c.opType +
                                     " is supported only on values known at load time (shape "
                                     "computations); input '" +
                                     c.inputName(i) + "' is computed at run time");
    c.fail<UnsupportedError>("cannot be evaluated at load time");
}

} // namespace

void addBasicMappings(MappingTable& t)
{
    for (const char* op : {"Add", "Sub", "Mul", "Div"})
        t[op] = mapBinary;
    t["Relu"] = mapUnary<Relu>;
    t["Sigmoid"] = mapUnary<Sigmoid>;
    t["Tanh"] = mapUnary<Tanh>;
    t["LeakyRelu"] = mapLeakyRelu;
    t["Elu"] = mapElu;
    t["Softplus"] = mapUnary<Softplus>;
    t["Gelu"] = mapGelu;
    t["Neg"] = mapNeg;
    t["Identity"] = mapIdentity;
    t["Cast"] = mapCast;
    t["Dropout"] = mapDropout;
    t["Gemm"] = mapGemm;
    t["MatMul"] = mapMatMul;
    t["BatchNormalization"] = mapBatchNorm;
    t["LayerNormalization"] = mapLayerNorm;
    t["Softmax"] = mapSoftmax<Softmax, SoftmaxParams>;
    t["LogSoftmax"] = mapSoftmax<LogSoftmax, LogSoftmaxParams>;
    t["Constant"] = mapConstant;
    t["Shape"] = mapShape;
    t["Size"] = mapSize;
    for (const auto& op : constantOnlyOps())
        t[op] = mapConstantOnly;
}

static const MappingTable& table()
{
    static const MappingTable t = [] {
        MappingTable m;
        addBasicMappings(m);
        addConvMappings(m);
        addShapeMappings(m);
        return m;
    }();
    return t;
}

MapFn findMapping(const std::string& opType)
{
    auto it = table().find(opType);
    return it == table().end() ? nullptr : it->second;
}

std::vector<std::string> mappedOps()
{
    std::vector<std::string> ops;
    for (const auto& [name, fn] : table())
        ops.push_back(name);
    return ops;
}

std::vector<std::string> constantOnlyOps()
{
    return {"Ceil", "ConstantOfShape", "Equal", "Expand", "Floor", "Gather", "Range", "Slice", "Sqrt", "Where"};
}

} // namespace lantern::formats::onnximport
