#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace lantern::cli {

std::string versionString();
void addInfoCommand(CLI::App& app);
void addTrainCommand(CLI::App& app);
void addInspectCommand(CLI::App& app);
void addPredictCommand(CLI::App& app);
void addExplainCommand(CLI::App& app);
void addFigureCommand(CLI::App& app);
void addStudyCommand(CLI::App& app);
void addStructureInfoCommand(CLI::App& app);
void addFingerprintCommand(CLI::App& app);
void addAttentionCommand(CLI::App& app);
void addRenderVideoCommand(CLI::App& app);

/// A one-line progress bar on stderr when it is a terminal, otherwise occasional plain lines.
class Progress {
public:
    explicit Progress(std::string label);
    void update(long done, long total, const std::string& detail = {});
    void finish(const std::string& detail = {});

private:
    std::string m_label;
    bool m_tty;
    long m_lastPrinted = -1;
};

} // namespace lantern::cli
