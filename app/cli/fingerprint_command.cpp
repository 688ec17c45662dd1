// lantern-cli fingerprint STRUCTURE... --out X.npy [--png DIR] [--atoms N] [defects] [--form-factor F]
#include "commands.h"

#include "common/crystal_figure.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/materials/defects.h"
#include "lantern/materials/fingerprint.h"
#include "lantern/materials/readers.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSaveFile>

#include <cstdio>
#include <filesystem>

namespace lantern::cli {

namespace {

struct FingerprintArgs {
    std::vector<std::string> structures;
    std::string out, pngDir;
    int atoms = 128;
    double vacancies = 0, displacement = 0, substitutions = 0;
    std::string substituent;
    uint64_t seed = 0;
    std::string formFactor = "ai4materials";
    bool flatEwald = false;
    int threads = 0;
};

void run(const FingerprintArgs& a)
{
    using namespace materials;
    if (a.out.empty() && a.pngDir.empty())
        throw ArgumentError("fingerprint: give --out X.npy, --png DIR or both");
    if (!a.out.empty() && std::filesystem::path(a.out).extension() != ".npy")
        throw ArgumentError("fingerprint: --out must end in .npy, not '" + a.out + "'");
    Defects defects;
    defects.vacancies = a.vacancies;
    defects.displacement = a.displacement;
    defects.substitutions = a.substitutions;
    defects.seed = a.seed;
    if (a.substitutions > 0) {
        if (a.substituent.empty())
            throw ArgumentError("fingerprint: --substitutions needs --substituent ELEMENT");
        defects.substituent = atomicNumber(a.substituent);
    }
    std::vector<Structure> clusters;
    for (const std::string& spec : a.structures) {
        const Structure s = loadStructure(spec);
        clusters.push_back(withDefects(fingerprintCluster(s, a.atoms), defects));
        std::fprintf(stderr, "%s: %zu atoms in the cluster\n", spec.c_str(), clusters.back().size());
    }
    FingerprintOptions options;
    options.formFactor = formFactorFromName(a.formFactor);
    options.flatEwald = a.flatEwald;
    Progress progress("fingerprints");
    const Tensor all = diffractionFingerprints(clusters, options, a.threads,
                                               [&](int64_t done, int64_t total) { progress.update(long(done), long(total)); });
    progress.finish();
    if (!a.out.empty()) {
        io::writeNpy(a.out, all);
        std::printf("wrote %s (%lld, 3, %d, %d)\n", a.out.c_str(), static_cast<long long>(clusters.size()), options.pixels,
                    options.pixels);
    }
    if (!a.pngDir.empty()) {
        if (!QDir().mkpath(QString::fromStdString(a.pngDir)))
            throw IoError(a.pngDir + ": cannot create the folder");
        for (std::size_t i = 0; i < clusters.size(); ++i) {
            const QString base = QFileInfo(QString::fromStdString(a.structures[i])).completeBaseName();
            QString name = base.isEmpty() ? QStringLiteral("structure") : base;
            name.replace(QLatin1Char(':'), QLatin1Char('_')).replace(QLatin1Char('/'), QLatin1Char('_'));
            const QString path = QDir(QString::fromStdString(a.pngDir)).filePath(QStringLiteral("%1_%2.png").arg(i, 3, 10, QLatin1Char('0')).arg(name));
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || !app::fingerprintImage(all.slice(int64_t(i), int64_t(i) + 1).reshaped({3, options.pixels, options.pixels})).save(&file, "PNG") ||
                !file.commit())
                throw IoError(path.toStdString() + ": cannot write the PNG");
        }
        std::printf("wrote %zu PNG images to %s\n", clusters.size(), a.pngDir.c_str());
    }
}

} // namespace

void addFingerprintCommand(CLI::App& app)
{
    auto a = std::make_shared<FingerprintArgs>();
    auto* cmd = app.add_subcommand("fingerprint", "Two-dimensional diffraction fingerprints (Ziletti et al. 2018) of "
                                                  "crystal structures, as an (N,3,64,64) NumPy array and/or RGB PNGs");
    cmd->add_option("structures", a->structures, "Structure files or prototypes such as fcc:Al, hcp:Mg:c/a=1.62")->required();
    cmd->add_option("--out", a->out, "Output .npy, float32 (N,3,64,64) in [0,1]");
    cmd->add_option("--png", a->pngDir, "Also write each fingerprint as an RGB PNG into this folder");
    cmd->add_option("--atoms", a->atoms, "Repeat periodic structures to about this many atoms (0: as given)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    cmd->add_option("--vacancies", a->vacancies, "Fraction of atoms removed (seeded)")->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--displacement", a->displacement, "Gaussian displacement sigma in Å (seeded)")->check(CLI::Range(0.0, 10.0));
    cmd->add_option("--substitutions", a->substitutions, "Fraction of atoms substituted (seeded)")->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--substituent", a->substituent, "Element put on substituted sites");
    cmd->add_option("--seed", a->seed, "Seed of the defects")->capture_default_str();
    cmd->add_option("--form-factor", a->formFactor,
                    "ai4materials (Cromer-Mann of Z+2, as ai4materials passes to spsim), cromer-mann (of Z), point (1)")
        ->capture_default_str()
        ->check(CLI::IsMember({"ai4materials", "cromer-mann", "point"}));
    cmd->add_flag("--flat-ewald", a->flatEwald, "Projection approximation: no Ewald-sphere curvature (H_z = 0)");
    cmd->add_option("--threads", a->threads, "Threads (0: all cores)")->capture_default_str();
    cmd->callback([a] { run(*a); });
}

} // namespace lantern::cli
