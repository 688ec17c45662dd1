// snapshot_scrub_bench: scrubbing a training-time snapshot store. Target (issue): "Smooth: >= 60 frames per second
// while dragging over a store of 200 epochs x 64 probes x 6 layers of maps, and <= 5 ms to show a random frame, on the
// 2-core machine (measured in bench/, which generates such a store)."
//
// Generates the store with SnapshotWriter in a temporary folder (or takes one with --store FILE): 200 frames, 64 probes
// (Fashion-MNIST test images when found, else synthetic), 10 classes, 6 attentive-response layers, each a (1, 28, 28)
// map (smooth, drifting, partly zero blobs with float32 noise, so deflate sees realistic mantissas) and its (4)
// filter_index row. Then, through SnapshotStore only:
//  (a) opening the file;
//  (b) a random frame, cold: a freshly opened store (HDF5's chunk cache empty; the file itself is in the OS page cache)
//      reads one random (frame, probe): its 6 maps, 6 filter-index rows and probabilities, and draws them (what the
//      scrubber shows); median and p95 against 5 ms, read alone and read + draw. Also warm: random pairs on one store;
//  (c) a probe switch: the whole history of the probe (6 maps, 6 filter-index rows, probabilities) that the GUI
//      preloads when a probe is selected, cold and on an open store;
//  (d) dragging: with the history loaded, frame t sliced out of it and drawn, t = 0..199 and back several times:
//      frames per second against 60 and the slowest frames against 16.7 ms. For comparison also dragging that reads
//      every frame from the store instead of the preloaded history.
// Drawing per frame (render library, as the scrubber does): toScalarMap, resolveSign, mapRange, colorize of the 6 maps
// as 112 x 112 tiles, the probe's input (sampleImage) with the selected map composed over it (composeOverlay) at
// 280 x 280, and the probability bars (paintProbabilityBars), into one ARGB32 canvas. Needs a QGuiApplication
// (QT_QPA_PLATFORM=offscreen is set unless the environment chooses a platform).
#include "lantern/error.h"
#include "lantern/io/idx.h"
#include "lantern/render/colormap.h"
#include "lantern/render/painters.h"
#include "lantern/render/scalar_map.h"
#include "lantern/snapshots/store.h"

#include <QFont>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace lantern;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTile = 112, kDisplay = 280;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return std::nan("");
    std::sort(v.begin(), v.end());
    const double rank = std::clamp(std::ceil(q * double(v.size())) - 1, 0.0, double(v.size() - 1));
    return v[static_cast<size_t>(rank)];
}

/// (P, 1, 28, 28) probe images in 0..1: the first P Fashion-MNIST test images, or smooth synthetic ones.
Tensor probeImages(const std::string& data, int64_t probes, std::string* source)
{
    Tensor out({probes, 1, 28, 28});
    try {
        const Tensor images = io::readIdx(data + "/t10k-images-idx3-ubyte.gz");
        if (images.rank() == 3 && images.dim(0) >= probes && images.dim(1) == 28 && images.dim(2) == 28) {
            for (int64_t i = 0; i < out.size(); ++i)
                out.data()[i] = images.data()[i] / 255.f;
            *source = data + "/t10k-images-idx3-ubyte.gz";
            return out;
        }
    } catch (const Error&) {
    }
    for (int64_t p = 0; p < probes; ++p)
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                out.data()[(p * 28 + y) * 28 + x] =
                    0.5f + 0.5f * float(std::sin(0.3 * x + 0.1 * double(p)) * std::cos(0.25 * y - 0.2 * double(p)));
    *source = "synthetic";
    return out;
}

struct Blob {
    double x, y, sigma, weight, phase;
};

