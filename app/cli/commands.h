#pragma once

#include "progress.h"

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


} // namespace lantern::cli
