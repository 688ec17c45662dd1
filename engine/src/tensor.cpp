#include "lantern/tensor.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>

namespace lantern {

int64_t shapeSize(const Shape& shape)
{
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0)
            throw ShapeError("negative dimension in shape " + shapeToString(shape));
        n *= d;
    }
    return n;
}

std::string shapeToString(const Shape& shape)
{
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i)
            s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + ")";
}

namespace {

/// Recycles tensor buffers by size. Large activations otherwise cost a fresh mmap (page faults) on every
/// pass; repeated runs of one model reuse the same sizes, so a small exact-size pool removes that cost.
class StoragePool {
public:
    static StoragePool& instance()
    {
        static auto* pool = new StoragePool; // never destroyed: tensors may outlive static destruction
        return *pool;
    }

    float* take(size_t bytes)
    {
        {
            std::lock_guard lock(m_mutex);
            auto it = m_free.find(bytes);
            if (it != m_free.end()) {
                float* p = it->second;
                m_free.erase(it);
                m_pooledBytes -= bytes;
                return p;
            }
        }
        void* p = std::aligned_alloc(64, bytes);
        if (!p)
            throw Error("out of memory allocating a tensor of " + std::to_string(bytes) + " bytes");
        return static_cast<float*>(p);
    }

    void give(float* p, size_t bytes)
    {
        if (bytes >= kMinPooled) {
            std::lock_guard lock(m_mutex);
            if (m_pooledBytes + bytes <= kMaxPooled) {
                m_free.emplace(bytes, p);
                m_pooledBytes += bytes;
                return;
            }
        }
        std::free(p);
    }

private:
    static constexpr size_t kMinPooled = size_t(1) << 16; // small buffers come cheap from malloc
    static constexpr size_t kMaxPooled = size_t(1) << 30; // at most 1 GiB kept for reuse
    std::mutex m_mutex;
    std::multimap<size_t, float*> m_free;
    size_t m_pooledBytes = 0;
};

std::shared_ptr<float> allocate(int64_t count, bool zero)
{
    const size_t bytes = std::max<size_t>(64, ((static_cast<size_t>(count) * sizeof(float) + 63) / 64) * 64);
    float* p = StoragePool::instance().take(bytes);
    if (zero)
        std::memset(p, 0, bytes);
    return std::shared_ptr<float>(p, [bytes](float* q) { StoragePool::instance().give(q, bytes); });
}

void checkRank(const Shape& shape)
{
    if (shape.size() > static_cast<size_t>(kMaxRank))
        throw ShapeError("tensor rank " + std::to_string(shape.size()) + " exceeds the maximum of " +
                         std::to_string(kMaxRank) + ": " + shapeToString(shape));
}

} // namespace

Tensor::Tensor(Shape shape) : m_shape(std::move(shape))
{
    checkRank(m_shape);
    m_size = shapeSize(m_shape);
    m_storage = allocate(m_size, true);
}

Tensor::Tensor(Shape shape, float fill) : Tensor(std::move(shape))
{
    this->fill(fill);
}

Tensor::Tensor(Shape shape, std::initializer_list<float> values) : Tensor(std::move(shape))
{
    if (static_cast<int64_t>(values.size()) != m_size)
        throw ShapeError("tensor of shape " + shapeToString(m_shape) + " needs " + std::to_string(m_size) +
                         " values, got " + std::to_string(values.size()));
    std::copy(values.begin(), values.end(), data());
}

Tensor Tensor::fromData(Shape shape, std::span<const float> values)
{
    Tensor t(std::move(shape));
    if (static_cast<int64_t>(values.size()) != t.m_size)
        throw ShapeError("tensor of shape " + shapeToString(t.m_shape) + " needs " + std::to_string(t.m_size) +
                         " values, got " + std::to_string(values.size()));
    std::copy(values.begin(), values.end(), t.data());
    return t;
}

Tensor Tensor::uninitialized(Shape shape)
{
    checkRank(shape);
    Tensor t;
    t.m_shape = std::move(shape);
    t.m_size = shapeSize(t.m_shape);
    t.m_storage = allocate(t.m_size, false);
    return t;
}

