#include "lantern/data/input_fit.h"

#include "lantern/error.h"

#include <optional>

namespace lantern::data {

namespace {

/// Does `have` equal `want` where `want` may hold -1 ("any")?
bool matches(const Shape& have, const Shape& want)
{
    if (have.size() != want.size())
        return false;
    for (size_t i = 0; i < have.size(); ++i)
        if (want[i] >= 0 && have[i] != want[i])
            return false;
    return true;
}

/// `dims` with `want`'s size-1 dimensions inserted so that it matches `want`, or nullopt.
std::optional<Shape> insertUnitDims(const Shape& dims, const Shape& want)
{
    if (dims.size() > want.size())
        return std::nullopt;
    size_t missing = want.size() - dims.size();
    // Try every way of choosing `missing` unit dimensions of `want` to skip; ranks are tiny (<= 4).
    const size_t n = want.size();
    for (unsigned mask = 0; mask < (1u << n); ++mask) {
        if (static_cast<size_t>(__builtin_popcount(mask)) != missing)
            continue;
        Shape candidate;
        size_t j = 0;
        bool ok = true;
        for (size_t i = 0; i < n && ok; ++i) {
            if (mask & (1u << i)) {
                ok = want[i] == 1;
                candidate.push_back(1);
            } else {
                candidate.push_back(dims[j++]);
            }
        }
        if (ok && matches(candidate, want))
            return candidate;
    }
    return std::nullopt;
}

} // namespace

std::string modelShapeToString(const Shape& shape)
{
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i)
            s += ", ";
        s += shape[i] < 0 ? (i == 0 ? std::string("N") : std::string("?")) : std::to_string(shape[i]);
    }
    return s + ")";
}

Shape fitShapeToModelInput(const Shape& have, const Shape& modelInputShape, const std::string& source)
{
    if (modelInputShape.empty())
        throw ShapeError(source + ": the model input has no dimensions");
    const Shape perSample(modelInputShape.begin() + 1, modelInputShape.end());
    const int64_t batch = modelInputShape.front();

    auto withBatch = [&](int64_t n, const Shape& rest) {
        Shape s{n};
        s.insert(s.end(), rest.begin(), rest.end());
        return s;
    };
    // (N, ...) or (N, ... without unit dims)
    if (!have.empty()) {
        const Shape rest(have.begin() + 1, have.end());
        if (batch < 0 || batch == have.front()) {
            if (matches(rest, perSample))
                return have;
            if (auto fitted = insertUnitDims(rest, perSample))
                return withBatch(have.front(), *fitted);
        }
    }
    // a single sample
    if (matches(have, perSample))
        return withBatch(1, have);
    if (auto fitted = insertUnitDims(have, perSample))
        return withBatch(1, *fitted);
    throw ShapeError(source + ": samples of shape " + shapeToString(have) + " do not fit the model input " +
                     modelShapeToString(modelInputShape));
}

Tensor fitToModelInput(const Tensor& samples, const Shape& modelInputShape, const std::string& source)
{
    const Shape fitted = fitShapeToModelInput(samples.shape(), modelInputShape, source);
    return fitted == samples.shape() ? samples : samples.reshaped(fitted);
}

} // namespace lantern::data
