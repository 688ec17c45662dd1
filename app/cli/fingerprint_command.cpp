// lantern-cli fingerprint STRUCTURE... --out X.npy [--png DIR] [--atoms N] [defects] [--form-factor F]
#include "commands.h"

#include "batch_job.h"
#include "common/crystal_figure.h"
#include "npy_rows.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/materials/defects.h"
#include "lantern/materials/fingerprint.h"
#include "lantern/materials/readers.h"
#include "lantern/version.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSaveFile>

#include <cstdio>
#include <filesystem>
#include <fstream>

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
    std::vector<std::string> lists;
    int64_t batchSize = 64;
    bool resume = false;
};

struct Job {
    const FingerprintArgs& a;
    std::vector<std::string> structures;
    materials::Defects defects;
    materials::FingerprintOptions options;
    bool verbose = false;
    int threads = 0;
};

/// The fingerprints of structures [begin, end), and their PNGs.
BatchOutput fingerprintBatch(const Job& job, int64_t begin, int64_t end)
{
    using namespace materials;
    std::vector<Structure> clusters;
    for (int64_t i = begin; i < end; ++i) {
        const std::string& spec = job.structures[static_cast<size_t>(i)];
        const Structure s = loadStructure(spec);
        clusters.push_back(withDefects(fingerprintCluster(s, job.a.atoms), job.defects));
        if (job.verbose)
            std::fprintf(stderr, "%s: %zu atoms in the cluster\n", spec.c_str(), clusters.back().size());
    }
    const Tensor all = diffractionFingerprints(clusters, job.options, job.threads);
    if (!job.a.pngDir.empty())
        for (int64_t i = begin; i < end; ++i) {
            const QString base =
                QFileInfo(QString::fromStdString(job.structures[static_cast<size_t>(i)])).completeBaseName();
            QString name = base.isEmpty() ? QStringLiteral("structure") : base;
            name.replace(QLatin1Char(':'), QLatin1Char('_')).replace(QLatin1Char('/'), QLatin1Char('_'));
            const QString path = QDir(QString::fromStdString(job.a.pngDir))
                                     .filePath(QStringLiteral("%1_%2.png").arg(i, 3, 10, QLatin1Char('0')).arg(name));
            QSaveFile file(path);
            const Tensor one = all.slice(i - begin, i - begin + 1)
                                   .reshaped({3, job.options.pixels, job.options.pixels});
            if (!file.open(QIODevice::WriteOnly) || !app::fingerprintImage(one).save(&file, "PNG") || !file.commit())
                throw IoError(path.toStdString() + ": cannot write the PNG");
        }
    BatchOutput out;
    out.perSample["fingerprints"] = all;
    return out;
}

/// Structure specs from the command line and from --list files (one per line; blank lines and # comments skipped).
std::vector<std::string> structureList(const FingerprintArgs& a)
{
    std::vector<std::string> out = a.structures;
    for (const std::string& list : a.lists) {
        std::ifstream in(list);
        if (!in)
            throw IoError(list + ": cannot read the structure list");
        const std::string folder = std::filesystem::path(list).parent_path().string();
        std::string line;
        while (std::getline(in, line)) {
            line.erase(0, line.find_first_not_of(" \t\r"));
            line.erase(line.find_last_not_of(" \t\r") + 1);
            if (line.empty() || line[0] == '#')
                continue;
            // file names relative to the list's folder, prototypes (fcc:Al) as written
            const std::filesystem::path p(line);
            const bool relativeFile = p.is_relative() && !folder.empty() && std::filesystem::exists(folder / p);
            out.push_back(relativeFile ? (folder / p).string() : line);
        }
    }
    if (out.empty())
        throw ArgumentError("fingerprint: give structure files or prototypes, or --list FILE");
    return out;
}