Tensor Tensor::wrap(Shape shape, float* data)
{
    checkRank(shape);
    Tensor t;
    t.m_shape = std::move(shape);
    t.m_size = shapeSize(t.m_shape);
    t.m_storage = std::shared_ptr<float>(data, [](float*) {});
    return t;
}

int64_t Tensor::dim(int i) const
{
    const int r = rank();
    const int k = i < 0 ? i + r : i;
    if (k < 0 || k >= r)
        throw ShapeError("dimension " + std::to_string(i) + " out of range for shape " + shapeToString(m_shape));
    return m_shape[static_cast<size_t>(k)];
}

namespace {
int64_t flatIndex(const Shape& shape, std::initializer_list<int64_t> index)
{
    if (index.size() != shape.size())
        throw ArgumentError("index of rank " + std::to_string(index.size()) + " for tensor of shape " +
                            shapeToString(shape));
    int64_t flat = 0;
    size_t k = 0;
    for (int64_t i : index) {
        if (i < 0 || i >= shape[k])
            throw ArgumentError("index out of range for tensor of shape " + shapeToString(shape));
        flat = flat * shape[k] + i;
        ++k;
    }
    return flat;
}
} // namespace

float& Tensor::at(std::initializer_list<int64_t> index)
{
    return data()[flatIndex(m_shape, index)];
}

float Tensor::at(std::initializer_list<int64_t> index) const
{
    return data()[flatIndex(m_shape, index)];
}

Tensor Tensor::reshaped(Shape shape) const
{
    checkRank(shape);
    int64_t known = 1;
    int inferred = -1;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == -1) {
            if (inferred >= 0)
                throw ShapeError("reshape to " + shapeToString(shape) + ": more than one -1");
            inferred = static_cast<int>(i);
        } else {
            if (shape[i] < 0)
                throw ShapeError("reshape to " + shapeToString(shape) + ": negative dimension");
            known *= shape[i];
        }
    }
    if (inferred >= 0) {
        if (known == 0 || m_size % known != 0)
            throw ShapeError("cannot reshape " + shapeToString(m_shape) + " to " + shapeToString(shape));
        shape[static_cast<size_t>(inferred)] = m_size / known;
    }
    if (shapeSize(shape) != m_size)
        throw ShapeError("cannot reshape " + shapeToString(m_shape) + " to " + shapeToString(shape));
    Tensor t = *this;
    t.m_shape = std::move(shape);
    return t;
}

Tensor Tensor::slice(int64_t begin, int64_t end) const
{
    if (rank() == 0 || begin < 0 || end > m_shape[0] || begin > end)
        throw ShapeError("slice [" + std::to_string(begin) + ", " + std::to_string(end) + ") of tensor " +
                         shapeToString(m_shape));
    Tensor t = *this;
    const int64_t row = m_shape[0] ? m_size / m_shape[0] : 0;
    t.m_offset += begin * row;
    t.m_shape[0] = end - begin;
    t.m_size = row * (end - begin);
    return t;
}

Tensor Tensor::clone() const
{
    if (isEmpty())
        return {};
    Tensor t = uninitialized(m_shape);
    std::copy(data(), data() + m_size, t.data());
    return t;
}

void Tensor::fill(float value)
{
    std::fill(data(), data() + m_size, value);
}

void Tensor::copyFrom(const Tensor& other)
{
    if (other.m_size != m_size)
        throw ShapeError("copy of " + shapeToString(other.m_shape) + " into " + shapeToString(m_shape));
    if (m_size)
        std::memmove(data(), other.data(), static_cast<size_t>(m_size) * sizeof(float));
}

float maxAbsDiff(const Tensor& a, const Tensor& b)
{
    if (a.shape() != b.shape())
        throw ShapeError("maxAbsDiff of " + shapeToString(a.shape()) + " and " + shapeToString(b.shape()));
    float m = 0.f;
    for (int64_t i = 0; i < a.size(); ++i)
        m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

} // namespace lantern
