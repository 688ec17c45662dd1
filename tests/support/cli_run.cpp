#include "cli_run.h"

#include "lantern/io/hdf5.h"
#include "lantern/tensor.h"

#include <QProcess>

#include <cstring>

namespace lantern::test {

CliResult runProgram(const QString& program, const QStringList& args, const QProcessEnvironment& env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, QString::fromUtf8(p.readAllStandardOutput()),
                QStringLiteral("timed out: ") + QString::fromUtf8(p.readAllStandardError())};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

std::string compareHdf5Datasets(const std::string& a, const std::string& b)
{
    const auto names = io::listHdf5Datasets(a);
    if (names != io::listHdf5Datasets(b))
        return a + " and " + b + " hold different datasets";
    for (const auto& name : names) {
        const Tensor x = io::readHdf5Dataset(a, name), y = io::readHdf5Dataset(b, name);
        if (x.shape() != y.shape())
            return name + ": shapes " + shapeToString(x.shape()) + " and " + shapeToString(y.shape());
        if (std::memcmp(x.data(), y.data(), sizeof(float) * static_cast<size_t>(x.size())) != 0) {
            for (int64_t i = 0; i < x.size(); ++i)
                if (std::memcmp(x.data() + i, y.data() + i, sizeof(float)) != 0)
                    return name + "[" + std::to_string(i) + "]: " + std::to_string(x[i]) + " vs " +
                           std::to_string(y[i]);
        }
    }
    return {};
}

} // namespace lantern::test
