#include "lantern/op.h"

#include "lantern/error.h"

namespace lantern {

Tensor& Parameter::gradient()
{
    if (grad.isEmpty() || grad.shape() != value.shape())
        grad = Tensor(value.shape());
    return grad;
}

int64_t Op::parameterCount()
{
    int64_t n = 0;
    for (Parameter* p : parameters())
        if (p->trainable)
            n += p->value.size();
    return n;
}

void expectInputCount(const Op& op, std::span<const Shape> inputs, size_t minCount, size_t maxCount)
{
    if (inputs.size() < minCount || inputs.size() > maxCount) {
        const std::string expected = minCount == maxCount
                                         ? std::to_string(minCount)
                                         : std::to_string(minCount) + " to " + std::to_string(maxCount);
        throw ShapeError(op.type() + ": expected " + expected + " input(s), got " + std::to_string(inputs.size()));
    }
}

} // namespace lantern
