// The two-dimensional diffraction fingerprint: a plain double-precision re-derivation of every convention
// (pixel geometry, curved Ewald sphere, rotations, Cromer-Mann of Z + 2, mask, normalisation) checks the vectorised
// engine; single atoms against the closed form; Friedel's law; invariances; the prototypes' distinctness.
#include "lantern/error.h"
#include "lantern/materials/fingerprint.h"
#include "lantern/materials/prototypes.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <complex>
#include <random>

using namespace lantern;
using namespace lantern::materials;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// H (1/Å, no 2 pi) of pixel (row, col), as spsim computes it for ai4materials' detector.
std::array<double, 3> scatteringVector(int row, int col, bool flat)
{
    const double px = (col - 31.5) * 4e-4, py = (row - 31.5) * 4e-4, pz = 0.1;
    const double p = std::sqrt(px * px + py * py + pz * pz), lambda = 5e-12 * 1e10;
    return {px / p / lambda, py / p / lambda, flat ? 0.0 : (pz / p - 1) / lambda};
}

/// The fingerprint written out plainly in double precision: rotate H (not the atoms) by M, sum over atoms.
std::vector<double> reference(const Structure& s, double scale, FormFactor ff)
{
    std::vector<double> image(3 * 64 * 64, 0.0);
    std::array<double, 3> centre{0, 0, 0};
    for (const auto& r : s.positions)
        for (int k = 0; k < 3; ++k)
            centre[std::size_t(k)] += r[std::size_t(k)] / double(s.size());
    for (int channel = 0; channel < 3; ++channel)
        for (double angle : {-45.0, 45.0}) {
            const double c = std::cos(angle * kPi / 180), sn = std::sin(angle * kPi / 180);
            double m[3][3] = {{1, 0, 0}, {0, c, sn}, {0, -sn, c}};
            if (channel == 1) {
                const double my[3][3] = {{c, 0, sn}, {0, 1, 0}, {-sn, 0, c}};
                std::copy(&my[0][0], &my[0][0] + 9, &m[0][0]);
            } else if (channel == 2) {
                const double mz[3][3] = {{c, sn, 0}, {-sn, c, 0}, {0, 0, 1}};
                std::copy(&mz[0][0], &mz[0][0] + 9, &m[0][0]);
            }
            for (int row = 0; row < 64; ++row)
                for (int col = 0; col < 64; ++col) {
                    const double r2 = (row - 31.5) * (row - 31.5) + (col - 31.5) * (col - 31.5);
                    if (r2 <= 100 || r2 >= 900)
                        continue;
                    const auto h = scatteringVector(row, col, false);
                    double hr[3];
                    for (int i = 0; i < 3; ++i)
                        hr[i] = m[i][0] * h[0] + m[i][1] * h[1] + m[i][2] * h[2];
                    const double hmag = std::sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
                    std::complex<double> f(0, 0);
                    for (std::size_t j = 0; j < s.size(); ++j) {
                        const double fj = ff == FormFactor::Point ? 1.0
                                                                  : cromerMannFormFactor(s.numbers[j] + (ff == FormFactor::Ai4materials ? 2 : 0), hmag);
                        double phase = 0;
                        for (int k = 0; k < 3; ++k)
                            phase += hr[k] * (s.positions[j][std::size_t(k)] - centre[std::size_t(k)]) * scale;
                        f += fj * std::exp(std::complex<double>(0, -2 * kPi * phase));
                    }
                    image[std::size_t((channel * 64 + row) * 64 + col)] += std::norm(f);
                }
        }
    const double top = *std::max_element(image.begin(), image.end());
    for (double& v : image)
        v /= top;
    return image;
}

Structure randomCluster(int atoms, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-3, 3);
    Structure s;
    s.name = "random";
    for (int i = 0; i < atoms; ++i) {
        s.positions.push_back({u(rng), u(rng), u(rng)});
        s.numbers.push_back(i % 3 == 0 ? 8 : 26);
    }
    return s;
}

Tensor fingerprintOf(const Structure& s, FormFactor ff = FormFactor::Ai4materials, bool flat = false)
{
    FingerprintOptions o;
    o.formFactor = ff;
    o.flatEwald = flat;
    return diffractionFingerprint(s, o);
}

} // namespace

