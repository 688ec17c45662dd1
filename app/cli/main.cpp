// lantern-cli: batch front end of the engine (no widgets). Each subcommand lives in its own file.
#include "commands.h"

#include "lantern/error.h"

#include <CLI/CLI.hpp>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    // Qt is used for image decoding only; its plugins (JPEG, ...) need an application object.
    QCoreApplication qtApp(argc, argv);
    CLI::App app{"lantern-cli: run, train and explain neural networks from the command line"};
    app.require_subcommand(1);
    app.set_version_flag("--version", lantern::cli::versionString());
    lantern::cli::addInfoCommand(app);
    lantern::cli::addTrainCommand(app);
    lantern::cli::addInspectCommand(app);
    lantern::cli::addPredictCommand(app);
    lantern::cli::addExplainCommand(app);
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
