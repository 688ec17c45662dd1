// Flatten, Reshape, Transpose, Concat: forward against plain index-loop references, gradients by finite
// differences, and clear errors for shapes that do not fit.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/concat.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/reshape.h"
#include "lantern/ops/transpose.h"

#include <QtTest>

using namespace lantern;

namespace {

Shape toShape(const QList<int>& l)
{
    return Shape(l.begin(), l.end());
}

std::vector<int64_t> unravel(int64_t flat, const Shape& s)
{
    std::vector<int64_t> idx(s.size());
    for (size_t i = s.size(); i-- > 0;) {
        idx[i] = flat % s[i];
        flat /= s[i];
    }
    return idx;
}

int64_t ravel(const std::vector<int64_t>& idx, const Shape& s)
{
    int64_t f = 0;
    for (size_t i = 0; i < s.size(); ++i)
        f = f * s[i] + idx[i];
    return f;
}

Tensor referenceTranspose(const Tensor& x, const std::vector<int64_t>& perm)
{
    const Shape& in = x.shape();
    Shape out(in.size());
    for (size_t i = 0; i < in.size(); ++i)
        out[i] = in[static_cast<size_t>(perm[i])];
    Tensor y(out);
    for (int64_t o = 0; o < y.size(); ++o) {
        const auto oi = unravel(o, out);
        std::vector<int64_t> ii(in.size());
        for (size_t i = 0; i < in.size(); ++i)
            ii[static_cast<size_t>(perm[i])] = oi[i];
        y[o] = x[ravel(ii, in)];
    }
    return y;
}

Tensor referenceConcat(const std::vector<Tensor>& xs, size_t axis)
{
    Shape out = xs[0].shape();
    out[axis] = 0;
    for (const auto& x : xs)
        out[axis] += x.shape()[axis];
    Tensor y(out);
    for (int64_t o = 0; o < y.size(); ++o) {
        auto idx = unravel(o, out);
        size_t k = 0;
        while (idx[axis] >= xs[k].shape()[axis]) {
            idx[axis] -= xs[k].shape()[axis];
            ++k;
        }
        y[o] = xs[k][ravel(idx, xs[k].shape())];
    }
    return y;
}

template <typename F> void expectThrowsShape(F&& f)
{
    QVERIFY_THROWS_EXCEPTION(ShapeError, f());
}

} // namespace

class TestShapeOps : public QObject {
    Q_OBJECT

private slots:
    void flatten_data()
    {
        QTest::addColumn<QList<int>>("input");
        QTest::addColumn<int>("axis");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("nchw axis1") << QList<int>{2, 3, 4, 5} << 1 << QList<int>{2, 60};
        QTest::newRow("axis0") << QList<int>{2, 3, 4} << 0 << QList<int>{1, 24};
        QTest::newRow("axis=rank") << QList<int>{3, 5, 2} << 3 << QList<int>{30, 1};
        QTest::newRow("axis-1") << QList<int>{3, 1, 7} << -1 << QList<int>{3, 7};
        QTest::newRow("axis2 odd") << QList<int>{3, 5, 7, 1, 2} << 2 << QList<int>{15, 14};
        QTest::newRow("rank1") << QList<int>{7} << 1 << QList<int>{7, 1};
    }