class TestFingerprint : public QObject {
    Q_OBJECT

private slots:
    void matchesPlainDoublePrecision_data()
    {
        QTest::addColumn<int>("formFactor");
        QTest::newRow("ai4materials") << int(FormFactor::Ai4materials);
        QTest::newRow("cromer-mann") << int(FormFactor::CromerMann);
        QTest::newRow("point") << int(FormFactor::Point);
    }
    void matchesPlainDoublePrecision()
    {
        QFETCH(int, formFactor);
        const auto ff = FormFactor(formFactor);
        // a two-element non-centrosymmetric cluster, and a real crystal block (fcc Al, 108 atoms)
        for (const Structure& s : {randomCluster(24, 3), fingerprintCluster(buildPrototype(Prototype::Fcc, 13), 108)}) {
            FingerprintOptions o;
            o.formFactor = ff;
            o.scale = s.periodic;
            const Tensor got = diffractionFingerprint(s, o);
            QCOMPARE(got.shape(), (Shape{3, 64, 64}));
            const double scale = s.periodic ? 1.0 / averageNearestNeighbourDistance(s) : 1.0;
            const auto want = reference(s, scale, ff);
            double worst = 0;
            for (std::size_t i = 0; i < want.size(); ++i)
                worst = std::max(worst, std::abs(double(got[int64_t(i)]) - want[i]));
            QVERIFY2(worst < 2e-4, qPrintable(QString("max |difference| %1").arg(worst)));
        }
    }

