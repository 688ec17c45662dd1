// lantern-cli: batch front end of the engine (no widgets). Each subcommand lives in its own file.
#include "commands.h"

#include "lantern/error.h"

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
    } catch (const lantern::CancelledError&) {
        std::fprintf(stderr, "lantern-cli: cancelled\n");
        return 130;
    } catch (const lantern::Error& e) {
        std::fprintf(stderr, "lantern-cli: error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "lantern-cli: unexpected error: %s\n", e.what());
        return 2;
    }
    return 0;
}
