// ONNX shape rules shared by constant folding and the op mappings (broadcasting, Reshape, Squeeze, Unsqueeze).
#include "onnx_shape_rules.h"

#include <algorithm>

namespace lantern::formats::onnximport {

Shape broadcastShapes(const NodeContext& c, const std::vector<Shape>& shapes)
{
    size_t rank = 0;
    for (const auto& s : shapes)
        rank = std::max(rank, s.size());
    Shape out(rank, 1);
    for (const auto& s : shapes)
        for (size_t k = 0; k < s.size(); ++k) {
            int64_t& o = out[rank - s.size() + k];
            const int64_t d = s[k];
            if (d == o || d == 1)
                continue;
            if (o != 1) {
                std::string list;
                for (const auto& t : shapes)
                    list += (list.empty() ? "" : " and ") + shapeToString(t);
                c.fail<ShapeError>("shapes " + list + " do not broadcast");
            }
            o = d;
        }
    return out;
}

Shape reshapeShape(const NodeContext& c, const Shape& inShape, const std::vector<int64_t>& target, bool allowZero)
{
    Shape out(target.begin(), target.end());
    int inferred = -1;
    int64_t known = 1;
    for (size_t k = 0; k < out.size(); ++k) {
        if (out[k] == 0 && !allowZero) {
            if (k >= inShape.size())
                c.fail<ShapeError>("target " + shapeToString(target) + " copies dimension " + std::to_string(k) +
                                   " of input " + shapeToString(inShape));
            out[k] = inShape[k];
        }
        if (out[k] == -1) {
            if (inferred >= 0)
                c.fail("target shape " + shapeToString(target) + " has more than one -1");
            inferred = static_cast<int>(k);
        } else if (out[k] < 0) {
            c.fail("target shape " + shapeToString(target) + " has a dimension below -1");
        } else {
            if (out[k] != 0 && known > kMaxElements / out[k])
                c.fail("target shape " + shapeToString(target) + " is absurdly large");
            known *= out[k];
        }
    }
    const int64_t size = shapeSize(inShape);
    if (inferred >= 0) {
        if (known == 0 || size % known != 0)
            c.fail<ShapeError>("cannot reshape " + shapeToString(inShape) + " to " + shapeToString(target));
        out[static_cast<size_t>(inferred)] = size / known;
    } else if (known != size) {
        c.fail<ShapeError>("cannot reshape " + shapeToString(inShape) + " (" + std::to_string(size) + " elements) to " +
                           shapeToString(target));
    }
    return out;
}

Shape unsqueezeShape(const NodeContext& c, const Shape& inShape, const std::vector<int64_t>& axes)
{
    const auto rank = static_cast<int64_t>(inShape.size() + axes.size());
    std::vector<bool> isNew(static_cast<size_t>(rank), false);
    for (int64_t a : axes) {
        const int64_t k = normalizeAxis(c, a, rank);
        if (isNew[static_cast<size_t>(k)])
            c.fail("axis " + std::to_string(a) + " appears twice");
        isNew[static_cast<size_t>(k)] = true;
    }
    Shape out;
    size_t j = 0;
    for (int64_t k = 0; k < rank; ++k)
        out.push_back(isNew[static_cast<size_t>(k)] ? 1 : inShape[j++]);
    return out;
}

Shape squeezeShape(const NodeContext& c, const Shape& inShape, const std::optional<std::vector<int64_t>>& axes)
{
    const auto rank = static_cast<int64_t>(inShape.size());
    std::vector<bool> drop(inShape.size(), false);
    if (axes) {
        for (int64_t a : *axes) {
            const int64_t k = normalizeAxis(c, a, rank);
            if (inShape[static_cast<size_t>(k)] != 1)
                c.fail<ShapeError>("cannot squeeze axis " + std::to_string(a) + " of " + shapeToString(inShape));
            drop[static_cast<size_t>(k)] = true;
        }
    } else {
        for (size_t k = 0; k < inShape.size(); ++k)
            drop[k] = inShape[k] == 1;
    }
    Shape out;
    for (size_t k = 0; k < inShape.size(); ++k)
        if (!drop[k])
            out.push_back(inShape[k]);
    return out;
}

std::optional<std::vector<int64_t>> squeezeAxes(const NodeContext& c, const ConstTensor* axesInput)
{
    if (c.opset < 13)
        return c.attrs.findInts("axes");
    if (!axesInput)
        return std::nullopt;
    return axesInput->toInts();
}

} // namespace lantern::formats::onnximport
