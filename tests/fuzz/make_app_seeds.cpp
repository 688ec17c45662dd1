// Writes the seeds of the session, figure_spec and labels fuzz targets with Lantern's own writers (these formats
// are Lantern's): `cmake --build build --target fuzz_make_app_seeds && build/tests/fuzz/fuzz_make_app_seeds
// tests/fuzz/corpus`.
#include "common/figure_spec.h"
#include "common/session.h"

#include "lantern/io/npy.h"

#include <QDir>
#include <QFile>

#include <cstdio>
#include <string>
#include <vector>

using namespace lantern;

namespace {

void write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
}

} // namespace

int main(int argc, char** argv)
{
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("tests/fuzz/corpus");
    for (const char* sub : {"session", "figure_spec", "labels"})
        QDir().mkpath(out + "/" + sub);

    app::Session s;
    s.modelPath = "models/fmnist_cnn.onnx";
    s.sampleSpecs = {"samples", "more.npz:x"};
    s.labelsSpec = "samples/labels.txt";
    s.classNames = {"T-shirt/top", "Trouser"};
    s.preprocessing.scale = 1.f / 255;
    s.preprocessing.mean = {0.5f};
    s.preprocessing.std = {0.25f};
    s.currentSample = 3;
    s.currentLayer = "conv2";
    s.method.method = "lrp-epsilon";
    s.method.params = {{"epsilon", "0.1"}};
    s.method.target = 2;
    s.view = "summary";
    write(out + "/session/seed_full.lantern", app::sessionToJson(s, "/work/demo.lantern"));
    write(out + "/session/seed_minimal.lantern", app::sessionToJson(app::Session{}, "/work/empty.lantern"));

    app::FigureSpec f;
    f.modelPath = "fmnist_cnn.onnx";
    f.modelSha256 = std::string(64, 'a');
    f.sampleSpec = "samples";
    f.sampleIndices = {0, 5, 9};
    f.classNames = {"a", "b"};
    app::FigureColumn input;
    input.kind = "input";
    app::FigureColumn lrp;
    lrp.method.method = "lrp-epsilon-plus";
    app::FigureColumn clear;
    clear.method.method = "clear";
    clear.view = "clear";
    f.columns = {input, lrp, clear};
    f.title = "Figure";
    write(out + "/figure_spec/seed_grid.png.json", app::figureSpecToJson(f));

    // labels: the first byte picks the reader (0 text, 1 .npy, 2 IDX)
    write(out + "/labels/seed_text", QByteArray("\x00", 1) + "0\n3\n9\n1\n");
    std::vector<char> npy = io::npyBytes(Tensor({4}, {0.f, 3.f, 9.f, 1.f}));
    write(out + "/labels/seed_npy", QByteArray("\x01", 1) + QByteArray(npy.data(), static_cast<int>(npy.size())));
    const char idx[] = {0, 0, 8, 1, 0, 0, 0, 4, 0, 3, 9, 1};
    write(out + "/labels/seed_idx", QByteArray("\x02", 1) + QByteArray(idx, sizeof idx));
    std::printf("seeds written to %s\n", qPrintable(out));
    return 0;
}
