#include "onnx_tensor.h"

#include "lantern/error.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace lantern::formats::onnximport {

using TP = onnx::TensorProto;

int64_t checkedSize(const Shape& shape, int64_t cap)
{
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0)
            return -1;
        if (d != 0 && n > cap / d)
            return -1;
        n *= d;
    }
    return n > cap ? -1 : n;
}

ConstTensor ConstTensor::floats(Shape shape, std::vector<float> values, std::string type)
{
    ConstTensor t;
    t.kind = Kind::Float;
    t.shape = std::move(shape);
    t.f = std::move(values);
    t.elementType = std::move(type);
    return t;
}

ConstTensor ConstTensor::ints(Shape shape, std::vector<int64_t> values, std::string type)
{
    ConstTensor t;
    t.kind = Kind::Int;
    t.shape = std::move(shape);
    t.i = std::move(values);
    t.elementType = std::move(type);
    return t;
}

int64_t ConstTensor::getInt(int64_t k) const
{
    if (isInt())
        return i[static_cast<size_t>(k)];
    const float v = f[static_cast<size_t>(k)];
    if (!std::isfinite(v) || std::fabs(v) > 9.2e18f)
        return 0;
    return static_cast<int64_t>(v);
}

std::vector<int64_t> ConstTensor::toInts() const
{
    if (isInt())
        return i;
    std::vector<int64_t> out(f.size());
    for (size_t k = 0; k < f.size(); ++k)
        out[k] = getInt(static_cast<int64_t>(k));
    return out;
}

Tensor ConstTensor::toTensor(const std::string& what) const
{
    if (shape.size() > static_cast<size_t>(kMaxRank))
        throw UnsupportedError(what + ": tensor of rank " + std::to_string(shape.size()) + " " + shapeToString(shape) +
                               " (Lantern tensors have at most " + std::to_string(kMaxRank) + " dimensions)");
    Tensor t = Tensor::uninitialized(shape);
    float* d = t.data();
    if (isInt())
        for (size_t k = 0; k < i.size(); ++k)
            d[k] = static_cast<float>(i[k]);
    else if (!f.empty())
        std::memcpy(d, f.data(), f.size() * sizeof(float));
    return t;
}

std::string ConstTensor::describe() const
{
    return elementType + " " + shapeToString(shape);
}

std::string elementTypeName(int dataType)
{
    switch (dataType) {
    case TP::FLOAT:
        return "float32";
    case TP::UINT8:
        return "uint8";
    case TP::INT8:
        return "int8";
    case TP::UINT16:
        return "uint16";
    case TP::INT16:
        return "int16";
    case TP::INT32:
        return "int32";
    case TP::INT64:
        return "int64";
    case TP::STRING:
        return "string";
    case TP::BOOL:
        return "bool";
    case TP::FLOAT16:
        return "float16";
    case TP::DOUBLE:
        return "float64";
    case TP::UINT32:
        return "uint32";
    case TP::UINT64:
        return "uint64";
    case TP::COMPLEX64:
        return "complex64";
    case TP::COMPLEX128:
        return "complex128";
    case TP::BFLOAT16:
        return "bfloat16";
    default:
        return "type " + std::to_string(dataType);
    }
}

bool isFloatType(int dataType)
{
    return dataType == TP::FLOAT || dataType == TP::FLOAT16 || dataType == TP::DOUBLE || dataType == TP::BFLOAT16;
}

bool isNumericType(int dataType)
{
    switch (dataType) {
    case TP::FLOAT:
    case TP::UINT8:
    case TP::INT8:
    case TP::UINT16:
    case TP::INT16:
    case TP::INT32:
    case TP::INT64:
    case TP::BOOL:
    case TP::FLOAT16:
    case TP::DOUBLE:
    case TP::UINT32:
    case TP::UINT64:
    case TP::BFLOAT16:
        return true;
    default:
        return false;
    }
}