/// Writes the store: `frames` frames of `probes` probes, `layers` map series with their filter indices. Returns the
/// seconds spent appending (generation excluded).
double generateStore(const std::string& path, int64_t frames, int64_t probes, int layers, int64_t classes,
                     const Tensor& inputs)
{
    snapshots::SnapshotHeader h;
    h.model = "synthetic: 6 conv layers on 28 x 28 inputs (snapshot_scrub_bench)";
    h.inputLayout = "NCHW";
    for (int64_t c = 0; c < classes; ++c)
        h.classNames.push_back("class " + std::to_string(c));
    h.probeInputs = inputs;
    for (int64_t p = 0; p < probes; ++p) {
        h.probeTargets.push_back(p % classes);
        h.probeIndices.push_back(p);
    }
    h.probeSource = "snapshot_scrub_bench";
    h.stepsPerEpoch = 938;
    for (int l = 1; l <= layers; ++l) {
        const std::string base = "attentive-response/conv" + std::to_string(l);
        h.series.push_back({base + "/sum", {1, 28, 28}, "map", "conv" + std::to_string(l) + " · attentive response"});
        h.series.push_back({base + "/filter_index", {4}, "filters", "conv" + std::to_string(l) + " · top filters"});
    }
    // per probe and layer a few blobs that drift over the epochs; deeper layers are coarser
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<double> noise(0, 1);
    std::vector<std::vector<Blob>> blobs(size_t(probes * layers));
    for (int64_t i = 0; i < probes * layers; ++i) {
        const int l = int(i % layers);
        for (int k = 0; k < 4; ++k)
            blobs[size_t(i)].push_back({4 + 20 * u(rng), 4 + 20 * u(rng), 1.2 + 0.7 * l + u(rng),
                                        k == 3 ? -0.6 * u(rng) : 0.3 + u(rng), 6.28 * u(rng)});
    }
    snapshots::SnapshotWriter writer(path, h);
    double seconds = 0;
    for (int64_t t = 0; t < frames; ++t) {
        snapshots::Frame f;
        f.epoch = int(t);
        f.step = t * h.stepsPerEpoch;
        f.trainLoss = 2.3 * std::exp(-double(t) / 30) + 0.2;
        f.trainAccuracy = 1 - f.trainLoss / 2.6;
        f.probabilities = Tensor({probes, classes});
        for (int64_t p = 0; p < probes; ++p) {
            double sum = 0;
            float* row = f.probabilities.data() + p * classes;
            for (int64_t c = 0; c < classes; ++c)
                sum += row[c] = float(std::exp((c == p % classes ? double(t) / 40 : 0) + 0.3 * noise(rng)));
            for (int64_t c = 0; c < classes; ++c)
                row[c] = float(row[c] / sum);
        }
        const double amplitude = 0.2 + 0.8 * (1 - std::exp(-double(t) / 50));
        for (int l = 0; l < layers; ++l) {
            Tensor map({probes, 1, 28, 28}), filters({probes, 4});
            for (int64_t p = 0; p < probes; ++p) {
                // separable Gaussians: gx[k][x] * gy[k][y]
                const auto& bs = blobs[size_t(p * layers + l)];
                double gx[4][28], gy[4][28];
                for (size_t k = 0; k < bs.size(); ++k) {
                    const Blob& b = bs[k];
                    const double cx = b.x + 2 * std::sin(double(t) / 37 + b.phase);
                    const double cy = b.y + 2 * std::cos(double(t) / 29 + b.phase);
                    for (int i = 0; i < 28; ++i) {
                        gx[k][i] = std::exp(-(i - cx) * (i - cx) / (2 * b.sigma * b.sigma));
                        gy[k][i] = b.weight * std::exp(-(i - cy) * (i - cy) / (2 * b.sigma * b.sigma));
                    }
                }
                float* m = map.data() + p * 784;
                for (int y = 0; y < 28; ++y)
                    for (int x = 0; x < 28; ++x) {
                        double v = 0;
                        for (size_t k = 0; k < bs.size(); ++k)
                            v += gx[k][x] * gy[k][y];
                        v = std::max(0.0, v) * amplitude * (1 + 0.05 * noise(rng));
                        m[y * 28 + x] = float(v);
                    }
                for (int k = 0; k < 4; ++k)
                    filters.data()[p * 4 + k] = float((k * 5 + l + (t / 25 + p) % 3) % (16 << (l / 2)));
            }
            const std::string base = "attentive-response/conv" + std::to_string(l + 1);
            f.series[base + "/sum"] = map;
            f.series[base + "/filter_index"] = filters;
        }
        const auto t0 = Clock::now();
        writer.append(f);
        seconds += msSince(t0) / 1000;
    }
    const auto t0 = Clock::now();
    writer.close();
    return seconds + msSince(t0) / 1000;
}

