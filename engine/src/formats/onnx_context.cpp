#include "onnx_context.h"

#include "lantern/ops/constant.h"

#include <cstring>

namespace lantern::formats::onnximport {

Shape ShapePair::symbolic() const
{
    Shape s = a;
    for (size_t i = 0; i < s.size() && i < b.size(); ++i)
        if (a[i] != b[i])
            s[i] = -1;
    return s;
}

Value Value::constant(ConstTensor t)
{
    Value v;
    v.isConst = true;
    v.a = std::move(t);
    return v;
}

Value Value::constantPair(ConstTensor a, ConstTensor b)
{
    Value v;
    v.isConst = true;
    v.m_dynamic = a.kind != b.kind || a.shape != b.shape || a.i != b.i || a.f.size() != b.f.size() ||
                  (!a.f.empty() && std::memcmp(a.f.data(), b.f.data(), a.f.size() * sizeof(float)) != 0);
    v.a = std::move(a);
    if (v.m_dynamic)
        v.m_b = std::move(b);
    return v;
}

Value Value::activation(std::string engine, ShapePair shape)
{
    Value v;
    v.engine = std::move(engine);
    v.shape = std::move(shape);
    return v;
}

std::optional<ReshapeParams> resolveReshape(const ShapePair& in, const ShapePair& out)
{
    if (out.a.size() != out.b.size() || in.a.size() != in.b.size() || out.a.size() > static_cast<size_t>(kMaxRank))
        return std::nullopt;
    ReshapeParams p;
    p.shape.resize(out.a.size());
    int inferred = -1;
    bool copies = false, zeros = false;
    for (size_t i = 0; i < out.a.size(); ++i) {
        if (out.a[i] == out.b[i]) {
            p.shape[i] = out.a[i];
            zeros = zeros || out.a[i] == 0;
        } else if (i < in.a.size() && in.a[i] == out.a[i] && in.b[i] == out.b[i]) {
            p.shape[i] = 0;
            copies = true;
        } else if (inferred < 0) {
            inferred = static_cast<int>(i);
            p.shape[i] = -1;
        } else {
            return std::nullopt;
        }
    }
    if (zeros) {
        if (copies || inferred >= 0)
            return std::nullopt;
        p.allowZero = true;
    }
    try {
        Reshape r(p);
        if (r.resolve(in.a) != out.a || r.resolve(in.b) != out.b)
            return std::nullopt;
    } catch (const Error&) {
        return std::nullopt;
    }
    return p;
}

std::string Importer::uniqueValueName(const std::string& base)
{
    std::string name = base;
    for (int k = 2; m_reserved.count(name) || m_shapes.count(name); ++k)
        name = base + "_" + std::to_string(k);
    m_reserved.insert(name);
    return name;
}

std::string Importer::uniqueNodeName(const std::string& base)
{
    std::string name = base;
    for (int k = 2; m_nodeNames.count(name); ++k)
        name = base + "_" + std::to_string(k);
    m_nodeNames.insert(name);
    return name;
}

void Importer::declareInput(const std::string& name, const Shape& symbolic, const ShapePair& shapes)
{
    graph.addInput(name, symbolic);
    m_shapes[name] = shapes;
}

Value Importer::addNode(const std::string& nodeName, std::unique_ptr<Op> op, const std::vector<std::string>& inputs,
                        const std::string& output)
{
    if (m_shapes.count(output))
        throw IoError(m_source + ": node '" + nodeName + "': value '" + output + "' is defined twice");
    ShapePair out;
    std::vector<Shape> inA, inB;
    for (const auto& v : inputs) {
        const auto& s = m_shapes.at(v);
        inA.push_back(s.a);
        inB.push_back(s.b);
    }
    try {
        auto a = op->outputShapes(inA);
        auto b = op->outputShapes(inB);
        if (a.size() != 1 || b.size() != 1)
            throw ShapeError("expected one output");
        out = {a[0], b[0]};
    } catch (const ShapeError& e) {
        throw ShapeError(m_source + ": node '" + nodeName + "' (" + op->type() + "): " + e.what());
    }
    if (checkedSize(out.a) < 0 || checkedSize(out.b) < 0)
        throw ShapeError(m_source + ": node '" + nodeName + "' (" + op->type() + "): output shape " +
                         shapeToString(out.symbolic()) + " exceeds " + std::to_string(kMaxElements) + " elements");
    graph.addNode(nodeName, std::move(op), inputs, {output});
    m_shapes[output] = out;
    m_reserved.insert(output);
    return Value::activation(output, out);
}

std::string Importer::constantActivation(const Value& v, const std::string& key, const std::string& where)
{
    if (!v.isConst)
        return v.engine;
    auto it = m_constants.find(key);
    if (it != m_constants.end())
        return it->second;
    if (v.dependsOnDynamic())
        throw UnsupportedError(where + ": value '" + key + "' is computed from the dynamic (batch) size and " +
                               "cannot be used as a tensor operand");
    const std::string what = where + ": constant '" + key + "'";
    Tensor t = v.a.toTensor(what);
    if (t.size() == 0)
        throw UnsupportedError(what + " is empty " + shapeToString(t.shape()));
    const std::string value = m_shapes.count(key) ? uniqueValueName(key) : key;
    m_reserved.insert(value);
    addNode(uniqueNodeName(value), std::make_unique<Constant>(t), {}, value);
    m_constants[key] = value;
    return value;
}

NodeContext::NodeContext(Importer& importer, const onnx::NodeProto& node, std::string nodeName,
                         std::vector<const Value*> in)
    : im(importer), proto(node), name(std::move(nodeName)), opType(node.op_type()), opset(importer.opset),
      inputs(std::move(in)), attrs(node, importer.source() + ": node '" + name + "' (" + node.op_type() + ")"),
      m_where(importer.source() + ": node '" + name + "' (" + node.op_type() + ")")
{}

const Value& NodeContext::input(size_t i) const
{
    if (!has(i))
        fail("input " + std::to_string(i) + " is missing");
    return *inputs[i];
}

const std::string& NodeContext::inputName(size_t i) const
{
    static const std::string none;
    return i < static_cast<size_t>(proto.input_size()) ? proto.input(static_cast<int>(i)) : none;
}

const ConstTensor& NodeContext::constInput(size_t i, const std::string& what) const
{
    const Value& v = input(i);
    if (!v.isConst)
        fail<UnsupportedError>(what + " ('" + inputName(i) +
                               "') must be a constant (initializer or Constant), it is computed at run time");
    if (v.dependsOnDynamic())
        fail<UnsupportedError>(what + " ('" + inputName(i) + "') depends on the dynamic (batch) size");
    return v.a;
}

std::string NodeContext::activation(size_t i) const
{
    return im.constantActivation(input(i), inputName(i), m_where);
}

const Value& NodeContext::activationInput(size_t i, int minRank, int maxRank) const
{
    const Value& v = input(i);
    if (v.isConst)
        fail<UnsupportedError>("input '" + inputName(i) + "' is a constant; only activations are supported here");
    if (v.rank() < minRank || v.rank() > maxRank)
        fail<UnsupportedError>("input '" + inputName(i) + "' has shape " + shapeToString(v.shape.symbolic()) +
                               ", supported ranks are " + std::to_string(minRank) + " to " + std::to_string(maxRank));
    return v;
}

std::string NodeContext::output(size_t k) const
{
    if (k >= outputCount() || proto.output(static_cast<int>(k)).empty())
        fail("output " + std::to_string(k) + " is missing");
    return proto.output(static_cast<int>(k));
}

Value NodeContext::add(const std::string& suffix, std::unique_ptr<Op> op, const std::vector<std::string>& in,
                       const std::string& outputName) const
{
    const std::string nodeName = suffix.empty() ? name : im.uniqueNodeName(name + "/" + suffix);
    const std::string value = outputName.empty() ? im.uniqueValueName(nodeName + "/out") : outputName;
    return im.addNode(nodeName, std::move(op), in, value);
}

Value NodeContext::reshape(const Value& x, const ShapePair& out, const std::string& suffix,
                           const std::string& outputName) const
{
    if (x.shape == out && outputName.empty())
        return x;
    auto params = resolveReshape(x.shape, out);
    if (!params)
        fail<UnsupportedError>("cannot express the reshape of " + shapeToString(x.shape.symbolic()) + " to " +
                               shapeToString(out.symbolic()) +
                               " with static sizes, 0 (copy) and one -1 (the dynamic sizes do not line up)");
    return add(suffix, std::make_unique<Reshape>(*params), {x.engine}, outputName);
}

void NodeContext::setParameter(Parameter& p, const Tensor& value) const
{
    if (p.value.shape() != value.shape())
        fail<ShapeError>("parameter '" + p.name + "' should have shape " + shapeToString(p.value.shape()) + ", got " +
                         shapeToString(value.shape()));
    p.value = value;
    p.markModified();
}

int64_t normalizeAxis(const NodeContext& c, int64_t axis, int64_t rank, const std::string& what)
{
    if (axis < -rank || axis >= rank)
        c.fail(what + " " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
    return axis < 0 ? axis + rank : axis;
}

} // namespace lantern::formats::onnximport