    void singleAtomIsItsFormFactor()
    {
        Structure atom;
        atom.positions = {{0.3, -0.2, 0.1}};
        atom.numbers = {13};
        // point scatterer: a flat ring of ones, 2512 pixels (r^2 in (100, 900)) per channel, zeros elsewhere
        const Tensor point = fingerprintOf(atom, FormFactor::Point);
        int ones = 0;
        for (int64_t i = 0; i < point.size(); ++i) {
            QVERIFY(point[i] == 0.f || std::abs(point[i] - 1.f) < 1e-6f);
            ones += point[i] > 0.5f;
        }
        QCOMPARE(ones, 3 * 2512);
        // Cromer-Mann: |f(|H|)|^2 normalised by its value at the inner edge of the ring (the largest)
        const Tensor cm = fingerprintOf(atom, FormFactor::Ai4materials);
        double top = 0;
        for (int row = 0; row < 64; ++row)
            for (int col = 0; col < 64; ++col) {
                const auto h = scatteringVector(row, col, false);
                const double r2 = (row - 31.5) * (row - 31.5) + (col - 31.5) * (col - 31.5);
                if (r2 > 100 && r2 < 900)
                    top = std::max(top, std::pow(cromerMannFormFactor(15, std::sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2])), 2));
            }
        for (int row = 0; row < 64; ++row)
            for (int col = 0; col < 64; ++col) {
                const auto h = scatteringVector(row, col, false);
                const double r2 = (row - 31.5) * (row - 31.5) + (col - 31.5) * (col - 31.5);
                const double expect = r2 > 100 && r2 < 900
                                          ? std::pow(cromerMannFormFactor(15, std::sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2])), 2) / top
                                          : 0.0;
                for (int c = 0; c < 3; ++c)
                    QVERIFY(std::abs(cm[(c * 64 + row) * 64 + col] - expect) < 1e-5);
            }
        // the table itself: f0(0) = Z for every element, and P (Al + 2) falls to 5.83 at |H| = 1.2 / Å
        for (int z = 1; z <= 98; ++z)
            QVERIFY(std::abs(cromerMannFormFactor(z, 0) - z) < 0.1);
        QVERIFY(std::abs(cromerMannFormFactor(15, 1.2) - 5.83) < 0.01);
    }

    void friedelsLaw()
    {
        // without the Ewald curvature H(-x, -y) = -H(x, y) and I(-H) = I(H) holds for any structure
        for (const Structure& s : {randomCluster(30, 5), fingerprintCluster(buildPrototype(Prototype::Hcp, 12))}) {
            const Tensor t = fingerprintOf(s, FormFactor::Ai4materials, true);
            float worst = 0;
            for (int c = 0; c < 3; ++c)
                for (int row = 0; row < 64; ++row)
                    for (int col = 0; col < 64; ++col)
                        worst = std::max(worst, std::abs(t[(c * 64 + row) * 64 + col] - t[(c * 64 + 63 - row) * 64 + 63 - col]));
            QVERIFY2(worst < 1e-4f, qPrintable(QString::number(worst)));
        }
        // with it, crystals that are mirror-symmetric through the beam plane keep it (the two rotations of a channel
        // swap under the reflection); a 3 x 3 x 3 block of fcc cells is
        const Tensor fcc = fingerprintOf(supercell(buildPrototype(Prototype::Fcc, 13), {3, 3, 3}));
        float worst = 0;
        for (int c = 0; c < 3; ++c)
            for (int row = 0; row < 64; ++row)
                for (int col = 0; col < 64; ++col)
                    worst = std::max(worst, std::abs(fcc[(c * 64 + row) * 64 + col] - fcc[(c * 64 + 63 - row) * 64 + 63 - col]));
        QVERIFY2(worst < 1e-4f, qPrintable(QString::number(worst)));
    }

    void invariances()
    {
        const Structure s = fingerprintCluster(buildPrototype(Prototype::Bct141, 50));
        const Tensor base = fingerprintOf(s);
        Structure moved = s;
        for (auto& r : moved.positions)
            r = {r[0] + 3.7, r[1] - 12.2, r[2] + 8.9};
        QVERIFY(maxAbsDiff(fingerprintOf(moved), base) < 1e-4f);
        Structure shuffled = s;
        std::vector<std::size_t> order(s.size());
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), std::mt19937_64(1));
        for (std::size_t i = 0; i < order.size(); ++i) {
            shuffled.positions[i] = s.positions[order[i]];
            shuffled.numbers[i] = s.numbers[order[i]];
        }
        QVERIFY(maxAbsDiff(fingerprintOf(shuffled), base) < 1e-4f);
        // scaled by the nearest-neighbour distance: fcc Al and fcc Cu are one image with equal form factors
        const auto block = [](int z, double a) { return fingerprintCluster(buildPrototype(Prototype::Fcc, z, {a})); };
        QVERIFY(maxAbsDiff(fingerprintOf(block(13, 4.05), FormFactor::Point), fingerprintOf(block(29, 3.61), FormFactor::Point)) < 1e-4f);
        QVERIFY(maxAbsDiff(fingerprintOf(block(13, 4.05)), fingerprintOf(block(29, 3.61))) > 0.01f);
    }

    void classesAreDistinct()
    {
        std::vector<Tensor> images;
        for (const PrototypeInfo& info : prototypes())
            images.push_back(fingerprintOf(fingerprintCluster(buildPrototype(info.prototype, 26))));
        for (std::size_t i = 0; i < images.size(); ++i)
            for (std::size_t j = i + 1; j < images.size(); ++j)
                QVERIFY2(maxAbsDiff(images[i], images[j]) > 0.2f,
                         qPrintable(QString("%1 vs %2").arg(prototypes()[i].name.c_str(), prototypes()[j].name.c_str())));
    }

    void batchesThreadsAndErrors()
    {
        std::vector<Structure> all;
        for (const PrototypeInfo& info : prototypes())
            all.push_back(fingerprintCluster(buildPrototype(info.prototype, 14)));
        int64_t lastDone = 0;
        const Tensor batch = diffractionFingerprints(all, {}, 2, [&](int64_t done, int64_t total) {
            QVERIFY(done >= lastDone && total == 8);
            lastDone = done;
        });
        QCOMPARE(lastDone, int64_t(8));
        QCOMPARE(batch.shape(), (Shape{8, 3, 64, 64}));
        for (std::size_t i = 0; i < all.size(); ++i) {
            const Tensor one = fingerprintOf(all[i]);
            QVERIFY(std::equal(one.data(), one.data() + one.size(), batch.data() + int64_t(i) * one.size()));
        }
        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(CancelledError, diffractionFingerprints(all, {}, 2, {}, &cancel));
        all.push_back(Structure{});
        QVERIFY_THROWS_EXCEPTION(ArgumentError, diffractionFingerprints(all, {}, 2));
        Structure heavy;
        heavy.positions = {{0, 0, 0}};
        heavy.numbers = {97}; // Bk + 2 is beyond the Cromer-Mann table
        QVERIFY_THROWS_EXCEPTION(ArgumentError, fingerprintOf(heavy));
        QCOMPARE(fingerprintPhaseCount(128), 6.0 * 2512 * 128);
        const bool sse = qgetenv("LANTERN_FINGERPRINT_KERNEL") == "sse";
        qInfo("phase kernel: %s", measurePhaseKernel(0.01).name.c_str());
        if (sse)
            QCOMPARE(measurePhaseKernel(0.01).name, std::string("libmvec sse"));
    }
};

QTEST_GUILESS_MAIN(TestFingerprint)
#include "test_fingerprint.moc"
