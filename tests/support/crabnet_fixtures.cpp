#include "crabnet_fixtures.h"

#include "gradcheck.h"

#include <QFileInfo>
#include <QProcess>

#include <cmath>
#include <cstring>

namespace lantern::test {

QString crabNetCsv()
{
    const std::string shared = sharedDataDir();
    const QString csv = QString::fromStdString(shared) + QStringLiteral("/crabnet/aflow__Egap/val.csv");
    return shared.empty() || !QFileInfo::exists(csv) ? QString() : csv;
}

QString writeCrabNetFixtures(const QString& dir, int samples)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"),
            {QStringLiteral(LANTERN_ZARR_FIXTURES_SCRIPT), dir, crabNetCsv(), QString::number(samples)});
    if (!p.waitForFinished(120000))
        return QStringLiteral("make_zarr_fixtures.py did not finish in 120 s");
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("make_zarr_fixtures.py failed: ") + QString::fromUtf8(p.readAllStandardError());
    return {};
}

bool sameFloat(float a, float b)
{
    return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof(float)) == 0;
}

} // namespace lantern::test