/// What the scrubber draws for one frame of one probe into `canvas`.
void drawFrame(QImage& canvas, const std::vector<Tensor>& maps, size_t shown, const Tensor& input,
               const Tensor& probabilities, int64_t target)
{
    using namespace lantern::render;
    canvas.fill(Qt::white);
    QPainter painter(&canvas);
    const OverlayStyle style;
    std::vector<ScalarMap> scalar;
    for (const Tensor& m : maps)
        scalar.push_back(toScalarMap(m, "NCHW"));
    for (size_t i = 0; i < scalar.size(); ++i) {
        const Sign sign = resolveSign(scalar[i], style.sign);
        const MapRange range = mapRange(scalar[i], sign, style.clipPercentile);
        const QImage tile = colorize(scalar[i], resolveColormap(style, sign), sign, range, style.fade);
        painter.drawImage(QRect(kDisplay + 8 + int(i % 3) * (kTile + 4), int(i / 3) * (kTile + 4), kTile, kTile), tile);
    }
    const Sign sign = resolveSign(scalar[shown], style.sign);
    OverlayStyle resolved = style;
    resolved.sign = sign;
    const QImage overlay =
        composeOverlay(sampleImage(input, "NCHW"), scalar[shown], resolved, mapRange(scalar[shown], sign, style.clipPercentile));
    painter.drawImage(QRect(0, 0, kDisplay, kDisplay), overlay);
    ProbabilityBars bars;
    bars.probabilities.assign(probabilities.data(), probabilities.data() + probabilities.size());
    bars.predicted = int(std::max_element(bars.probabilities.begin(), bars.probabilities.end()) - bars.probabilities.begin());
    bars.trueLabel = int(target);
    paintProbabilityBars(painter, QRectF(kDisplay + 8, 2 * (kTile + 4), 3 * (kTile + 4), 160), bars, QFont());
}

struct Series {
    std::vector<std::string> maps, filters;
};

