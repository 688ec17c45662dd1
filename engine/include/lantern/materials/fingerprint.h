#pragma once
// The two-dimensional diffraction fingerprint of Ziletti et al. 2018 (ai4materials' Diffraction2D), computed here
// without Condor/spsim. Every physical choice follows ai4materials' defaults; docs/materials/fingerprint.md lists
// them and where Lantern differs.
//   * The atoms are a finite cluster (no periodic images), positions scaled so that the mean nearest-neighbour
//     distance (under periodic images, as ai4materials computes it) is 1 Å.
//   * Kinematic far-field intensity I(H) = |sum_j f_j(|H|) exp(-2 pi i H.r_j)|^2 on a flat detector perpendicular to
//     the beam (+z): wavelength 5e-12 m, distance 0.1 m, 64 x 64 pixels of 4e-4 m, pixel centres at half-integers
//     around the centre (31.5, 31.5); H = (p/|p| - z) / lambda for the pixel position p (the curved Ewald sphere);
//     columns run along x, rows along y.
//   * Channels R, G, B: the sum of the patterns of the structure rotated by -45 and +45 degrees about x, y and z.
//   * Ring mask: pixels with radius^2 <= 100 or >= 900 (radii 10 and 30 pixels) are 0.
//   * One global min-max normalisation over the three channels (the minimum is 0, the masked pixels).
//   * Form factor: Cromer-Mann f0 of element Z + 2 as ai4materials passes to spsim ("ai4materials"), of Z itself
//     ("cromer-mann"), or 1 for every atom ("point").

#include "lantern/materials/structure.h"
#include "lantern/tensor.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace lantern::materials {

enum class FormFactor { Ai4materials, CromerMann, Point };

struct FingerprintOptions {
    int pixels = 64;
    double wavelength = 5e-12;      ///< m
    double detectorDistance = 0.1;  ///< m
    double pixelSize = 4e-4;        ///< m
    double angle = 45;              ///< degrees; each channel sums the patterns at -angle and +angle
    double maskInner = 10;          ///< pixels; 0 and maskOuter >= pixels switch the mask off
    double maskOuter = 30;
    bool scale = true;              ///< scale positions so the mean nearest-neighbour distance is 1 Å
    bool flatEwald = false;         ///< H_z = 0 (projection approximation; then Friedel's law holds exactly)
    FormFactor formFactor = FormFactor::Ai4materials;
};

FormFactor formFactorFromName(const std::string& name); ///< "ai4materials", "cromer-mann", "point"
std::string formFactorName(FormFactor f);

/// X-ray form factor f0 of element z at |H| (1/Å, H without 2 pi) from the Cromer-Mann coefficients.
double cromerMannFormFactor(int z, double h);

/// The cluster a fingerprint is taken of: a periodic structure repeated to about `targetAtoms` atoms as close to
/// a cube as possible (supercellRepetitions); a cluster, or targetAtoms <= 0, as it is.
Structure fingerprintCluster(const Structure& s, int targetAtoms = 128);

/// (3, pixels, pixels) float32 in [0, 1].
Tensor diffractionFingerprint(const Structure& s, const FingerprintOptions& options = {});

/// (N, 3, pixels, pixels) for many structures on `threads` threads (0: all cores); `progress(done, total)` from the
/// calling thread; `cancel` checked between structures (CancelledError).
Tensor diffractionFingerprints(const std::vector<Structure>& structures, const FingerprintOptions& options = {},
                               int threads = 0, const std::function<void(int64_t, int64_t)>& progress = {},
                               const std::atomic<bool>* cancel = nullptr);

/// The vectorised sine/cosine kernel in use ("libmvec avx2" or "libmvec sse") and its throughput in sine/cosine
/// pairs per second on the calling thread, measured over about `seconds` (for benchmarks: the physical floor).
struct PhaseKernel {
    std::string name;
    double pairsPerSecond = 0;
};
PhaseKernel measurePhaseKernel(double seconds = 0.3);

/// Sine/cosine pairs one fingerprint evaluates: 3 channels x 2 angles x pixels^2 x atoms (only unmasked pixels).
double fingerprintPhaseCount(int64_t atoms, const FingerprintOptions& options = {});

} // namespace lantern::materials