namespace {

float halfToFloat(uint16_t h)
{
    const uint32_t sign = (h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1f;
    uint32_t mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else { // subnormal: normalize
            int e = -1;
            do {
                ++e;
                mantissa <<= 1;
            } while ((mantissa & 0x400u) == 0);
            bits = sign | static_cast<uint32_t>(127 - 15 - e) << 23 | (mantissa & 0x3ffu) << 13;
        }
    } else if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | mantissa << 13;
    } else {
        bits = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
    }
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

float bfloatToFloat(uint16_t h)
{
    const uint32_t bits = static_cast<uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

size_t elementBytes(int dataType)
{
    switch (dataType) {
    case TP::UINT8:
    case TP::INT8:
    case TP::BOOL:
        return 1;
    case TP::UINT16:
    case TP::INT16:
    case TP::FLOAT16:
    case TP::BFLOAT16:
        return 2;
    case TP::FLOAT:
    case TP::INT32:
    case TP::UINT32:
        return 4;
    default:
        return 8;
    }
}

template <typename T> T loadLe(const char* p)
{
    T v;
    std::memcpy(&v, p, sizeof v); // the build targets little-endian machines, like the ONNX raw_data format
    return v;
}

/// Element k of raw little-endian data as float (float types) or int64 (integer types).
double rawFloat(int type, const char* p)
{
    switch (type) {
    case TP::FLOAT:
        return loadLe<float>(p);
    case TP::DOUBLE:
        return loadLe<double>(p);
    case TP::FLOAT16:
        return halfToFloat(loadLe<uint16_t>(p));
    default:
        return bfloatToFloat(loadLe<uint16_t>(p));
    }
}

int64_t rawInt(int type, const char* p)
{
    switch (type) {
    case TP::UINT8:
        return loadLe<uint8_t>(p);
    case TP::INT8:
        return loadLe<int8_t>(p);
    case TP::BOOL:
        return loadLe<uint8_t>(p) != 0;
    case TP::UINT16:
        return loadLe<uint16_t>(p);
    case TP::INT16:
        return loadLe<int16_t>(p);
    case TP::INT32:
        return loadLe<int32_t>(p);
    case TP::UINT32:
        return loadLe<uint32_t>(p);
    case TP::UINT64:
        return static_cast<int64_t>(loadLe<uint64_t>(p));
    default:
        return loadLe<int64_t>(p);
    }
}

[[noreturn]] void sizeMismatch(const std::string& what, const char* field, size_t got, int64_t n, const Shape& shape)
{
    throw IoError(what + ": " + field + " holds " + std::to_string(got) + " values, its dims " + shapeToString(shape) +
                  " need " + std::to_string(n));
}

} // namespace

ConstTensor tensorFromProto(const onnx::TensorProto& t, const std::string& what)
{
    const int type = t.data_type();
    if (type == TP::UNDEFINED)
        throw IoError(what + ": tensor has no data type");
    if (!isNumericType(type))
        throw UnsupportedError(what + ": " + elementTypeName(type) + " tensors are not supported");
    if (t.has_segment())
        throw UnsupportedError(what + ": segmented tensors are not supported");
    if (t.data_location() == TP::EXTERNAL || t.external_data_size() > 0)
        throw UnsupportedError(what + ": weights stored in an external data file are not supported; re-export the "
                                      "model as a single file (torch.onnx.export without external data)");
    Shape shape;
    shape.reserve(static_cast<size_t>(t.dims_size()));
    for (int64_t d : t.dims())
        shape.push_back(d);
    for (int64_t d : shape)
        if (d < 0)
            throw IoError(what + ": negative dimension in dims " + shapeToString(shape));
    const int64_t n = checkedSize(shape);
    if (n < 0)
        throw IoError(what + ": dims " + shapeToString(shape) + " exceed " + std::to_string(kMaxElements) +
                      " elements");
    const bool isFloat = isFloatType(type);
    ConstTensor c;
    c.kind = isFloat ? ConstTensor::Kind::Float : ConstTensor::Kind::Int;
    c.shape = shape;
    c.elementType = elementTypeName(type);
    const auto count = static_cast<size_t>(n);

    if (t.has_raw_data()) {
        const std::string& raw = t.raw_data();
        const size_t bytes = elementBytes(type);
        if (raw.size() != count * bytes)
            throw IoError(what + ": raw_data has " + std::to_string(raw.size()) + " bytes, dims " +
                          shapeToString(shape) + " of " + c.elementType + " need " + std::to_string(count * bytes));
        if (isFloat) {
            c.f.resize(count);
            if (type == TP::FLOAT) {
                if (count > 0) // an empty tensor's buffers may be null, which memcpy must not get
                    std::memcpy(c.f.data(), raw.data(), count * sizeof(float));
            } else {
                for (size_t k = 0; k < count; ++k)
                    c.f[k] = static_cast<float>(rawFloat(type, raw.data() + k * bytes));
            }
        } else {
            c.i.resize(count);
            for (size_t k = 0; k < count; ++k)
                c.i[k] = rawInt(type, raw.data() + k * bytes);
        }
        return c;
    }

    switch (type) {
    case TP::FLOAT:
        if (static_cast<size_t>(t.float_data_size()) != count)
            sizeMismatch(what, "float_data", static_cast<size_t>(t.float_data_size()), n, shape);
        c.f.assign(t.float_data().begin(), t.float_data().end());
        break;
    case TP::DOUBLE:
        if (static_cast<size_t>(t.double_data_size()) != count)
            sizeMismatch(what, "double_data", static_cast<size_t>(t.double_data_size()), n, shape);
        c.f.reserve(count);
        for (double v : t.double_data())
            c.f.push_back(static_cast<float>(v));
        break;
    case TP::INT64:
        if (static_cast<size_t>(t.int64_data_size()) != count)
            sizeMismatch(what, "int64_data", static_cast<size_t>(t.int64_data_size()), n, shape);
        c.i.assign(t.int64_data().begin(), t.int64_data().end());
        break;
    case TP::UINT32:
    case TP::UINT64:
        if (static_cast<size_t>(t.uint64_data_size()) != count)
            sizeMismatch(what, "uint64_data", static_cast<size_t>(t.uint64_data_size()), n, shape);
        c.i.reserve(count);
        for (uint64_t v : t.uint64_data())
            c.i.push_back(static_cast<int64_t>(v));
        break;
    default: // int32_data holds INT32, INT16, INT8, UINT16, UINT8, BOOL and the bits of FLOAT16/BFLOAT16
        if (static_cast<size_t>(t.int32_data_size()) != count)
            sizeMismatch(what, "int32_data", static_cast<size_t>(t.int32_data_size()), n, shape);
        if (isFloat) {
            c.f.reserve(count);
            for (int32_t v : t.int32_data()) {
                const auto bits = static_cast<uint16_t>(v);
                c.f.push_back(type == TP::FLOAT16 ? halfToFloat(bits) : bfloatToFloat(bits));
            }
        } else {
            c.i.reserve(count);
            for (int32_t v : t.int32_data())
                c.i.push_back(type == TP::BOOL ? (v != 0) : v);
        }
        break;
    }
    return c;
}

} // namespace lantern::formats::onnximport
