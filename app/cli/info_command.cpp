#include "commands.h"

#include "lantern/models/presets.h"
#include "lantern/version.h"

#include <cstdio>
#include <unistd.h>

namespace lantern::cli {

std::string versionString()
{
    return "lantern-cli " + version() + " (" + backendDescription() + ")";
}

void addInfoCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("info", "Show the version, the compute backend and the built-in model presets");
    cmd->callback([] {
        std::printf("Lantern %s\nbackend: %s\npresets:", version().c_str(), backendDescription().c_str());
        for (const auto& p : models::presetNames())
            std::printf(" %s", p.c_str());
        std::printf("\n");
    });
}

} // namespace lantern::cli
