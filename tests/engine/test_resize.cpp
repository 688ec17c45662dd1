// Resize (nearest / bilinear, ONNX coordinate modes): forward against an independent per-pixel reference
// (PyTorch-style linear taps, ONNX-style nearest rounding), known PyTorch values, finite-difference
// gradients, bad shapes. Rows cover both the oneDNN path (integer upsampling, half-pixel linear) and the
// plain-loop path.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/resize.h"

#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

double sourceCoordinate(int64_t o, double scale, int64_t in, int64_t out, ResizeCoordinates c)
{
    switch (c) {
    case ResizeCoordinates::HalfPixel:
        return (o + 0.5) / scale - 0.5;
    case ResizeCoordinates::PytorchHalfPixel:
        return out > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
    case ResizeCoordinates::AlignCorners:
        return out == 1 ? 0.0 : double(o) * double(in - 1) / double(out - 1);
    case ResizeCoordinates::Asymmetric:
        return o / scale;
    }
    return 0;
}

int64_t nearestIndex(double x, ResizeNearestRounding r, int64_t in)
{
    double v = 0;
    const double frac = x - std::floor(x);
    switch (r) {
    case ResizeNearestRounding::RoundPreferFloor:
        v = frac == 0.5 ? std::floor(x) : std::round(x);
        break;
    case ResizeNearestRounding::RoundPreferCeil:
        v = frac == 0.5 ? std::ceil(x) : std::round(x);
        break;
    case ResizeNearestRounding::Floor:
        v = std::floor(x);
        break;
    case ResizeNearestRounding::Ceil:
        v = std::ceil(x);
        break;
    }
    return std::clamp<int64_t>(static_cast<int64_t>(v), 0, in - 1);
}

/// Linear taps as PyTorch computes them: clamp the coordinate at 0, i1 = min(i0 + 1, in - 1).
struct Taps {
    int64_t i0, i1;
    double w1;
};
Taps linearTaps(double x, int64_t in)
{
    x = std::max(x, 0.0);
    const auto i0 = std::min<int64_t>(static_cast<int64_t>(std::floor(x)), in - 1);
    return {i0, std::min<int64_t>(i0 + 1, in - 1), x - double(i0)};
}

Tensor reference(const Tensor& x, const ResizeParams& p, int64_t oh, int64_t ow)
{
    const int64_t n = x.dim(0), c = x.dim(1), ih = x.dim(2), iw = x.dim(3);
    const double sh = p.outH > 0 ? double(oh) / double(ih) : p.scaleH;
    const double sw = p.outW > 0 ? double(ow) / double(iw) : p.scaleW;
    Tensor y({n, c, oh, ow});
    for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t r = 0; r < oh; ++r)
                for (int64_t q = 0; q < ow; ++q) {
                    const double yr = sourceCoordinate(r, sh, ih, oh, p.coordinates);
                    const double xq = sourceCoordinate(q, sw, iw, ow, p.coordinates);
                    double v = 0;
                    if (p.mode == ResizeMode::Nearest) {
                        v = x.at(
                            {b, ch, nearestIndex(yr, p.nearestRounding, ih), nearestIndex(xq, p.nearestRounding, iw)});
                    } else {
                        const Taps th = linearTaps(yr, ih), tw = linearTaps(xq, iw);
                        auto at = [&](int64_t i, int64_t j) { return double(x.at({b, ch, i, j})); };
                        v = (1 - th.w1) * ((1 - tw.w1) * at(th.i0, tw.i0) + tw.w1 * at(th.i0, tw.i1)) +
                            th.w1 * ((1 - tw.w1) * at(th.i1, tw.i0) + tw.w1 * at(th.i1, tw.i1));
                    }
                    y.at({b, ch, r, q}) = static_cast<float>(v);
                }
    return y;
}

} // namespace