    void flatten()
    {
        QFETCH(QList<int>, input);
        QFETCH(int, axis);
        QFETCH(QList<int>, expected);
        Flatten op(FlattenParams{axis});
        const Tensor x = test::randomTensor(toShape(input), 3);
        const Shape in = x.shape();
        QCOMPARE(op.outputShapes(std::span<const Shape>(&in, 1))[0], toShape(expected));
        const auto y = test::runForward(op, {x});
        QCOMPARE(y[0].shape(), toShape(expected));
        for (int64_t i = 0; i < x.size(); ++i)
            QCOMPARE(y[0][i], x[i]);
        const auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void reshape_data()
    {
        QTest::addColumn<QList<int>>("input");
        QTest::addColumn<QList<int>>("target");
        QTest::addColumn<bool>("allowZero");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("copy and infer") << QList<int>{2, 3, 4} << QList<int>{0, -1} << false << QList<int>{2, 12};
        QTest::newRow("infer middle") << QList<int>{2, 3, 4} << QList<int>{4, -1, 3} << false << QList<int>{4, 2, 3};
        QTest::newRow("split") << QList<int>{6} << QList<int>{2, 3} << false << QList<int>{2, 3};
        QTest::newRow("to 1d") << QList<int>{3, 5, 7} << QList<int>{-1} << false << QList<int>{105};
        QTest::newRow("squeeze") << QList<int>{1, 5, 1} << QList<int>{5} << false << QList<int>{5};
        QTest::newRow("rank5") << QList<int>{2, 3, 4, 5} << QList<int>{0, 0, 2, 2, 5} << false
                               << QList<int>{2, 3, 2, 2, 5};
        QTest::newRow("allowzero empty") << QList<int>{2, 0, 3} << QList<int>{0, 4} << true << QList<int>{0, 4};
    }

    void reshape()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, target);
        QFETCH(bool, allowZero);
        QFETCH(QList<int>, expected);
        Reshape op(ReshapeParams{toShape(target), allowZero});
        const Tensor x = test::randomTensor(toShape(input), 5);
        const auto y = test::runForward(op, {x});
        QCOMPARE(y[0].shape(), toShape(expected));
        for (int64_t i = 0; i < x.size(); ++i)
            QCOMPARE(y[0][i], x[i]);
        if (x.size() > 0) {
            const auto r = test::gradCheck(op, {x});
            QVERIFY2(r.ok, r.message.c_str());
        }
    }

    void transpose_data()
    {
        QTest::addColumn<QList<int>>("input");
        QTest::addColumn<QList<int>>("perm");
        QTest::newRow("2d default reverse") << QList<int>{3, 5} << QList<int>{};
        QTest::newRow("swap leading") << QList<int>{2, 3, 4} << QList<int>{1, 0, 2};
        QTest::newRow("nchw to nhwc") << QList<int>{2, 3, 4, 5} << QList<int>{0, 2, 3, 1};
        QTest::newRow("nhwc to nchw") << QList<int>{2, 5, 7, 3} << QList<int>{0, 3, 1, 2};
        QTest::newRow("4d reverse odd") << QList<int>{3, 1, 5, 2} << QList<int>{3, 2, 1, 0};
        QTest::newRow("rank5") << QList<int>{2, 3, 4, 5, 3} << QList<int>{4, 0, 3, 1, 2};
        QTest::newRow("only size-1 moves") << QList<int>{1, 4, 1, 3} << QList<int>{2, 1, 0, 3};
        QTest::newRow("size-1 plus real") << QList<int>{1, 4, 1, 3} << QList<int>{2, 3, 0, 1};
        QTest::newRow("rank1") << QList<int>{5} << QList<int>{0};
        QTest::newRow("3d default reverse") << QList<int>{2, 3, 7} << QList<int>{};
    }

    void transpose()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, perm);
        const Shape in = toShape(input);
        Transpose op(TransposeParams{std::vector<int64_t>(perm.begin(), perm.end())});
        std::vector<int64_t> p(perm.begin(), perm.end());
        if (p.empty())
            for (size_t i = in.size(); i-- > 0;)
                p.push_back(static_cast<int64_t>(i));
        const Tensor x = test::randomTensor(in, 7);
        const auto y = test::runForward(op, {x});
        LANTERN_COMPARE_TENSORS(y[0], referenceTranspose(x, p), 0, 0);
        QCOMPARE(op.outputShapes(std::span<const Shape>(&in, 1))[0], y[0].shape());
        const auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void concat_data()
    {
        QTest::addColumn<QList<QList<int>>>("inputs");
        QTest::addColumn<int>("axis");
        QTest::newRow("channels") << QList<QList<int>>{{2, 3, 4}, {2, 5, 4}} << 1;
        QTest::newRow("axis0 three") << QList<QList<int>>{{1, 3}, {4, 3}, {2, 3}} << 0;
        QTest::newRow("axis-1") << QList<QList<int>>{{2, 3, 2}, {2, 3, 5}} << -1;
        QTest::newRow("nchw channels odd") << QList<QList<int>>{{2, 3, 5, 7}, {2, 1, 5, 7}, {2, 6, 5, 7}} << 1;
        QTest::newRow("width") << QList<QList<int>>{{1, 2, 3, 4}, {1, 2, 3, 1}} << 3;
        QTest::newRow("with empty input") << QList<QList<int>>{{2, 3, 4}, {2, 0, 4}, {2, 2, 4}} << 1;
        QTest::newRow("single") << QList<QList<int>>{{3, 4}} << 1;
        QTest::newRow("rank5 axis2") << QList<QList<int>>{{2, 1, 3, 2, 2}, {2, 1, 2, 2, 2}} << 2;
    }

    void concat()
    {
        QFETCH(QList<QList<int>>, inputs);
        QFETCH(int, axis);
        std::vector<Tensor> xs;
        uint64_t seed = 11;
        for (const auto& s : inputs)
            xs.push_back(test::randomTensor(toShape(s), seed++));
        Concat op(ConcatParams{axis});
        const size_t a = static_cast<size_t>(axis < 0 ? axis + static_cast<int>(xs[0].rank()) : axis);
        const auto y = test::runForward(op, xs);
        LANTERN_COMPARE_TENSORS(y[0], referenceConcat(xs, a), 0, 0);
        const auto r = test::gradCheck(op, xs);
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void viewsShareStorage()
    {
        const Tensor x = test::randomTensor({2, 3, 4}, 1);
        Flatten flatten;
        Reshape reshape(ReshapeParams{{4, -1}});
        QVERIFY(test::runForward(flatten, {x})[0].sharesStorageWith(x));
        QVERIFY(test::runForward(reshape, {x})[0].sharesStorageWith(x));
    }

    void badShapesAreClearErrors()
    {
        Flatten flatten(FlattenParams{4});
        const std::vector<Shape> rank3{{2, 3, 4}};
        expectThrowsShape([&] { return flatten.outputShapes(rank3); });
        const std::vector<Shape> twoInputs{{2, 3}, {2, 3}};
        expectThrowsShape([&] { return Flatten().outputShapes(twoInputs); });

        Reshape wrongSize(ReshapeParams{{5, -1}});
        expectThrowsShape([&] { return wrongSize.outputShapes(rank3); });
        Reshape wrongTotal(ReshapeParams{{7}});
        expectThrowsShape([&] { return wrongTotal.outputShapes(rank3); });
        Reshape copiesMissing(ReshapeParams{{0, 0, 0, 0}});
        expectThrowsShape([&] { return copiesMissing.outputShapes(rank3); });
        try {
            wrongTotal.outputShapes(rank3);
        } catch (const ShapeError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("Reshape") != std::string::npos && msg.find("(2, 3, 4)") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Reshape(ReshapeParams{{-1, -1}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Reshape(ReshapeParams{{-2, 3}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Reshape(ReshapeParams{{0, -1}, true}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Reshape(ReshapeParams{{1, 1, 1, 1, 1, 1}}));

        QVERIFY_THROWS_EXCEPTION(ArgumentError, Transpose(TransposeParams{{0, 0, 1}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Transpose(TransposeParams{{0, 2}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Transpose(TransposeParams{{-1, 0}}));
        Transpose t2(TransposeParams{{1, 0}});
        expectThrowsShape([&] { return t2.outputShapes(rank3); });

        Concat concat(ConcatParams{1});
        const std::vector<Shape> rankMismatch{{2, 3, 4}, {2, 3}};
        expectThrowsShape([&] { return concat.outputShapes(rankMismatch); });
        const std::vector<Shape> dimMismatch{{2, 3, 4}, {2, 3, 5}};
        expectThrowsShape([&] { return concat.outputShapes(dimMismatch); });
        const std::vector<Shape> none;
        expectThrowsShape([&] { return concat.outputShapes(none); });
        Concat farAxis(ConcatParams{-4});
        expectThrowsShape([&] { return farAxis.outputShapes(rank3); });
        const std::vector<Tensor> xs{Tensor({2, 3, 4}), Tensor({3, 3, 4})};
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(concat, xs));
    }
};

QTEST_APPLESS_MAIN(TestShapeOps)
#include "test_shape_ops.moc"