void run(const FingerprintArgs& a)
{
    using namespace materials;
    if (a.out.empty() && a.pngDir.empty())
        throw ArgumentError("fingerprint: give --out X.npy (or X.h5), --png DIR or both");
    const std::string ext = a.out.empty() ? "" : std::filesystem::path(a.out).extension().string();
    if (!a.out.empty() && ext != ".npy" && ext != ".h5")
        throw ArgumentError("fingerprint: --out must end in .npy or .h5, not '" + a.out + "'");
    if (ext != ".h5" && (a.resume || cluster().size() > 1))
        throw ArgumentError(std::string("fingerprint: ") + (a.resume ? "--resume" : "an MPI run") +
                            " writes its results batch by batch into HDF5: give --out X.h5");
    if (a.batchSize < 1)
        throw ArgumentError("fingerprint: --batch-size must be at least 1");
    Job job{a, structureList(a), {}, {}, false, a.threads};
    if (job.threads <= 0 && cluster().size() > 1)
        job.threads = parallel::defaultThreadsPerRank();
    job.defects.vacancies = a.vacancies;
    job.defects.displacement = a.displacement;
    job.defects.substitutions = a.substitutions;
    job.defects.seed = a.seed;
    if (a.substitutions > 0) {
        if (a.substituent.empty())
            throw ArgumentError("fingerprint: --substitutions needs --substituent ELEMENT");
        job.defects.substituent = atomicNumber(a.substituent);
    }
    job.options.formFactor = formFactorFromName(a.formFactor);
    job.options.flatEwald = a.flatEwald;
    const int64_t n = static_cast<int64_t>(job.structures.size());
    job.verbose = n <= 20 && cluster().size() == 1;
    if (!a.pngDir.empty() && !QDir().mkpath(QString::fromStdString(a.pngDir)))
        throw IoError(a.pngDir + ": cannot create the folder");
    const int pixels = job.options.pixels;

    if (ext == ".h5") {
        std::string job_;
        for (const auto& s : job.structures)
            job_ += fileIdentity(s) + ";";
        BatchJobOptions bo;
        bo.out = a.out;
        bo.resume = a.resume;
        bo.samples = n;
        bo.batchSize = a.batchSize;
        bo.job = "fingerprint atoms=" + std::to_string(a.atoms) + " vacancies=" + numberText(a.vacancies) +
                 " displacement=" + numberText(a.displacement) + " substitutions=" + numberText(a.substitutions) +
                 " substituent=" + a.substituent + " seed=" + std::to_string(a.seed) + " lantern=" + version() +
                 " form-factor=" + a.formFactor + (a.flatEwald ? " flat-ewald" : "") +
                 " batch=" + std::to_string(a.batchSize) + " structures=" + std::to_string(n) + " " +
                 std::to_string(std::hash<std::string>{}(job_));
        bo.attributes = {{"command", "fingerprint"}, {"form_factor", a.formFactor}, {"lantern", versionString()}};
        bo.label = "fingerprints";
        const BatchJobReport report =
            runBatchJob(cluster(), bo, [&](int64_t b, int64_t e) { return fingerprintBatch(job, b, e); });
        if (cluster().rank() == 0) {
            if (report.alreadyComplete)
                std::printf("%s is complete already: nothing to resume\n", a.out.c_str());
            else
                std::printf("wrote %s (%lld, 3, %d, %d) as dataset fingerprints\n", a.out.c_str(),
                            static_cast<long long>(n), pixels, pixels);
        }
    } else {
        std::unique_ptr<NpyRowWriter> writer = a.out.empty() ? nullptr : std::make_unique<NpyRowWriter>(a.out, n);
        Progress progress("fingerprints", "structures");
        for (int64_t begin = 0; begin < n; begin += a.batchSize) {
            const int64_t end = std::min(n, begin + a.batchSize);
            BatchOutput out = fingerprintBatch(job, begin, end);
            if (writer)
                writer->append(out.perSample.at("fingerprints"));
            progress.update(static_cast<long>(end), static_cast<long>(n));
        }
        progress.finish();
        if (writer) {
            writer->finish();
            std::printf("wrote %s (%lld, 3, %d, %d)\n", a.out.c_str(), static_cast<long long>(n), pixels, pixels);
        }
    }
    if (!a.pngDir.empty() && cluster().rank() == 0)
        std::printf("wrote %lld PNG images to %s\n", static_cast<long long>(n), a.pngDir.c_str());
}

} // namespace

void addFingerprintCommand(CLI::App& app)
{
    auto a = std::make_shared<FingerprintArgs>();
    auto* cmd = app.add_subcommand("fingerprint", "Two-dimensional diffraction fingerprints (Ziletti et al. 2018) of "
                                                  "crystal structures, as an (N,3,64,64) NumPy array and/or RGB PNGs");
    cmd->add_option("structures", a->structures, "Structure files or prototypes such as fcc:Al, hcp:Mg:c/a=1.62");
    cmd->add_option("--list", a->lists,
                    "A text file naming one structure per line (files relative to the list's folder; repeatable)");
    cmd->add_option("--out", a->out,
                    "Output .npy, float32 (N,3,64,64) in [0,1], or .h5 (dataset fingerprints; written batch by batch "
                    "as X.h5.part, resumable, and the output of MPI runs)");
    cmd->add_option("--batch-size", a->batchSize, "Structures per batch written")->capture_default_str();
    cmd->add_flag("--resume", a->resume, "Finish an interrupted --out X.h5 run: batches already in X.h5.part are kept");
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
    cmd->add_option("--threads", a->threads, "Threads (per rank under MPI; 0: the cores this process may use)")
        ->capture_default_str();
    cmd->callback([a] { run(*a); });
}

} // namespace lantern::cli