Series seriesOf(const snapshots::SnapshotStore& store)
{
    Series s;
    for (const snapshots::SeriesSpec& spec : store.series()) {
        if (spec.kind == "map")
            s.maps.push_back(spec.name);
        else if (spec.kind == "filters")
            s.filters.push_back(spec.name);
    }
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    std::string data = "/usr/share/datasets/fashion-mnist", storeArg;
    int64_t frames = 200, probes = 64, classes = 10;
    int layers = 6, sweeps = 5, samples = 60;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--data") == 0)
            data = argv[i + 1];
        if (std::strcmp(argv[i], "--store") == 0)
            storeArg = argv[i + 1];
        if (std::strcmp(argv[i], "--frames") == 0)
            frames = std::max<int64_t>(1, std::atoll(argv[i + 1]));
        if (std::strcmp(argv[i], "--sweeps") == 0)
            sweeps = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--samples") == 0)
            samples = std::max(5, std::atoi(argv[i + 1]));
    }
    char pattern[] = "/tmp/lantern-scrub-bench-XXXXXX";
    fs::path dir;
    try {
        std::string path = storeArg, source = storeArg;
        double writeSeconds = 0, generateSeconds = 0;
        if (path.empty()) {
            if (!mkdtemp(pattern))
                throw IoError(std::string("snapshot_scrub_bench: cannot create a temporary folder: ") + std::strerror(errno));
            dir = pattern;
            path = (dir / "scrub.lantern-snapshots.h5").string();
            const Tensor inputs = probeImages(data, probes, &source);
            const auto g0 = Clock::now();
            writeSeconds = generateStore(path, frames, probes, layers, classes, inputs);
            generateSeconds = msSince(g0) / 1000;
        }

        // (a) open. The first open in a process walks the file in a forked child (io/hdf5_probe.cpp: headers,
        // attributes and up to 64 MiB of contents) and remembers the verdict per file version, except for a file
        // modified in the last 2 s; a freshly written store is therefore left to age 2 s before it is timed.
        const auto age = fs::file_time_type::clock::now() - fs::last_write_time(path);
        if (age < std::chrono::milliseconds(2100))
            std::this_thread::sleep_for(std::chrono::milliseconds(2100) - age);
        auto opening = Clock::now();
        (void)snapshots::SnapshotStore::open(path);
        const double firstOpenMs = msSince(opening);
        std::vector<double> openMs;
        for (int i = 0; i < 7; ++i) {
            opening = Clock::now();
            const auto s = snapshots::SnapshotStore::open(path);
            openMs.push_back(msSince(opening));
        }
        auto store = snapshots::SnapshotStore::open(path);
        const Series names = seriesOf(*store);
        if (names.maps.empty())
            throw ArgumentError(path + ": no map series to scrub");
        frames = store->frames();
        probes = store->probes();
        const double bytes = double(fs::file_size(path));
        double zeros = 0;
        {
            const Tensor f = store->readFrame(names.maps.front(), frames / 2);
            for (float v : f.values())
                zeros += v == 0;
            zeros /= double(f.size());
        }
        int64_t mapValues = 0;
        for (const std::string& n : names.maps) {
            int64_t per = 1;
            for (int64_t d : store->seriesSpec(n).shape)
                per *= d;
            mapValues += per * probes;
        }
        QImage canvas(kDisplay + 8 + 3 * (kTile + 4), kDisplay, QImage::Format_ARGB32_Premultiplied);
        const size_t shown = names.maps.size() / 2;
        const auto inputOf = [&](int64_t p) { return store->header().probeInputs.slice(p, p + 1); };
        const auto targetOf = [&](int64_t p) { return store->header().probeTargets[size_t(p)]; };

        // (b) a random frame: read and draw
        std::mt19937_64 rng(7);
        std::uniform_int_distribution<int64_t> anyFrame(0, frames - 1), anyProbe(0, probes - 1);
        std::vector<Tensor> maps(names.maps.size());
        double splitMaps = 0, splitFilters = 0; // time of the last readOne's map and filter-index reads
        const auto readOne = [&](const snapshots::SnapshotStore& s, int64_t t, int64_t p) {
            const auto r0 = Clock::now();
            for (size_t i = 0; i < names.maps.size(); ++i)
                maps[i] = s.read(names.maps[i], t, p);
            splitMaps = msSince(r0);
            const auto r1 = Clock::now();
            for (const std::string& n : names.filters)
                (void)s.read(n, t, p);
            splitFilters = msSince(r1);
            return s.probabilities(t, p);
        };
        std::vector<double> coldRead, coldShow, coldMaps, coldFilters, warmRead, warmShow, hitRead;
        for (int i = 0; i < samples; ++i) {
            store.reset();
            store = snapshots::SnapshotStore::open(path);
            const int64_t t = anyFrame(rng), p = anyProbe(rng);
            const auto t0 = Clock::now();
            const Tensor probs = readOne(*store, t, p);
            coldRead.push_back(msSince(t0));
            coldMaps.push_back(splitMaps);
            coldFilters.push_back(splitFilters);
            drawFrame(canvas, maps, shown, inputOf(p), probs, targetOf(p));
            coldShow.push_back(msSince(t0));
            const auto t1 = Clock::now(); // the same frame again: every chunk in HDF5's cache
            (void)readOne(*store, t, p);
            hitRead.push_back(msSince(t1));
        }
        for (int i = 0; i < 4 * samples; ++i) {
            const int64_t t = anyFrame(rng), p = anyProbe(rng);
            const auto t0 = Clock::now();
            const Tensor probs = readOne(*store, t, p);
            warmRead.push_back(msSince(t0));
            drawFrame(canvas, maps, shown, inputOf(p), probs, targetOf(p));
            warmShow.push_back(msSince(t0));
        }

        // (c) a probe switch: the probe's whole history
        std::vector<Tensor> history(names.maps.size());
        Tensor probabilityHistory;
        const auto loadHistory = [&](const snapshots::SnapshotStore& s, int64_t p) {
            for (size_t i = 0; i < names.maps.size(); ++i)
                history[i] = s.readProbeHistory(names.maps[i], p);
            for (const std::string& n : names.filters)
                (void)s.readProbeHistory(n, p);
            probabilityHistory = s.probabilityHistory(p);
        };
        std::vector<double> switchCold, switchWarm;
        for (int i = 0; i < 8; ++i) {
            store.reset();
            store = snapshots::SnapshotStore::open(path);
            const int64_t p = anyProbe(rng);
            const auto t0 = Clock::now();
            loadHistory(*store, p);
            switchCold.push_back(msSince(t0));
        }
        for (int i = 0; i < 8; ++i) {
            const int64_t p = anyProbe(rng);
            const auto t0 = Clock::now();
            loadHistory(*store, p);
            switchWarm.push_back(msSince(t0));
        }

        // (d) dragging over the loaded history of one probe, and reading every frame from the store instead
        const int64_t probe = probes / 3;
        store.reset();
        store = snapshots::SnapshotStore::open(path);
        loadHistory(*store, probe);
        std::vector<int64_t> sweep;
        for (int s = 0; s < sweeps; ++s)
            for (int64_t k = 0; k < frames; ++k)
                sweep.push_back(s % 2 == 0 ? k : frames - 1 - k);
        const int64_t classes2 = store->classes();
        std::vector<double> dragMs;
        auto dragStart = Clock::now();
        for (int64_t t : sweep) {
            const auto t0 = Clock::now();
            for (size_t i = 0; i < history.size(); ++i)
                maps[i] = history[i].slice(t, t + 1);
            const Tensor probs = probabilityHistory.slice(t, t + 1).reshaped({classes2});
            drawFrame(canvas, maps, shown, inputOf(probe), probs, targetOf(probe));
            dragMs.push_back(msSince(t0));
        }
        const double dragFps = double(sweep.size()) / (msSince(dragStart) / 1000);
        store.reset();
        store = snapshots::SnapshotStore::open(path);
        std::vector<double> directMs;
        dragStart = Clock::now();
        for (int64_t t : sweep) {
            const auto t0 = Clock::now();
            const Tensor probs = readOne(*store, t, probe);
            drawFrame(canvas, maps, shown, inputOf(probe), probs, targetOf(probe));
            directMs.push_back(msSince(t0));
        }
        const double directFps = double(sweep.size()) / (msSince(dragStart) / 1000);
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);

        const double showMedian = percentile(coldShow, 0.5), showP95 = percentile(coldShow, 0.95);
        const double slowest = percentile(dragMs, 1.0);
        const bool showOk = showP95 <= 5.0, dragOk = dragFps >= 60 && percentile(dragMs, 0.99) <= 1000.0 / 60;
        std::printf("snapshot store: %lld frames x %lld probes x %zu map series (+ %zu filter-index series), %lld "
                    "classes, probes from %s\n",
                    static_cast<long long>(frames), static_cast<long long>(probes), names.maps.size(),
                    names.filters.size(), static_cast<long long>(store->classes()), source.c_str());
        std::printf("  file %.1f MiB (%.1f KiB per frame; maps %.1f MiB raw float32 in all, %.0f %% zeros)%s\n",
                    bytes / (1 << 20), bytes / double(frames) / 1024, double(mapValues * frames) * 4 / (1 << 20),
                    100 * zeros, writeSeconds > 0 ? "" : " (given with --store)");
        if (writeSeconds > 0)
            std::printf("  generated in %.1f s, of which SnapshotWriter %.2f s (%.1f ms per frame appended)\n",
                        generateSeconds, writeSeconds, 1000 * writeSeconds / double(frames));
        std::printf("  %-46s %8.1f ms (the forked child's walk of the file included)\n", "(a) first open in a process",
                    firstOpenMs);
        std::printf("  %-46s %8.2f ms median\n", "    open again (verdict remembered)", percentile(openMs, 0.5));
        std::printf("  %-46s %8.2f ms median %8.2f ms p95 (%d samples)\n", "(b) random frame, cold store: read",
                    percentile(coldRead, 0.5), percentile(coldRead, 0.95), samples);
        std::printf("  %-46s %8.2f ms median %8.2f ms p95  target <= 5 ms: %s\n", "    read + draw (shown)", showMedian,
                    showP95, showOk ? "PASS" : "FAIL");
        std::printf("  %-46s %8.2f ms median (6 filter-index rows %.2f ms, probabilities the rest)\n",
                    "    of the read: the 6 maps", percentile(coldMaps, 0.5), percentile(coldFilters, 0.5));
        std::printf("  %-46s %8.2f ms median (the cost above it is inflating chunks)\n",
                    "    the same frame again, chunks cached", percentile(hitRead, 0.5));
        std::printf("  %-46s %8.2f ms median %8.2f ms p95 (%d samples)\n", "    random frame, open store: read",
                    percentile(warmRead, 0.5), percentile(warmRead, 0.95), 4 * samples);
        std::printf("  %-46s %8.2f ms median %8.2f ms p95\n", "    read + draw (shown)", percentile(warmShow, 0.5),
                    percentile(warmShow, 0.95));
        std::printf("  %-46s %8.1f ms median %8.1f ms max (cold store)\n", "(c) probe switch: whole history loaded",
                    percentile(switchCold, 0.5), percentile(switchCold, 1.0));
        std::printf("  %-46s %8.1f ms median %8.1f ms max\n", "    on an open store", percentile(switchWarm, 0.5),
                    percentile(switchWarm, 1.0));
        std::printf("  %-46s %8.0f fps (%.2f ms median, p99 %.2f, slowest %.2f ms)  target >= 60 fps: %s\n",
                    "(d) drag over the loaded history, drawn", dragFps, percentile(dragMs, 0.5),
                    percentile(dragMs, 0.99), slowest, dragOk ? "PASS" : "FAIL");
        std::printf("  %-46s %8.0f fps (%.2f ms median, p99 %.2f ms)\n", "    reading each frame from the store instead",
                    directFps, percentile(directMs, 0.5), percentile(directMs, 0.99));
        std::printf("  peak memory %.0f MiB (HDF5 chunk caches included)\n", double(usage.ru_maxrss) / 1024);
        std::printf("target: smooth scrubbing (>= 60 fps dragging, <= 5 ms to show a random frame): %s\n",
                    showOk && dragOk ? "met" : "MISSED");
        store.reset();
        if (!dir.empty())
            fs::remove_all(dir);
        return showOk && dragOk ? 0 : 1;
    } catch (const Error& e) {
        std::fprintf(stderr, "snapshot_scrub_bench: %s\n", e.what());
        if (!dir.empty())
            fs::remove_all(dir);
        return 1;
    }
}
