#pragma once
// Test helpers shared by the engine tests: seeded random tensors, all-close comparison and central
// finite-difference checks of an op's input and parameter gradients (loss accumulated in double).

#include "lantern/op.h"
#include "lantern/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lantern::test {

/// Uniform values in [lo, hi) from a fixed seed.
Tensor randomTensor(const Shape& shape, uint64_t seed, float lo = -1.f, float hi = 1.f);
/// Values whose pairwise gaps are at least `gap` (shuffled ramp): keeps max/ReLU away from kinks.
Tensor distinctTensor(const Shape& shape, uint64_t seed, float gap = 0.05f, bool awayFromZero = true);
/// Fills every parameter of the op with uniform values in [lo, hi) and marks it modified.
void randomizeParameters(Op& op, uint64_t seed, float lo = -0.5f, float hi = 0.5f);

/// |a - b| <= atol + rtol * |b| everywhere; on failure `message` names the worst element.
bool allClose(const Tensor& a, const Tensor& b, double atol, double rtol, std::string* message = nullptr);

struct GradCheckOptions {
    double eps = 1e-2; ///< finite-difference step
    double atol = 2e-3;
    double rtol = 2e-2;
    int maxChecksPerTensor = 64; ///< elements checked per tensor (chosen at random when larger)
    Mode mode = Mode::Inference;
    uint64_t seed = 7;
    bool checkParams = true;
};

struct GradCheckResult {
    bool ok = true;
    std::string message; ///< which tensor/element failed, analytic vs numeric
    int checked = 0;
};

/// Checks backward() of `op` against central differences of L = sum_k <w_k, out_k> with random w_k.
/// Inputs whose index is in `skipInputs` are treated as constants (e.g. integer indices).
GradCheckResult gradCheck(Op& op, const std::vector<Tensor>& inputs, const GradCheckOptions& options = {},
                          const std::vector<int>& skipInputs = {});

/// Runs op.forward once with the given inputs (inference, no backward).
std::vector<Tensor> runForward(Op& op, const std::vector<Tensor>& inputs, Mode mode = Mode::Inference);

/// Directory of the shared reference data; empty when absent.
std::string sharedDataDir();

} // namespace lantern::test

/// QVERIFY-style check that two tensors are close.
#define LANTERN_COMPARE_TENSORS(actual, expected, atol, rtol)                                                          \
    do {                                                                                                               \
        std::string lanternMsg_;                                                                                       \
        if (!lantern::test::allClose((actual), (expected), (atol), (rtol), &lanternMsg_))                              \
            QFAIL(lanternMsg_.c_str());                                                                                \
    } while (false)
