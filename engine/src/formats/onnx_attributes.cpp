#include "onnx_attributes.h"

#include "lantern/error.h"

namespace lantern::formats::onnximport {

using AP = onnx::AttributeProto;

namespace {

const char* typeName(int type)
{
    switch (type) {
    case AP::FLOAT:
        return "FLOAT";
    case AP::INT:
        return "INT";
    case AP::STRING:
        return "STRING";
    case AP::TENSOR:
        return "TENSOR";
    case AP::GRAPH:
        return "GRAPH";
    case AP::FLOATS:
        return "FLOATS";
    case AP::INTS:
        return "INTS";
    case AP::STRINGS:
        return "STRINGS";
    case AP::TENSORS:
        return "TENSORS";
    case AP::GRAPHS:
        return "GRAPHS";
    default:
        return "another type";
    }
}

} // namespace

Attributes::Attributes(const onnx::NodeProto& node, std::string where) : m_node(node), m_where(std::move(where)) {}

const onnx::AttributeProto* Attributes::find(const std::string& name) const
{
    for (const auto& a : m_node.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

std::vector<std::string> Attributes::names() const
{
    std::vector<std::string> out;
    for (const auto& a : m_node.attribute())
        out.push_back(a.name());
    return out;
}

void Attributes::expectType(const onnx::AttributeProto& a, onnx::AttributeProto::AttributeType type) const
{
    if (a.type() != type && a.type() != AP::UNDEFINED)
        throw IoError(m_where + ": attribute '" + a.name() + "' should be " + typeName(type) + ", is " +
                      typeName(a.type()));
    if (!a.ref_attr_name().empty())
        throw UnsupportedError(m_where + ": attribute '" + a.name() + "' refers to a function attribute");
}

std::optional<int64_t> Attributes::findInt(const std::string& name) const
{
    const auto* a = find(name);
    if (!a)
        return std::nullopt;
    expectType(*a, AP::INT);
    return a->i();
}

int64_t Attributes::getInt(const std::string& name, int64_t fallback) const
{
    return findInt(name).value_or(fallback);
}

int64_t Attributes::requireInt(const std::string& name) const
{
    auto v = findInt(name);
    if (!v)
        throw IoError(m_where + ": required attribute '" + name + "' is missing");
    return *v;
}

float Attributes::getFloat(const std::string& name, float fallback) const
{
    const auto* a = find(name);
    if (!a)
        return fallback;
    expectType(*a, AP::FLOAT);
    return a->f();
}

std::string Attributes::getString(const std::string& name, const std::string& fallback) const
{
    const auto* a = find(name);
    if (!a)
        return fallback;
    expectType(*a, AP::STRING);
    return a->s();
}

std::optional<std::vector<int64_t>> Attributes::findInts(const std::string& name) const
{
    const auto* a = find(name);
    if (!a)
        return std::nullopt;
    expectType(*a, AP::INTS);
    return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

std::vector<int64_t> Attributes::getInts(const std::string& name, std::vector<int64_t> fallback) const
{
    auto v = findInts(name);
    return v ? *v : fallback;
}

std::optional<std::vector<float>> Attributes::findFloats(const std::string& name) const
{
    const auto* a = find(name);
    if (!a)
        return std::nullopt;
    expectType(*a, AP::FLOATS);
    return std::vector<float>(a->floats().begin(), a->floats().end());
}

const onnx::TensorProto* Attributes::findTensor(const std::string& name) const
{
    const auto* a = find(name);
    if (!a)
        return nullptr;
    expectType(*a, AP::TENSOR);
    if (!a->has_t())
        throw IoError(m_where + ": attribute '" + name + "' holds no tensor");
    return &a->t();
}

void Attributes::checkRange(const std::string& name, const std::vector<int64_t>& values, int64_t lo, int64_t hi) const
{
    for (int64_t v : values)
        if (v < lo || v > hi)
            throw IoError(m_where + ": attribute '" + name + "' has value " + std::to_string(v) + ", expected " +
                          std::to_string(lo) + " to " + std::to_string(hi));
}

} // namespace lantern::formats::onnximport
