// The two-dimensional diffraction fingerprint (see fingerprint.h and docs/materials/fingerprint.md).
#include "lantern/materials/fingerprint.h"

#include "cromer_mann.h"
#include "lantern/error.h"
#include "phase_sums.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <chrono>
#include <thread>

namespace lantern::materials {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// The unmasked pixels and their scattering vectors (H in 1/Å, times 2 pi for the phase), padded to a multiple of 8.
struct Detector {
    std::vector<int> pixel; ///< row * n + column of each unmasked pixel
    std::vector<float> hx, hy, hz;
    std::vector<double> h; ///< |H| (1/Å, without 2 pi) for the form factors
    std::size_t padded = 0;
};

Detector makeDetector(const FingerprintOptions& o)
{
    const int n = o.pixels;
    const double centre = (n - 1) / 2.0;
    const double lambda = o.wavelength * 1e10; // Å
    const bool masked = o.maskInner > 0 || o.maskOuter < n;
    Detector d;
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            const double x = col - centre, y = row - centre;
            const double r2 = x * x + y * y;
            if (masked && (r2 <= o.maskInner * o.maskInner || r2 >= o.maskOuter * o.maskOuter))
                continue;
            const double px = x * o.pixelSize, py = y * o.pixelSize, pz = o.detectorDistance;
            const double p = std::sqrt(px * px + py * py + pz * pz);
            const double hx = px / p / lambda, hy = py / p / lambda, hz = o.flatEwald ? 0.0 : (pz / p - 1.0) / lambda;
            d.pixel.push_back(row * n + col);
            d.hx.push_back(float(2 * kPi * hx));
            d.hy.push_back(float(2 * kPi * hy));
            d.hz.push_back(float(2 * kPi * hz));
            d.h.push_back(std::sqrt(hx * hx + hy * hy + hz * hz));
        }
    d.padded = (d.pixel.size() + 7) / 8 * 8;
    d.hx.resize(d.padded, 0.f);
    d.hy.resize(d.padded, 0.f);
    d.hz.resize(d.padded, 0.f);
    return d;
}

void checkOptions(const FingerprintOptions& o)
{
    if (o.pixels < 2 || o.pixels > 1024)
        throw ArgumentError("fingerprint: pixels must be between 2 and 1024, not " + std::to_string(o.pixels));
    if (!(o.wavelength > 0) || !(o.detectorDistance > 0) || !(o.pixelSize > 0))
        throw ArgumentError("fingerprint: wavelength, detector distance and pixel size must be positive");
    if (!(o.maskInner >= 0) || !(o.maskOuter > o.maskInner))
        throw ArgumentError("fingerprint: the mask's outer radius must exceed its inner radius");
}

/// Rotation about axis (0 = x, 1 = y, 2 = z) by `degrees`, ai4materials' rot_mat_x/y/z.
std::array<std::array<double, 3>, 3> rotation(int axis, double degrees)
{
    const double c = std::cos(degrees * kPi / 180), s = std::sin(degrees * kPi / 180);
    if (axis == 0)
        return {{{1, 0, 0}, {0, c, s}, {0, -s, c}}};
    if (axis == 1)
        return {{{c, 0, s}, {0, 1, 0}, {-s, 0, c}}};
    return {{{c, s, 0}, {-s, c, 0}, {0, 0, 1}}};
}

int scatteringElement(int z, FormFactor f)
{
    const int shifted = f == FormFactor::Ai4materials ? z + 2 : z;
    if (f != FormFactor::Point && (shifted < 1 || shifted > detail::kCromerMannMaxZ))
        throw ArgumentError("fingerprint: no Cromer-Mann form factor for element " + std::to_string(shifted) +
                            (f == FormFactor::Ai4materials ? " (Z + 2 of " + elementSymbol(z) + ", as ai4materials shifts it)" : std::string()) +
                            "; the table ends at Cf (98); use the point form factor");
    return shifted;
}

void fingerprintInto(const Structure& s, const FingerprintOptions& o, const Detector& d, float* out);

