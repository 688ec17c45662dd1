#pragma once
// Golden-image checks shared by the rendering and GUI tests.
//
// Tolerance: the per-channel mean absolute difference must be ≤ 2 (of 255) and at most 0.5 % of the pixels may
// differ by more than 32 in some channel. Maps come from floating-point arithmetic whose last bits may vary with
// the CPU's vector width (oneDNN picks kernels at run time); after normalisation and colour mapping such noise moves
// a few colour indices by one step (differences of 1–3), and antialiased lines (contours, coastlines) may shift by a
// pixel where a value sits right on a level. A real regression (another colormap, range, sign, method, projection
// or wrong sample) changes most pixels by far more.
//
// Regenerating: a missing baseline is written and the case skipped; LANTERN_UPDATE_BASELINES=1 rewrites all of them
// deliberately (then review the PNGs and commit them). On a mismatch the actual image and a diff image are saved to
// the working directory and their paths printed.

#include <QImage>
#include <QString>

#include <array>

namespace lantern::test {

constexpr double kMaxMeanDiff = 2.0;        ///< per channel, of 255
constexpr int kLargeDiff = 32;              ///< a pixel "differs" when some channel differs by more than this
constexpr double kMaxLargeFraction = 0.005; ///< at most 0.5 % of the pixels may differ

struct Comparison {
    std::array<double, 4> meanDiff{}; ///< R, G, B, A
    double largeFraction = 0;
    QImage diff; ///< |actual - expected| per channel, amplified ×4, opaque
};

Comparison compareImages(const QImage& actual, const QImage& expected);

/// Compares `actual` with `<baselineDir>/<name>.png` (QFAIL with numbers and saved images on a mismatch, QSKIP
/// when the baseline was written). Call it last in a test function.
void checkGolden(const QString& name, const QImage& actual, const QString& baselineDir);

} // namespace lantern::test
