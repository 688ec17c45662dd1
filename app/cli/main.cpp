// lantern-cli: batch front end of the engine (no widgets). Each subcommand lives in its own file.
#include "batch_job.h"
#include "commands.h"

#include "lantern/error.h"
#include "lantern/parallel/mpi.h"

#include <CLI/CLI.hpp>
#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

/// `figure`, `study` and `render-video` paint text, which needs a QGuiApplication; headless (offscreen) unless
/// QT_QPA_PLATFORM says otherwise.
std::unique_ptr<QCoreApplication> makeQtApp(int& argc, char** argv)
{
    const bool paints = argc > 1 && (std::strcmp(argv[1], "figure") == 0 || std::strcmp(argv[1], "study") == 0 ||
                                     std::strcmp(argv[1], "render-video") == 0);
    if (!paints)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace

int main(int argc, char** argv)
{
    // Under an MPI launcher (mpirun, srun) every rank joins the job; otherwise MPI is never touched.
    std::unique_ptr<lantern::parallel::Cluster> cluster;
    try {
        cluster = lantern::parallel::launchedByMpi() ? lantern::parallel::joinMpi(&argc, &argv)
                                                     : lantern::parallel::singleProcess();
    } catch (const lantern::Error& e) {
        std::fprintf(stderr, "lantern-cli: error: %s\n", e.what());
        return 1;
    }
    lantern::cli::setCluster(cluster.get());
    const int rank = cluster->rank(), ranks = cluster->size();
    // an error on some ranks only would leave the others waiting in a collective call: end them all
    auto fail = [&](const std::string& message, int code) {
        if (ranks > 1)
            cluster->abort("lantern-cli: rank " + std::to_string(rank) + " of " + std::to_string(ranks) + ": " +
                               message,
                           code);
        std::fprintf(stderr, "lantern-cli: %s\n", message.c_str());
        return code;
    };
    // Qt decodes images (its plugins need an application object) and paints figures.
    const auto qtApp = makeQtApp(argc, argv);
    CLI::App app{"lantern-cli: run, train and explain neural networks from the command line"};
    app.require_subcommand(1);
    app.set_version_flag("--version", lantern::cli::versionString());
    lantern::cli::addInfoCommand(app);
    lantern::cli::addTrainCommand(app);
    lantern::cli::addInspectCommand(app);
    lantern::cli::addPredictCommand(app);
    lantern::cli::addExplainCommand(app);
    lantern::cli::addFigureCommand(app);
    lantern::cli::addStudyCommand(app);
    lantern::cli::addStructureInfoCommand(app);
    lantern::cli::addFingerprintCommand(app);
    lantern::cli::addAttentionCommand(app);
    lantern::cli::addRenderVideoCommand(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const lantern::cli::BatchJobError& e) {
        // every rank knows; the job's file is closed with every finished batch in it
        if (rank == 0)
            std::fprintf(stderr, "lantern-cli: error: %s\n%s", e.what(),
                         e.resumable() ? "Finished batches are kept: run again with --resume.\n" : "");
        return 1;
    } catch (const lantern::CancelledError&) {
        return fail("cancelled", 130);
    } catch (const lantern::Error& e) {
        return fail(std::string("error: ") + e.what(), 1);
    } catch (const std::exception& e) {
        return fail(std::string("unexpected error: ") + e.what(), 2);
    }
    return 0;
}