void fingerprintNamed(const Structure& s, const FingerprintOptions& o, const Detector& d, float* out)
{
    try {
        fingerprintInto(s, o, d, out);
    } catch (const ArgumentError& e) {
        const std::string what = e.what();
        if (what.find("'" + s.name + "'") != std::string::npos)
            throw;
        throw ArgumentError("fingerprint of '" + s.name + "': " + what);
    }
}

void fingerprintInto(const Structure& s, const FingerprintOptions& o, const Detector& d, float* out)
{
    if (s.size() == 0)
        throw ArgumentError("fingerprint of '" + s.name + "': the structure has no atoms");
    // scaled, centred positions (the centre only changes phases, but keeps float phases small)
    double scale = 1.0;
    if (o.scale) {
        const double nn = averageNearestNeighbourDistance(s);
        if (nn > 1e-6)
            scale = 1.0 / nn;
    }
    Vec3 centroid{0, 0, 0};
    for (const Vec3& r : s.positions)
        for (int k = 0; k < 3; ++k)
            centroid[std::size_t(k)] += r[std::size_t(k)] / double(s.size());
    // atoms grouped by element: F = sum_e f_e(|H|) sum_{j in e} exp(-2 pi i H.r_j)
    std::map<int, std::vector<Vec3>> byElement;
    for (std::size_t j = 0; j < s.size(); ++j) {
        Vec3 r{};
        for (int k = 0; k < 3; ++k)
            r[std::size_t(k)] = (s.positions[j][std::size_t(k)] - centroid[std::size_t(k)]) * scale;
        byElement[s.numbers[j]].push_back(r);
    }
    const std::size_t np = d.pixel.size(), padded = d.padded;
    std::vector<std::vector<float>> formFactor;
    for (const auto& [z, atoms] : byElement) {
        const int e = scatteringElement(z, o.formFactor);
        std::vector<float> f(np, 1.f);
        if (o.formFactor != FormFactor::Point)
            for (std::size_t p = 0; p < np; ++p)
                f[p] = float(cromerMannFormFactor(e, d.h[p]));
        formFactor.push_back(std::move(f));
    }
    const std::size_t elements = byElement.size();
    std::vector<float> re(elements * padded), im(elements * padded);
    const int n2 = o.pixels * o.pixels;
    std::fill(out, out + 3 * n2, 0.f);
    for (int channel = 0; channel < 3; ++channel) {
        float* image = out + channel * n2;
        for (double angle : {-o.angle, o.angle}) {
            // spsim rotates H by M; the same as rotating the atoms by M^T
            const auto m = rotation(channel, angle);
            std::fill(re.begin(), re.end(), 0.f);
            std::fill(im.begin(), im.end(), 0.f);
            std::size_t e = 0;
            for (const auto& [z, atoms] : byElement) {
                for (const Vec3& r : atoms) {
                    float rotated[3];
                    for (int k = 0; k < 3; ++k)
                        rotated[k] = float(m[0][std::size_t(k)] * r[0] + m[1][std::size_t(k)] * r[1] + m[2][std::size_t(k)] * r[2]);
                    detail::accumulatePhases(d.hx.data(), d.hy.data(), d.hz.data(), rotated[0], rotated[1], rotated[2],
                                             re.data() + e * padded, im.data() + e * padded, padded);
                }
                ++e;
            }
            for (std::size_t p = 0; p < np; ++p) {
                double fr = 0, fi = 0;
                for (std::size_t k = 0; k < elements; ++k) {
                    fr += double(formFactor[k][p]) * re[k * padded + p];
                    fi += double(formFactor[k][p]) * im[k * padded + p];
                }
                image[d.pixel[p]] += float(fr * fr + fi * fi);
            }
        }
    }
    // one min-max normalisation over the three channels
    const auto [lo, hi] = std::minmax_element(out, out + 3 * n2);
    const float low = *lo, range = *hi - *lo;
    for (int i = 0; i < 3 * n2; ++i)
        out[i] = range > 0 ? (out[i] - low) / range : 0.f;
}

} // namespace

FormFactor formFactorFromName(const std::string& name)
{
    if (name == "ai4materials")
        return FormFactor::Ai4materials;
    if (name == "cromer-mann")
        return FormFactor::CromerMann;
    if (name == "point")
        return FormFactor::Point;
    throw ArgumentError("unknown form factor '" + name + "'; known: ai4materials, cromer-mann, point");
}