class TestResize : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QList<int>>("input");   // N C H W
        QTest::addColumn<QList<int>>("mode");    // mode coordinates rounding
        QTest::addColumn<QList<int>>("outSize"); // outH outW (0 0: use scales)
        QTest::addColumn<QList<double>>("scales");
        using M = QList<int>;
        const int nearest = int(ResizeMode::Nearest), linear = int(ResizeMode::Linear);
        const int half = int(ResizeCoordinates::HalfPixel), pyHalf = int(ResizeCoordinates::PytorchHalfPixel),
                  corners = int(ResizeCoordinates::AlignCorners), asym = int(ResizeCoordinates::Asymmetric);
        const int rpf = int(ResizeNearestRounding::RoundPreferFloor), rpc = int(ResizeNearestRounding::RoundPreferCeil),
                  floor = int(ResizeNearestRounding::Floor), ceil = int(ResizeNearestRounding::Ceil);
        QTest::newRow("pytorch nearest x2")
            << M{2, 3, 4, 5} << M{nearest, asym, floor} << M{0, 0} << QList<double>{2, 2};
        QTest::newRow("pytorch nearest x3 by 2 odd")
            << M{1, 2, 3, 5} << M{nearest, asym, floor} << M{0, 0} << QList<double>{3, 2};
        QTest::newRow("onnx default nearest x2")
            << M{1, 3, 3, 4} << M{nearest, half, rpf} << M{6, 8} << QList<double>{};
        QTest::newRow("nearest downsample 7->3")
            << M{1, 2, 7, 9} << M{nearest, half, rpf} << M{3, 4} << QList<double>{};
        QTest::newRow("nearest downsample ties x0.5")
            << M{1, 1, 6, 8} << M{nearest, half, rpf} << M{0, 0} << QList<double>{0.5, 0.5};
        QTest::newRow("nearest prefer ceil ties")
            << M{1, 1, 6, 8} << M{nearest, half, rpc} << M{0, 0} << QList<double>{0.5, 0.5};
        QTest::newRow("nearest asym floor x1.5")
            << M{2, 1, 4, 5} << M{nearest, asym, floor} << M{0, 0} << QList<double>{1.5, 1.5};
        QTest::newRow("nearest align corners")
            << M{1, 2, 4, 5} << M{nearest, corners, rpc} << M{7, 9} << QList<double>{};
        QTest::newRow("nearest ceil") << M{1, 1, 5, 4} << M{nearest, asym, ceil} << M{8, 7} << QList<double>{};
        QTest::newRow("linear half pixel x2") << M{2, 3, 4, 5} << M{linear, half, 0} << M{0, 0} << QList<double>{2, 2};
        QTest::newRow("linear half pixel sizes") << M{1, 2, 5, 7} << M{linear, half, 0} << M{8, 3} << QList<double>{};
        QTest::newRow("linear pytorch half pixel to 1")
            << M{1, 2, 5, 6} << M{linear, pyHalf, 0} << M{1, 4} << QList<double>{};
        QTest::newRow("linear pytorch half pixel x2")
            << M{1, 2, 3, 3} << M{linear, pyHalf, 0} << M{0, 0} << QList<double>{2, 2};
        QTest::newRow("linear align corners") << M{1, 3, 4, 5} << M{linear, corners, 0} << M{7, 9} << QList<double>{};
        QTest::newRow("linear asymmetric x1.7")
            << M{1, 1, 5, 6} << M{linear, asym, 0} << M{0, 0} << QList<double>{1.7, 1.7};
        QTest::newRow("linear downsample x0.5")
            << M{1, 2, 8, 6} << M{linear, half, 0} << M{0, 0} << QList<double>{0.5, 0.5};
        QTest::newRow("linear scale not size ratio")
            << M{1, 1, 5, 3} << M{linear, half, 0} << M{0, 0} << QList<double>{1.5, 2.5};
    }

    void forwardAndGradients()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, mode);
        QFETCH(QList<int>, outSize);
        QFETCH(QList<double>, scales);
        ResizeParams p;
        p.mode = static_cast<ResizeMode>(mode[0]);
        p.coordinates = static_cast<ResizeCoordinates>(mode[1]);
        p.nearestRounding = static_cast<ResizeNearestRounding>(mode[2]);
        p.outH = outSize[0];
        p.outW = outSize[1];
        if (!scales.isEmpty()) {
            p.scaleH = scales[0];
            p.scaleW = scales[1];
        }
        Resize op(p);
        const Tensor x = test::randomTensor({input[0], input[1], input[2], input[3]}, 17);
        const int64_t oh = p.outH > 0 ? p.outH : static_cast<int64_t>(std::floor(input[2] * p.scaleH));
        const int64_t ow = p.outW > 0 ? p.outW : static_cast<int64_t>(std::floor(input[3] * p.scaleW));
        const Tensor expected = reference(x, p, oh, ow);
        const auto y = test::runForward(op, {x});
        LANTERN_COMPARE_TENSORS(y[0], expected, 1e-5, 1e-5);
        const Shape in = x.shape();
        QCOMPARE(op.outputShapes(std::span<const Shape>(&in, 1))[0], expected.shape());
        const auto r = test::gradCheck(op, {x}, {.maxChecksPerTensor = 120});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void knownPytorchValues()
    {
        // torch.nn.functional.interpolate(x, scale_factor=2, mode='nearest') of [[1, 2], [3, 4]].
        Resize nearest(ResizeParams::pytorchNearest(2, 2));
        const Tensor x({1, 1, 2, 2}, {1, 2, 3, 4});
        LANTERN_COMPARE_TENSORS(test::runForward(nearest, {x})[0],
                                Tensor({1, 1, 4, 4}, {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}), 0, 0);
        // mode='bilinear', align_corners=False of the row [0, 1] (height 1): [0, 0.25, 0.75, 1].
        Resize bilinear(ResizeParams::pytorchBilinear(1, 2));
        const Tensor row({1, 1, 1, 2}, {0, 1});
        LANTERN_COMPARE_TENSORS(test::runForward(bilinear, {row})[0], Tensor({1, 1, 1, 4}, {0, 0.25f, 0.75f, 1}), 1e-6,
                                0);
        // align_corners=True of [0, 1] to width 3: [0, 0.5, 1].
        ResizeParams corners = ResizeParams::pytorchBilinear(1, 1.5, true);
        Resize aligned(corners);
        LANTERN_COMPARE_TENSORS(test::runForward(aligned, {row})[0], Tensor({1, 1, 1, 3}, {0, 0.5f, 1}), 1e-6, 0);
    }

    void badShapesAreClearErrors()
    {
        Resize op(ResizeParams::pytorchNearest(2, 2));
        const std::vector<Shape> rank3{{1, 4, 4}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(rank3));
        try {
            op.outputShapes(rank3);
        } catch (const ShapeError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("Resize") != std::string::npos && msg.find("(1, 4, 4)") != std::string::npos, e.what());
        }
        Resize shrink(ResizeParams::pytorchNearest(0.2, 0.2));
        const std::vector<Shape> tiny{{1, 1, 3, 3}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, shrink.outputShapes(tiny));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Resize{ResizeParams{}});
        ResizeParams onlyHeight;
        onlyHeight.outH = 4;
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Resize{onlyHeight});
        const std::vector<Shape> two{{1, 1, 3, 3}, {4}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(two));
    }
};

QTEST_APPLESS_MAIN(TestResize)
#include "test_resize.moc"
