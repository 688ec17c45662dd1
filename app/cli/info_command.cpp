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

Progress::Progress(std::string label) : m_label(std::move(label)), m_tty(isatty(fileno(stderr)) != 0) {}

void Progress::update(long done, long total, const std::string& detail)
{
    const long percent = total > 0 ? done * 100 / total : 100;
    if (m_tty) {
        const int width = 30;
        const int filled = static_cast<int>(percent * width / 100);
        std::fprintf(stderr, "\r%s [%.*s%*s] %3ld%% %s", m_label.c_str(), filled, "##############################",
                     width - filled, "", percent, detail.c_str());
        std::fflush(stderr);
    } else if (percent / 25 != m_lastPrinted) {
        m_lastPrinted = percent / 25;
        std::fprintf(stderr, "%s %ld%% %s\n", m_label.c_str(), percent, detail.c_str());
    }
}

void Progress::finish(const std::string& detail)
{
    if (m_tty)
        std::fprintf(stderr, "\r%s done %s\033[K\n", m_label.c_str(), detail.c_str());
}

} // namespace lantern::cli
