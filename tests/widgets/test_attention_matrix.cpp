// AttentionMatrix (offscreen): cell colours on CrabNet's magma_r 0..1 scale, absent pairs light grey and hatched,
// tooltips naming the attending and attended element, one head vs all heads, mismatched input refused.

#include "lantern/error.h"
#include "lantern/widgets/attention_matrix.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace lantern;

namespace {

const float nan = std::numeric_limits<float>::quiet_NaN();

/// Two heads over O, Ti and a padding slot: rows attend to columns, the padding row and column absent.
Tensor frame()
{
    return Tensor({2, 3, 3}, {0.75f, 0.25f, nan, 0.5f, 0.5f, nan, nan, nan, nan, //
                              0.0f, 1.0f, nan, 0.9f, 0.1f, nan, nan, nan, nan});
}

QColor pixelAt(const QImage& image, const QRectF& cell)
{
    return image.pixelColor(cell.center().toPoint());
}

} // namespace

class TestAttentionMatrix : public QObject {
    Q_OBJECT

private slots:
    void cellColoursFollowTheScale()
    {
        widgets::AttentionMatrix w;
        w.setFrame(frame(), {"O", "Ti", "--"}, {0.6f, 0.4f, 0.f});
        w.setTitle("#0: TiO2, layer 0, epoch 3");
        w.resize(700, 320);
        const QImage image = w.grab().toImage();
        QCOMPARE(w.heads(), 2);
        QCOMPARE(w.elements(), 3);
        const QRectF c01 = w.cellRect(0, 0, 1);
        QVERIFY(c01.width() >= 40); // the cells fill the space
        QCOMPARE(pixelAt(image, c01), w.colorFor(0.25f));
        QCOMPARE(pixelAt(image, w.cellRect(0, 0, 0)), w.colorFor(0.75f));
        // magma_r: 0 is magma's last (light) colour, 1 its first (near black)
        const render::Colormap& magma = render::colormap("magma");
        QCOMPARE(pixelAt(image, w.cellRect(1, 0, 0)), QColor(magma.lut().back()));
        QCOMPARE(pixelAt(image, w.cellRect(1, 0, 1)), QColor(magma.lut().front()));
        QCOMPARE(w.colorFor(0.5f), QColor(w.colormap().map(0.5)));
        // row 1 of head 1 and head 2 differ: the heads are drawn from their own matrices
        QVERIFY(pixelAt(image, w.cellRect(0, 1, 0)) != pixelAt(image, w.cellRect(1, 1, 0)));
    }

    void absentPairsAreMaskedAndHatched()
    {
        widgets::AttentionMatrix w;
        w.setFrame(frame(), {"O", "Ti", "--"});
        w.resize(700, 320);
        const QImage image = w.grab().toImage();
        for (const auto& [h, r, c] : {std::tuple{0, 0, 2}, std::tuple{0, 2, 0}, std::tuple{1, 2, 2}}) {
            const QRect cell = w.cellRect(h, r, c).toAlignedRect().adjusted(2, 2, -2, -2);
            int mask = 0, hatch = 0, other = 0;
            for (int y = cell.top(); y <= cell.bottom(); ++y)
                for (int x = cell.left(); x <= cell.right(); ++x) {
                    const QColor p = image.pixelColor(x, y);
                    if (p == widgets::AttentionMatrix::maskColor())
                        ++mask;
                    else if (p == widgets::AttentionMatrix::hatchColor())
                        ++hatch;
                    else
                        ++other;
                }
            QVERIFY2(other == 0, qPrintable(QString("%1 pixels neither mask nor hatch").arg(other)));
            QVERIFY(mask > 3 * hatch); // light grey with thin hatching
            QVERIFY(hatch > 0);
        }
        // present cells are never grey
        QVERIFY(pixelAt(image, w.cellRect(0, 1, 1)) != widgets::AttentionMatrix::maskColor());
    }

    void tooltips()
    {
        widgets::AttentionMatrix w;
        w.setFrame(frame(), {"O", "Ti", "--"});
        w.resize(700, 320);
        QCOMPARE(w.toolTipAt(w.cellRect(1, 1, 0).center().toPoint()), QString("Head 2: Ti attends to O: 0.9000"));
        QCOMPARE(w.toolTipAt(w.cellRect(0, 0, 1).center().toPoint()), QString("Head 1: O attends to Ti: 0.2500"));
        QCOMPARE(w.toolTipAt(w.cellRect(0, 0, 2).center().toPoint()), QString("Head 1: O → --: absent pair"));
        QCOMPARE(w.toolTipAt(QPoint(1, 1)), QString());
    }

    void oneHead()
    {
        widgets::AttentionMatrix w;
        w.setFrame(frame(), {"O", "Ti", "--"});
        w.resize(700, 600); // width-limited with two heads
        const double allSize = w.cellRect(1, 0, 0).width();
        w.setHead(1);
        QCOMPARE(w.head(), 1);
        QVERIFY(w.cellRect(0, 0, 0).isEmpty());
        QVERIFY(w.cellRect(1, 0, 0).width() > allSize);
        const QImage image = w.grab().toImage();
        QCOMPARE(pixelAt(image, w.cellRect(1, 1, 1)), w.colorFor(0.1f));
        QCOMPARE(w.toolTipAt(w.cellRect(1, 0, 1).center().toPoint()), QString("Head 2: O attends to Ti: 1.0000"));
        w.setHead(7); // out of range: all heads again
        QCOMPARE(w.head(), -1);
    }

    void mismatchedInput()
    {
        widgets::AttentionMatrix w;
        QVERIFY_THROWS_EXCEPTION(ShapeError, w.setFrame(frame(), {"O", "Ti"}));
        QVERIFY_THROWS_EXCEPTION(ShapeError, w.setFrame(frame(), {"O", "Ti", "--"}, {0.5f}));
        w.setFrame(Tensor({2, 2}, {0.5f, 0.5f, 0.3f, 0.7f}), {"Na", "Cl"}); // one head as (n, n)
        QCOMPARE(w.heads(), 1);
        w.resize(300, 200);
        QVERIFY(!w.grab().toImage().isNull());
    }
};

QTEST_MAIN(TestAttentionMatrix)
#include "test_attention_matrix.moc"
