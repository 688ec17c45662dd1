#pragma once
// Running lantern-cli (or mpirun with it) from tests, and comparing the HDF5 files it writes.

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <string>

namespace lantern::test {

struct CliResult {
    int exitCode = -1; ///< -1: crashed, killed or timed out
    QString out, err;
};

CliResult runProgram(const QString& program, const QStringList& args,
                     const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 300000);

/// Every dataset of two HDF5 files compared bit for bit (same names, shapes and float32 values): "" when equal,
/// else the first difference.
std::string compareHdf5Datasets(const std::string& a, const std::string& b);

} // namespace lantern::test
