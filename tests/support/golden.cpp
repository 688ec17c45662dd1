#include "golden.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <algorithm>
#include <cstdlib>

namespace lantern::test {

Comparison compareImages(const QImage& actualIn, const QImage& expectedIn)
{
    const QImage a = actualIn.convertToFormat(QImage::Format_ARGB32);
    const QImage e = expectedIn.convertToFormat(QImage::Format_ARGB32);
    Comparison c;
    c.diff = QImage(a.size(), QImage::Format_RGB32);
    std::array<int64_t, 4> sums{}; // integer sums in row-major order: exact and order-independent
    int64_t large = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto* pa = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const auto* pe = reinterpret_cast<const QRgb*>(e.constScanLine(y));
        auto* pd = reinterpret_cast<QRgb*>(c.diff.scanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const std::array<int, 4> d{std::abs(qRed(pa[x]) - qRed(pe[x])), std::abs(qGreen(pa[x]) - qGreen(pe[x])),
                                       std::abs(qBlue(pa[x]) - qBlue(pe[x])), std::abs(qAlpha(pa[x]) - qAlpha(pe[x]))};
            for (size_t k = 0; k < 4; ++k)
                sums[k] += d[k];
            large += *std::max_element(d.begin(), d.end()) > kLargeDiff;
            const int dA = std::min(255, d[3] * 4);
            pd[x] = qRgb(std::min(255, std::max(d[0] * 4, dA)), std::min(255, std::max(d[1] * 4, dA)),
                         std::min(255, std::max(d[2] * 4, dA)));
        }
    }
    const double n = std::max<double>(1.0, double(a.width()) * a.height());
    for (size_t k = 0; k < 4; ++k)
        c.meanDiff[k] = double(sums[k]) / n;
    c.largeFraction = double(large) / n;
    return c;
}


void checkGolden(const QString& name, const QImage& actual, const QString& baselineDir)
{
    QVERIFY2(!actual.isNull(), qPrintable(name + QStringLiteral(": no image")));
    const QString baseline = QDir(baselineDir).filePath(name + QStringLiteral(".png"));
    const bool update = qEnvironmentVariableIntValue("LANTERN_UPDATE_BASELINES") == 1;
    if (update || !QFileInfo::exists(baseline)) {
        QDir().mkpath(baselineDir);
        QVERIFY2(actual.save(baseline), qPrintable(QStringLiteral("cannot write ") + baseline));
        const QString why = update ? QStringLiteral("LANTERN_UPDATE_BASELINES=1") : QStringLiteral("it was missing");
        QSKIP(qPrintable(QStringLiteral("wrote baseline %1 (%2); review and commit it").arg(baseline, why)));
    }
    const QImage expected(baseline);
    QVERIFY2(!expected.isNull(), qPrintable(QStringLiteral("cannot read baseline ") + baseline));
    const QString actualPath = QDir::current().filePath(QStringLiteral("golden-%1-actual.png").arg(name));
    const QString diffPath = QDir::current().filePath(QStringLiteral("golden-%1-diff.png").arg(name));
    if (actual.size() != expected.size()) {
        actual.save(actualPath);
        QFAIL(qPrintable(QStringLiteral("%1: size %2×%3, baseline %4 is %5×%6; actual saved to %7")
                             .arg(name)
                             .arg(actual.width())
                             .arg(actual.height())
                             .arg(baseline)
                             .arg(expected.width())
                             .arg(expected.height())
                             .arg(actualPath)));
    }
    const Comparison c = compareImages(actual, expected);
    const double worstMean = *std::max_element(c.meanDiff.begin(), c.meanDiff.end());
    const QString numbers = QStringLiteral("%1: mean |diff| per channel R %2 G %3 B %4 A %5 (max %6); %7 % of "
                                           "pixels differ by > %8 (max %9 %)")
                                .arg(name)
                                .arg(c.meanDiff[0], 0, 'f', 3)
                                .arg(c.meanDiff[1], 0, 'f', 3)
                                .arg(c.meanDiff[2], 0, 'f', 3)
                                .arg(c.meanDiff[3], 0, 'f', 3)
                                .arg(kMaxMeanDiff)
                                .arg(c.largeFraction * 100, 0, 'f', 3)
                                .arg(kLargeDiff)
                                .arg(kMaxLargeFraction * 100);
    qInfo("%s", qPrintable(numbers));
    if (worstMean > kMaxMeanDiff || c.largeFraction > kMaxLargeFraction) {
        actual.save(actualPath);
        c.diff.save(diffPath);
        QFAIL(qPrintable(QStringLiteral("%1 differs from baseline %2\n  actual: %3\n  diff (×4): %4\n  (if the "
                                        "change is intended, rerun with LANTERN_UPDATE_BASELINES=1)")
                             .arg(numbers, baseline, actualPath, diffPath)));
    }
}

} // namespace lantern::test
