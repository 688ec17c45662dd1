#pragma once
// Tensor: float32, rank 0..5, logical row-major layout (NCHW for images), 64-byte aligned storage.
// Copies are cheap views that share storage (like NumPy/PyTorch); clone() makes a deep copy.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace lantern {

using Shape = std::vector<int64_t>;

constexpr int kMaxRank = 5;

/// Number of elements of a shape (1 for rank 0). Throws ShapeError on negative dimensions.
int64_t shapeSize(const Shape& shape);
/// "(2, 3, 4)"
std::string shapeToString(const Shape& shape);

class Tensor {
public:
    /// An empty tensor: no storage, rank 0, size 0. isEmpty() is true.
    Tensor() = default;
    /// Zero-filled tensor of the given shape.
    explicit Tensor(Shape shape);
    Tensor(Shape shape, float fill);
    Tensor(Shape shape, std::initializer_list<float> values);
    static Tensor fromData(Shape shape, std::span<const float> values);
    /// A tensor whose contents are unspecified: for outputs a kernel overwrites completely (skips zero-filling).
    static Tensor uninitialized(Shape shape);
    /// A tensor that does not own its memory; the caller keeps `data` alive and aligned as needed.
    static Tensor wrap(Shape shape, float* data);

    bool isEmpty() const { return !m_storage; }
    const Shape& shape() const { return m_shape; }
    int rank() const { return static_cast<int>(m_shape.size()); }
    /// Dimension i; negative i counts from the end.
    int64_t dim(int i) const;
    int64_t size() const { return m_size; }

    float* data() { return m_storage ? m_storage.get() + m_offset : nullptr; }
    const float* data() const { return m_storage ? m_storage.get() + m_offset : nullptr; }
    std::span<float> values() { return {data(), static_cast<size_t>(m_size)}; }
    std::span<const float> values() const { return {data(), static_cast<size_t>(m_size)}; }

    float& operator[](int64_t i) { return data()[i]; }
    float operator[](int64_t i) const { return data()[i]; }
    /// Element access by full index (bounds-checked, slow; for tests and tools).
    float& at(std::initializer_list<int64_t> index);
    float at(std::initializer_list<int64_t> index) const;

    /// View with another shape of the same size; one dimension may be -1.
    Tensor reshaped(Shape shape) const;
    /// View of rows [begin, end) of the leading dimension.
    Tensor slice(int64_t begin, int64_t end) const;
    Tensor clone() const;
    void fill(float value);
    void copyFrom(const Tensor& other);
    bool sharesStorageWith(const Tensor& other) const { return m_storage && m_storage == other.m_storage; }

private:
    std::shared_ptr<float> m_storage;
    int64_t m_offset = 0;
    Shape m_shape;
    int64_t m_size = 0;
};

/// Largest absolute element-wise difference; throws ShapeError when shapes differ.
float maxAbsDiff(const Tensor& a, const Tensor& b);

} // namespace lantern