std::string formFactorName(FormFactor f)
{
    switch (f) {
    case FormFactor::Ai4materials: return "ai4materials";
    case FormFactor::CromerMann: return "cromer-mann";
    case FormFactor::Point: return "point";
    }
    return "?";
}

double cromerMannFormFactor(int z, double h)
{
    if (z < 1 || z > detail::kCromerMannMaxZ)
        throw ArgumentError("no Cromer-Mann form factor for element " + std::to_string(z));
    const detail::CromerMann& c = detail::kCromerMann[z - 1];
    const double s2 = h * h / 4; // s = sin(theta)/lambda = |H|/2
    double f = c.c;
    for (int i = 0; i < 4; ++i)
        f += c.a[i] * std::exp(-c.b[i] * s2);
    return f;
}

Structure fingerprintCluster(const Structure& s, int targetAtoms)
{
    if (!s.periodic || targetAtoms <= 0 || int64_t(s.size()) >= targetAtoms)
        return s;
    return supercell(s, supercellRepetitions(s, targetAtoms));
}

Tensor diffractionFingerprint(const Structure& s, const FingerprintOptions& options)
{
    checkOptions(options);
    const Detector d = makeDetector(options);
    Tensor out(Shape{3, options.pixels, options.pixels});
    fingerprintNamed(s, options, d, out.data());
    return out;
}

Tensor diffractionFingerprints(const std::vector<Structure>& structures, const FingerprintOptions& options, int threads,
                               const std::function<void(int64_t, int64_t)>& progress, const std::atomic<bool>* cancel)
{
    checkOptions(options);
    const Detector d = makeDetector(options);
    const auto count = int64_t(structures.size());
    const int64_t perImage = 3 * int64_t(options.pixels) * options.pixels;
    Tensor out(Shape{count, 3, options.pixels, options.pixels});
    if (threads <= 0)
        threads = int(std::max(1u, std::thread::hardware_concurrency()));
    threads = int(std::min<int64_t>(threads, std::max<int64_t>(count, 1)));
    std::atomic<int64_t> next{0}, done{0};
    std::mutex errorMutex;
    std::exception_ptr error;
    std::atomic<bool> failed{false};
    // one loop for every thread; the calling thread (reportProgress) also reports progress between its structures
    const auto work = [&](bool reportProgress) {
        for (;;) {
            if ((cancel && cancel->load()) || failed)
                return;
            const int64_t i = next++;
            if (i >= count)
                return;
            try {
                fingerprintNamed(structures[std::size_t(i)], options, d, out.data() + i * perImage);
            } catch (...) {
                std::lock_guard lock(errorMutex);
                if (!error)
                    error = std::current_exception();
                failed = true;
                return;
            }
            ++done;
            if (reportProgress && progress)
                progress(done.load(), count);
        }
    };
    std::vector<std::jthread> pool; // joined on every way out, also when progress() throws
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work, false);
    work(true);
    for (auto& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
    if (cancel && cancel->load())
        throw CancelledError();
    if (progress)
        progress(count, count);
    return out;
}

PhaseKernel measurePhaseKernel(double seconds)
{
    const std::size_t n = 2512;
    std::vector<float> hx(n), hy(n), hz(n), re(n, 0.f), im(n, 0.f);
    for (std::size_t p = 0; p < n; ++p) {
        hx[p] = 0.05f * float(p % 64) - 1.6f;
        hy[p] = 0.05f * float(p / 64) - 1.6f;
        hz[p] = -0.01f * float(p % 7);
    }
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    int64_t calls = 0;
    while (elapsed < seconds) {
        for (int k = 0; k < 64; ++k, ++calls)
            detail::accumulatePhases(hx.data(), hy.data(), hz.data(), 2.3f + 1e-3f * float(k), -4.1f, 6.7f, re.data(), im.data(), n);
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    volatile float sink = re[7] + im[11];
    (void)sink;
    return {detail::phaseKernelName(), double(calls) * double(n) / elapsed};
}

double fingerprintPhaseCount(int64_t atoms, const FingerprintOptions& options)
{
    return 6.0 * double(makeDetector(options).pixel.size()) * double(atoms);
}

} // namespace lantern::materials
