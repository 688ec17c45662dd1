#pragma once
// Internal to the ONNX importer: constant tensors known at load time (initializers, Constant nodes, folded shape
// computations) and their conversion from TensorProto. Never included from public headers.

#include "lantern/tensor.h"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lantern::formats::onnximport {

/// Cap on the number of elements of any tensor or value shape (checked before allocating).
constexpr int64_t kMaxElements = int64_t(1) << 31;
/// Cap on tensors created by folding at load time (ConstantOfShape, Range, Expand...).
constexpr int64_t kMaxFoldedElements = int64_t(1) << 26;

/// Number of elements of `shape`, or -1 when a dimension is negative or the product exceeds `cap` (no overflow).
int64_t checkedSize(const Shape& shape, int64_t cap = kMaxElements);

/// A tensor whose values are known at load time. Floating-point types are held as float32, integer types and bool
/// as int64; `elementType` keeps the ONNX type ("float32", "int64", "bool"...).
struct ConstTensor {
    enum class Kind { Float, Int };
    Kind kind = Kind::Float;
    Shape shape;
    std::vector<float> f;   ///< Kind::Float
    std::vector<int64_t> i; ///< Kind::Int
    std::string elementType = "float32";

    bool operator==(const ConstTensor&) const = default;

    static ConstTensor floats(Shape shape, std::vector<float> values, std::string type = "float32");
    static ConstTensor ints(Shape shape, std::vector<int64_t> values, std::string type = "int64");

    bool isInt() const { return kind == Kind::Int; }
    int rank() const { return static_cast<int>(shape.size()); }
    int64_t size() const { return static_cast<int64_t>(isInt() ? i.size() : f.size()); }
    double get(int64_t k) const { return isInt() ? static_cast<double>(i[k]) : static_cast<double>(f[k]); }
    /// Element k as an integer (floats truncated toward zero).
    int64_t getInt(int64_t k) const;
    /// All elements as integers.
    std::vector<int64_t> toInts() const;
    /// A float32 engine tensor (integers converted). Throws UnsupportedError for rank > 5.
    Tensor toTensor(const std::string& what) const;
    /// "int64 (2, 3)"
    std::string describe() const;
};

/// "float32", "int64", ...; "type <n>" for data types Lantern does not know.
std::string elementTypeName(int dataType);
/// Whether a TensorProto data type holds floating-point values (float32/16, bfloat16, float64).
bool isFloatType(int dataType);
/// Whether the importer can read tensors of this type (numbers and bool).
bool isNumericType(int dataType);

/// Converts a TensorProto; `what` names it in messages (e.g. "model.onnx: initializer 'w'"). Throws IoError when
/// the dims are negative or absurd or the data does not match them, UnsupportedError for strings, complex
/// numbers, 8-bit floats, segments and external data.
ConstTensor tensorFromProto(const onnx::TensorProto& t, const std::string& what);

} // namespace lantern::formats::onnximport
