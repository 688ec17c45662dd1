#pragma once
// Internal helpers for the element-wise binary ops with numpy multidirectional broadcasting (Add, Sub,
// Mul, Div): shape broadcasting, the oneDNN binary primitive with broadcasting, and sums that reduce a
// gradient over broadcast dimensions back to an operand's shape (oneDNN reduction_sum).

#include "backend/dnnl_backend.h"

#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace lantern::backend {

/// numpy broadcast of two shapes (right-aligned; each dimension equal or 1). Throws ShapeError
/// "<what>: cannot broadcast (..) with (..)".
Shape broadcastShapes(const Shape& a, const Shape& b, const std::string& what);
/// `shape` with leading 1s up to `rank` (unchanged when already that long).
Shape padShape(const Shape& shape, size_t rank);

/// oneDNN binary and reduction primitives cached per shape pair; one instance per op, thread-safe.
class BroadcastKernels {
public:
    /// a (alg) b with broadcasting; the result has shape broadcastShapes(a, b).
    Tensor binary(dnnl::algorithm alg, const Tensor& a, const Tensor& b, const std::string& what);
    /// scale * (g summed over the dimensions in which `target` was broadcast to g's shape). Returns g
    /// itself (a shared view) when nothing needs summing and scale is 1.
    Tensor reduceTo(const Tensor& g, const Shape& target, const std::string& what, float scale = 1.f);

private:
    using BinaryKey = std::tuple<int, Shape, Shape>;
    using ReduceKey = std::pair<Shape, Shape>;
    std::mutex m_mutex;
    std::map<BinaryKey, dnnl::binary> m_binary;
    std::map<ReduceKey, dnnl::reduction> m_reduce;
};

} // namespace lantern::backend
