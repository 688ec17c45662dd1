#include "lantern/ops/concat.h"

#include "backend/dnnl_backend.h"

#include <cstring>
#include <limits>
#include <map>
#include <mutex>

namespace lantern {

using namespace backend;

namespace {

size_t resolveAxis(int64_t axis, const Shape& first)
{
    const auto rank = static_cast<int64_t>(first.size());
    const int64_t a = axis < 0 ? axis + rank : axis;
    if (rank == 0)
        throw ShapeError("Concat: inputs must have rank >= 1, got " + shapeToString(first));
    if (a < 0 || a >= rank)
        throw ShapeError("Concat: axis " + std::to_string(axis) + " is out of range for input " + shapeToString(first));
    return static_cast<size_t>(a);
}

int64_t product(const Shape& s, size_t begin, size_t end)
{
    int64_t n = 1;
    for (size_t i = begin; i < end; ++i)
        n *= s[i];
    return n;
}

} // namespace

struct Concat::Impl {
    std::mutex mutex;
    std::map<std::vector<Shape>, dnnl::concat> cache;

    dnnl::concat& primitive(const std::vector<Shape>& shapes, const Shape& out, size_t axis)
    {
        std::lock_guard lock(mutex);
        auto it = cache.find(shapes);
        if (it != cache.end())
            return it->second;
        std::vector<dnnl::memory::desc> srcs;
        for (const auto& s : shapes)
            srcs.push_back(plainDesc(s));
        auto pd = guarded("Concat", [&] {
            return dnnl::concat::primitive_desc(plainDesc(out), static_cast<int>(axis), srcs, cpuEngine(), primitiveAttr());
        });
        return cache.emplace(shapes, dnnl::concat(pd)).first->second;
    }
};

Concat::Concat(const ConcatParams& params) : m_params(params), m_impl(std::make_unique<Impl>()) {}

Concat::~Concat() = default;

std::vector<Shape> Concat::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, std::numeric_limits<size_t>::max());
    const size_t axis = resolveAxis(m_params.axis, inputs[0]);
    Shape out = inputs[0];
    for (size_t k = 1; k < inputs.size(); ++k) {
        const Shape& s = inputs[k];
        bool fits = s.size() == out.size();
        for (size_t i = 0; fits && i < s.size(); ++i)
            fits = i == axis || s[i] == out[i];
        if (!fits)
            throw ShapeError("Concat: input " + std::to_string(k) + " of shape " + shapeToString(s) +
                             " does not match input 0 of shape " + shapeToString(inputs[0]) + " outside axis " +
                             std::to_string(axis));
        out[axis] += s[axis];
    }
    return {out};
}

void Concat::forward(ForwardArgs& args)
{
    std::vector<Shape> shapes;
    for (const auto& t : args.inputs)
        shapes.push_back(t.shape());
    const Shape out = outputShapes(shapes)[0];
    const size_t axis = resolveAxis(m_params.axis, shapes[0]);
    Tensor y(out);
    if (y.size() == 0) {
        args.outputs = {y};
        return;
    }
    // oneDNN does not take empty sources: leave them out.
    std::vector<Shape> used;
    std::unordered_map<int, dnnl::memory> a;
    for (const auto& t : args.inputs) {
        if (t.size() == 0)
            continue;
        a[DNNL_ARG_MULTIPLE_SRC + static_cast<int>(used.size())] = wrap(t);
        used.push_back(t.shape());
    }
    a[DNNL_ARG_DST] = wrap(y);
    execute(m_impl->primitive(used, out, axis), a, "Concat");
    args.outputs = {y};
}

void Concat::backward(BackwardArgs& args)
{
    std::vector<Shape> shapes;
    for (const auto& t : args.inputs)
        shapes.push_back(t.shape());
    const Shape out = outputShapes(shapes)[0];
    const size_t axis = resolveAxis(m_params.axis, shapes[0]);
    const Tensor& gy = args.gradOutputs[0];
    if (gy.shape() != out)
        throw ShapeError("Concat: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(out));
    const int64_t outer = product(out, 0, axis);
    const int64_t inner = product(out, axis + 1, out.size());
    const int64_t outRow = out[axis] * inner;
    int64_t offset = 0;
    for (size_t k = 0; k < shapes.size(); ++k) {
        const int64_t chunk = shapes[k][axis] * inner;
        if (args.needInputGrad[k]) {
            Tensor g(shapes[k]);
            for (int64_t o = 0; o < outer && chunk > 0; ++o)
                std::memcpy(g.data() + o * chunk, gy.data() + o * outRow + offset,
                            static_cast<size_t>(chunk) * sizeof(float));
            args.gradInputs[k] = g;
        }
        offset += chunk;
    }
}

std::string Concat::describe() const
{
    return "axis=" + std::to_string(m_params.axis);
}

} // namespace lantern
